"""A page of the API costs a fixed number of queries, however long the plan's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import SLUG, add_rounds


@pytest.fixture
def warm(call, token_for, board):
    """A token already used once, so "last used" is fresh and the call writes nothing."""
    token = token_for(board)
    assert call(token, "plans").status_code == 200
    return token


# The token (with its person and last use), the plan, the person's role: 3. Then the
# plan as at a past day (PlanSnapshot): its scale, owner roles, chapters, areas, actions,
# further rows and owners: 7.
ACTIONS_QUERIES = 10


@pytest.mark.parametrize("extra_rounds", [0, 10])
@pytest.mark.parametrize("day", ["2025-11-12", None])
def test_actions_cost_the_same_for_a_ten_times_longer_history(
    call, warm, plan, manager, django_assert_num_queries, extra_rounds, day
):
    add_rounds(plan, manager, extra_rounds)
    query = {"as_at": day} if day else {}
    with django_assert_num_queries(ACTIONS_QUERIES):
        response = call(warm, f"plans/{SLUG}/actions", **query)
    assert response.json()["count"] == 143


# The token, the plan, the role: 3. The plan's vocabulary (Lookups): 4. The union
# counted, then cut to the page: 2. The page's action rows with their authors, then their
# predecessors: 2 (every entry of the newest page is an action's).
CHANGES_QUERIES = 11


@pytest.mark.parametrize("extra_rounds", [0, 10])
def test_the_change_log_costs_the_same_for_a_ten_times_longer_history(
    call, warm, plan, manager, django_assert_num_queries, extra_rounds
):
    add_rounds(plan, manager, extra_rounds)
    with django_assert_num_queries(CHANGES_QUERIES):
        response = call(warm, f"plans/{SLUG}/changes")
    assert len(response.json()["items"]) == 100


@pytest.mark.parametrize("extra_rounds", [0, 10])
def test_a_filtered_change_log_costs_the_same_too(
    call, warm, plan, manager, django_assert_num_queries, extra_rounds
):
    add_rounds(plan, manager, extra_rounds)
    # Rating moves of actions and of further printed rows (CLB4 row 2): two kinds of
    # history row on the page, two queries more.
    with django_assert_num_queries(CHANGES_QUERIES + 2):
        response = call(warm, f"plans/{SLUG}/changes", field="rating", since="2025-05-09")
    assert {c["kind"] for c in response.json()["items"]} == {"action", "row"}


def test_a_first_call_in_a_minute_adds_one_write_for_last_used(call, token_for, board):
    token = token_for(board)
    with CaptureQueriesContext(connection) as first:
        call(token, "plans")
    with CaptureQueriesContext(connection) as second:
        call(token, "plans")
    assert len(first) == len(second) + 1
    assert any(q["sql"].startswith("UPDATE") for q in first.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in second.captured_queries)
