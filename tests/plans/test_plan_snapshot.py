"""The plan as it stood at a day (``PlanSnapshot``): the same rows as simple-history's
own ``as_of``, the documents' values on their days, objects deleted since still there,
and a fixed number of queries whatever the length of the history."""

import datetime as dt

import pytest

from improvement.lib.dates import end_of_day, today
from improvement.lib.history import delete_tracked, save_tracked
from improvement.plans.models import Action, ActionOwner, ActionRow, RatingLevel
from improvement.plans.snapshot import PlanSnapshot
from tests.governance.conftest import MAY, NOVEMBER, add_rounds

DAYS = [dt.date(2025, 5, 7), MAY, dt.date(2025, 8, 1), NOVEMBER, dt.date(2026, 2, 1)]


def pairs(rows):
    return sorted((r.pk, r.version) if hasattr(r, "version") else (r.pk, r.row) for r in rows)


@pytest.mark.parametrize("day", DAYS)
def test_it_reads_the_same_rows_as_simple_historys_as_of(plan, day):
    moment = end_of_day(day)
    snap = PlanSnapshot(plan, day)
    assert pairs(snap.actions) == pairs(Action.history.as_of(moment).filter(plan_id=plan.pk))
    expected_owners = ActionOwner.history.as_of(moment).filter(action__plan=plan)
    assert sorted(o.pk for o in snap._owners) == sorted(o.pk for o in expected_owners)
    expected_rows = ActionRow.history.as_of(moment).filter(action__plan=plan)
    got_rows = [r for rows in snap.further_rows.values() for r in rows]
    assert sorted(r.pk for r in got_rows) == sorted(r.pk for r in expected_rows)


def test_the_may_plan_has_its_143_actions_and_sl17_as_the_may_document_gives_it(plan):
    # fixtures/plan_2025-05-08.json: SL17 "On track", due July 2025, Quality Assurance
    # Improvement Lead.
    snap = PlanSnapshot(plan, MAY)
    assert len(snap.actions) == 143
    sl17 = snap.action_by_ref["SL17"]
    assert snap.level_by_id[sl17.rating_id].name == "On track"
    assert sl17.due_date == dt.date(2025, 7, 31)
    assert snap.owners(sl17.pk) == ["Quality Assurance Improvement Lead"]


def test_the_november_plan_reads_sl17_as_the_november_document_gives_it(plan):
    # fixtures/plan_2025-11-12.json: SL17 "Delayed".
    snap = PlanSnapshot(plan, NOVEMBER)
    assert snap.level_by_id[snap.action_by_ref["SL17"].rating_id].name == "Delayed"


def test_an_action_deleted_since_is_still_in_the_plan_as_it_was(plan, manager):
    action = Action.objects.get(plan=plan, ref="CH3")
    owners = set(action.owners.values_list("pk", flat=True))
    delete_tracked(action, user=manager, reason="Replaced by a new action")
    then = PlanSnapshot(plan, NOVEMBER)
    assert "CH3" in then.action_by_ref
    assert owners <= {o.pk for o in then._owners}
    assert "CH3" not in PlanSnapshot(plan).action_by_ref


def test_a_past_day_prints_the_rating_words_of_that_day(plan, manager):
    level = RatingLevel.objects.get(plan=plan, name="Delayed")
    level.name = "Slipped"
    save_tracked(level, user=manager, reason="Renamed by the board.")
    then, now = PlanSnapshot(plan, NOVEMBER), PlanSnapshot(plan)
    assert then.level_by_id[level.pk].name == "Delayed"
    assert now.level_by_id[level.pk].name == "Slipped"


def test_today_reads_the_live_tables(plan):
    assert PlanSnapshot(plan).moment is None
    assert PlanSnapshot(plan, today()).moment is None
    assert PlanSnapshot(plan, NOVEMBER).moment == end_of_day(NOVEMBER)


@pytest.mark.parametrize("extra_rounds", [0, 10])
@pytest.mark.parametrize("day", [MAY, None])
def test_the_plan_costs_seven_queries_now_or_then_however_long_the_history(
    plan, manager, django_assert_num_queries, extra_rounds, day
):
    add_rounds(plan, manager, extra_rounds)
    snap = PlanSnapshot(plan, day)
    # Scale, roles, chapters, areas, actions, further rows, owners.
    with django_assert_num_queries(7):
        assert snap.summary()["total"] == 143
        read = [snap.chapters, snap.areas, snap.role_titles, snap.further_rows]
        assert all(read) and snap.owners(snap.action_by_ref["SL1"].pk)
