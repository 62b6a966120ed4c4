"""Data-quality flags: overdue, Complete without evidence, due date moved more than twice,
rating not updated for over 45 days — the last two kept on the action as its history
says, so a past day reads its own."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

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
