"""Governance of changes: an officer proposes, a plan manager records the meeting's decision."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.governance import meetings
from improvement.governance.models import Proposal
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel


@pytest.fixture
def december(plan, manager):
    """The Partnership Oversight Group's first meeting, 12 December 2024 (seeds/002:
    "The set up for these new arrangements took place on 12 December")."""
    return meetings.record(
        plan, user=manager, name="Partnership Oversight Group", date=dt.date(2024, 12, 12)
    )


@pytest.fixture
def chosen(december):
    """The decision page's choice of that meeting, as the form posts it."""
    return {"meeting": str(december.pk)}


def propose_url(plan, ref):
    return reverse("governance:propose", args=[plan.slug, ref])


def decide_url(plan, proposal):
    return reverse("governance:decide", args=[plan.slug, proposal.pk])


@pytest.fixture
def sl14(plan):
    """Owned by the Principal Social Worker role, which the demo officer holds."""
    return Action.objects.get(plan=plan, ref="SL14")


def propose_due(
    client, plan, ref="SL14", due="March 2026", reason="Waiting for the new IT system."
):
    return client.post(propose_url(plan, ref), {"kind": "due", "new_due": due, "reason": reason})


def test_an_owner_proposes_a_new_due_date_and_the_action_waits(login, plan, owner, sl14):
    before = (sl14.due_date, sl14.due_text)
    response = propose_due(login(owner), plan)
    assert response.status_code == 302
    proposal = Proposal.objects.get(action=sl14)
    assert proposal.status == "pending"
    assert proposal.new_due_date == dt.date(2026, 3, 31)
    assert proposal.proposed_by == owner
    sl14.refresh_from_db()
    assert (sl14.due_date, sl14.due_text) == before


def test_an_officer_cannot_propose_on_an_action_they_do_not_own(login, plan, owner):
    assert propose_due(login(owner), plan, ref="SL18").status_code == 403
    assert not Proposal.objects.filter(action__ref="SL18", status="pending").exists()


@pytest.mark.parametrize("who", ["board", "clerk"])
def test_readers_cannot_propose(login, plan, request, who):
    assert propose_due(login(request.getfixturevalue(who)), plan).status_code == 403


def test_a_due_date_that_is_not_a_month_is_explained_and_the_reason_kept(login, plan, owner):
    response = propose_due(login(owner), plan, due="soon", reason="My careful reason")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a month and year, for example" in html
    assert 'id="id_new_due-error"' in html
    assert "My careful reason" in html
    assert not Proposal.objects.filter(status="pending").exists()


def test_a_proposal_needs_a_reason(login, plan, owner):
    html = propose_due(login(owner), plan, reason="").content.decode()
    assert "Say why the change is needed." in html


def test_the_manager_approves_naming_the_meeting_and_the_action_changes(
    login, client, plan, owner, manager, sl14, chosen
):
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    client.logout()
    response = login(manager).post(
        decide_url(plan, proposal), {"decision": "approve", "note": "", **chosen}
    )
    assert response.status_code == 302
    sl14.refresh_from_db()
    assert sl14.due_date == dt.date(2026, 3, 31)
    record = sl14.history.first()
    assert record.history_user == manager
    assert record.history_change_reason.startswith("Waiting for the new IT system.")
    assert (
        "Approved: Partnership Oversight Group, 12 December 2024." in record.history_change_reason
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", manager)


def test_a_rejection_keeps_the_proposal_and_its_reason_and_leaves_the_action(
    login, client, plan, owner, manager, board, sl14, chosen
):
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    rows_before = sl14.history.count()
    client.logout()
    response = login(manager).post(
        decide_url(plan, proposal),
        {"decision": "reject", "note": "Keep the date: the system is live.", **chosen},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert proposal.decision_note == "Keep the date: the system is live."
    assert sl14.history.count() == rows_before
    client.logout()
    page = login(board).get(reverse("governance:action_history", args=[plan.slug, "SL14"]))
    assert "Keep the date: the system is live." in page.content.decode()


def test_a_rejection_without_a_reason_is_refused(login, client, plan, owner, manager, sl14, chosen):
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    client.logout()
    response = login(manager).post(decide_url(plan, proposal), {"decision": "reject", **chosen})
    assert "Say why the change is rejected." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_a_decision_must_name_one_of_the_plans_past_meetings(
    login, client, plan, owner, manager, sl14, december
):
    next_year = meetings.record(
        plan, user=manager, name="Partnership Oversight Group", date=dt.date(2999, 1, 1)
    )
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    client.logout()
    page = login(manager).get(decide_url(plan, proposal)).content.decode()
    # Offered: the meeting held (and the demo's); not the one still to come.
    assert f'value="{december.pk}"' in page
    assert f'value="{next_year.pk}"' not in page
    for meeting in ("", str(next_year.pk)):
        html = client.post(
            decide_url(plan, proposal), {"decision": "approve", "meeting": meeting}
        ).content.decode()
        assert "Choose the meeting that decided." in html or "Choose one of the plan" in html
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_approval_is_refused_if_the_action_changed_since(
    login, client, plan, owner, manager, sl14, chosen
):
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    sl14.due_date = dt.date(2026, 6, 30)
    save_tracked(sl14, user=manager, reason="Moved at the board")
    client.logout()
    html = (
        login(manager)
        .post(decide_url(plan, proposal), {"decision": "approve", **chosen})
        .content.decode()
    )
    assert "has changed since this was proposed" in html
    sl14.refresh_from_db()
    assert sl14.due_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize("who", ["board", "clerk"])
def test_board_and_clerks_read_the_queue_but_cannot_decide(
    login, client, plan, owner, request, who, sl14, chosen
):
    propose_due(login(owner), plan)
    proposal = Proposal.objects.get(action=sl14)
    client.logout()
    reader = login(request.getfixturevalue(who))
    html = reader.get(reverse("governance:queue", args=[plan.slug])).content.decode()
    assert "Waiting for a decision (1)" in html
    assert "Record the decision" not in html
    assert reader.get(decide_url(plan, proposal)).status_code == 403
    response = reader.post(decide_url(plan, proposal), {"decision": "approve", **chosen})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_an_officer_cannot_read_the_queue(login, plan, owner):
    assert login(owner).get(reverse("governance:queue", args=[plan.slug])).status_code == 403


def test_the_queue_lists_waiting_proposals_and_the_demos_decisions(
    login, client, plan, owner, manager
):
    propose_due(login(owner), plan)
    client.logout()
    html = login(manager).get(reverse("governance:queue", args=[plan.slug])).content.decode()
    assert "Waiting for a decision (1)" in html
    assert "Waiting for the new IT system." in html
    # The demo's Appendix 3 approvals.
    assert html.count("Partnership Oversight Group, 12 November 2025") == 10


def test_a_second_proposal_of_the_same_kind_waits_for_the_first(login, plan, owner, sl14):
    client = login(owner)
    propose_due(client, plan)
    html = propose_due(client, plan, due="April 2026").content.decode()
    assert "already a proposal for new due date of SL14 waiting" in html
    assert Proposal.objects.filter(action=sl14).count() == 1


def test_new_wording_approved_changes_the_wording(
    login, client, plan, owner, manager, sl14, chosen
):
    new = sl14.text + " Reviewed with partners."
    login(owner).post(
        propose_url(plan, "SL14"),
        {"kind": "wording", "new_text": new, "reason": "Partners asked for it."},
    )
    proposal = Proposal.objects.get(action=sl14, kind="wording")
    client.logout()
    login(manager).post(decide_url(plan, proposal), {"decision": "approve", **chosen})
    sl14.refresh_from_db()
    assert sl14.text == new


def test_under_review_is_offered_with_delayed_only(login, plan, owner):
    html = login(owner).get(propose_url(plan, "SL14")).content.decode()
    select = html[
        html.index('name="new_rating"') : html.index("</select>", html.index('name="new_rating"'))
    ]
    options = [o for o in RatingLevel.objects.filter(plan=plan) if f">{o.name}<" in select]
    assert sorted(o.name for o in options) == ["Delayed", "Reviewing"]
