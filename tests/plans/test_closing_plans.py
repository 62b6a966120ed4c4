"""Several plans: a plan manager closes a plan (naming the plan that replaces it) or
reopens it; a closed plan stays readable but refuses changes; an action is marked replaced
by an action of the new plan, and each action page links to the other; the plan list
shows every plan with its status, open ones first."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.accounts.models import Membership
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, Area, Chapter, Plan, RatingLevel
from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions

pytestmark = pytest.mark.django_db

CLOSED_MESSAGE = "This plan is closed; its actions can no longer be changed."
NEW_NAME = "Children's Services Improvement Plan 2026"
NEW_NAME_HTML = "Children&#x27;s Services Improvement Plan 2026"
# After every row the demo writes (the latest is the committee's 19 January 2026 pack).
CLOSED_AT = timezone.make_aware(dt.datetime(2026, 2, 3, 10, 0))


@pytest.fixture
def new_plan(plan, manager):
    """The plan that follows the demo's, managed by the demo manager, with one action."""
    new = Plan.objects.create(name=NEW_NAME, organisation="Example Council", slug="csip-2026")
    Membership.objects.create(user=manager, plan=new, role="manager")
    level = RatingLevel.objects.create(
        plan=new, name="Not started", short_name="Not started", colour="grey", hex_colour="#b1b4b6"
    )
    chapter = Chapter.objects.create(plan=new, number=1, title="Leadership")
    area = Area.objects.create(chapter=chapter, number="1", key="1-1", title="Oversight")
    Action.objects.create(
        plan=new,
        area=area,
        ref="NP1",
        text="Report the practice framework's audits to the improvement board each quarter",
        due_text="TBC",
        rating=level,
    )
    return new


def close(plan, user, replaced_by=None, when=CLOSED_AT):
    plan.status = Plan.Status.CLOSED
    plan.replaced_by = replaced_by
    save_tracked(plan, user=user, reason="Replaced by the 2026 plan.", when=when)


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


# -- closing and reopening -----------------------------------------------------------------
def test_a_manager_closes_the_plan_naming_the_plan_that_replaces_it(
    client, plan, manager, new_plan
):
    client.force_login(manager)
    form = client.get(url("close", plan.slug)).content.decode()
    assert NEW_NAME_HTML in form
    data = {"intent": "close", "replaced_by": new_plan.pk, "reason": "The 2026 plan follows."}
    response = client.post(url("close", plan.slug), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed"
    assert plan.replaced_by == new_plan
    record = plan.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        manager,
        "The 2026 plan follows.",
    )


def test_closing_a_plan_needs_a_reason(client, plan, manager):
    client.force_login(manager)
    response = client.post(url("close", plan.slug), {"intent": "close", "reason": ""})
    assert response.status_code == 400
    assert "Enter the reason" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "active"


def test_only_a_plan_the_person_manages_can_be_named_as_replacing_it(client, plan, manager):
    elsewhere = Plan.objects.create(name="Adult Services Plan", organisation="X", slug="adults")
    client.force_login(manager)
    data = {"intent": "close", "replaced_by": elsewhere.pk, "reason": "Wrong plan."}
    assert client.post(url("close", plan.slug), data).status_code == 400
    plan.refresh_from_db()
    assert plan.status == "active"


def test_an_officer_cannot_close_a_plan(client, plan, owner):
    client.force_login(owner)
    data = {"intent": "close", "reason": "Done."}
    assert client.post(url("close", plan.slug), data).status_code == 403


def test_a_closed_plan_is_reopened_from_the_same_page(client, plan, manager, new_plan):
    close(plan, manager, new_plan)
    client.force_login(manager)
    page = client.get(url("close", plan.slug)).content.decode()
    assert "Reopen the plan" in page
    data = {"intent": "reopen", "reason": "Closed by mistake."}
    assert client.post(url("close", plan.slug), data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    assert plan.history.latest().history_change_reason == "Closed by mistake."


def test_a_close_form_sent_after_someone_else_closed_the_plan_changes_nothing(
    client, plan, manager
):
    close(plan, manager)
    client.force_login(manager)
    before = plan.history.count()
    client.post(url("close", plan.slug), {"intent": "close", "reason": "Twice."})
    plan.refresh_from_db()
    assert plan.status == "closed"
    assert plan.history.count() == before


# -- a closed plan is read, not changed ----------------------------------------------------
def test_a_closed_plans_pages_say_when_it_closed_and_what_replaces_it(
    client, plan, board, manager, new_plan
):
    close(plan, manager, new_plan)
    client.force_login(board)
    for page in (url("area", plan.slug, "1-1"), url("action", plan.slug, "SL1")):
        html = client.get(page).content.decode()
        assert "This plan was closed on 3 February 2026." in html
        assert f'href="/plans/csip-2026/">{NEW_NAME_HTML}</a>' in html


def test_a_closed_plans_pages_history_and_appendices_still_open(client, plan, manager, board):
    close(plan, manager)
    client.force_login(board)
    for address in (
        url("detail", plan.slug),
        url("detail", plan.slug) + "?as_at=2025-05-08",
        url("area", plan.slug, "1-1"),
        url("action", plan.slug, "SL1"),
        reverse("governance:action_history", args=[plan.slug, "SL1"]),
        reverse("governance:changes", args=[plan.slug]),
        reverse("governance:compare", args=[plan.slug]) + "?from=2025-05-08&to=2025-11-12",
        reverse("reports:committee", args=[plan.slug]),
    ):
        assert client.get(address).status_code == 200, address
    options = PackOptions(as_at=dt.date(2025, 11, 12), since=dt.date(2025, 5, 8))
    assert "SL17" in render_html(plan, "pack", options)


def test_a_closed_plan_refuses_the_action_update_form(client, plan, owner, owned_action, manager):
    close(plan, manager)
    client.force_login(owner)
    address = url("action_edit", plan.slug, owned_action.ref)
    refused = client.get(address)
    assert refused.status_code == 403
    assert CLOSED_MESSAGE in refused.content.decode()
    assert client.post(address, {"progress": "More."}).status_code == 403


def test_a_closed_plan_refuses_commentary_proposals_and_scorecard_imports(
    client, plan, owner, owned_action, manager
):
    close(plan, manager)
    client.force_login(manager)
    commentary = {"date_day": "3", "date_month": "2", "date_year": "2026", "text": "More."}
    assert client.post(url("commentary", plan.slug, "1-1"), commentary).status_code == 403
    import_address = reverse("scorecard:import", args=[plan.slug])
    assert client.post(import_address, {}).status_code == 403
    client.force_login(owner)
    propose = reverse("governance:propose", args=[plan.slug, owned_action.ref])
    assert client.post(propose, {"kind": "due", "reason": "Later."}).status_code == 403


def test_a_closed_plan_offers_no_update_or_commentary_links(client, plan, manager):
    close(plan, manager)
    client.force_login(manager)
    assert "/edit/" not in client.get(url("detail", plan.slug)).content.decode()
    area = client.get(url("area", plan.slug, "1-1")).content.decode()
    assert "Write impact commentary" not in area


# -- an action replaced by an action of the next plan ------------------------------------
def test_a_manager_marks_an_action_replaced_and_it_is_rated_closed(client, plan, manager, new_plan):
    close(plan, manager, new_plan)
    successor = Action.objects.get(plan=new_plan, ref="NP1")
    client.force_login(manager)
    form = client.get(url("close_action", plan.slug, "SL17")).content.decode()
    # The plan that replaces this one is offered first, with its actions "ref — text".
    assert "NP1 — Report the practice framework" in form
    data = {"plan": "csip-2026", "replaced_by": successor.pk, "reason": "Carried on in 2026."}
    response = client.post(url("close_action", plan.slug, "SL17"), data)
    assert response.status_code == 302
    action = Action.objects.get(plan=plan, ref="SL17")
    assert action.replaced_by == successor
    assert action.rating.name == "Closed"
    record = action.history.latest()
    assert (record.history_user, record.history_change_reason) == (manager, "Carried on in 2026.")


def test_the_old_and_new_action_pages_link_to_each_other(client, plan, manager, new_plan):
    successor = Action.objects.get(plan=new_plan, ref="NP1")
    old = Action.objects.get(plan=plan, ref="SL17")
    old.replaced_by = successor
    save_tracked(old, user=manager, reason="Carried on in 2026.")
    client.force_login(manager)
    old_page = client.get(url("action", plan.slug, "SL17")).content.decode()
    assert (
        f'Replaced by <a class="govuk-link" href="/plans/csip-2026/actions/NP1/">NP1 in {NEW_NAME_HTML}</a>'
        in old_page
    )
    new_page = client.get(url("action", "csip-2026", "NP1")).content.decode()
    assert (
        'Replaces <a class="govuk-link" href="/plans/childrens-services/actions/SL17/">'
        "SL17 in Children&#x27;s Services Improvement Plan</a>"
    ) in new_page


def test_an_action_of_a_plan_the_person_does_not_manage_cannot_replace_one(
    client, plan, manager, new_plan
):
    Membership.objects.filter(user=manager, plan=new_plan).update(role="board")
    successor = Action.objects.get(plan=new_plan, ref="NP1")
    client.force_login(manager)
    data = {"plan": "csip-2026", "replaced_by": successor.pk, "reason": "Carried on."}
    assert client.post(url("close_action", plan.slug, "SL17"), data).status_code == 400
    assert Action.objects.get(plan=plan, ref="SL17").replaced_by is None


def test_an_officer_cannot_mark_an_action_replaced(client, plan, owner, owned_action):
    client.force_login(owner)
    assert client.get(url("close_action", plan.slug, owned_action.ref)).status_code == 403


# -- the plan list -----------------------------------------------------------------------
def test_the_plan_list_shows_a_closed_plan_last_replaced_by_its_successor(
    client, plan, manager, new_plan, django_assert_num_queries
):
    close(plan, manager, new_plan)
    client.force_login(manager)
    with django_assert_num_queries(5):  # session, user, plans with counts, 2 permissions
        html = client.get(url("index")).content.decode()
    assert html.index(NEW_NAME_HTML) < html.index("Children&#x27;s Services Improvement Plan<")
    assert (
        f'Closed — replaced by <a class="govuk-link" href="/plans/csip-2026/">{NEW_NAME_HTML}</a>'
        in html
    )
    assert "Active" in html
