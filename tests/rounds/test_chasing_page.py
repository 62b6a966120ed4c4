"""The chasing page: who has not updated, by owner role, person and area, with counts.

Expected numbers are counted in fixtures/plan_2025-11-12.json (see conftest.py): 135
actions in the round; Senior Leaders' Oversight (chapter 1, area 1) has 20 actions, none
Closed; Care Leavers A (Quality of practice) 6; the Principal Social Worker 18 open
actions; the Service Manager Care Leavers 21; the Participation Lead 4.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.plans.models import Action
from improvement.rounds.marking import note_update

from .support import chasing_url, tallies, unchanged_url

pytestmark = pytest.mark.django_db

SENIOR_LEADERS = "Chapter 1 · 1. Senior Leaders' Oversight"
PSW = "Principal Social Worker"
SMCL = "Service Manager Care Leavers"


def page(client, round_):
    response = client.get(chasing_url(round_))
    assert response.status_code == 200
    return response.content.decode()


def count(body, name):
    return re.search(rf'id="count-{name}">([^<]*)<', body).group(1)


def test_a_new_round_has_everything_outstanding(client, manager, december):
    client.force_login(manager)
    body = page(client, december)
    assert count(body, "not-updated") == "135 of 135 actions"
    assert (count(body, "updated"), count(body, "unchanged")) == ("0", "0")
    roles = tallies(body, "By owner role")
    assert roles[PSW] == ["Olivia Officer", "18", "18"]
    assert roles[SMCL][1:] == ["21", "21"]
    assert tallies(body, "By person") == {"Olivia Officer": ["18", "18"]}
    areas = tallies(body, "By area")
    assert areas[SENIOR_LEADERS] == ["20", "20"]
    assert len(areas) == 19


def test_counts_go_down_as_owners_update(client, plan, owner, colleague, manager, december):
    client.force_login(owner)
    client.post(unchanged_url(december, "SL14"))
    note_update(Action.objects.get(plan=plan, ref="SL16"), user=owner, when=timezone.now())
    client.force_login(manager)
    body = page(client, december)
    assert count(body, "not-updated") == "133 of 135 actions"
    assert (count(body, "updated"), count(body, "unchanged")) == ("1", "1")
    roles = tallies(body, "By owner role")
    assert roles[PSW] == ["Olivia Officer", "16", "18"]
    assert roles["Participation Lead"] == ["Cal Colleague", "4", "4"]
    people = tallies(body, "By person")
    assert people == {"Olivia Officer": ["16", "18"], "Cal Colleague": ["4", "4"]}
    assert tallies(body, "By area")[SENIOR_LEADERS] == ["18", "20"]
    # The most outstanding role comes first.
    assert next(iter(roles)) == SMCL


def test_each_action_not_updated_links_to_its_update_form(client, plan, owner, manager, december):
    client.force_login(owner)
    client.post(unchanged_url(december, "SL14"))
    client.force_login(manager)
    body = page(client, december)
    assert body.count('href="/plans/childrens-services/actions/') == 134 * 2  # page and form
    assert reverse("plans:action_edit", args=[plan.slug, "SL16"]) in body
    assert reverse("plans:action_edit", args=[plan.slug, "SL14"]) not in body
    assert reverse("plans:action_edit", args=[plan.slug, "MO2"]) not in body
    assert unchanged_url(december, "SL16") in body


@pytest.mark.parametrize("username", ["clerk", "board"])
def test_clerks_and_the_board_read_the_chasing_page_without_buttons(
    client, plan, december, username
):
    client.force_login(plan.memberships.get(user__username=username).user)
    body = page(client, december)
    assert count(body, "not-updated") == "135 of 135 actions"
    assert "Confirm unchanged" not in body
    assert reverse("rounds:close", args=[plan.slug, december.pk]) not in body
