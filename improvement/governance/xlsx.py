"""The change log as an Excel workbook: one line per changed field.

Every text cell is made safe from formula injection: a value that a spreadsheet would
read as a formula or a command (starting with = + - @, a tab or a carriage return) is
written with a leading apostrophe, so it shows as the text it is (OWASP's advice for
CSV and spreadsheet exports).
"""

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


def safe(value):
    """Text that no spreadsheet will evaluate (and without the control characters a
    workbook cannot hold); other values unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(DANGEROUS_START):
        value = "'" + value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


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
    sheet.append([safe(f"{plan.name} ({plan.organisation}): change log")])
    sheet.append([safe(description)])
    sheet.append(HEADINGS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in rows(lookups, entries):
        sheet.append([safe(v) for v in line])
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
