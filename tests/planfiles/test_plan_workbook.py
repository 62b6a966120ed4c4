"""The product's plan workbook: the demo plan as at a day, written and read back.

Expected values are the plan documents' (fixtures/plan_2025-05-08.json and
plan_2025-11-12.json), read by hand: ratings, due dates and owners of a few actions and
the number of actions at each rating (a row that prints "Amber E" counts as "Complete but
need to evidence impact", the level whose short name it is).
"""

import datetime as dt
from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.planfiles.export import plan_data_at
from improvement.planfiles.workbook import (
    looks_like_plan_workbook,
    read_workbook,
    write_workbook,
)
from improvement.plans.models import Action

MAY = dt.date(2025, 5, 8)
CBNEI = "Complete but need to evidence impact"


def written(plan, day=None):
    return write_workbook(plan_data_at(plan, day), as_at=day or today())


def opened(plan, day=None):
    return load_workbook(BytesIO(written(plan, day)))


def records(sheet):
    """The sheet's rows as dicts by header."""
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=False)) for line in lines[1:]]


def by_ref(book):
    return {r["Ref"]: r for r in records(book["Actions"])}


def owners(book, ref, row=1):
    found = [r for r in records(book["Owners"]) if r["Action ref"] == ref and r["Row"] == row]
    return [r["Owner role title"] for r in sorted(found, key=lambda r: r["Order"])]


def further(book, ref):
    return {r["Row"]: r for r in records(book["Further rows"]) if r["Action ref"] == ref}


def test_the_workbook_has_the_plans_sheets_with_bold_frozen_headers(plan):
    book = opened(plan)
    assert book.sheetnames == [
        "About",
        "Rating scale",
        "Structure",
        "Actions",
        "Further rows",
        "Owners",
        "Commentary",
    ]
    actions = book["Actions"]
    assert [c.value for c in actions[1]][:5] == [
        "Ref",
        "Printed ref",
        "Area key",
        "Short title",
        "Action",
    ]
    assert all(c.font.bold for c in actions[1])
    assert actions.freeze_panes == "A2"
    assert actions.column_dimensions["E"].width == 60


def test_the_about_sheet_names_the_plan_and_its_day(plan):
    about = dict(opened(plan, MAY)["About"].iter_rows(min_row=2, values_only=True))
    assert about["Plan name"] == "Children's Services Improvement Plan"
    assert about["Organisation"] == "Cheshire East Council"
    assert about["As at"] == dt.datetime(2025, 5, 8)
    assert about["Format version"] == 1


def test_the_workbook_as_at_today_holds_the_november_plan(plan):
    book = opened(plan)
    actions = by_ref(book)
    assert len(actions) == 143
    assert actions["SL1"]["Rating"] == "Complete"
    # A real date cell: "January 2025" means by the end of January.
    assert actions["SL1"]["Due date"] == dt.datetime(2025, 1, 31)
    assert book["Actions"]["F2"].is_date
    assert owners(book, "SL1") == ["Executive Director of Children's Services"]
    assert owners(book, "SL2a") == ["Head of Service Children's Development and Partnerships"]
    # S7: the words as printed, and the month the RAG overview gives ("Jun 25").
    assert actions["S7"]["Due text"] == "Flude House to open in April 2024"
    assert actions["S7"]["Due date"] == dt.datetime(2025, 6, 30)
    assert further(book, "S7")[2]["Due text"] == "Cherry Tree House to open in July 2025"
    assert further(book, "S7")[2]["Rating"] == "Complete"
    assert owners(book, "CLB4") == [
        "Service Manager Care Leavers",
        "Area Delivery Manager Targeted Youth Work",
    ]
    assert further(book, "CLB4")[2]["Rating"] == "On track"
    assert owners(book, "CLB4", 2) == [
        "Head of Service for Education Participation and Pupil Support"
    ]
    assert actions["CLB4"]["Area key"] == "1-2-b"
    counts = Counter(r["Rating"] for r in actions.values())
    assert counts == {
        CBNEI: 39,
        "Complete": 82,
        "On track": 8,
        "Closed": 8,
        "Reviewing": 5,
        "Delayed": 1,
    }


def test_the_workbook_as_at_8_may_2025_holds_the_may_plan(plan):
    book = opened(plan, MAY)
    actions = by_ref(book)
    assert len(actions) == 143
    assert owners(book, "SL2a") == ["Principal Social Worker"]
    assert actions["SL2a"]["Rating"] == CBNEI
    assert actions["SL2a"]["Due date"] == dt.datetime(2025, 4, 30)
    assert actions["S7"]["Due date"] == dt.datetime(2024, 4, 30)
    assert further(book, "S7")[2]["Due text"] == "Cherry Tree House to open in January 2025"
    assert further(book, "S7")[2]["Rating"] == "Delayed"
    counts = Counter(r["Rating"] for r in actions.values())
    assert counts == {CBNEI: 65, "Complete": 44, "On track": 26, "Closed": 6, "Reviewing": 2}
    commentary = records(book["Commentary"])
    assert len(commentary) == 19
    assert {r["Reporting date"] for r in commentary} == {dt.datetime(2025, 5, 8)}


def test_the_rating_scale_and_structure_sheets_hold_the_plans_scale_and_areas(plan):
    book = opened(plan)
    scale = records(book["Rating scale"])
    assert [r["Name"] for r in scale] == [
        "Not started",
        "Delayed",
        "On track",
        CBNEI,
        "Complete",
        "Reviewing",
        "Closed",
    ]
    complete = scale[4]
    assert complete["Definition"] == "Action completed and embedded with evidence of impact"
    assert (complete["Colour"], complete["Counts as complete"], complete["Finished"]) == (
        "Green",
        "Yes",
        "Yes",
    )
    assert scale[3]["Short name"] == "Amber E"
    assert scale[3]["Overview definition"] == "Completed but we need to embed and evidence impact"
    structure = records(book["Structure"])
    assert [r["Title"] for r in structure if r["Type"] == "Chapter"] == [
        "Chapter 1",
        "Chapter 2",
        "Chapter 3",
    ]
    areas = {r["Key"]: r for r in structure if r["Type"] == "Area"}
    assert len(areas) == 20
    assert (areas["1-2-b"]["Parent"], areas["1-2-b"]["Title"]) == ("1-2", "Planning for Adulthood")
    assert areas["1-1"]["What needs to improve"].startswith(
        "Senior leaders' oversight of performance"
    )
    assert len(records(book["Commentary"])) == 35  # 19 areas in May, 16 in November


def test_text_that_looks_like_a_formula_is_a_text_cell_and_reads_back_as_written(plan, owner):
    action = Action.objects.get(plan=plan, ref="SL14")
    action.progress = '=HYPERLINK("http://example.invalid","click")'
    action.evidence = "@SUM(A1)"
    save_tracked(action, user=owner, reason="+cmd")
    body = written(plan)
    sheet = load_workbook(BytesIO(body))["Actions"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "SL14")
    assert (row[8].value, row[8].data_type) == ('=HYPERLINK("http://example.invalid","click")', "s")
    assert (row[9].value, row[9].data_type) == ("@SUM(A1)", "s")
    # The plan's bullet lists start with "- ": text too, exactly as written.
    inspectors = load_workbook(BytesIO(body))["Structure"]["J5"]
    assert inspectors.data_type == "s" and inspectors.value.startswith("- ")
    data, problems = read_workbook("plan.xlsx", body)
    assert problems == []
    read = next(a for a in data.actions if a.ref == "SL14")
    assert (read.progress, read.evidence) == (
        '=HYPERLINK("http://example.invalid","click")',
        "@SUM(A1)",
    )


def test_the_plan_workbook_is_recognised_and_other_files_are_not(plan):
    assert looks_like_plan_workbook(written(plan))
    other = BytesIO()
    book = load_workbook(BytesIO(written(plan)))
    del book["Structure"]
    book.save(other)
    assert not looks_like_plan_workbook(other.getvalue())
    assert not looks_like_plan_workbook(b"Ref,Action\nSL1,Do it\n")


def edited(plan, change):
    """The demo's workbook with ``change(book)`` made to it, as bytes."""
    book = load_workbook(BytesIO(written(plan)))
    change(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(body):
    data, problems = read_workbook("plan.xlsx", body)
    assert data is None
    return [(p.sheet, p.row, p.column, p.message) for p in problems]


def test_a_formula_cell_is_a_problem_naming_its_sheet_row_and_column(plan):
    def change(book):
        book["Actions"]["I3"] = "=1+2"

    assert problems_of(edited(plan, change)) == [
        ("Actions", 3, "Progress", "This cell is a formula; type the value itself.")
    ]


@pytest.mark.parametrize(
    ("cell", "value", "column", "message"),
    [
        ("H2", "Purple", "Rating", "“Purple” is not a rating in the Rating scale sheet."),
        ("C2", "9-9", "Area key", "“9-9” is not an area key in the Structure sheet."),
        (
            "F2",
            "31/02/2025",
            "Due date",
            "“31/02/2025” is not a date; enter a date such as 12/11/2025.",
        ),
        ("E2", "  ", "Action", "This cell is blank; it must be filled in."),
        ("E2", "x" * 5001, "Action", "This is 5,001 characters long; the most it can be is 5,000."),
        (
            "I2",
            "x" * 10_001,
            "Progress",
            "This is 10,001 characters long; the most it can be is 10,000.",
        ),
    ],
)
def test_a_bad_actions_cell_is_a_problem_saying_what_is_wrong(plan, cell, value, column, message):
    def change(book):
        book["Actions"][cell] = value

    assert problems_of(edited(plan, change)) == [("Actions", 2, column, message)]


def test_a_missing_required_column_is_a_problem(plan):
    def change(book):
        book["Actions"]["H1"] = "RAG"

    assert problems_of(edited(plan, change)) == [
        ("Actions", 1, "Rating", "The first row has no “Rating” column.")
    ]


def test_a_file_that_is_not_a_workbook_is_one_problem():
    data, problems = read_workbook("notes.xlsx", b"not a workbook")
    assert data is None
    assert [str(p) for p in problems] == ["notes.xlsx could not be opened as an Excel workbook."]


@pytest.mark.parametrize("day", [None, MAY])
def test_reading_the_written_workbook_gives_back_the_plan_it_was_written_from(plan, day):
    data = plan_data_at(plan, day)
    read, problems = read_workbook("plan.xlsx", write_workbook(data, as_at=day or today()))
    assert problems == []
    assert read == data
