"""Reading and printing "Due by" as the plan writes it.

The plan gives most due dates as a month ("January 2025"), meaning by the end of that
month; some as a day ("7 March 2025"); some as words that may contain a month ("Interim
hubs in Crewe and Macclesfield by July 2024") or none ("TBC", "Monthly").
"""

import calendar
import datetime as dt
import re

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# Appendix 1 abbreviates as the council does: "Jan 25", "June 24", "July 24", "Sept 25".
APPENDIX1_MONTHS = {
    1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "June",
    7: "July", 8: "Aug", 9: "Sept", 10: "Oct", 11: "Nov", 12: "Dec",
}  # fmt: skip

_MONTH_WORD = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
PLAIN_MONTH = re.compile(rf"^{_MONTH_WORD}\s+(\d{{4}})$", re.I)
DAY_MONTH = re.compile(rf"^(\d{{1,2}})\s+{_MONTH_WORD}\s+(\d{{4}})$", re.I)
MONTH_IN_TEXT = re.compile(rf"\b{_MONTH_WORD}\s+(\d{{4}})\b", re.I)
END_OF_YEAR = re.compile(r"\bend of (\d{4})\b", re.I)


def end_of_month(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_due(printed):
    """Return ``(due_date, due_text)`` for a "Due by" cell as printed.

    ``due_text`` is empty only when the cell is a plain month, which ``format_due``
    prints back identically from the date alone.
    """
    text = " ".join(printed.split())
    if not text:
        return None, ""
    match = PLAIN_MONTH.match(text)
    if match:
        return end_of_month(int(match[2]), MONTHS[match[1].lower()]), ""
    match = DAY_MONTH.match(text)
    if match:
        return dt.date(int(match[3]), MONTHS[match[2].lower()], int(match[1])), text
    match = MONTH_IN_TEXT.search(text)
    if match:
        return end_of_month(int(match[2]), MONTHS[match[1].lower()]), text
    match = END_OF_YEAR.search(text)
    if match:
        return dt.date(int(match[1]), 12, 31), text
    return None, text


def format_due(due_date, due_text):
    """The plan's long form (Appendix 2): the words as written, else "January 2025"."""
    if due_text:
        return due_text
    if due_date:
        return f"{calendar.month_name[due_date.month]} {due_date.year}"
    return ""


def format_due_short(due_date, due_text):
    """The RAG overview's short form (Appendix 1): "Jan 25", or the words when the
    plan gives no date at all ("TBC", "Monthly")."""
    if due_date:
        return f"{APPENDIX1_MONTHS[due_date.month]} {due_date:%y}"
    return due_text


SHORT_MONTH = re.compile(rf"^{_MONTH_WORD}\s+(\d{{2}})$", re.I)


def parse_due_short(printed):
    """The date in a RAG-overview "Due by" cell ("Jan 25", "June 24"), or None ("TBC")."""
    match = SHORT_MONTH.match(" ".join(printed.split()))
    if not match:
        return None
    return end_of_month(2000 + int(match[2]), MONTHS[match[1].lower()])
