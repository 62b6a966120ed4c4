"""Appendix 3 (changes agreed through governance) read from the record (TEAM.md §5)."""

import datetime as dt

import pytest

from improvement.governance import proposals
from improvement.governance.appendix3 import appendix3_changes
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel

from .conftest import MAY, NOVEMBER

KEYS = ["revised_timescales", "delayed", "revised_wording", "under_review"]


def test_the_demo_gives_the_seeds_appendix_3(plan, appendix3, november_doc):
    got = appendix3_changes(plan, since=MAY, as_at=NOVEMBER)
    assert list(got) == KEYS
    for key in KEYS:
        assert [e["ref"] for e in got[key]] == [e["ref"] for e in appendix3[key]], key
        for mine, printed in zip(got[key], appendix3[key], strict=True):
            assert set(mine) == set(printed), (key, printed["ref"])
            for field, value in printed.items():
                if field == "action" and key == "revised_timescales":
                    # Appendix 3 prints these three without the plan's full stop (and P7
                    # as "the outcomes their achieve"); the record holds the plan's wording.
                    assert mine["action"] == november_doc[printed["ref"]]["text"]
                    continue
                assert mine[field] == value, (key, printed["ref"], field)


def test_nothing_was_agreed_after_the_november_plan(plan):
    got = appendix3_changes(plan, since=NOVEMBER, as_at=dt.date(2026, 1, 19))
    assert got == {key: [] for key in KEYS}


def test_nothing_was_agreed_before_the_may_plan(plan):
    got = appendix3_changes(plan, since=dt.date(2025, 1, 1), as_at=MAY)
    assert got == {key: [] for key in KEYS}


def decide(action, manager, *, approve=True, **change):
    proposal = proposals.propose(
        action, user=manager, reason="Aligned with families first.", **change
    )
    if approve:
        proposals.approve(
            proposal,
            user=manager,
            meeting="Partnership Oversight Group",
            meeting_date=dt.date.today(),
        )
    else:
        proposals.reject(
            proposal,
            user=manager,
            meeting="Partnership Oversight Group",
            meeting_date=dt.date.today(),
            reason="Not yet.",
        )
    return proposal


def test_an_approved_new_due_date_is_a_revised_timescale(plan, manager):
    action = Action.objects.get(plan=plan, ref="SL14")
    decide(action, manager, kind="due", new_due=(dt.date(2026, 9, 30), ""))
    today = dt.date.today()
    got = appendix3_changes(plan, since=today - dt.timedelta(days=1), as_at=today)
    assert got["revised_timescales"] == [
        {
            "ref": "SL14",
            "action": action.text,
            "original": "February 2025",
            "revised": "September 2026",
            "reason": "Aligned with families first.",
        }
    ]


def test_rejected_and_waiting_proposals_are_not_in_it(plan, manager):
    decide(Action.objects.get(plan=plan, ref="SL14"), manager, approve=False, kind="due",
           new_due=(dt.date(2026, 9, 30), ""))  # fmt: skip
    proposals.propose(
        Action.objects.get(plan=plan, ref="SL1"),
        user=manager,
        kind="wording",
        reason="Clearer",
        new_text="Reworded.",
    )
    today = dt.date.today()
    got = appendix3_changes(plan, since=today - dt.timedelta(days=1), as_at=today)
    assert got == {key: [] for key in KEYS}


def test_an_officers_own_move_to_delayed_is_reported_with_its_reason(plan, owner):
    action = Action.objects.get(plan=plan, ref="SL14")
    action.rating = RatingLevel.objects.get(plan=plan, name="Delayed")
    save_tracked(action, user=owner, reason="The trainer left; new dates with HR.")
    today = dt.date.today()
    got = appendix3_changes(plan, since=today - dt.timedelta(days=1), as_at=today)
    assert got["delayed"] == [
        {
            "ref": "SL14",
            "action": action.text,
            "original": "February 2025",
            "reason": "The trainer left; new dates with HR.",
        }
    ]


@pytest.mark.parametrize("since", [MAY, dt.date(2024, 1, 1)])
def test_it_costs_four_queries(plan, django_assert_num_queries, since):
    with django_assert_num_queries(4):
        appendix3_changes(plan, since=since, as_at=NOVEMBER)
