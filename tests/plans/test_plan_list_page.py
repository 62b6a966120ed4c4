"""The list of plans: only plans the user has a role in, at a fixed query cost."""

from django.urls import reverse

from improvement.accounts.models import Membership
from improvement.plans.models import Plan


def add_plans(user, count):
    for n in range(count):
        plan = Plan.objects.create(
            name=f"Adult Services Improvement Plan {n}", organisation="Elsewhere", slug=f"p{n}"
        )
        Membership.objects.create(user=user, plan=plan, role="board")


def test_the_plan_list_shows_the_demo_plan_with_its_percentage(client, plan, clerk):
    client.force_login(clerk)
    html = client.get(reverse("plans:index")).content.decode()
    assert "Children&#x27;s Services Improvement Plan" in html
    assert "57%" in html


def test_a_user_sees_only_plans_they_have_a_role_in(client, plan, outsider):
    client.force_login(outsider)
    html = client.get(reverse("plans:index")).content.decode()
    assert "Children&#x27;s Services Improvement Plan" not in html


def test_the_plan_list_costs_the_same_for_one_plan_or_six(
    client, plan, board, django_assert_num_queries
):
    client.force_login(board)
    url = reverse("plans:index")
    with django_assert_num_queries(PLAN_LIST_QUERIES):
        client.get(url)
    add_plans(board, 5)
    with django_assert_num_queries(PLAN_LIST_QUERIES):
        html = client.get(url).content.decode()
    assert "Adult Services Improvement Plan 4" in html


# Session, user, the plans with their action counts in one query, and the user's own
# and groups' permissions (whether to offer "Add a plan from a file").
PLAN_LIST_QUERIES = 5
