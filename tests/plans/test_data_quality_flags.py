"""Data-quality flags: overdue, Complete without evidence, due date moved more than twice,
rating not updated for over 45 days — the last two kept on the action as its history
says, so a past day reads its own."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.evidence.models import Evidence
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.plans.reading import PlanReader
from improvement.plans.snapshot import PlanSnapshot

from .support import rating

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def flags_of(plan, ref):
    return [f.label for f in PlanReader(PlanSnapshot(plan)).read_action(ref)["action"].flags]


def change(action, user, **values):
    for name, value in values.items():
        setattr(action, name, value)
    save_tracked(action, user=user, reason="Test change.")


@pytest.fixture
def sl8(plan):
    """SL8: Reviewing, due TBC (no date) in the demo."""
    return Action.objects.get(plan=plan, ref="SL8")


def test_an_unfinished_action_past_its_due_date_is_overdue(plan, manager, sl8):
    change(sl8, manager, due_date=TODAY - dt.timedelta(days=1), rating=rating(plan, "On track"))
    assert "Overdue" in flags_of(plan, "SL8")


def test_an_action_due_today_is_not_yet_overdue(plan, manager, sl8):
    change(sl8, manager, due_date=TODAY, rating=rating(plan, "On track"))
    assert "Overdue" not in flags_of(plan, "SL8")


@pytest.mark.parametrize("finished", ["Complete", "Complete but need to evidence impact", "Closed"])
def test_a_finished_action_is_never_overdue(plan, manager, sl8, finished):
    change(sl8, manager, due_date=TODAY - dt.timedelta(days=300), rating=rating(plan, finished))
    assert "Overdue" not in flags_of(plan, "SL8")


def test_complete_without_an_evidence_note_is_flagged_until_evidence_is_given(plan, manager, sl8):
    change(sl8, manager, rating=rating(plan, "Complete"), evidence="")
    assert "Complete without evidence" in flags_of(plan, "SL8")
    change(sl8, manager, evidence="Audit report, March 2026")
    assert "Complete without evidence" not in flags_of(plan, "SL8")


def test_the_third_move_of_the_due_date_raises_the_flag(plan, manager, sl8):
    # The demo moved SL8 from September 2025 to TBC; one more move is the second.
    change(sl8, manager, due_date=dt.date(2027, 1, 31))
    assert "Due date moved more than twice" not in flags_of(plan, "SL8")
    change(sl8, manager, due_date=dt.date(2027, 2, 28))
    assert "Due date moved more than twice" in flags_of(plan, "SL8")


def test_other_changes_do_not_count_as_moves(plan, manager, sl8):
    for n in range(4):
        change(sl8, manager, progress=f"Update {n}")
    assert "Due date moved more than twice" not in flags_of(plan, "SL8")


def test_a_rating_last_changed_over_45_days_ago_is_flagged(plan, manager, sl8):
    # The demo set SL8's rating on 12 November 2025 and nothing has changed it since.
    assert TODAY - dt.date(2025, 11, 12) > dt.timedelta(days=45)
    assert "Rating not updated for over 45 days" in flags_of(plan, "SL8")


def test_commentary_alone_does_not_refresh_the_rating(plan, manager, sl8):
    change(sl8, manager, progress="Still reviewing with partners.")
    assert "Rating not updated for over 45 days" in flags_of(plan, "SL8")


def test_a_fresh_rating_clears_the_stale_flag(plan, manager, sl8):
    change(sl8, manager, rating=rating(plan, "On track"))
    assert "Rating not updated for over 45 days" not in flags_of(plan, "SL8")


def test_a_finished_action_is_not_asked_for_a_fresh_rating(plan):
    # SL1 has been Complete since 8 May 2025.
    assert "Rating not updated for over 45 days" not in flags_of(plan, "SL1")


def test_flags_show_on_the_action_page_with_their_reason(client, plan, owner, sl8):
    client.force_login(owner)
    body = client.get(reverse("plans:action", args=[plan.slug, "SL8"])).content.decode()
    box = body.split('class="app-flag-box"')[1].split("</ul>")[0]
    assert "Rating not updated for over 45 days" in box
    assert "The rating last changed on 12 November 2025." in box


def test_flags_show_in_the_plan_table_and_in_my_actions(client, plan, manager, sl8):
    change(sl8, manager, due_date=TODAY - dt.timedelta(days=3))
    client.force_login(manager)
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "Overdue" in page.split('id="action-SL8"')[1].split("</tr>")[0]
    mine = client.get(reverse("plans:my_actions")).content.decode()
    row = mine.split(f'href="/plans/{plan.slug}/actions/SL8/"')[1].split("</tr>")[0]
    assert "Overdue" in row


def test_flags_in_a_past_view_are_those_of_that_day(plan):
    # As at 1 June 2025 SL17 was On track, due July 2025: not yet overdue; its rating had
    # been set on 8 May 2025, less than 45 days before.
    action = PlanReader(PlanSnapshot(plan, dt.date(2025, 6, 1))).read_action("SL17")["action"]
    assert action.flags == []
    later = PlanReader(PlanSnapshot(plan, dt.date(2025, 8, 30))).read_action("SL17")["action"]
    assert [f.label for f in later.flags] == ["Overdue", "Rating not updated for over 45 days"]


def test_complete_actions_brought_in_from_the_plan_document_are_not_flagged(plan):
    # The 12 November 2025 document rates 82 actions Complete, none with an evidence note
    # of its own: the document is their evidence, so none is "Complete without evidence".
    page = PlanReader(PlanSnapshot(plan)).read_plan()
    complete = [a for a in page["actions"] if a.rating_level.name == "Complete"]
    assert len(complete) == 82
    assert not [a.ref for a in complete if any(f.key == "no_evidence" for f in a.flags)]


def test_renaming_the_levels_changes_no_flag(plan, manager, sl8):
    change(sl8, manager, due_date=TODAY - dt.timedelta(days=30), rating=rating(plan, "Closed"))
    for level in plan.rating_levels.all():
        level.name = f"Level {level.order}"
        level.colour = "grey"
        save_tracked(level, user=manager, reason="Renamed for the test.")
    assert "Overdue" not in flags_of(plan, "SL8")
    change(sl8, manager, rating=rating(plan, "Level 3"))  # was "On track"
    assert "Overdue" in flags_of(plan, "SL8")


def test_the_due_date_moves_and_rating_date_are_kept_on_the_action_by_every_save(
    plan, manager, sl8
):
    before = Action.objects.get(pk=sl8.pk)
    assert before.due_moves == 1  # September 2025 (8 May) → TBC (12 November)
    change(sl8, manager, due_date=dt.date(2027, 1, 31))
    change(sl8, manager, rating=rating(plan, "On track"))
    after = Action.objects.get(pk=sl8.pk)
    assert after.due_moves == 2
    assert after.rating_changed_at > before.rating_changed_at
    assert after.rating_source == Action.Source.PRODUCT


# -- Complete without evidence: evidence of impact attached counts as evidence ----------

LONDON = ZoneInfo("Europe/London")
# After the demo's last state (12 November 2025), so the past days below read these saves.
COMPLETED_AT = dt.datetime(2026, 1, 5, 10, 0, tzinfo=LONDON)
ADDED_AT = dt.datetime(2026, 1, 20, 10, 0, tzinfo=LONDON)
REMOVED_AT = dt.datetime(2026, 2, 3, 10, 0, tzinfo=LONDON)


def attach_link(action, user, *, added_at=ADDED_AT):
    item = Evidence(
        action=action,
        title="Audit of supervision, January 2026",
        date=dt.date(2026, 1, 19),
        kind=Evidence.Kind.LINK,
        url="https://example.org/audit-january-2026",
        added_by=user,
        added_at=added_at,
    )
    return save_tracked(item, user=user, reason="Evidence of impact added.", when=added_at)


def remove(item, user, *, when=REMOVED_AT):
    item.removed_at, item.removed_by, item.removal_reason = when, user, "The wrong audit."
    save_tracked(item, user=user, reason="The wrong audit.", when=when)


def flags_on(plan, ref, day):
    action = PlanReader(PlanSnapshot(plan, day)).read_action(ref)["action"]
    return [f.label for f in action.flags]


def test_complete_with_evidence_of_impact_attached_but_no_note_is_not_flagged(plan, manager, sl8):
    change(sl8, manager, rating=rating(plan, "Complete"), evidence="")
    attach_link(sl8, manager)
    assert "Complete without evidence" not in flags_of(plan, "SL8")


def test_removed_evidence_of_impact_does_not_count(plan, manager, sl8):
    change(sl8, manager, rating=rating(plan, "Complete"), evidence="")
    remove(attach_link(sl8, manager), manager)
    assert "Complete without evidence" in flags_of(plan, "SL8")


def test_evidence_of_another_action_does_not_count(plan, manager, sl8):
    change(sl8, manager, rating=rating(plan, "Complete"), evidence="")
    attach_link(Action.objects.get(plan=plan, ref="SL9"), manager)
    assert "Complete without evidence" in flags_of(plan, "SL8")


def test_a_past_day_counts_only_the_evidence_there_was_at_the_end_of_that_day(plan, manager, sl8):
    # Complete on 5 January 2026, evidence added on 20 January, removed on 3 February.
    sl8.rating, sl8.evidence = rating(plan, "Complete"), ""
    save_tracked(sl8, user=manager, reason="Done.", when=COMPLETED_AT)
    remove(attach_link(sl8, manager), manager)
    flag = "Complete without evidence"
    assert flag not in flags_on(plan, "SL8", dt.date(2026, 1, 4))  # not Complete yet
    assert flag in flags_on(plan, "SL8", dt.date(2026, 1, 19))  # the evidence came next day
    assert flag not in flags_on(plan, "SL8", dt.date(2026, 1, 20))
    assert flag not in flags_on(plan, "SL8", dt.date(2026, 2, 2))
    assert flag in flags_on(plan, "SL8", dt.date(2026, 2, 3))  # removed that morning
    assert flag in flags_of(plan, "SL8")


def test_the_plan_table_and_my_actions_count_evidence_of_impact(client, plan, owner, manager):
    # SL15b, "Complete but need to evidence impact" in the 12 November 2025 document, is
    # owned by the Principal Social Worker role, which the demo officer holds.
    sl15b = Action.objects.get(plan=plan, ref="SL15b")
    change(sl15b, manager, rating=rating(plan, "Complete"), evidence="")
    client.force_login(owner)
    plan_url = reverse("plans:detail", args=[plan.slug])

    def rows():
        page = client.get(plan_url).content.decode()
        mine = client.get(reverse("plans:my_actions")).content.decode()
        return (
            page.split('id="action-SL15b"')[1].split("</tr>")[0],
            mine.split(f'href="/plans/{plan.slug}/actions/SL15b/"')[1].split("</tr>")[0],
        )

    assert all("Complete without evidence" in row for row in rows())
    attach_link(sl15b, owner)
    assert not any("Complete without evidence" in row for row in rows())
