"""Reading the whole plan as it stood at a date: same answer as simple-history's as_of,
in a fixed number of queries whatever the length of the history."""

import datetime as dt

import pytest

from improvement.governance.asof import plan_rows
from improvement.lib.history import delete_tracked
from improvement.plans.models import Action, ActionOwner, ActionRow
from improvement.plans.status import end_of_day

from .conftest import MAY, NOVEMBER, add_rounds

DAYS = [dt.date(2025, 5, 7), MAY, dt.date(2025, 8, 1), NOVEMBER, dt.date(2026, 2, 1)]


def ids(rows):
    return sorted((r.id, r.history_id) for r in rows)


@pytest.mark.parametrize("day", DAYS)
def test_it_reads_the_same_rows_as_simple_historys_as_of(plan, day):
    moment = end_of_day(day)
    got = plan_rows(plan, moment)
    expected_actions = Action.history.as_of(moment).filter(plan_id=plan.pk)
    expected_owners = ActionOwner.history.as_of(moment).filter(action__plan=plan)
    expected_rows = ActionRow.history.as_of(moment).filter(action__plan=plan)
    assert ids(got["actions"]) == sorted((a.id, a._history.history_id) for a in expected_actions)
    assert ids(got["owners"]) == sorted((o.id, o._history.history_id) for o in expected_owners)
    assert ids(got["rows"]) == sorted((r.id, r._history.history_id) for r in expected_rows)


def test_the_may_plan_has_its_143_actions_and_sl17_as_it_was(plan):
    got = plan_rows(plan, end_of_day(MAY))
    assert len(got["actions"]) == 143
    sl17 = next(a for a in got["actions"] if a.ref == "SL17")
    ratings = {r.id: r.name for r in got["ratings"]}
    assert ratings[sl17.rating_id] == "On track"
    assert sl17.due_date == dt.date(2025, 7, 31)


def test_an_action_deleted_since_is_still_in_the_plan_as_it_was(plan, manager):
    action = Action.objects.get(plan=plan, ref="CH3")
    owners = list(action.owners.values_list("pk", flat=True))
    delete_tracked(action, user=manager, reason="Replaced by a new action")
    then = plan_rows(plan, end_of_day(NOVEMBER))
    assert "CH3" in {a.ref for a in then["actions"]}
    assert set(owners) <= {o.id for o in then["owners"]}
    now = plan_rows(plan, end_of_day(dt.date.today()))
    assert "CH3" not in {a.ref for a in now["actions"]}


@pytest.mark.parametrize("extra_rounds", [0, 10])
@pytest.mark.parametrize("day", [MAY, None])
def test_the_read_costs_six_queries_now_or_then_however_long_the_history(
    plan, manager, django_assert_num_queries, extra_rounds, day
):
    add_rounds(plan, manager, extra_rounds)
    moment = end_of_day(day) if day else None
    # Ratings, chapters, areas, actions, owners, further rows.
    with django_assert_num_queries(6):
        got = plan_rows(plan, moment)
    assert len(got["actions"]) == 143
