"""The product's own plan workbook: a ``PlanData`` written to Excel and read back.

One sheet per part of the plan, one row per object, a header row naming the columns
(the reader finds columns by header, so a council may reorder them or add its own).
Every text is a text cell, never a formula: text that a spreadsheet would run (the
change log's rule, ``governance.xlsx.put_text``: = + - @, a tab or a carriage return,
also after invisible characters; the plan's many "- " bullet lists among them) is
stored as a string with Excel's quote prefix, so it reads back exactly as written and
stays text if someone edits the cell. (The change log prefixes an apostrophe instead;
here that would change the text on the way back.) Reading refuses any formula cell and
names every bad cell.
"""

import datetime as dt
import zipfile
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import fromstring

from improvement.governance.xlsx import clean, put_text
from improvement.lib import limits
from improvement.plans.models import RatingLevel

from .data import Problem
from .workbook_read import read_book

FORMAT_NAME = "Improvement plan workbook"
FORMAT_VERSION = 1
REQUIRED_SHEETS = ("Rating scale", "Structure", "Actions")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, long (wrapped text), date, int, yesno
    width: int = 18
    required: bool = False  # the header must be in the sheet's first row
    max_length: int | None = None  # the database column's length


def _long(header, required=False, limit=None):
    # ``limit``: the product's limit on a text people also type in a form (lib.limits).
    return Column(header, "long", 60, required, limit)


SHEETS = {
    "Rating scale": [
        Column("Name", width=36, required=True, max_length=80),
        Column("Short name", max_length=30),
        Column("Colour", width=12, required=True),
        Column("Hex colour", width=12, required=True),
        _long("Definition", limit=limits.DEFINITION),
        _long("Overview definition", limit=limits.DEFINITION),
        Column("Counts as complete", "yesno"),
        Column("Finished", "yesno", 10),
        Column("Delayed", "yesno", 10),
        Column("Under review", "yesno", 14),
        Column("Needs a reason", "yesno", 14),
    ],
    "Structure": [
        Column("Type", width=10, required=True),
        Column("Chapter", "int", 10, required=True),
        Column("Key", width=14, max_length=30),
        Column("Number", width=10, max_length=10),
        Column("Parent", width=14),
        Column("Order", "int", 8),
        Column("Title", width=40, required=True, max_length=300),
        _long("Introduction"),
        _long("What needs to improve"),
        _long("Inspectors found"),
        _long("Source"),
        _long("Areas for improvement"),
        _long("How we assess"),
        _long("What we will see"),
        _long("Notes"),
    ],
    "Actions": [
        Column("Ref", width=10, required=True, max_length=20),
        Column("Printed ref", width=12, max_length=60),
        Column("Area key", width=14, required=True),
        Column("Short title", width=30, max_length=200),
        _long("Action", required=True, limit=limits.ACTION_TEXT),
        Column("Due date", "date", 14),
        Column("Due text", width=24, max_length=300),
        Column("Rating", width=24, required=True),
        _long("Progress", limit=limits.PROGRESS),
        _long("Evidence", limit=limits.EVIDENCE),
        Column("Order", "int", 8),
    ],
    "Further rows": [
        Column("Action ref", width=12, required=True),
        Column("Row", "int", 8, required=True),
        Column("Due date", "date", 14),
        Column("Due text", width=24, max_length=300),
        Column("Rating", width=24, required=True),
    ],
    "Owners": [
        Column("Action ref", width=12, required=True),
        Column("Row", "int", 8),
        Column("Order", "int", 8),
        Column("Owner role title", width=50, required=True, max_length=200),
    ],
    "Commentary": [
        Column("Area key", width=14, required=True),
        Column("Reporting date", "date", 16, required=True),
        _long("Text", required=True, limit=limits.COMMENTARY),
    ],
}
ABOUT = ("Plan name", "Organisation", "As at", "Format", "Format version")
COLOUR_LABELS = dict(RatingLevel.Colour.choices)
DATE_FORMAT = "d mmm yyyy"


# -- writing ---------------------------------------------------------------------------
def put(cell, value):
    """Write a value so that text is always a string cell: never a formula, nothing a
    workbook cannot hold (control characters other than tab and line breaks go)."""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, str):
        # A string cell, quote-prefixed when it looks like a formula: the change log's
        # rule (control characters dropped before the check).
        return put_text(cell, value) if clean(value) else cell
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _rows(data):
    """Each sheet's rows, in its columns' order."""
    yield (
        "Rating scale",
        [
            [
                level.name,
                level.short_name,
                COLOUR_LABELS.get(level.colour, level.colour),
                level.hex_colour,
                level.definition,
                level.overview_definition,
                level.counts_as_complete,
                level.is_finished,
                level.is_delayed,
                level.is_under_review,
                level.needs_reason,
            ]
            for level in data.scale
        ],
    )
    chapters = [
        ["Chapter", c.number, "", "", "", None, c.title, c.introduction] for c in data.chapters
    ]
    areas = [
        [
            "Area",
            a.chapter,
            a.key,
            a.number,
            a.parent,
            a.order,
            a.title,
            "",
            a.what_needs_to_improve,
            a.inspectors_found,
            a.source,
            a.areas_for_improvement,
            a.how_we_assess,
            a.what_we_will_see,
            a.notes,
        ]
        for a in data.areas
    ]
    yield "Structure", chapters + areas
    yield (
        "Actions",
        [
            [
                a.ref,
                a.printed_ref,
                a.area,
                a.short_title,
                a.text,
                a.due_date,
                a.due_text,
                a.rating,
                a.progress,
                a.evidence,
                a.order,
            ]
            for a in data.actions
        ],
    )
    yield (
        "Further rows",
        [[a.ref, r.row, r.due_date, r.due_text, r.rating] for a in data.actions for r in a.rows],
    )
    yield (
        "Owners",
        [
            [a.ref, row, order, title]
            for a in data.actions
            for row, titles in [(1, a.owners), *((r.row, r.owners) for r in a.rows)]
            for order, title in enumerate(titles, 1)
        ],
    )
    yield "Commentary", [[c.area, c.reporting_date, c.text] for c in data.commentaries]


def _header(sheet, headers, widths):
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        put(sheet.cell(row=1, column=index), header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def write_workbook(data, *, as_at=None):
    """The plan workbook as bytes. ``as_at`` (the day the plan was read at) is printed
    on the About sheet."""
    book = Workbook()
    about = book.active
    about.title = "About"
    _header(about, ["About this workbook", ""], [20, 60])
    values = [data.name, data.organisation, as_at, FORMAT_NAME, FORMAT_VERSION]
    for number, (label, value) in enumerate(zip(ABOUT, values, strict=True), 2):
        put(about.cell(row=number, column=1), label)
        put(about.cell(row=number, column=2), value)
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, rows in _rows(data):
        sheet = book.create_sheet(title)
        columns = SHEETS[title]
        _header(sheet, [c.header for c in columns], [c.width for c in columns])
        for number, values in enumerate(rows, 2):
            for index, (column, value) in enumerate(zip(columns, values, strict=False), 1):
                cell = put(sheet.cell(row=number, column=index), value)
                if column.kind == "long":
                    cell.alignment = wrap
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------
def sheet_names(data):
    """The workbook's sheet names from its workbook part, without loading the sheets."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        root = fromstring(archive.read("xl/workbook.xml"))
    return [el.get("name") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]


def looks_like_plan_workbook(data):
    """Whether the file is (meant to be) the product's plan workbook: its sheets include
    the rating scale, the structure and the actions."""
    try:
        names = set(sheet_names(data))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError):
        return False
    return all(name in names for name in REQUIRED_SHEETS)


def read_workbook(name, data):
    """The plan in the workbook, or None and every problem found (sheet, row, column
    and what is wrong)."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        return None, [Problem(0, "", f"{name} could not be opened as an Excel workbook.")]
    try:
        plan, problems = read_book(book, SHEETS, ABOUT, FORMAT_VERSION)
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    return (None if problems else plan), problems
