"""Due dates that need agreement: in the demo plan (``changes_need_agreement`` on) an
officer's new due date on the update form is proposed to the next meeting instead of
changing the action, and Appendix 3 lists it only once a meeting agrees it. W6 is the
demo officer's (Head of HR and Principal Social Worker), due November 2025, On track
(fixtures/plan_2025-11-12.json)."""

import datetime as dt

import pytest

from improvement.governance import meetings, proposals
from improvement.governance.models import Proposal
from improvement.lib.dates import today
from improvement.plans.models import Action
from tests.reports.htmltext import rendered, table_rows

from .support import edit_url, form_data

pytestmark = pytest.mark.django_db

TIMESCALES = ["Ref", "Action", "Original timescale", "Revised timescale", "Reason"]
NOVEMBER_2025 = dt.date(2025, 11, 30)


@pytest.fixture
def w6(plan, owner):
    action = Action.objects.get(plan=plan, ref="W6")
    assert action.owners.filter(role__users=owner).exists()
    return action


def move_to_march(client, user, action, **extra):
    client.force_login(user)
    data = form_data(
        action, due_day="31", due_month="3", due_year="2026", reason="New campaign dates.", **extra
    )
    return client.post(edit_url(action), data, follow=True)


def appendix3_rows(plan):
    document = rendered(plan, "3", today(), since=today() - dt.timedelta(days=1))
    return {row["Ref"]: row for row in table_rows(document, TIMESCALES)}


def test_the_demo_plan_needs_agreement_for_changes(plan):
    assert plan.changes_need_agreement


def test_an_officers_new_due_date_goes_to_the_proposals_queue_not_the_action(
    client, plan, owner, w6
):
    response = move_to_march(client, owner, w6, progress="Campaign planned.")
    body = response.content.decode()
    assert "the new due date, March 2026, is proposed to the next meeting" in body
    assert "keeps its due date (November 2025)" in body
    w6.refresh_from_db()
    assert w6.due_date == NOVEMBER_2025
    assert w6.progress == "Campaign planned."  # the rest of the form saves as usual
    proposal = Proposal.objects.get(action=w6)
    assert (proposal.kind, proposal.status) == ("due", "pending")
    assert proposal.new_due_date == dt.date(2026, 3, 31)
    assert proposal.reason == "New campaign dates."
    assert proposal.proposed_by == owner
    assert list(Proposal.objects.waiting(plan)) == [proposal]


def test_the_message_names_the_next_recorded_meeting(client, plan, owner, manager, w6):
    meetings.record(
        plan, user=manager, name="Partnership Oversight Group", date=today() + dt.timedelta(7)
    )
    body = move_to_march(client, owner, w6).content.decode()
    assert "is proposed to Partnership Oversight Group, " in body


def test_appendix_3_lists_the_change_only_once_a_meeting_agrees_it(
    client, plan, owner, manager, w6
):
    move_to_march(client, owner, w6)
    assert "W6" not in appendix3_rows(plan)
    meeting = meetings.record(plan, user=manager, name="Partnership Oversight Group", date=today())
    proposals.approve(Proposal.objects.get(action=w6), user=manager, meeting=meeting)
    w6.refresh_from_db()
    assert w6.due_date == dt.date(2026, 3, 31)
    row = appendix3_rows(plan)["W6"]
    assert (row["Original timescale"], row["Revised timescale"]) == ("November 2025", "March 2026")
    assert f"Agreed: {meeting.label}." in row["Reason"]
    assert "Not agreed" not in row["Reason"]


def test_a_second_due_date_while_one_waits_is_refused_beside_the_date(client, plan, owner, w6):
    move_to_march(client, owner, w6)
    w6.refresh_from_db()
    client.force_login(owner)
    data = form_data(w6, due_day="30", due_month="4", due_year="2026", reason="Later still.")
    body = client.post(edit_url(w6), data).content.decode()
    assert 'id="due-error"' in body
    assert "already a proposal for new due date of W6 waiting for a decision" in body
    assert Proposal.objects.filter(action=w6).count() == 1


def test_a_managers_new_due_date_changes_the_action_directly(client, plan, manager, w6):
    assert move_to_march(client, manager, w6).status_code == 200
    w6.refresh_from_db()
    assert w6.due_date == dt.date(2026, 3, 31)
    assert not Proposal.objects.filter(action=w6).exists()


def test_the_form_tells_an_officer_that_a_new_due_date_goes_to_a_meeting(client, owner, w6):
    client.force_login(owner)
    body = client.get(edit_url(w6)).content.decode()
    assert "A new due date is proposed to the next meeting" in body
