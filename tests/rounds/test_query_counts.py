"""My actions and the chasing page make a fixed number of queries: the same for the demo
plan as for ten times its actions (the copies made here through simple-history's bulk
helper, with their owners), with a round open."""

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from improvement.plans.models import Action, ActionOwner
from improvement.rounds.cycle import open_round

from .conftest import AS_AT, DEADLINE, IN_ROUND
from .support import chasing_url

pytestmark = pytest.mark.django_db

TIMES = 10
# As tests/plans/test_page_query_counts.py pins them without a round: the round's
# "Due for update" is read in the list's own query.
MY_ACTIONS = 12
# Session and user (2), plan and role (2), the round, its entries with their actions,
# the actions' owners, the plan's role holders; the header's count of proposals waiting.
CHASING_PAGE = 9
REASON = "Test: ten times the actions."


def grow(plan, user):
    """Nine copies of every action of the plan (SL1-2 … SL1-10), with their owners."""
    actions = list(Action.objects.filter(plan=plan).prefetch_related("owners"))
    copies = [
        Action(
            plan=plan,
            area_id=a.area_id,
            ref=f"{a.ref}-{n}",
            short_title=a.short_title,
            text=a.text,
            due_date=a.due_date,
            due_text=a.due_text,
            rating_id=a.rating_id,
            order=a.order + n * 10_000,
            rating_changed_at=a.rating_changed_at,
            # Copies of the document's ratings, not ratings set in the product (whose
            # "Complete without evidence" flag reads evidence: one more query).
            rating_source=a.rating_source,
            evidence=a.evidence,
        )
        for n in range(2, TIMES + 1)
        for a in actions
    ]
    bulk_create_with_history(copies, Action, default_user=user, default_change_reason=REASON)
    by_ref = {a.ref: a for a in Action.objects.filter(plan=plan)}
    owners = [
        ActionOwner(action=by_ref[f"{a.ref}-{n}"], role_id=o.role_id, row=o.row, order=o.order)
        for n in range(2, TIMES + 1)
        for a in actions
        for o in a.owners.all()
    ]
    bulk_create_with_history(owners, ActionOwner, default_user=user, default_change_reason=REASON)


def round_of(plan, manager):
    return open_round(
        plan,
        name="December 2025 update",
        as_at=AS_AT,
        deadline=DEADLINE,
        remind_days_before=5,
        user=manager,
    )


def counted(client, assert_queries, count, url):
    with assert_queries(count):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("times", [1, TIMES])
@pytest.mark.parametrize("username", ["officer", "manager"])
def test_my_actions_costs_the_same_with_a_round_open_at_any_size(
    client, plan, manager, django_assert_num_queries, times, username
):
    if times > 1:
        grow(plan, manager)
    round_of(plan, manager)
    client.force_login(plan.memberships.get(user__username=username).user)
    body = counted(client, django_assert_num_queries, MY_ACTIONS, reverse("plans:my_actions"))
    assert "Due for update by 5 December 2025" in body


@pytest.mark.parametrize("times", [1, TIMES])
def test_the_chasing_page_costs_the_same_at_any_size(
    client, plan, manager, django_assert_num_queries, times
):
    if times > 1:
        grow(plan, manager)
    round_ = round_of(plan, manager)
    assert round_.entries.count() == IN_ROUND * times
    client.force_login(manager)
    body = counted(client, django_assert_num_queries, CHASING_PAGE, chasing_url(round_))
    assert f"{IN_ROUND * times} of {IN_ROUND * times} actions" in body
