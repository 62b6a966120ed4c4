"""Whoever may edit the action adds evidence (its owners, plan managers, admins); a
member of the plan without that right is refused (403) and someone outside the plan is
not told it exists (404). Nothing is written when refused."""

import pytest
from django.contrib.auth import get_user_model

from improvement.evidence.models import Evidence
from improvement.lib.history import save_tracked
from improvement.plans.models import Plan

from .conftest import add_url, file_post, link_post, pdf_bytes


@pytest.mark.parametrize("who", ["owner", "manager", "admin_user"])
def test_the_owner_a_manager_and_an_admin_may_add_evidence(client, action, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(add_url(action)).status_code == 200
    response = client.post(add_url(action), link_post("https://www.example.gov.uk/report"))
    assert response.status_code == 302
    assert response["Location"] == "/plans/childrens-services/actions/SL14/#evidence"
    assert Evidence.objects.get(action=action).added_by == user


@pytest.mark.parametrize("who", ["colleague", "clerk", "board"])
def test_a_plan_member_who_may_not_edit_the_action_cannot_add_evidence(
    client, action, who, request
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(add_url(action)).status_code == 403
    response = client.post(add_url(action), file_post("audit.pdf", pdf_bytes()))
    assert response.status_code == 403
    assert not Evidence.objects.filter(action=action).exists()


def test_someone_outside_the_plan_is_told_nothing_exists(client, action, outsider):
    client.force_login(outsider)
    assert client.get(add_url(action)).status_code == 404
    response = client.post(add_url(action), link_post("https://www.example.gov.uk/report"))
    assert response.status_code == 404
    assert not Evidence.objects.filter(action=action).exists()


def test_signing_in_is_needed(client, action):
    response = client.get(add_url(action))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_nobody_adds_evidence_to_a_closed_plan(client, action, owner, manager):
    plan = action.plan
    plan.status = Plan.Status.CLOSED
    save_tracked(plan, user=manager, reason="Test: the plan is closed.")
    client.force_login(owner)
    response = client.post(add_url(action), link_post("https://www.example.gov.uk/report"))
    assert response.status_code == 403
    assert not Evidence.objects.filter(action=action).exists()


def test_the_action_page_offers_adding_only_to_those_who_may(client, action, owner, colleague):
    client.force_login(owner)
    assert (
        "Add evidence of impact"
        in client.get(f"/plans/{action.plan.slug}/actions/SL14/").content.decode()
    )
    client.force_login(colleague)
    body = client.get(f"/plans/{action.plan.slug}/actions/SL14/").content.decode()
    assert "Evidence of impact" in body
    assert "Add evidence of impact" not in body
    assert get_user_model().objects.filter(username="colleague").exists()
