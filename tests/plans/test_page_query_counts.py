"""The plan, area, action and My actions pages make a fixed number of queries: the same
for the demo plan (143 actions) as for a plan ten times its size (1,430 actions, built
through the same history-aware loader, so it has a two-state history too)."""

import copy

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from improvement.accounts.models import Membership
from improvement.demo.management.commands.load_demo import OFFICER_ROLE, SCORECARD, STATES
from improvement.demo.plan import PlanDocumentLoader, read_document
from improvement.demo.scorecard import load_scorecard
from improvement.lib.history import delete_tracked, save_tracked
from improvement.plans.models import Action, OwnerRole, Plan, RatingLevel

BIG = "ten-times"
TIMES = 10

# Queries per page: session and user (2), plan and role (2), then the page's own. The
# plan snapshot reads the scale, roles, chapters, areas, actions, further rows and
# owners once each; the data-quality flags read nothing more (their facts are on the
# action). A plan manager's page also reads the header's counts of proposed changes and
# ratings waiting for sign-off (one query: MANAGER_HEADER).
MANAGER_HEADER = 1
PLAN_PAGE = 11 + MANAGER_HEADER
PLAN_PAGE_OFFICER = 12  # + the officer's owner roles, for the Update links
# + commentary, the scorecard's indicators for the area (3), evidence counts
AREA_PAGE = 15 + MANAGER_HEADER
# + the action's latest changes, the actions it replaces or is replaced by, and its
# evidence of impact
ACTION_PAGE = 14 + MANAGER_HEADER
MY_ACTIONS_OFFICER = 12
MY_ACTIONS_MANAGER = 12  # a page about no one plan: no header counts
PAST_PLAN_PAGE = 11 + MANAGER_HEADER
PAST_AREA_PAGE = 15 + MANAGER_HEADER
PAST_ACTION_PAGE = 14 + MANAGER_HEADER
# action, rating scale, further rows with their owners' titles (one query)
EDIT_PAGE = 7 + MANAGER_HEADER
EDIT_PAGE_OFFICER = 8  # + whether the officer owns the action
# "Complete without evidence" reads the page's evidenced actions (one query) only when an
# action was made Complete in the product with an empty note; the demo has none.
FLAG_NEEDS_EVIDENCE = 1


def ten_times(doc):
    """The plan document with every area's actions repeated ten times (SL1, SL1-2 …)."""
    doc = copy.deepcopy(doc)

    def grow(areas):
        for area in areas:
            area["actions"] = [
                {**action, "ref": action["ref"] if n == 1 else f"{action['ref']}-{n}"}
                for action in area.get("actions", [])
                for n in range(1, TIMES + 1)
            ]
            grow(area.get("sub_areas", []))

    for chapter in doc["chapters"]:
        grow(chapter["areas"])
    return doc


@pytest.fixture(scope="module")
def big_plan(django_db_setup, django_db_blocker):
    """The 10× plan, built once for this module inside a transaction rolled back after."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            users = {u.username: u for u in get_user_model().objects.all()}
            for fixture, when, author, reason in STATES:
                doc = ten_times(read_document(settings.FIXTURES_DIR / fixture))
                PlanDocumentLoader(
                    doc, slug=BIG, user=users[author], when=when, reason=reason
                ).load()
            plan = Plan.objects.get(slug=BIG)
            fixture, when, author, reason = SCORECARD  # the same vital signs, for the area page
            doc = read_document(settings.FIXTURES_DIR / fixture)
            load_scorecard(doc, plan, user=users[author], when=when, reason=reason)
            for username, role in (("officer", "officer"), ("manager", "manager")):
                membership = Membership(user=users[username], plan=plan, role=role)
                save_tracked(membership, user=users["admin"], reason="Test: the 10× plan.")
            OwnerRole.objects.get(plan=plan, title=OFFICER_ROLE).users.add(users["officer"])
            yield plan
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def plans(db, big_plan):
    demo = Plan.objects.get(slug="childrens-services")
    assert Action.objects.filter(plan=demo).count() == 143
    assert Action.objects.filter(plan=big_plan).count() == 143 * TIMES
    return [demo, big_plan]


def get_counted(client, assert_queries, count, url, data=None):
    with assert_queries(count):
        response = client.get(url, data or {})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("username", "count"), [("manager", PLAN_PAGE), ("officer", PLAN_PAGE_OFFICER)]
)
def test_the_plan_page_costs_the_same_for_ten_times_the_actions(
    client, plans, django_assert_num_queries, username, count
):
    client.force_login(get_user_model().objects.get(username=username))
    for plan in plans:
        url = reverse("plans:detail", args=[plan.slug])
        get_counted(client, django_assert_num_queries, count, url)


def test_the_area_page_costs_the_same_for_ten_times_the_actions(
    client, plans, manager, django_assert_num_queries
):
    client.force_login(manager)
    for plan in plans:
        url = reverse("plans:area", args=[plan.slug, "1-2"])
        body = get_counted(client, django_assert_num_queries, AREA_PAGE, url).content.decode()
        assert body.count("/actions/CLB4") >= (1 if plan.slug != BIG else TIMES)


def test_the_action_page_costs_the_same_in_either_plan(
    client, plans, manager, django_assert_num_queries
):
    client.force_login(manager)
    for plan in plans:
        url = reverse("plans:action", args=[plan.slug, "CLB4"])
        get_counted(client, django_assert_num_queries, ACTION_PAGE, url)


@pytest.mark.parametrize(
    ("username", "count"), [("officer", MY_ACTIONS_OFFICER), ("manager", MY_ACTIONS_MANAGER)]
)
def test_my_actions_costs_the_same_whatever_the_plan_size(
    client, plans, django_assert_num_queries, username, count
):
    """With the 10× plan as well as the demo plan (the officer owns ten times as many
    actions there; the manager sees 1,573 actions in pages of 50), then the demo alone."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    url = reverse("plans:my_actions")
    get_counted(client, django_assert_num_queries, count, url)
    get_counted(client, django_assert_num_queries, count, url, {"overdue": "true"})
    membership = Membership.objects.get(user=user, plan=plans[1])
    delete_tracked(membership, user=user, reason="Test: back to the demo plan alone.")
    get_counted(client, django_assert_num_queries, count, url)


@pytest.mark.parametrize(
    ("page", "args", "count"),
    [
        ("detail", [], PAST_PLAN_PAGE),
        ("area", ["1-1"], PAST_AREA_PAGE),
        ("action", ["SL17"], PAST_ACTION_PAGE),
    ],
)
def test_past_views_cost_the_same_for_ten_times_the_actions(
    client, plans, manager, django_assert_num_queries, page, args, count
):
    client.force_login(manager)
    for plan in plans:
        url = reverse(f"plans:{page}", args=[plan.slug, *args])
        get_counted(client, django_assert_num_queries, count, url, {"as_at": "2025-06-30"})


@pytest.mark.parametrize(
    ("username", "ref", "count"),
    [
        ("manager", "CLB4", EDIT_PAGE),
        ("manager", "SL14", EDIT_PAGE),
        ("officer", "SL14", EDIT_PAGE_OFFICER),
    ],
)
def test_the_update_form_costs_the_same_with_or_without_further_rows(
    client, plans, django_assert_num_queries, username, ref, count
):
    client.force_login(get_user_model().objects.get(username=username))
    for plan in plans:
        url = reverse("plans:action_edit", args=[plan.slug, ref])
        get_counted(client, django_assert_num_queries, count, url)


def complete_without_a_note(plan, user):
    """SL15b ("Complete but need to evidence impact" in the document, owned by the
    officer's role) and, in the 10× plan, its copies SL15b-2 … made Complete in the
    product with no evidence note."""
    complete = RatingLevel.objects.get(plan=plan, name="Complete")
    for action in Action.objects.filter(plan=plan, ref__startswith="SL15b"):
        action.rating, action.evidence = complete, ""
        save_tracked(action, user=user, reason="Test: Complete, no note.")


def test_complete_actions_without_a_note_cost_the_plan_page_one_query_however_many(
    client, plans, owner, manager, django_assert_num_queries
):
    client.force_login(owner)
    for plan in plans:
        complete_without_a_note(plan, manager)
        url = reverse("plans:detail", args=[plan.slug])
        count = PLAN_PAGE_OFFICER + FLAG_NEEDS_EVIDENCE
        body = get_counted(client, django_assert_num_queries, count, url).content.decode()
        assert body.count("Complete without evidence") == (1 if plan.slug != BIG else TIMES)


def test_a_complete_action_without_a_note_costs_my_actions_one_query(
    client, plans, owner, manager, django_assert_num_queries
):
    # The demo plan alone, so SL15b is on the first page.
    delete_tracked(
        Membership.objects.get(user=owner, plan=plans[1]), user=owner, reason="Test: demo only."
    )
    complete_without_a_note(plans[0], manager)
    client.force_login(owner)
    url = reverse("plans:my_actions")
    count = MY_ACTIONS_OFFICER + FLAG_NEEDS_EVIDENCE
    body = get_counted(client, django_assert_num_queries, count, url).content.decode()
    assert body.count("Complete without evidence") == 1
