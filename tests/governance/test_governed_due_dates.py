"""Governed due dates: under the plan's setting an officer's new due date is a proposal for
the next meeting, not a change; Appendix 3 lists it only once a recorded meeting agreed
it, naming the meeting and linking its minutes; the header counts what waits."""

import datetime as dt

import pytest
from django.test import RequestFactory

from improvement.governance import meetings, proposals
from improvement.governance.context_processors import proposals_queue
from improvement.lib.dates import long_date, today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from tests.reports.htmltext import rendered, table_rows, text

TIMESCALES = ["Ref", "Action", "Original timescale", "Revised timescale", "Reason"]
MINUTES = "https://moderngov.example.gov.uk/ieListDocuments.aspx?MId=12345"
REASON = "Waiting for the new IT system."


@pytest.fixture
def governed(plan, manager):
    plan.changes_need_agreement = True
    return save_tracked(plan, user=manager, reason="Test: changes need agreeing at a meeting")


@pytest.fixture
def proposed(governed, owner):
    """The officer's new due date for SL14 (an action of the Principal Social Worker role
    they hold), proposed as the update form proposes it."""
    sl14 = Action.objects.get(plan=governed, ref="SL14")
    return proposals.propose(
        sl14, user=owner, kind="due", reason=REASON, new_due=(dt.date(2026, 3, 31), "")
    )


def appendix3(plan):
    """Appendix 3 for the period from yesterday to today, as the committee's PDF reads."""
    return rendered(plan, "3", today(), since=today() - dt.timedelta(days=1))


def test_a_proposed_due_date_is_not_a_change_and_appendix_3_does_not_list_it(governed, proposed):
    sl14 = Action.objects.get(plan=governed, ref="SL14")
    assert (sl14.due_date, sl14.due_text) == (dt.date(2025, 2, 28), "")  # plan_2025-11-12
    document = appendix3(governed)
    assert table_rows(document, TIMESCALES) == []
    assert "No changes to the plan's actions were agreed in this period." in text(document)


def test_once_a_recorded_meeting_agrees_it_appendix_3_lists_it_with_the_meeting(
    governed, proposed, manager
):
    meeting = meetings.record(
        governed,
        user=manager,
        name="Partnership Oversight Group",
        date=today(),
        minutes_url=MINUTES,
    )
    proposals.approve(proposed, user=manager, meeting=meeting)
    document = appendix3(governed)
    (row,) = table_rows(document, TIMESCALES)
    label = f"Partnership Oversight Group, {long_date(today())}"
    assert (row["Ref"], row["Original timescale"], row["Revised timescale"]) == (
        "SL14",
        "February 2025",
        "March 2026",
    )
    assert row["Reason"] == f"{REASON} Agreed: {label}."
    links = [a for a in document.iter("a") if a.get("href") == MINUTES]
    assert [text(a) for a in links] == [f"{label}."]


def test_a_rejected_proposal_never_appears(governed, proposed, manager):
    meeting = meetings.record(
        governed, user=manager, name="Partnership Oversight Group", date=today()
    )
    proposals.reject(proposed, user=manager, meeting=meeting, reason="Keep the date.")
    assert table_rows(appendix3(governed), TIMESCALES) == []


def queue_for(user, plan, role):
    """The header's ``proposals_queue`` on a page about ``plan`` (after ``plan_for``)."""
    request = RequestFactory().get("/")
    request.user, request.plan_id, request.plan_role = user, plan.pk, role
    request.plan_closed = False
    return proposals_queue(request)["proposals_queue"]


@pytest.mark.parametrize("who", ["manager", "board", "clerk"])
def test_the_header_counts_the_waiting_proposals_in_one_query(
    request, governed, proposed, who, django_assert_num_queries
):
    queue = queue_for(request.getfixturevalue(who), governed, who)
    with django_assert_num_queries(1):
        assert queue
        assert (queue.count, queue.url) == (1, f"/plans/{governed.slug}/proposals/")


def test_officers_and_pages_about_no_plan_get_no_queue_link(
    governed, proposed, owner, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert not queue_for(owner, governed, "officer")
        request = RequestFactory().get("/")
        request.user = owner
        assert not proposals_queue(request)["proposals_queue"]
