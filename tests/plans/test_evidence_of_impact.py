"""Evidence of impact: moving an action from "Complete but need to evidence impact" to
"Complete" asks for its evidence of impact first. SL15b is the demo officer's (Principal
Social Worker), rated Complete but need to evidence impact
(fixtures/plan_2025-11-12.json)."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.evidence.models import Evidence
from improvement.evidence.writing import add_evidence
from improvement.plans.models import Action

from .support import edit_url, form_data, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def sl15b(plan, owner):
    action = Action.objects.get(plan=plan, ref="SL15b")
    assert action.owners.filter(role__users=owner).exists()
    assert action.rating.name == "Complete but need to evidence impact"
    return action


def complete(client, user, action, plan):
    client.force_login(user)
    data = form_data(action, rating=rating(plan, "Complete").pk, reason="Impact shown.")
    return client.post(edit_url(action), data)


def test_completing_without_evidence_of_impact_is_refused_with_a_link_to_add_it(
    client, plan, owner, sl15b
):
    response = complete(client, owner, sl15b, plan)
    body = response.content.decode()
    assert response.status_code == 200
    message = "Add the evidence of impact to SL15b before rating it Complete"
    assert f'<a href="#id_rating_0">{message}</a>' in body
    assert 'id="rating-error"' in body
    add = reverse("evidence:add", args=[plan.slug, "SL15b"])
    assert f'<a class="govuk-link" href="{add}">Add evidence of impact to SL15b</a>' in body
    sl15b.refresh_from_db()
    assert sl15b.rating.name == "Complete but need to evidence impact"


def test_completing_with_evidence_of_impact_saves(client, plan, owner, sl15b):
    add_evidence(
        sl15b,
        {
            "title": "Practice week audit",
            "date": dt.date(2025, 10, 1),
            "kind": Evidence.Kind.LINK,
            "url": "https://example.org/audit",
        },
        user=owner,
    )
    assert complete(client, owner, sl15b, plan).status_code == 302
    sl15b.refresh_from_db()
    assert sl15b.rating.name == "Complete"


def test_the_check_applies_to_managers_too(client, plan, manager, sl15b):
    assert complete(client, manager, sl15b, plan).status_code == 200
    sl15b.refresh_from_db()
    assert sl15b.rating.name == "Complete but need to evidence impact"


def test_other_moves_are_not_asked_for_evidence(client, plan, owner, sl15b):
    client.force_login(owner)
    data = form_data(sl15b, rating=rating(plan, "On track").pk, reason="Reopened.")
    assert client.post(edit_url(sl15b), data).status_code == 302
