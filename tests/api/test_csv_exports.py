"""Every list as CSV: a header row of the JSON's field names, then the whole list, with
text a spreadsheet would run written as text."""

import csv
import io

import pytest

from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .conftest import SLUG

ACTION_HEADER = [
    "ref", "label", "short_title", "text", "chapter", "chapter_title", "area", "owners",
    "due_date", "due_text", "rating", "rating_reason", "progress",
]  # fmt: skip


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert not body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body)))


def test_the_actions_csv_has_a_header_and_every_action_as_at_the_day(call, token_for, board):
    response = call(token_for(board), f"plans/{SLUG}/actions.csv", as_at="2025-11-12")
    assert (
        'filename="childrens-services-actions-as-at-2025-11-12.csv"'
        in response["Content-Disposition"]
    )
    header, *lines = read_csv(response)
    assert header == ACTION_HEADER
    assert len(lines) == 143
    row = dict(zip(header, next(line for line in lines if line[0] == "CLB4"), strict=True))
    assert row["owners"] == (
        "Service Manager Care Leavers; Area Delivery Manager Targeted Youth Work; "
        "Head of Service for Education Participation and Pupil Support"
    )
    assert row["rating"] == "Complete but need to evidence impact"


def test_a_formula_in_an_action_is_written_as_text(call, token_for, board, manager, plan):
    action = Action.objects.get(plan=plan, ref="SL1")
    action.progress = '=HYPERLINK("http://example.com","click")'
    save_tracked(action, user=manager, reason="Monthly update")
    token = token_for(board)
    header, *lines = read_csv(call(token, f"plans/{SLUG}/actions.csv"))
    row = dict(zip(header, lines[0], strict=True))
    assert row["progress"] == "'" + action.progress
    # JSON carries the text as it is: only a spreadsheet needs the guard.
    items = call(token, f"plans/{SLUG}/actions").json()["items"]
    assert items[0]["progress"] == action.progress


def test_the_changes_csv_has_one_line_per_changed_field(call, token_for, board):
    response = call(
        token_for(board), f"plans/{SLUG}/changes.csv", action="SL17", since="2025-05-09"
    )
    header, *lines = read_csv(response)
    assert header == [
        "when", "who", "person", "kind", "ref", "subject", "area", "what_changed", "field",
        "before", "after", "reason",
    ]  # fmt: skip
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    rating = [r for r in rows if r["field"] == "rating"]
    assert [(r["before"], r["after"]) for r in rating] == [("On track", "Delayed")]
    assert {r["ref"] for r in rows} == {"SL17"}


def test_negative_money_stays_a_number(call, token_for, board):
    header, *lines = read_csv(call(token_for(board), f"plans/{SLUG}/finance.csv"))
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    home = next(r for r in rows if r["expenditure_group"].startswith("Children's Home for"))
    assert (home["budget_pence"], home["actual_pence"]) == ("0", "-129200")


@pytest.mark.parametrize(
    "path, first_column",
    [
        ("plans.csv", "slug"),
        (f"plans/{SLUG}/ratings.csv", "rating"),
        (f"plans/{SLUG}/rounds.csv", "name"),
        (f"plans/{SLUG}/scorecard.csv", "section"),
        (f"plans/{SLUG}/finance.csv", "point"),
    ],
)
def test_every_list_has_a_csv_with_a_header_row(call, token_for, board, path, first_column):
    header, *_ = read_csv(call(token_for(board), path))
    assert header[0] == first_column
