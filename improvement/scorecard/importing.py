"""Importing the month's figures from an Excel workbook: check, read, plan, apply.

1. ``check_file`` refuses anything that is not a plain .xlsx workbook of sensible size
   before openpyxl sees it: the extension, the size, the zip's entry count and declared
   uncompressed size, encrypted entries, macros, and XML document type declarations
   (billion laughs). openpyxl then reads in read-only mode with defusedxml installed.
2. ``plan_import`` reads the "Scorecard" sheet and compares every figure with what is
   stored: new, changed (old → new) or unchanged. Every problem is reported per cell
   (sheet, cell, value, why); a plan with errors cannot be applied.
3. ``apply_import`` writes the plan in one transaction, each value's history carrying
   the importing user and the file name as the reason. Re-importing writes nothing.
"""

import datetime as dt
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from improvement.lib.history import assign_changed

from .models import Indicator, IndicatorValue
from .parsing import ParseError, Value, parse_value
from .tables import add_months, month_label, stored_months
from .workbook import ID_HEADER, SHEET, TITLE_HEADER, TRAILING_HEADERS, read_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 100
MAX_UNCOMPRESSED = 50 * 1024 * 1024
PROLOG_BYTES = 64 * 1024
MAX_MONTHS_BACK = 60
MAX_VALUE = Decimal("9999999999.99")
HUNDREDTH = Decimal("0.01")
BLANK = Value("missing")

XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_START_TAG = re.compile(rb"<[A-Za-z_]")

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_TEXT = re.compile(r"^([A-Za-z]{3})[A-Za-z]*[\s\-/]+(\d{2}|\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")

FIELDS = ["text", "value", "count", "status"]


class ImportRefused(Exception):
    """The file was refused before reading: one clear message for the person uploading."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    value: str
    why: str


@dataclass(slots=True)
class Change:
    indicator: Indicator
    month: dt.date
    row: int
    column: int
    old: str
    new: str
    kind: str  # "new", "changed" or "unchanged"
    fields: dict | None = None
    current_pk: int | None = None

    @property
    def cell(self):
        return _coordinate(self.row, self.column)

    @property
    def month_label(self):
        return month_label(self.month)


@dataclass
class ImportPlan:
    filename: str
    digest: str = ""
    months: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    indicators_read: int = 0

    def of_kind(self, kind):
        return [c for c in self.changes if c.kind == kind]

    @property
    def new(self):
        return self.of_kind("new")

    @property
    def changed(self):
        return self.of_kind("changed")

    @property
    def unchanged(self):
        return self.of_kind("unchanged")

    @property
    def writes(self):
        return [c for c in self.changes if c.kind != "unchanged"]

    @property
    def ok(self):
        return not self.errors

    def fingerprint(self):
        """What applying would do, so a confirm can tell if the data moved on since."""
        h = hashlib.sha256(self.digest.encode())
        for c in self.writes:
            h.update(f"{c.indicator.pk}|{c.month}|{c.old}|{c.new}\n".encode())
        return h.hexdigest()


# -- 1. the file ---------------------------------------------------------------------
def _megabytes(n):
    return f"{n / (1024 * 1024):.1f} MB"


def check_file(name, data):
    """Refuse a file that is not a plain .xlsx workbook within the limits."""
    lower = (name or "").lower()
    if lower.endswith(".xlsm"):
        raise ImportRefused(
            f"{name} is a macro-enabled workbook (.xlsm). Macros are not accepted: save it "
            "as an Excel Workbook (.xlsx) and upload that."
        )
    if not lower.endswith(".xlsx"):
        ext = lower.rsplit(".", 1)[-1] if "." in lower else "no extension"
        raise ImportRefused(
            f"Only Excel workbooks (.xlsx) can be imported; {name or 'the file'} has "
            f"{'a .' + ext + ' extension' if ext != 'no extension' else 'no extension'}."
        )
    if not data:
        raise ImportRefused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"{name} is {_megabytes(len(data))}; the largest workbook accepted is "
            f"{_megabytes(MAX_BYTES)}."
        )
    if data.startswith(OLE2_MAGIC):
        raise ImportRefused(
            f"{name} is an Excel 97–2003 (.xls) or password-protected workbook renamed to "
            ".xlsx. Open it in Excel, remove any password and save it as an Excel Workbook "
            "(.xlsx)."
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportRefused(
            f"{name} is not an Excel workbook: an .xlsx file is a zip archive and this is "
            "not one (was another kind of file renamed to .xlsx?)."
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"{name} is a damaged zip archive ({exc}).") from exc
    if len(entries) > MAX_ENTRIES:
        raise ImportRefused(
            f"{name} holds {len(entries)} parts; a scorecard workbook has a few dozen at "
            f"most and the limit is {MAX_ENTRIES}."
        )
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_UNCOMPRESSED:
        raise ImportRefused(
            f"{name} would expand to {_megabytes(expanded)} when opened (the limit is "
            f"{_megabytes(MAX_UNCOMPRESSED)}); it looks like a zip bomb and was not opened."
        )
    names = {e.filename for e in entries}
    if any(e.flag_bits & 0x1 for e in entries):
        raise ImportRefused(f"{name} has encrypted parts; remove the password and save again.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportRefused(
            f"{name} contains macros. Macros are not accepted: save it as an Excel Workbook "
            "(.xlsx) without macros."
        )
    if "[Content_Types].xml" not in names:
        raise ImportRefused(f"{name} is a zip archive but not an Excel workbook.")
    with archive.open("[Content_Types].xml") as fh:
        types = fh.read(PROLOG_BYTES * 4)
    if MACRO_MAIN in types:
        raise ImportRefused(
            f"{name} is a macro-enabled workbook renamed to .xlsx; save it as an Excel "
            "Workbook (.xlsx)."
        )
    if XLSX_MAIN not in types:
        raise ImportRefused(f"{name} is a zip archive but not an Excel workbook.")
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_doctype(name, archive, entry)
    return archive


def _refuse_doctype(name, archive, entry):
    """Excel never writes a DOCTYPE; one is how billion-laughs and external-entity
    attacks start. Only the prolog (before the first element) can hold one."""
    with archive.open(entry) as fh:
        head = fh.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode()
    start = _START_TAG.search(head)
    prolog = head if start is None else head[: start.start()]
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise ImportRefused(
            f"{name} contains an XML document type declaration in {entry.filename}, which "
            "Excel never writes; it can be used to make a file expand without limit "
            "(a “billion laughs” attack), so it was not opened."
        )
    if start is None and len(head) >= PROLOG_BYTES:
        raise ImportRefused(
            f"{name}: {entry.filename} has no content in its first "
            f"{PROLOG_BYTES // 1024} KB, which Excel never writes; it was not opened."
        )


# -- 2. reading and planning ---------------------------------------------------------
def _display(value):
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


def _rows(data):
    """(sheet names, rows): each row the list of its non-empty cells as
    (row, column, value, number format), or None for rows when the sheet is missing."""
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
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


def _first_id(cells):
    """What column A of a row holds ("" when the row starts further right)."""
    return _identifier(cells[0][2]) if cells[0][1] == 1 else ""


def _coordinate(row, column):
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


IGNORED_HEADINGS = {h.lower() for h in (ID_HEADER, TITLE_HEADER, *TRAILING_HEADERS)}


def _month_columns(heading_cells, earliest, this_month, errors):
    """({column: month} to import, {column: (month, why)} refused), errors per cell."""
    month_columns, bad_columns, seen = {}, {}, {}
    for r, c, value, _fmt in heading_cells:
        if c == 1 or (isinstance(value, str) and value.strip().lower() in IGNORED_HEADINGS):
            continue
        coordinate = _coordinate(r, c)
        month = parse_month(value)
        if month is None:
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
            seen[month] = coordinate
            month_columns[c] = month
            continue
        errors.append(CellError(SHEET, coordinate, _display(value), why))
        if month is not None and month not in seen:
            seen[month] = coordinate
            bad_columns[c] = (month, why)
    return month_columns, bad_columns


def plan_import(plan, name, data, *, today=None):
    """Read a workbook and work out what importing it would change. Refusals of the file
    itself raise ImportRefused; everything else is an error on the plan, per cell."""
    check_file(name, data)
    result = ImportPlan(filename=name, digest=hashlib.sha256(data).hexdigest())
    try:
        sheetnames, rows = _rows(data)
    except Exception as exc:  # openpyxl and the XML parser raise many kinds
        raise ImportRefused(
            f"{name} could not be read as an Excel workbook ({type(exc).__name__}: {exc})."
        ) from exc
    errors = result.errors
    if rows is None:
        errors.append(
            CellError(
                sheet=", ".join(sheetnames),
                cell="",
                value="",
                why=f"The workbook has no sheet called “{SHEET}” (it has "
                f"{', '.join('“' + s + '”' for s in sheetnames)}). Use the template's sheet.",
            )
        )
        return result

    header_index = next(
        (i for i, cells in enumerate(rows) if _first_id(cells) == ID_HEADER),
        None,
    )
    if header_index is None:
        errors.append(
            CellError(SHEET, "A", "", f"No heading row starting with “{ID_HEADER}” was found.")
        )
        return result

    # -- the heading row: which column is which month ---------------------------------
    today = today or timezone.localdate()
    this_month = dt.date(today.year, today.month, 1)
    first_stored, _ = stored_months(plan)
    earliest = first_stored or add_months(this_month, -(MAX_MONTHS_BACK - 1))
    month_columns, bad_columns = _month_columns(rows[header_index], earliest, this_month, errors)
    result.months = sorted(month_columns.values())

    # -- the indicator rows, compared as they are read with what is stored -----------
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    ordered_columns = sorted(month_columns.items(), key=lambda item: item[1])
    existing = _stored(plan, result.months) if month_columns else {}
    seen_codes = {}
    for cells in rows[header_index + 1 :]:
        r = cells[0][0]
        code = _first_id(cells)
        in_months = [x for x in cells if x[1] in month_columns or x[1] in bad_columns]
        if not code:
            for _r, c, value, _fmt in in_months:
                errors.append(
                    CellError(
                        SHEET,
                        _coordinate(r, c),
                        _display(value),
                        f"A figure in a row with no ID in column A (row {r}).",
                    )
                )
            continue
        id_cell = _coordinate(r, 1)
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(
                CellError(SHEET, id_cell, code, f"There is no indicator {code} in this plan.")
            )
            continue
        if code in seen_codes:
            errors.append(
                CellError(
                    SHEET,
                    id_cell,
                    code,
                    f"Indicator {code} appears twice: first on row {seen_codes[code]}.",
                )
            )
            continue
        seen_codes[code] = r
        given = {c: (value, fmt) for _r, c, value, fmt in in_months}
        for c, (value, _fmt) in given.items():
            if c in bad_columns:
                month, why = bad_columns[c]
                errors.append(
                    CellError(
                        SHEET,
                        _coordinate(r, c),
                        _display(value),
                        f"{code} for {month_label(month)}: {why} Only "
                        f"{month_label(earliest)} to {month_label(this_month)} can be imported.",
                    )
                )
        _compare_row(indicator, r, ordered_columns, given, existing, result)
    result.indicators_read = len(seen_codes)
    if not month_columns and not errors:
        header_row = rows[header_index][0][0]
        errors.append(
            CellError(SHEET, f"A{header_row}", ID_HEADER, "The heading row has no months.")
        )
    if errors:
        result.changes = []  # nothing may be applied from a workbook with a problem
    return result


def _stored(plan, months):
    """{(indicator id, month): (value pk, (text, count, status))}: one query.

    The figure itself is not fetched: it is read from the text by the same parser on
    every write path, so the same text, count and status mean the same figure (and
    fetching 6,000 decimals costs more than reading the workbook's cells).
    """
    rows = (
        IndicatorValue.objects.filter(indicator__plan=plan, month__in=months)
        .order_by()
        .values_list("pk", "indicator_id", "month", "text", "count", "status")
    )
    return {(row[1], row[2]): (row[0], row[3:]) for row in rows}


def _compare_row(indicator, r, columns, given, existing, result):
    """Read one indicator's figures and record each as new, changed or unchanged."""
    code, unit, pk = indicator.code, indicator.unit, indicator.pk
    changes, errors = result.changes, result.errors
    for c, month in columns:
        value, fmt = given.get(c, (None, None))
        try:
            text, parsed = read_figure(value, fmt, unit)
        except ParseError as exc:
            errors.append(CellError(SHEET, _coordinate(r, c), _display(value), f"{code}: {exc}"))
            continue
        fields = (text, parsed.value, parsed.count, parsed.status)
        stored = existing.get((pk, month))
        if stored is None:
            if parsed.status != "missing":  # a blank where nothing is stored: nothing to do
                changes.append(
                    Change(
                        indicator,
                        month,
                        r,
                        c,
                        "",
                        text,
                        "new",
                        dict(zip(FIELDS, fields, strict=True)),
                    )
                )
        elif stored[1] == (text, parsed.count, parsed.status):
            changes.append(Change(indicator, month, r, c, text, text, "unchanged"))
        else:
            changes.append(
                Change(
                    indicator,
                    month,
                    r,
                    c,
                    stored[1][0],
                    text,
                    "changed",
                    dict(zip(FIELDS, fields, strict=True)),
                    stored[0],
                )
            )


# -- 3. applying ------------------------------------------------------------------------
def import_reason(filename):
    return f"Scorecard import from {filename}"


@transaction.atomic
def apply_import(result, *, user, when=None):
    """Write the plan's new and changed values; returns how many were written."""
    if result.errors:
        raise ValueError("An import with errors cannot be applied.")
    reason = import_reason(result.filename)
    when = when or timezone.now()
    created = [IndicatorValue(indicator=c.indicator, month=c.month, **c.fields) for c in result.new]
    changes = {c.current_pk: c for c in result.changed}
    updated = [
        current
        for current in IndicatorValue.objects.select_for_update().filter(pk__in=list(changes))
        if assign_changed(current, changes[current.pk].fields)
    ]
    if created:
        bulk_create_with_history(
            created,
            IndicatorValue,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
    if updated:
        bulk_update_with_history(
            updated,
            IndicatorValue,
            FIELDS,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
    return len(created) + len(updated)
