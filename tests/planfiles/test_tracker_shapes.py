"""Reading a council's flat tracker: its headings, levels, refs, ratings, dues, owners.

Every tracker is built here, row by row; the expected plans are written out from those
rows by hand.
"""

import csv
import datetime as dt
import io

from openpyxl import Workbook

from improvement.planfiles.reading import read_plan_file
from improvement.planfiles.tracker import guess_mapping

HEAD = ["Ref", "Action", "Lead officer", "Due date", "RAG"]


def xlsx(rows, title="Tracker"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def read(rows, name="tracker.xlsx", **kwargs):
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx(rows)
    result = read_plan_file(name, data, title="Our plan", organisation="A Council", **kwargs)
    assert result.shape == "tracker"
    return result


def test_the_usual_headings_are_recognised_whatever_their_case():
    headers = ["No.", "THEME", "Workstream", "Sub-area", "Actions", "Lead Officer", "By when"]
    headers += ["BRAG", "Progress update", "Measures of success", "Notes"]
    assert guess_mapping(headers) == {
        "ref": 0,
        "level1": 1,
        "level2": 2,
        "level3": 3,
        "action": 4,
        "owner": 5,
        "due": 6,
        "rating": 7,
        "progress": 8,
        "evidence": 9,
    }


def test_a_tracker_without_level_columns_is_one_chapter_and_area_named_after_the_plan():
    result = read([HEAD, ["1", "Audit files", "PSW", "March 2026", "Green"]])
    assert result.problems == []
    plan = result.plan
    assert [(c.number, c.title) for c in plan.chapters] == [(1, "Our plan")]
    assert [(a.key, a.chapter, a.title) for a in plan.areas] == [("1-1", 1, "Our plan")]
    assert [(a.ref, a.area) for a in plan.actions] == [("1", "1-1")]


def test_one_level_column_makes_areas_of_one_chapter():
    result = read(
        [
            ["Ref", "Theme", *HEAD[1:]],
            ["1", "Leadership", "Set up a board", "DCS", "March 2026", "Green"],
            ["2", None, "Write terms of reference", "DCS", "April 2026", "Amber"],
            ["3", "Workforce", "Recruit social workers", "HR", "May 2026", "Red"],
        ]
    )
    plan = result.plan
    assert result.header_row == 1
    assert [(c.number, c.title) for c in plan.chapters] == [(1, "Our plan")]
    assert [(a.key, a.number, a.title) for a in plan.areas] == [
        ("1-1", "1", "Leadership"),
        ("1-2", "2", "Workforce"),
    ]
    assert [a.area for a in plan.actions] == ["1-1", "1-1", "1-2"]


def test_two_level_columns_make_chapters_and_areas_with_blanks_repeating_the_row_above():
    result = read(
        [
            ["Improvement plan tracker, 2025"],  # a title row above the headings
            [],
            ["Ref", "Priority", "Workstream", *HEAD[1:]],
            ["1", "Leadership", "Governance", "Set up a board", "DCS", "March 2026", "Green"],
            ["2", None, None, "Write terms of reference", "DCS", "April 2026", "Green"],
            ["3", None, "Data", "Build dashboards", "BI", "May 2026", "Amber"],
            [None, "Practice"],  # a heading row: it only sets the priority below
            ["4", None, "Audit", "Audit case files", "PSW", "June 2026", "Red"],
            ["5", "Leadership", "Data", "Publish the scorecard", "BI", "June 2026", "Green"],
        ]
    )
    plan = result.plan
    assert result.header_row == 3
    assert [(c.number, c.title) for c in plan.chapters] == [(1, "Leadership"), (2, "Practice")]
    assert [(a.key, a.chapter, a.title, a.order) for a in plan.areas] == [
        ("1-1", 1, "Governance", 1),
        ("1-2", 1, "Data", 2),
        ("2-1", 2, "Audit", 1),
    ]
    assert [a.area for a in plan.actions] == ["1-1", "1-1", "1-2", "2-1", "1-2"]


def test_three_level_columns_make_sub_areas_under_their_areas():
    result = read(
        [
            ["Ref", "Chapter", "Area", "Sub-area", *HEAD[1:]],
            ["A1", "Help", "Front door", "Triage", "Triage calls", "HoS", "March 2026", "Green"],
            ["A2", None, None, "Referrals", "Check referrals", "HoS", "March 2026", "Green"],
            ["A3", None, "Early help", "Hubs", "Open hubs", "HoS", "March 2026", "Amber"],
            ["B1", "Care", "Leavers", "Homes", "Find homes", "HoS", "March 2026", "Red"],
        ]
    )
    plan = result.plan
    assert [c.title for c in plan.chapters] == ["Help", "Care"]
    assert [(a.key, a.chapter, a.title, a.parent) for a in plan.areas] == [
        ("1-1", 1, "Front door", ""),
        ("1-1-1", 1, "Triage", "1-1"),
        ("1-1-2", 1, "Referrals", "1-1"),
        ("1-2", 1, "Early help", ""),
        ("1-2-1", 1, "Hubs", "1-2"),
        ("2-1", 2, "Leavers", ""),
        ("2-1-1", 2, "Homes", "2-1"),
    ]
    assert [a.area for a in plan.actions] == ["1-1-1", "1-1-2", "1-2-1", "2-1-1"]


def test_a_blank_level_under_a_new_one_above_it_is_a_problem():
    result = read(
        [
            ["Ref", "Priority", "Workstream", *HEAD[1:]],
            ["1", "Leadership", "Governance", "Set up a board", "DCS", "March 2026", "Green"],
            ["2", "Practice", None, "Audit case files", "PSW", "June 2026", "Red"],
        ]
    )
    assert result.plan is None
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "Workstream")
    assert "nothing above it to repeat" in problem.message


TRACKER_REFS = [
    HEAD,
    ["1.1", "First", "A", "March 2026", "Green"],
    ["1.1", "Second", "A", "March 2026", "Green"],
    ["1.2", "Third", "A", "March 2026", "Green"],
    ["1.1", "Fourth", "A", "March 2026", "Green"],
    [None, "Fifth", "A", "March 2026", "Green"],
    ["Action for the board", "Sixth", "A", "March 2026", "Green"],
    ["R5", "Seventh: a real ref that a made one must not take", "A", "March 2026", "Green"],
]


def test_repeated_and_missing_refs_get_made_refs_and_keep_the_printed_one():
    plan = read(TRACKER_REFS).plan
    assert [(a.ref, a.printed_ref) for a in plan.actions] == [
        ("1.1-1", "1.1"),
        ("1.1-2", "1.1"),
        ("1.2", ""),
        ("1.1-3", "1.1"),
        ("R5-2", ""),
        ("R6", "Action for the board"),
        ("R5", ""),
    ]


def test_made_refs_are_the_same_on_every_read_of_the_same_file():
    first = [(a.ref, a.printed_ref) for a in read(TRACKER_REFS).plan.actions]
    again = [(a.ref, a.printed_ref) for a in read(TRACKER_REFS).plan.actions]
    assert first == again


def test_a_five_word_brag_scale_is_made_from_the_words_with_colours_and_meanings():
    words = ["Green", "Amber", "Blue", "Red", "Grey", "Green", "blue"]
    result = read(
        [HEAD, *([str(i), f"Action {i}", "A", "March 2026", w] for i, w in enumerate(words, 1))]
    )
    assert result.rating_words == [
        ("Green", 2),
        ("Amber", 1),
        ("Blue", 1),
        ("Red", 1),
        ("Grey", 1),
        ("blue", 1),
    ]
    scale = result.plan.scale
    assert [(lv.name, lv.colour, lv.hex_colour) for lv in scale] == [
        ("Grey", "grey", "#b1b4b6"),
        ("Red", "red", "#d4351c"),
        ("Amber", "amber", "#f47738"),
        ("Green", "green", "#00703c"),
        ("Blue", "blue", "#1d70b8"),
    ]
    complete = [lv.name for lv in scale if lv.counts_as_complete and lv.is_finished]
    assert complete == ["Blue"]
    assert [lv.name for lv in scale if lv.is_delayed] == ["Red"]
    assert [a.rating for a in result.plan.actions] == [
        *("Green", "Amber", "Blue", "Red", "Grey", "Green"),
        "Blue",  # "blue" is the Blue level
    ]


def test_complete_is_green_without_a_green_word_and_blue_beside_on_track():
    alone = read([HEAD, ["1", "A", "A", "May 2026", "Complete"], ["2", "B", "A", "May 2026", ""]])
    assert [(lv.name, lv.colour) for lv in alone.plan.scale] == [
        ("Complete", "green"),
        ("Not rated", "grey"),
    ]
    beside = read(
        [HEAD, ["1", "A", "A", "May 2026", "Complete"], ["2", "B", "A", "May 2026", "On track"]]
    )
    assert [(lv.name, lv.colour) for lv in beside.plan.scale] == [
        ("On track", "green"),
        ("Complete", "blue"),
    ]


def test_a_word_not_mapped_to_the_scale_is_a_problem_on_its_row():
    result = read(
        [HEAD, ["1", "A", "A", "May 2026", "Green"], ["2", "B", "A", "May 2026", "Purple"]],
        ratings={"Green": "On track"},
        scale=read([HEAD, ["1", "A", "A", "May 2026", "On track"]]).plan.scale,
    )
    assert result.plan is None
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "RAG")
    assert "“Purple” is not mapped to a level" in problem.message


def test_due_cells_give_a_date_where_there_is_one_and_keep_the_words():
    dues = [
        dt.datetime(2025, 10, 31),
        dt.datetime(2025, 10, 15),
        "March 2026",
        "End Oct 03",
        "June 2025 / Sept 2025",
        "Ongoing",
        "TBC",
        None,
    ]
    rows = [[str(i), f"Action {i}", "A", due, "Green"] for i, due in enumerate(dues, 1)]
    plan = read([HEAD, *rows]).plan
    assert [(a.due_date, a.due_text) for a in plan.actions] == [
        (dt.date(2025, 10, 31), ""),
        (dt.date(2025, 10, 15), "15 October 2025"),
        (dt.date(2026, 3, 31), ""),
        (dt.date(2003, 10, 31), "End Oct 03"),
        (dt.date(2025, 9, 30), "June 2025 / Sept 2025"),
        (None, "Ongoing"),
        (None, "TBC"),
        (None, "Not given"),
    ]


def test_several_owners_in_one_cell_become_several_owners_in_printed_order():
    owners = (
        "Head of Service, Children's Provision\nPrincipal Social Worker; Head of HR"
        " / Participation Lead & Head of HR"
    )
    plan = read([HEAD, ["1", "Action", owners, "May 2026", "Green"]]).plan
    assert plan.actions[0].owners == [
        "Head of Service, Children's Provision",
        "Principal Social Worker",
        "Head of HR",
        "Participation Lead",
    ]


def test_blank_rows_are_skipped_and_a_row_without_an_action_is_a_problem():
    result = read(
        [
            HEAD,
            ["1", "Action", "A", "May 2026", "Green"],
            [None, None, None, None, None],
            ["2", None, "A", "May 2026", "Green"],
        ]
    )
    assert result.plan is None
    [problem] = result.problems
    assert (problem.row, problem.column) == (4, "Action")


def test_a_csv_tracker_in_windows_1252_reads_like_the_workbook():
    rows = [
        HEAD,
        ["1", "Children’s voices heard – monthly", "Head of Service", "May 2026", "Amber"],
    ]
    data = csv_bytes(rows, encoding="cp1252")
    result = read_plan_file("tracker.csv", data, title="Our plan")
    assert result.problems == []
    assert result.plan.actions[0].text == "Children’s voices heard – monthly"
    assert result.plan.actions[0].due_date == dt.date(2026, 5, 31)
