"""The scorecard as an Excel workbook: export, the import template, and the cell formats
both directions share.

Layout (one sheet called "Scorecard"; docs/scorecard-import.md describes it for users):

    row 1   title            row 2   how to fill it in            row 3   blank
    row 4   ID | Indicator | one column per month | Target | SN av | Direction of travel |
            RAG (latest month)
    then, per section: a heading row (ID blank), its indicators (one row each), and the
    section's narrative for the last month (ID blank).

A figure is written as a real number whose number format prints exactly what the
scorecard printed ("84.0%" is 0.84 formatted 0.0%, "100.4r" is 100.4 formatted 0.0"r",
"67% (4)" is 0.67 formatted 0%" (4)"), so Excel can chart and colour it and the import
reads back the same text. Anything that would not come back identically is written as
text. Text cells are never formulas: a title starting with "=" (even after a control
character) is stored as a string with Excel's quote prefix (``governance.xlsx.put_text``).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from io import BytesIO

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from improvement.governance.xlsx import put_text

from .rag import RAG_LEVELS
from .tables import add_months, month_label, scorecard_context

SHEET = "Scorecard"
HEADER_ROW = 4
ID_HEADER = "ID"
TITLE_HEADER = "Indicator"
# Columns after the months, written for people and ignored by the import.
TRAILING_HEADERS = ["Target", "SN av", "Direction of travel", "RAG (latest month)"]
INSTRUCTIONS = (
    "Enter one figure per indicator per month as the scorecard prints it: 84.0%, 1083, "
    "100.4r (a rate per 10,000), 67% (4) (a percentage with its count), NYA, or leave it "
    "blank. Keep the sheet name, the ID column and the month headings; Target, SN av, "
    "direction, RAG and narrative cells are not read."
)

# What a printed figure looks like: digits, optional decimals, % or r, optional count.
_PRINTED = re.compile(r"^(\d+)(?:\.(\d+))?(%|r)?(\s*\(\d+\))?$")
# The number formats this module writes (and Excel's plain ones): 0, 0.0, 0.00%, 0"r" …
_FORMAT = re.compile(r'^(#,##)?0(?:\.(0+))?(%)?(?:"([^"]*)")?$')

FILLS = {
    "on_target": ("CCE2D8", "005A30"),
    "within_15": ("FFF7BF", "594D00"),
    "beyond_15": ("F4CDC6", "2A0B06"),
}
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")
SECTION_FILL = PatternFill("solid", fgColor="1D70B8")


# -- cell formats, shared with the import ---------------------------------------------
def number_for_text(text):
    """(number, number format) that print exactly ``text``, or None to write it as text."""
    m = _PRINTED.match(text)
    if not m:
        return None
    whole, decimals, sign, count = m[1], m[2] or "", m[3] or "", m[4] or ""
    places = len(decimals)
    figure = Decimal(f"{whole}.{decimals}" if decimals else whole)
    fmt = "0" + ("." + "0" * places if places else "")
    if sign == "%":
        number, fmt = figure / 100, fmt + "%"
    else:
        number = figure
    suffix = ("r" if sign == "r" else "") + count
    if suffix:
        fmt += f'"{suffix}"'
    number = int(number) if number == number.to_integral_value() and sign != "%" else float(number)
    if text_for_number(number, fmt, None) != text:
        return None
    return number, fmt


def _decimal(number):
    try:
        return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - numbers from openpyxl are finite
        raise ValueError(f"{number!r} is not a finite number") from exc


def _plain(figure):
    """A Decimal without trailing zeros or exponent: 94.70 → "94.7", 100 → "100"."""
    text = format(figure.normalize(), "f")
    return text


_SUFFIX = re.compile(r"^(r)?(\s*\((\d+)\))?$")
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}
_HUNDREDTH = Decimal("0.01")


@lru_cache(maxsize=512)
def _shape(number_format):
    """How a number format prints: (places or None for General, percent, thousands
    separator, literal suffix, count in the suffix, whether the suffix is one the
    scorecard prints)."""
    fmt = (number_format or "General").strip()
    m = _FORMAT.match(fmt)
    if not m:
        return None, "%" in fmt, False, "", None, True
    suffix = m[4] or ""
    known = _SUFFIX.match(suffix)
    count = int(known[3]) if known and known[3] else None
    return len(m[2] or ""), bool(m[3]), bool(m[1]), suffix, count, bool(known)


def read_number(number, number_format, unit):
    """(printed text, figure, count, whether the text needs parsing) for a numeric cell.

    Formats this module writes give back exactly what was printed; a plain "General"
    number is the figure itself, shown the indicator's way (84 in a percentage row is
    "84%"), rounded to two decimal places.
    """
    places, percent, thousands, suffix, count, known = _shape(number_format)
    figure = _decimal(number)
    if percent:
        figure *= 100
    if places is not None:
        figure = figure.quantize(_STEPS.get(places, _STEPS[10]), rounding=ROUND_HALF_UP)
        body = f"{figure:,.{places}f}" if thousands else f"{figure:.{places}f}"
        return body + ("%" if percent else "") + suffix, figure, count, thousands or not known
    figure = figure.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP).normalize()
    body = format(figure, "f")
    if percent or unit == "percentage":
        return body + "%", figure, None, False
    if unit == "rate_per_10000":
        return body + "r", figure, None, False
    return body, figure, None, False


def text_for_number(number, number_format, unit):
    """The printed text for a numeric cell, from its number format."""
    return read_number(number, number_format, unit)[0]


# -- writing ---------------------------------------------------------------------------
def safe_text(cell, text):
    """Put text in a cell so Excel never reads it as a formula (the change log's rule,
    ``governance.xlsx.put_text``: control characters dropped before the check)."""
    if not isinstance(text, str):
        cell.value = text
        return cell
    return put_text(cell, text)


def write_figure(cell, text):
    if not text:
        return cell
    as_number = number_for_text(text)
    if as_number is None:
        return safe_text(cell, text)
    cell.value, cell.number_format = as_number
    return cell


def _threshold(indicator, figure):
    """A target figure as a formula literal, in the units the cells hold (percentages as
    fractions): 90.00 → "0.9", 105.00 → "105"."""
    figure = figure / 100 if indicator.unit == "percentage" else figure
    return _plain(Decimal(figure))


def rag_formulas(indicator, first_cell):
    """Conditional-formatting formulas for one indicator's row, mirroring rag.rag_for.

    Returns {rag: formula}; empty for monitor-only targets. Each formula is relative to
    the row's first month cell and is true only for numeric cells.
    """
    low, high, kind, better = (
        indicator.target_low,
        indicator.target_high,
        indicator.target_kind,
        indicator.better,
    )
    c = first_cell
    num = f"ISNUMBER({c})"

    def floor(t):
        t85 = _threshold(indicator, t * Decimal("0.85"))
        t = _threshold(indicator, t)
        return {
            "on_target": f"AND({num},{c}>={t})",
            "within_15": f"AND({num},{c}<{t},{c}>={t85})",
            "beyond_15": f"AND({num},{c}<{t85})",
        }

    def ceiling(t):
        t115 = _threshold(indicator, t * Decimal("1.15"))
        t = _threshold(indicator, t)
        return {
            "on_target": f"AND({num},{c}<={t})",
            "within_15": f"AND({num},{c}>{t},{c}<={t115})",
            "beyond_15": f"AND({num},{c}>{t115})",
        }

    if kind == "at_least" and low is not None:
        return floor(low)
    if kind == "at_most" and high is not None:
        return ceiling(high)
    if kind == "per_month" and low is not None:
        return ceiling(low) if better == "lower" else floor(low)
    if kind == "range" and low is not None and high is not None:
        lo, hi = _threshold(indicator, low), _threshold(indicator, high)
        lo85 = _threshold(indicator, low * Decimal("0.85"))
        hi115 = _threshold(indicator, high * Decimal("1.15"))
        above_ok = better == "higher"
        below_ok = better == "lower"
        on = [f"AND({c}>={lo},{c}<={hi})"]
        if above_ok:
            on.append(f"{c}>{hi}")
        if below_ok:
            on.append(f"{c}<{lo}")
        within, beyond = [], []
        if not above_ok:
            within.append(f"AND({c}>{hi},{c}<={hi115})")
            beyond.append(f"{c}>{hi115}")
        if not below_ok:
            within.append(f"AND({c}<{lo},{c}>={lo85})")
            beyond.append(f"{c}<{lo85}")
        rules = {"on_target": f"AND({num},OR({','.join(on)}))"}
        if within:
            rules["within_15"] = f"AND({num},OR({','.join(within)}))"
            rules["beyond_15"] = f"AND({num},OR({','.join(beyond)}))"
        return rules
    return {}


def build_workbook(plan, *, months=12, end=None, blank_next_month=False):
    """The scorecard over ``months`` months ending at ``end`` as an openpyxl Workbook.

    With ``blank_next_month`` (the import template) an empty column for the month after
    ``end`` follows, ready to fill in.
    """
    context = scorecard_context(plan, months=months, end=end)
    month_dates = [m["month"] for m in context["months"]]
    if blank_next_month:
        month_dates.append(add_months(month_dates[-1], 1))
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    safe_text(ws.cell(1, 1), f"Vital signs scorecard – {plan.name}")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    safe_text(ws.cell(2, 1), INSTRUCTIONS)
    ws.cell(2, 1).alignment = Alignment(wrap_text=False)

    headers = [ID_HEADER, TITLE_HEADER, *month_dates, *TRAILING_HEADERS]
    for col, header in enumerate(headers, 1):
        cell = ws.cell(HEADER_ROW, col)
        if hasattr(header, "year"):
            cell.value = header
            cell.number_format = "mmm-yy"
        else:
            safe_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    first_month_col = 3
    target_col = first_month_col + len(month_dates)
    last_month_letter = get_column_letter(target_col - 1)

    row = HEADER_ROW
    for section in context["sections"]:
        row += 1
        safe_text(ws.cell(row, 2), section["heading"])
        for col in range(1, len(headers) + 1):
            ws.cell(row, col).fill = SECTION_FILL
            ws.cell(row, col).font = Font(bold=True, color="FFFFFF")
        for item in section["indicators"]:
            row += 1
            indicator = item["indicator"]
            safe_text(ws.cell(row, 1), item["code"])
            safe_text(ws.cell(row, 2), item["title"])
            ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            for offset, cell in enumerate(item["cells"]):
                write_figure(ws.cell(row, first_month_col + offset), cell["text"])
            safe_text(ws.cell(row, target_col), item["target_text"] or "Monitor")
            safe_text(ws.cell(row, target_col + 1), item["sn_average_printed"])
            direction = item["direction"]
            if direction["arrow"]:
                safe_text(
                    ws.cell(row, target_col + 2), f"{direction['arrow']} {direction['label']}"
                )
            latest = item["latest"]
            if latest["rag"]:
                safe_text(ws.cell(row, target_col + 3), latest["rag_label"])
            first = f"{get_column_letter(first_month_col)}{row}"
            for rag, formula in rag_formulas(indicator, first).items():
                fill, font = FILLS[rag]
                ws.conditional_formatting.add(
                    f"{first}:{last_month_letter}{row}",
                    FormulaRule(
                        formula=[formula],
                        stopIfTrue=True,
                        fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                        font=Font(color=font),
                    ),
                )
            for col in range(1, len(headers) + 1):
                ws.cell(row, col).alignment = Alignment(
                    wrap_text=col == 2, vertical="top", horizontal="left" if col <= 2 else None
                )
        if section["narrative"]:
            row += 1
            safe_text(
                ws.cell(row, 2),
                f"Narrative ({month_label(context['end'])}): {section['narrative']}",
            )
            ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")

    row += 2
    safe_text(ws.cell(row, 2), "Key: " + context["key"]["rag_intro"])
    for offset, (rag, level) in enumerate(RAG_LEVELS.items(), 1):
        cell = ws.cell(row + offset, 2)
        safe_text(cell, level["label"])
        fill, font = FILLS[rag]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=font, bold=True)
    safe_text(ws.cell(row + 4, 2), context["key"]["direction"])

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 60
    for col in range(first_month_col, target_col):
        ws.column_dimensions[get_column_letter(col)].width = 10
    for offset, width in enumerate([11, 8, 16, 24]):
        ws.column_dimensions[get_column_letter(target_col + offset)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, first_month_col)
    return wb


def workbook_bytes(plan, **kwargs):
    out = BytesIO()
    build_workbook(plan, **kwargs).save(out)
    return out.getvalue()
