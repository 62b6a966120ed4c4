"""The change log as an Excel workbook: one line per changed field.

Every text cell is made safe from formula injection: a value that a spreadsheet would
read as a formula or a command (starting with = + - @, a tab or a carriage return) is
written with a leading apostrophe, so it shows as the text it is (OWASP's advice for
CSV and spreadsheet exports). The control characters a workbook cannot hold are dropped
*before* that check, so "\x01=HYPERLINK(…)" cannot become a live formula once its first
character goes; and every text cell is written as a string cell, never a formula.

``clean``, ``looks_like_formula`` and ``put_text`` are the rule the plan workbook and the
scorecard export share.
"""

import re
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from . import changes, records

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
HEADINGS = ["When", "Who", "Ref", "Area", "What changed", "Before", "After", "Reason"]
WIDTHS = [18, 20, 10, 30, 22, 40, 40, 60]
BATCH = 500


# Characters nobody sees that may come before a formula character: white space, control
# and format characters (zero-width, bidirectional marks, byte order mark).
_INVISIBLE_START = re.compile(
    r"^[\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+"
)


def clean(text):
    """Text without the control characters a workbook cannot hold (tab and line breaks
    stay)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def looks_like_formula(text):
    """Whether a spreadsheet could run this text: it starts, or starts once invisible
    characters are skipped, with = + - @, a tab or a carriage return."""
    return text.startswith(DANGEROUS_START) or _INVISIBLE_START.sub("", text).startswith(
        DANGEROUS_START
    )


def safe(value):
    """Text that no spreadsheet will evaluate (and without the control characters a
    workbook cannot hold); other values unchanged. Cleaned first, then checked."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    return "'" + value if looks_like_formula(value) else value


def put_text(cell, text):
    """Write text as a string cell (openpyxl would make "=…" a formula), with Excel's
    quote prefix when it looks like one so it stays text if someone edits the cell."""
    text = clean(text)
    cell.value = text
    if text:
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    return cell


def _append(sheet, values):
    """A row of the sheet with every text an explicit string cell."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def rows(lookups, entries):
    """Lines of the sheet for the matching changes, newest first, read in batches."""
    tz = ZoneInfo(settings.TIME_ZONE)
    total = entries.count()
    for offset in range(0, total, BATCH):
        for change in changes.load(list(entries[offset : offset + BATCH]), lookups):
            when = change.when.astimezone(tz).replace(tzinfo=None, microsecond=0)
            area = records.area_label(change.area)
            lines = change.fields or [None]
            for item in lines:
                yield [
                    when,
                    change.who,
                    change.subject,
                    area,
                    item.label if item else change.note,
                    item.old_text if item else "",
                    item.new_text if item else "",
                    change.reason,
                ]


def workbook(plan, lookups, entries, *, description):
    """The workbook as bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Changes"
    _append(sheet, [safe(f"{plan.name} ({plan.organisation}): change log")])
    _append(sheet, [safe(description)])
    _append(sheet, HEADINGS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in rows(lookups, entries):
        _append(sheet, [safe(v) for v in line])
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[chr(64 + index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=4):
        row[0].number_format = "dd/mm/yyyy hh:mm"
        for cell in row[5:]:
            cell.alignment = wrap
    sheet.freeze_panes = "A4"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
