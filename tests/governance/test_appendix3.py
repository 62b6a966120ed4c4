"""Appendix 3 read from the record: the changes of a period, each either
agreed through governance (an approved proposal, its meeting named) or made directly."""

import datetime as dt

import pytest

from improvement.governance import meetings, proposals
from improvement.governance.appendix3 import appendix3_changes, status_levels
from improvement.governance.models import Meeting
from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel

from .conftest import MAY, NOVEMBER

KEYS = ["revised_timescales", "delayed", "revised_wording", "under_review"]
MEETING = "Partnership Oversight Group"
# improvement/demo/agreed_changes.py: the demo's meeting, named as a decision prints it.
DEMO_MEETING = "Partnership Oversight Group, 12 November 2025"
GOVERNANCE = {"agreed", "meeting", "meetings", "direct"}


def test_the_demo_gives_the_seeds_appendix_3_every_change_agreed(plan, appendix3, november_doc):
    got = appendix3_changes(plan, since=MAY, as_at=NOVEMBER, direct=False)
    assert list(got) == KEYS
    for key in KEYS:
        assert [e["ref"] for e in got[key]] == [e["ref"] for e in appendix3[key]], key
        for mine, printed in zip(got[key], appendix3[key], strict=True):
            assert set(mine) == set(printed) | GOVERNANCE, (key, printed["ref"])
            assert (mine["agreed"], mine["meeting"], mine["direct"]) == (True, DEMO_MEETING, [])
            # The seeds publish no minutes of it, so there is no link.
            assert mine["meetings"] == [{"label": DEMO_MEETING, "minutes_url": ""}]
            for field, value in printed.items():
                if field == "action" and key == "revised_timescales":
                    # Appendix 3 prints these three without the plan's full stop (and P7
                    # as "the outcomes their achieve"); the record holds the plan's wording.
                    assert mine["action"] == november_doc[printed["ref"]]["text"]
                    continue
                assert mine[field] == value, (key, printed["ref"], field)


def test_the_plan_documents_own_moves_are_its_record_not_unagreed_changes(plan, appendix3):
    """The plan of 12 November 2025 moved five more due dates that no approved proposal
    covers (SL6, CLD9, P6, MO4, W6: fixtures/plan_2025-05-08.json → plan_2025-11-12.json),
    and the demo records P10 at October 2025 before the meeting moved it, as the seed's
    Appendix 3 gives it (docs/history-demo.md). Those are the documents' record, brought
    in by the loader, not changes made in the product: the printed appendix is the seed's
    list exactly, every entry agreed, with P10 from October 2025."""
    got = appendix3_changes(plan, since=MAY, as_at=NOVEMBER)
    assert {k: [e["ref"] for e in got[k]] for k in KEYS} == {
        k: [e["ref"] for e in appendix3[k]] for k in KEYS
    }
    assert all(e["agreed"] and e["direct"] == [] for k in KEYS for e in got[k])
    p10 = next(e for e in got["revised_timescales"] if e["ref"] == "P10")
    assert (p10["original"], p10["revised"]) == ("October 2025", "March 2026")


def test_nothing_changed_after_the_november_plan(plan):
    got = appendix3_changes(plan, since=NOVEMBER, as_at=dt.date(2026, 1, 19))
    assert got == {key: [] for key in KEYS}


def test_loading_the_may_plan_is_not_a_change(plan):
    got = appendix3_changes(plan, since=dt.date(2025, 1, 1), as_at=MAY)
    assert got == {key: [] for key in KEYS}


def decide(action, manager, *, approve=True, **change):
    proposal = proposals.propose(
        action, user=manager, reason="Aligned with families first.", **change
    )
    held = Meeting.objects.filter(plan=action.plan, name=MEETING, date=today()).first()
    held = held or meetings.record(action.plan, user=manager, name=MEETING, date=today())
    meeting = {"user": manager, "meeting": held}
    if approve:
        proposals.approve(proposal, **meeting)
    else:
        proposals.reject(proposal, reason="Not yet.", **meeting)
    return proposal


def this_period(plan):
    return appendix3_changes(plan, since=today() - dt.timedelta(days=1), as_at=today())


def test_an_approved_new_due_date_is_an_agreed_revised_timescale(plan, manager):
    action = Action.objects.get(plan=plan, ref="SL14")
    decide(action, manager, kind="due", new_due=(dt.date(2026, 9, 30), ""))
    assert this_period(plan)["revised_timescales"] == [
        {
            "ref": "SL14",
            "action": action.text,
            "original": "February 2025",
            "revised": "September 2026",
            "reason": "Aligned with families first.",
            "agreed": True,
            "meeting": f"{MEETING}, {today().day} {today():%B %Y}",
            "meetings": [{"label": f"{MEETING}, {today().day} {today():%B %Y}", "minutes_url": ""}],
            "direct": [],
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
    assert this_period(plan) == {key: [] for key in KEYS}


def not_governed(plan, user):
    """The plan as it is when its changes do not need agreeing at a meeting."""
    plan.changes_need_agreement = False
    save_tracked(plan, user=user, reason="Test: changes are made directly")


def governed(plan, user):
    plan.changes_need_agreement = True
    save_tracked(plan, user=user, reason="Test: changes need agreeing at a meeting")


def test_an_officers_own_move_to_delayed_is_listed_as_not_agreed(plan, owner, manager):
    not_governed(plan, manager)
    action = Action.objects.get(plan=plan, ref="SL14")
    action.rating = RatingLevel.objects.get(plan=plan, name="Delayed")
    save_tracked(action, user=owner, reason="The trainer left; new dates with HR.")
    assert this_period(plan)["delayed"] == [
        {
            "ref": "SL14",
            "action": action.text,
            "original": "February 2025",
            "reason": "The trainer left; new dates with HR.",
            "agreed": False,
            "meeting": "",
            "meetings": [],
            "direct": [
                {
                    "by": "Olivia Officer",
                    "on": today(),
                    "original": "Complete",
                    "revised": "Delayed",
                }
            ],
        }
    ]


def test_delayed_again_by_hand_after_an_agreed_delay_is_not_agreed(plan, manager, owner):
    not_governed(plan, manager)
    action = Action.objects.get(plan=plan, ref="SL14")
    levels = {r.name: r for r in RatingLevel.objects.filter(plan=plan)}
    decide(action, manager, kind="status", new_rating=levels["Delayed"])
    for name in ("On track", "Delayed"):
        action.refresh_from_db()
        action.rating = levels[name]
        save_tracked(action, user=owner, reason=f"{name} again.")
    (entry,) = this_period(plan)["delayed"]
    assert (entry["ref"], entry["agreed"], entry["reason"]) == ("SL14", False, "Delayed again.")


def test_when_changes_need_agreement_a_direct_change_is_not_listed(plan, owner, manager):
    governed(plan, manager)
    action = Action.objects.get(plan=plan, ref="SL14")
    action.rating = RatingLevel.objects.get(plan=plan, name="Delayed")
    action.due_date = dt.date(2026, 6, 30)
    save_tracked(action, user=owner, reason="The trainer left; new dates with HR.")
    assert this_period(plan) == {key: [] for key in KEYS}


def test_when_changes_need_agreement_an_agreed_change_still_notes_a_later_direct_move(
    plan, manager, admin_user
):
    governed(plan, manager)
    action = Action.objects.get(plan=plan, ref="SL14")
    decide(action, manager, kind="due", new_due=(dt.date(2026, 9, 30), ""))
    action.refresh_from_db()
    action.due_date = dt.date(2026, 12, 31)
    save_tracked(action, user=admin_user, reason="Moved in the admin.")
    (entry,) = this_period(plan)["revised_timescales"]
    assert (entry["agreed"], entry["original"], entry["revised"]) == (
        True,
        "February 2025",  # fixtures/plan_2025-11-12.json
        "December 2026",
    )
    assert [(m["original"], m["revised"]) for m in entry["direct"]] == [
        ("September 2026", "December 2026")
    ]


def test_renaming_the_delayed_level_changes_nothing(plan, admin_user):
    level = RatingLevel.objects.get(plan=plan, name="Delayed")
    level.name = level.short_name = "Running late"
    save_tracked(level, user=admin_user, reason="Test: the scale's words change")
    got = appendix3_changes(plan, since=MAY, as_at=NOVEMBER)
    assert [e["ref"] for e in got["delayed"]] == ["SL17"]  # seeds/003, Appendix 3
    assert [r.name for r in status_levels(plan.pk)] == ["Running late", "Reviewing"]


def test_a_level_merely_called_delayed_is_not_listed_as_delayed(plan, admin_user):
    level = RatingLevel.objects.get(plan=plan, name="Delayed")
    level.is_delayed = False
    save_tracked(level, user=admin_user, reason="Test: the level no longer means delayed")
    assert appendix3_changes(plan, since=MAY, as_at=NOVEMBER)["delayed"] == []
    assert [r.name for r in status_levels(plan.pk)] == ["Reviewing"]


@pytest.mark.parametrize("since", [MAY, dt.date(2024, 1, 1)])
def test_it_costs_four_queries(plan, django_assert_num_queries, since):
    with django_assert_num_queries(4):
        appendix3_changes(plan, since=since, as_at=NOVEMBER)
