"""The manager's queue costs the same number of queries however many proposals wait."""

from django.urls import reverse

from improvement.governance import proposals
from improvement.plans.models import Action


def wait_on(plan, owner, refs):
    for ref in refs:
        action = Action.objects.get(plan=plan, ref=ref)
        proposals.propose(action, user=owner, kind="wording", reason="Clearer", new_text=ref * 3)


def test_the_queue_costs_the_same_for_two_or_twelve_waiting_proposals(
    client, plan, owner, manager, django_assert_num_queries
):
    owned = list(
        Action.objects.filter(plan=plan, owners__role__users=owner)
        .order_by("order")
        .values_list("ref", flat=True)
        .distinct()[:12]
    )
    client.force_login(manager)
    wait_on(plan, owner, owned[:2])
    with django_assert_num_queries(QUEUE_QUERIES):
        html = client.get(reverse("governance:queue", args=[plan.slug])).content.decode()
    assert all(ref in html for ref in owned[:2])
    wait_on(plan, owner, owned[2:])
    with django_assert_num_queries(QUEUE_QUERIES):
        html = client.get(reverse("governance:queue", args=[plan.slug])).content.decode()
    assert all(ref in html for ref in owned)


# Session, user, plan, role, the waiting and decided lists, and the page's own lookups.
QUEUE_QUERIES = 6
