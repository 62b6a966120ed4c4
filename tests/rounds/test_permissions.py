"""Who may do what with rounds: outsiders learn nothing (404); officers neither read the
chasing page nor open or close rounds (403); clerks and the board read but change
nothing; a closed plan takes no new round."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.models import Plan
from improvement.rounds.models import UpdateRound

from .support import chasing_url, unchanged_url

pytestmark = pytest.mark.django_db


def pages(round_):
    slug = round_.plan.slug
    return [
        reverse("rounds:index", args=[slug]),
        chasing_url(round_),
        reverse("rounds:close", args=[slug, round_.pk]),
    ]


def opening(deadline):
    return {
        "name": "Sneaky",
        "as_at": deadline.isoformat(),
        "deadline_day": deadline.day,
        "deadline_month": deadline.month,
        "deadline_year": deadline.year,
        "remind_days_before": "5",
    }


def test_an_outsider_is_told_there_is_no_such_plan(client, outsider, december):
    client.force_login(outsider)
    for url in pages(december):
        assert client.get(url).status_code == 404
    index, _chasing, close = pages(december)
    assert client.post(index, {}).status_code == 404
    assert client.post(close, {}).status_code == 404
    assert client.post(unchanged_url(december, "SL14")).status_code == 404


def test_signing_in_is_needed(client, december):
    for url in [*pages(december), reverse("rounds:reminders")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_officer_cannot_open_a_round(client, plan, owner):
    client.force_login(owner)
    url = reverse("rounds:index", args=[plan.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, opening(dt.date.today() + dt.timedelta(days=9))).status_code == 403
    assert not UpdateRound.objects.filter(plan=plan).exists()


def test_an_officer_cannot_read_the_chasing_page_or_close_a_round(client, owner, december):
    client.force_login(owner)
    assert client.get(chasing_url(december)).status_code == 403
    close = reverse("rounds:close", args=[december.plan.slug, december.pk])
    assert client.get(close).status_code == 403
    assert client.post(close, {"as_at": "2025-11-12"}).status_code == 403
    december.refresh_from_db()
    assert december.is_open


@pytest.mark.parametrize("username", ["clerk", "board"])
def test_clerks_and_the_board_cannot_open_or_close_rounds(client, plan, december, username):
    client.force_login(plan.memberships.get(user__username=username).user)
    assert client.get(chasing_url(december)).status_code == 200
    index = reverse("rounds:index", args=[plan.slug])
    assert client.post(index, opening(dt.date.today() + dt.timedelta(days=9))).status_code == 403
    close = reverse("rounds:close", args=[plan.slug, december.pk])
    assert client.post(close, {"as_at": "2025-11-12"}).status_code == 403
    december.refresh_from_db()
    assert december.is_open


def test_a_closed_plan_takes_no_new_round(client, plan, manager):
    plan.status = Plan.Status.CLOSED
    save_tracked(plan, user=manager, reason="Test: closed.")
    client.force_login(manager)
    url = reverse("rounds:index", args=[plan.slug])
    assert "Open a round" not in client.get(url).content.decode()
    assert client.post(url, opening(dt.date.today() + dt.timedelta(days=9))).status_code == 403
