"""Reading the "Scorecard" sheet of a workbook and checking its cells: the month
headings, the indicator IDs and each figure, with a reason per cell for anything wrong.

Formulas are refused cell by cell (as the plan workbook's reader does, by the cell's
type): read with their cached values a formula would import whatever Excel last worked
out, and a formula openpyxl or another program wrote has no cached value at all, so it
would read as a blank and wipe the stored figure.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from .parsing import ParseError, Value, parse_value
from .tables import month_label
from .workbook import ID_HEADER, SHEET, TITLE_HEADER, TRAILING_HEADERS, read_number

MAX_VALUE = Decimal("9999999999.99")
HUNDREDTH = Decimal("0.01")
BLANK = Value("missing")

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_TEXT = re.compile(r"^([A-Za-z]{3})[A-Za-z]*[\s\-/]+(\d{2}|\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")


@dataclass(frozen=True)
class Formula:
    """A formula cell as read (its text), refused wherever the import would read it."""

    text: str

    def __str__(self):
        return self.text


FORMULA_FIGURE = "this cell is a formula; type the figure itself."
FORMULA_ID = "This ID is a formula; type the ID itself."
FORMULA_HEADING = "This heading is a formula; type the month itself."


def _formula(value):
    """A formula cell's value as a ``Formula`` ("=SUM(…)", or an array formula's)."""
    text = getattr(value, "text", value)  # ArrayFormula keeps its text in .text
    text = str(text or "")
    return Formula(text if text.startswith("=") else f"={text}")


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    value: str
    why: str


def display(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def parse_month(value):
    """A month heading: an Excel date, "Oct-24", "Oct 2024", "October 2024" or "2024-10"."""
    if isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, 1)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if m := _MONTH_TEXT.match(text):
        month = MONTHS.get(m[1].lower())
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return dt.date(year, month, 1) if month else None
    if m := _MONTH_ISO.match(text):
        month = int(m[2])
        return dt.date(int(m[1]), month, 1) if 1 <= month <= 12 else None
    return None


def _identifier(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_figure(cell_value, number_format, unit):
    """(printed text, parsed Value) for one cell; raises ParseError with the reason."""
    kind = type(cell_value)
    if kind is Formula:
        raise ParseError(FORMULA_FIGURE)
    if kind is float or kind is int:
        text, figure, count, needs_parsing = read_number(cell_value, number_format, unit)
        # The number is the figure: parse the text only if its format added words.
        parsed = parse_value(text) if needs_parsing else Value("value", figure, count)
        return text, _checked(text, parsed, unit)
    if cell_value is None:
        return "", BLANK
    if kind is bool:
        raise ParseError("TRUE/FALSE is not a figure.")
    if isinstance(cell_value, dt.datetime | dt.date | dt.time):
        raise ParseError("a date is not a figure (is the cell formatted as a date?).")
    text = " ".join(str(cell_value).split())
    if text.startswith("#"):
        raise ParseError(f"{text} is an Excel error, not a figure.")
    return text, _checked(text, parse_value(text), unit)


def _checked(text, parsed, unit):
    figure = parsed.value
    if figure is None:
        return parsed
    if figure > MAX_VALUE:
        raise ParseError("the number is too large for the scorecard.")
    if figure != figure.quantize(HUNDREDTH):
        raise ParseError("the scorecard keeps at most two decimal places.")
    if unit == "percentage" and figure > 100:
        raise ParseError(
            f"{text} is more than 100% (a figure like 81.5 typed into a cell formatted "
            "as a percentage shows as 8150.0%; type 81.5% instead)."
        )
    return parsed


def read_rows(data):
    """(sheet names, rows): each row the list of its non-empty cells as
    (row, column, value, number format), or None for rows when the sheet is missing."""
    from openpyxl import load_workbook

    # data_only=False: a formula reads as its text (and data type "f"), to be refused.
    wb = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        if SHEET not in wb.sheetnames:
            return wb.sheetnames, None
        ws = wb[SHEET]
        rows = []
        numeric = (int, float)
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    cells.append((cell.row, cell.column, _formula(value), None))
                    continue
                if value is None:
                    continue
                # Only a number needs its format ("0.0%" makes 0.947 read "94.7%").
                fmt = cell.number_format if type(value) in numeric else None
                cells.append((cell.row, cell.column, value, fmt))
            if cells:
                rows.append(cells)
        return wb.sheetnames, rows
    finally:
        wb.close()


def first_id(cells):
    """What column A of a row holds ("" when the row starts further right)."""
    return _identifier(cells[0][2]) if cells[0][1] == 1 else ""


def id_is_formula(cells):
    return cells[0][1] == 1 and type(cells[0][2]) is Formula


def coordinate(row, column):
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


IGNORED_HEADINGS = {h.lower() for h in (ID_HEADER, TITLE_HEADER, *TRAILING_HEADERS)}


def month_columns_of(heading_cells, earliest, this_month, errors):
    """({column: month} to import, {column: (month, why)} refused), errors per cell."""
    month_columns, bad_columns, seen = {}, {}, {}
    for r, c, value, _fmt in heading_cells:
        if c == 1 or (isinstance(value, str) and value.strip().lower() in IGNORED_HEADINGS):
            continue
        heading = coordinate(r, c)
        month = parse_month(value)
        if type(value) is Formula:
            why = FORMULA_HEADING
        elif month is None:
            why = "This heading is not a month."
        elif month in seen:
            why = f"{month_label(month)} is already the heading of {seen[month]}."
        elif month > this_month:
            why = f"{month_label(month)} is in the future."
        elif month < earliest:
            why = (
                f"{month_label(month)} is before the scorecard's first month, "
                f"{month_label(earliest)}."
            )
        else:
            seen[month] = heading
            month_columns[c] = month
            continue
        errors.append(CellError(SHEET, heading, display(value), why))
        if month is not None and month not in seen:
            seen[month] = heading
            bad_columns[c] = (month, why)
    return month_columns, bad_columns
