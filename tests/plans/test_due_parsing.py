import datetime as dt

import pytest

from improvement.plans.due import format_due, format_due_short, parse_due, parse_due_short


@pytest.mark.parametrize(
    ("printed", "date", "text"),
    [
        ("January 2025", dt.date(2025, 1, 31), ""),
        ("February 2024", dt.date(2024, 2, 29), ""),
        ("7 March 2025", dt.date(2025, 3, 7), "7 March 2025"),
        ("TBC", None, "TBC"),
        ("Monthly", None, "Monthly"),
        ("Quarterly review", None, "Quarterly review"),
        (
            "Start sharing practice by August 2024 and continue throughout the year",
            dt.date(2024, 8, 31),
            "Start sharing practice by August 2024 and continue throughout the year",
        ),
        (
            "Consider suitable options for a long-term care leaver hub in Crewe by the end of 2025",
            dt.date(2025, 12, 31),
            "Consider suitable options for a long-term care leaver hub in Crewe by the end of 2025",
        ),
        ("  June   2024 ", dt.date(2024, 6, 30), ""),
    ],
)
def test_due_cells_parse_as_the_plan_means_them(printed, date, text):
    assert parse_due(printed) == (date, text)


def test_a_plain_month_prints_back_as_written():
    assert format_due(*parse_due("September 2025")) == "September 2025"


@pytest.mark.parametrize(
    ("date", "text", "short"),
    [
        (dt.date(2025, 1, 31), "", "Jan 25"),
        (dt.date(2024, 7, 31), "", "July 24"),
        (dt.date(2025, 9, 30), "", "Sept 25"),
        (dt.date(2024, 6, 30), "", "June 24"),
        (None, "TBC", "TBC"),
        (dt.date(2024, 8, 31), "Start sharing practice by August 2024", "Aug 24"),
    ],
)
def test_the_rag_overview_abbreviates_as_the_council_does(date, text, short):
    assert format_due_short(date, text) == short


def test_short_due_cells_parse():
    assert parse_due_short("Sept 25") == dt.date(2025, 9, 30)
    assert parse_due_short("Jun 25") == dt.date(2025, 6, 30)
    assert parse_due_short("Qrtly review") is None
