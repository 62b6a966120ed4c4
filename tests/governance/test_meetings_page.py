"""Meetings are records: a plan manager records each once (name, date, link to the
minutes), and a decision chooses it from a list of the plan's meetings held by then."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from improvement.governance import meetings, proposals
from improvement.governance.models import Meeting, Proposal
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, Plan

# improvement/demo/agreed_changes.py: the Partnership Oversight Group that agreed the seed's
# Appendix 3 (seeds/003, lines 3665-3695: ten changes), dated the plan's "as at" day.
DEMO = ("Partnership Oversight Group", dt.date(2025, 11, 12))
MINUTES = "https://moderngov.example.gov.uk/ieListDocuments.aspx?MId=12345"


def list_url(plan):
    return reverse("governance:meetings", args=[plan.slug])


def new_url(plan):
    return reverse("governance:meeting_new", args=[plan.slug])


def typed(name="Partnership Oversight Group", day=(12, 12, 2024), minutes=""):
    return {
        "name": name,
        "date_day": str(day[0]),
        "date_month": str(day[1]),
        "date_year": str(day[2]),
        "minutes_url": minutes,
    }


def test_the_demo_records_the_meeting_that_agreed_appendix_3_with_its_ten_decisions(plan):
    (meeting,) = Meeting.objects.filter(plan=plan)
    assert (meeting.name, meeting.date, meeting.minutes_url) == (*DEMO, "")
    assert meeting.decisions.count() == 10
    assert not Proposal.objects.filter(plan=plan, meeting_record__isnull=True).exclude(
        status="pending"
    )
    row = meeting.history.get()
    assert row.history_user.username == "manager"
    assert "Partnership Oversight Group decides revised timescales" in row.history_change_reason


def test_the_list_shows_each_meeting_with_its_date_minutes_and_decisions(login, plan, manager):
    meetings.record(
        plan, user=manager, name="Improvement Board", date=dt.date(2025, 12, 1), minutes_url=MINUTES
    )
    html = login(manager).get(list_url(plan)).content.decode()
    table = html[html.index("<table") :]
    assert table.index("1 December 2025") < table.index("12 November 2025")  # newest first
    assert f'href="{MINUTES}"' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">10</td>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">0</td>' in html


def test_a_manager_records_a_meeting_with_history(login, plan, manager):
    response = login(manager).post(new_url(plan), typed(minutes=MINUTES))
    assert response.status_code == 302
    meeting = Meeting.objects.get(plan=plan, date=dt.date(2024, 12, 12))
    assert (meeting.name, meeting.minutes_url) == ("Partnership Oversight Group", MINUTES)
    row = meeting.history.get()
    assert row.history_user == manager
    assert row.history_change_reason == (
        "Recorded the meeting Partnership Oversight Group of 12 December 2024."
    )


@pytest.mark.parametrize(
    "minutes", ["javascript:alert(1)", "ftp://files.example.org/minutes.pdf", "minutes"]
)
def test_a_link_to_the_minutes_must_be_a_web_address(login, plan, manager, minutes):
    html = login(manager).post(new_url(plan), typed(minutes=minutes)).content.decode()
    assert "Give a web address starting https://" in html
    assert not Meeting.objects.filter(plan=plan, date=dt.date(2024, 12, 12)).exists()


def test_the_same_meeting_is_not_recorded_twice(login, plan, manager):
    html = login(manager).post(new_url(plan), typed(day=(12, 11, 2025))).content.decode()
    assert "That meeting on that date is already recorded." in html
    assert Meeting.objects.filter(plan=plan).count() == 1


def test_a_meeting_still_to_come_can_be_recorded_but_not_decided_at(plan, manager, owner):
    later = meetings.record(
        plan, user=manager, name="Partnership Oversight Group", date=dt.date(2999, 1, 1)
    )
    action = Action.objects.get(plan=plan, ref="SL14")
    proposal = proposals.propose(
        action, user=owner, kind="due", reason="New system", new_due=(dt.date(2026, 3, 31), "")
    )
    with pytest.raises(proposals.ProposalError, match="cannot be in the future"):
        proposals.approve(proposal, user=manager, meeting=later)


def test_another_plans_meeting_cannot_decide(plan, manager, owner):
    other = save_tracked(
        Plan(name="Other plan", organisation="Elsewhere", slug="other"), user=manager, reason="Test"
    )
    theirs = meetings.record(other, user=manager, name="Their board", date=dt.date(2025, 1, 1))
    proposal = proposals.propose(
        Action.objects.get(plan=plan, ref="SL14"),
        user=owner,
        kind="wording",
        reason="Clearer",
        new_text="Reworded.",
    )
    with pytest.raises(proposals.ProposalError, match="not one of this plan's meetings"):
        proposals.reject(proposal, user=manager, meeting=theirs, reason="No")


def test_recording_a_meeting_from_a_decision_comes_back_to_choose_it(login, plan, owner, manager):
    action = Action.objects.get(plan=plan, ref="SL14")
    proposal = proposals.propose(
        action, user=owner, kind="due", reason="New system", new_due=(dt.date(2026, 3, 31), "")
    )
    client = login(manager)
    decide = reverse("governance:decide", args=[plan.slug, proposal.pk])
    page = client.get(decide).content.decode()
    link = f"{new_url(plan)}?next=%2Fplans%2F{plan.slug}%2Fproposals%2F{proposal.pk}%2F"
    assert f'href="{link}"' in page
    response = client.post(
        new_url(plan), {**typed(name="Improvement Board", day=(1, 12, 2025)), "next": decide}
    )
    meeting = Meeting.objects.get(plan=plan, name="Improvement Board")
    assert response["Location"] == f"{decide}?meeting={meeting.pk}"
    chosen = client.get(response["Location"]).content.decode()
    assert f'value="{meeting.pk}" checked' in chosen
    response = client.post(decide, {"decision": "approve", "meeting": meeting.pk, "note": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.meeting_record, proposal.meeting, proposal.meeting_date) == (
        meeting,
        "Improvement Board",
        dt.date(2025, 12, 1),
    )
    assert proposal.meeting_label == "Improvement Board, 1 December 2025"


def test_a_next_address_elsewhere_is_ignored(login, plan, manager):
    response = login(manager).post(
        new_url(plan), {**typed(), "next": "https://evil.example.com/plans/"}
    )
    assert response["Location"] == list_url(plan)


def test_the_minutes_link_can_be_added_once_published(login, plan, manager):
    meeting = Meeting.objects.get(plan=plan)
    url = reverse("governance:meeting_minutes", args=[plan.slug, meeting.pk])
    assert login(manager).post(url, {"minutes_url": MINUTES}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_url == MINUTES
    latest = meeting.history.first()
    assert (latest.history_user, latest.minutes_url) == (manager, MINUTES)


def test_both_forms_ask_for_the_minutes_link_in_a_web_address_box(login, plan, manager):
    meeting = Meeting.objects.get(plan=plan)
    client = login(manager)
    for url in (new_url(plan), reverse("governance:meeting_minutes", args=[plan.slug, meeting.pk])):
        html = client.get(url).content.decode()
        (box,) = re.findall(r'<input[^>]*name="minutes_url"[^>]*>', html)
        # One type attribute: a second one is ignored by browsers.
        assert box.count("type=") == 1 and 'type="url"' in box


@pytest.mark.parametrize(
    ("who", "reading", "recording"),
    [("owner", 403, 403), ("board", 200, 403), ("clerk", 200, 403), ("outsider", 404, 404)],
)
def test_only_managers_record_meetings(login, plan, request, who, reading, recording):
    client = login(request.getfixturevalue(who))
    assert client.get(list_url(plan)).status_code == reading
    assert client.post(new_url(plan), typed()).status_code == recording
    assert Meeting.objects.filter(plan=plan).count() == 1


def test_a_closed_plan_records_no_meeting(login, plan, manager):
    plan.status = Plan.Status.CLOSED
    save_tracked(plan, user=manager, reason="Test: replaced by the 2026 plan")
    client = login(manager)
    assert client.get(list_url(plan)).status_code == 200
    assert client.post(new_url(plan), typed()).status_code == 403
    assert Meeting.objects.filter(plan=plan).count() == 1
