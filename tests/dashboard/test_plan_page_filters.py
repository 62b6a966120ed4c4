"""The plan page's filters: rating, owner, chapter, area, overdue, slipping and Amber E
waiting time, as at any day, without JavaScript and in the page's usual queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.models import Action, OwnerRole


def refs(response):
    """The refs of the actions listed, in order (each row's first link)."""
    body = response.content.decode()
    return re.findall(r'<tr class="govuk-table__row" id="action-([^"]+)">', body)


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def page(client, plan, **query):
    response = client.get(reverse("plans:detail", args=[plan.slug]), query)
    assert response.status_code == 200
    return response


def test_the_plan_page_links_to_its_dashboard_as_at_the_same_day(signed_in, plan):
    body = page(signed_in, plan, as_at="2025-11-12").content.decode()
    assert f'href="/plans/{plan.slug}/dashboard/?as_at=2025-11-12">Dashboard</a>' in body


def test_no_filter_lists_all_143_actions(signed_in, plan):
    assert len(refs(page(signed_in, plan, as_at="2025-11-12"))) == 143


def test_rating_and_chapter_find_chapter_2s_amber_e_actions_as_at_12_november_2025(signed_in, plan):
    amber_e = plan.rating_levels.get(short_name="Amber E")
    chapter_2 = plan.chapters.get(number=2)
    response = page(signed_in, plan, as_at="2025-11-12", rating=amber_e.pk, chapter=chapter_2.pk)
    # Appendix 1 (seed 003), chapter 2's Amber E actions.
    assert refs(response) == [
        "FD1", "FD4", "SM4", "LS1", "LS3", "H1", "H2", "H3", "H7", "H8",
        "ED4", "ED5", "ED6", "W4", "W5",
    ]  # fmt: skip
    assert "Showing 15 of 143 actions." in response.content.decode()


def test_two_ratings_together_as_at_12_november_2025(signed_in, plan):
    levels = plan.rating_levels
    both = [levels.get(name="Delayed").pk, levels.get(name="Reviewing").pk]
    response = page(signed_in, plan, as_at="2025-11-12", rating=both)
    # Appendix 1 (seed 003): Delayed SL17; Reviewing SL8, SL18, P5, P12, S5.
    assert refs(response) == ["SL8", "SL17", "SL18", "P5", "P12", "S5"]


def test_owner_finds_the_actions_the_role_owns(signed_in, plan):
    role = OwnerRole.objects.get(plan=plan, title="Participation Lead")
    owned = sorted(
        Action.objects.filter(plan=plan, owners__role=role).distinct().values_list("ref", flat=True)
    )
    assert owned  # the demo gives the role actions
    assert sorted(refs(page(signed_in, plan, owner=role.pk))) == owned


def test_overdue_lists_actions_past_their_due_date_and_not_finished(signed_in, plan):
    """As at 12 November 2025 (Appendix 1): of the actions not Complete, Amber E or
    Closed, only SL18 (due Oct 25) and P12 (Sept 25) were due before the day."""
    assert refs(page(signed_in, plan, as_at="2025-11-12", overdue="1")) == ["SL18", "P12"]


def test_slipping_lists_an_action_once_its_due_date_has_moved_twice(signed_in, plan, manager):
    assert "W6" not in refs(page(signed_in, plan, slipping="1"))
    action = Action.objects.get(plan=plan, ref="W6")
    for due in (dt.date(2026, 1, 31), dt.date(2026, 3, 31)):
        action.refresh_from_db()
        action.due_date = due
        save_tracked(action, user=manager, reason="Test: the recruitment campaign slips.")
    assert "W6" in refs(page(signed_in, plan, slipping="1"))


def test_filters_keep_the_plan_pages_query_count(signed_in, plan, django_assert_num_queries):
    """The choices come from the page's own snapshot: filtering reads nothing more."""
    amber_e = plan.rating_levels.get(short_name="Amber E")
    for as_at in ({}, {"as_at": "2025-11-12"}):
        with CaptureQueriesContext(connection) as unfiltered:
            page(signed_in, plan, **as_at)
        with django_assert_num_queries(len(unfiltered)):
            page(signed_in, plan, rating=amber_e.pk, overdue="1", waiting="181-", **as_at)


def test_a_filter_of_another_plan_is_ignored_and_said_so(signed_in, plan):
    response = page(signed_in, plan, rating="999999")
    assert len(refs(response)) == 143
    assert "none are applied" in response.content.decode()
