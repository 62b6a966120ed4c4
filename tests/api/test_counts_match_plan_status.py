"""The API's plan at a day counts what ``plan_status`` prints: the committee's figures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import SLUG


def plan_status(day):
    out = StringIO()
    call_command("plan_status", "--as-at", day, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("day", ["2025-05-08", "2025-11-12"])
def test_counts_per_rating_equal_plan_status_at_both_dates(call, token_for, board, day):
    token = token_for(board)
    expected = plan_status(day)
    body = call(token, f"plans/{SLUG}", as_at=day).json()
    assert body["as_at"] == day
    assert {r["rating"]: r["count"] for r in body["by_rating"]} == expected["by_rating"]
    assert (body["total"], body["complete"], body["percent_complete"]) == (
        expected["total"],
        expected["complete"],
        expected["percent_complete"],
    )
    listed = call(token, f"plans/{SLUG}/ratings", as_at=day).json()["items"]
    assert {r["rating"]: r["count"] for r in listed} == expected["by_rating"]


def test_12_november_2025_is_the_committee_reports_82_complete_of_143(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}", as_at="2025-11-12").json()
    assert (body["total"], body["complete"], body["percent_complete"]) == (143, 82, 57)
    counts = {r["rating"]: r["count"] for r in body["by_rating"]}
    assert counts["Complete"] == 82


def test_8_may_2025_counts_that_documents_ratings(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}", as_at="2025-05-08").json()
    assert (body["total"], body["complete"], body["percent_complete"]) == (143, 44, 31)
    assert {r["rating"]: r["count"] for r in body["by_rating"]}["On track"] == 26


def test_without_a_date_the_plan_is_as_it_is_now(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}").json()
    assert (body["total"], body["complete"]) == (143, 82)


@pytest.mark.parametrize("day", ["2999-01-01", "2025-02-30", "12/11/2025"])
def test_a_future_or_unreal_day_is_refused_with_422(call, token_for, board, day):
    response = call(token_for(board), f"plans/{SLUG}", as_at=day)
    assert response.status_code == 422
