"""My actions: the officer's own actions, overdue first, with django-filter filters; a
plan manager sees every action of the plan."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.lib.history import save_tracked
from improvement.plans.models import Action, Area

from .support import rating

pytestmark = pytest.mark.django_db

PSW = "Principal Social Worker"


def refs(client, **query):
    body = client.get(reverse("plans:my_actions"), query).content.decode()
    return re.findall(
        r'<th scope="row" class="govuk-table__header app-col-ref"><a class="govuk-link" href="/plans/[\w-]+/actions/(\w+)/">',
        body,
    )


def owned_by_psw(plan):
    return set(
        Action.objects.filter(plan=plan, owners__role__title=PSW).values_list("ref", flat=True)
    )


def test_an_officer_sees_exactly_the_actions_they_own(client, plan, owner):
    client.force_login(owner)
    assert set(refs(client)) == owned_by_psw(plan)


def test_overdue_actions_come_first_then_by_due_date(client, plan, owner, manager):
    client.force_login(owner)
    late = Action.objects.get(plan=plan, ref="SL16")
    late.rating = rating(plan, "On track")
    late.due_date = timezone.localdate() - dt.timedelta(days=10)
    save_tracked(late, user=manager, reason="Test: reopened.")
    shown = refs(client)
    dues = {a.ref: a.due_date for a in Action.objects.filter(plan=plan, ref__in=shown)}
    overdue = [r for r in shown if r in ("W6", "SL16")]
    assert shown[: len(overdue)] == sorted(overdue, key=lambda r: dues[r])
    rest = [dues[r] for r in shown[len(overdue) :] if dues[r]]
    assert rest == sorted(rest)


def test_another_officer_sees_their_own_actions(client, plan, colleague):
    client.force_login(colleague)
    shown = set(refs(client))
    assert "SL18" in shown
    assert "SL14" not in shown


def test_a_plan_manager_sees_every_action_fifty_to_a_page(client, plan, manager):
    client.force_login(manager)
    body = client.get(reverse("plans:my_actions")).content.decode()
    assert "143 actions, page 1 of 3." in body
    seen = refs(client) + refs(client, page=2) + refs(client, page=3)
    assert len(seen) == len(set(seen)) == 143


def test_a_clerk_owns_nothing_so_sees_nothing(client, plan, clerk):
    client.force_login(clerk)
    assert refs(client) == []


def test_filter_by_rating(client, plan, owner):
    client.force_login(owner)
    complete = rating(plan, "Complete")
    shown = refs(client, rating=complete.pk)
    assert set(shown) == {
        a.ref for a in Action.objects.filter(plan=plan, rating=complete, owners__role__title=PSW)
    }


def test_filter_by_chapter_and_by_area_including_its_sub_areas(client, plan, manager):
    client.force_login(manager)
    chapter3 = plan.chapters.get(number=3)
    assert set(refs(client, chapter=chapter3.pk)) == set(
        Action.objects.filter(area__chapter=chapter3).values_list("ref", flat=True)
    )
    care_leavers = Area.objects.get(chapter__plan=plan, key="1-2")
    shown = refs(client, area=care_leavers.pk, page=1) + refs(client, area=care_leavers.pk, page=2)
    assert {r[:3] for r in shown} == {"CLA", "CLB", "CLC", "CLD", "CLE"}


def test_filter_overdue_only(client, plan, owner):
    client.force_login(owner)
    assert refs(client, overdue="true") == ["W6"]


def test_filter_due_within_30_days(client, plan, owner, manager):
    soon = Action.objects.get(plan=plan, ref="SL14")
    soon.rating = rating(plan, "On track")
    soon.due_date = timezone.localdate() + dt.timedelta(days=20)
    save_tracked(soon, user=manager, reason="Test: due soon.")
    client.force_login(owner)
    assert refs(client, due_soon="true") == ["SL14"]


def test_a_filter_value_from_outside_my_plans_is_explained(client, plan, owner):
    client.force_login(owner)
    body = client.get(reverse("plans:my_actions"), {"rating": "999999"}).content.decode()
    assert "Select a valid choice" in body
