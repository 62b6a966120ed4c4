"""The proposals queue costs the same number of queries however many proposals wait and
however many have been decided, for the managers who decide and the board who read."""

import pytest
from django.urls import reverse

from improvement.governance import meetings, proposals
from improvement.governance.models import Proposal
from improvement.lib.dates import today
from improvement.plans.models import Action

MINUTES = "https://moderngov.example.gov.uk/ieListDocuments.aspx?MId=12345"


def owned(plan, owner):
    return list(
        Action.objects.filter(plan=plan, owners__role__users=owner)
        .order_by("order")
        .values_list("ref", flat=True)
        .distinct()[:10]
    )


def wait_on(plan, owner, refs):
    for ref in refs:
        action = Action.objects.get(plan=plan, ref=ref)
        proposals.propose(action, user=owner, kind="wording", reason="Clearer", new_text=ref * 3)


def decide_all(plan, manager):
    """Reject every waiting proposal at a recorded meeting (with minutes)."""
    meeting = meetings.record(
        plan, user=manager, name="Improvement Board", date=today(), minutes_url=MINUTES
    )
    for proposal in Proposal.objects.filter(plan=plan, status="pending"):
        proposals.reject(proposal, user=manager, meeting=meeting, reason="Not yet.")


@pytest.mark.parametrize("who", ["manager", "board"])
def test_the_queue_costs_the_same_for_one_or_ten_times_the_proposals(
    client, plan, owner, request, who, django_assert_num_queries
):
    refs = owned(plan, owner)
    assert len(refs) == 10
    manager = request.getfixturevalue("manager")
    client.force_login(request.getfixturevalue(who))
    url = reverse("governance:queue", args=[plan.slug])
    # 1×: one waiting, the demo's ten decisions.
    wait_on(plan, owner, refs[:1])
    with django_assert_num_queries(QUEUE_QUERIES):
        html = client.get(url).content.decode()
    assert "Waiting for a decision (1)" in html
    # 10×: ten waiting, and ten more decided at a meeting with minutes.
    wait_on(plan, owner, refs[1:])
    decide_all(plan, manager)
    wait_on(plan, owner, refs)
    with django_assert_num_queries(QUEUE_QUERIES):
        html = client.get(url).content.decode()
    assert "Waiting for a decision (10)" in html
    assert html.count(f'href="{MINUTES}"') == 10


# Session, user, plan, role, the waiting and decided lists, the page's own lookups, and
# the header's counts of proposed changes (and sign-offs, for managers).
QUEUE_QUERIES = 7
