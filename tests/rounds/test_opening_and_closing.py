"""A plan manager opens a round (every open action Not updated, in the history) and
closes it, which fixes its "as at" day. One open round per plan."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.rounds.cycle import RoundAlreadyOpen, open_round
from improvement.rounds.models import RoundAction, UpdateRound

from .conftest import CLOSED_REFS, IN_ROUND

pytestmark = pytest.mark.django_db

ROUND = {
    "name": "January 2026 update",
    "as_at": dt.date(2026, 1, 12),
    "deadline": dt.date(2026, 1, 5),
    "remind_days_before": 5,
}


def day_parts(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_opening_a_round_puts_every_open_action_in_it_not_updated(december):
    entries = RoundAction.objects.filter(round=december)
    assert entries.count() == IN_ROUND
    assert set(entries.values_list("state", flat=True)) == {RoundAction.State.NOT_UPDATED}
    assert not entries.filter(action__ref__in=CLOSED_REFS).exists()
    assert entries.filter(action__ref="SL14").exists()  # Complete: confirmed in one click


def test_a_replaced_action_is_left_out_of_the_next_round(plan, manager):
    sl14, sl16 = (
        Action.objects.get(plan=plan, ref="SL14"),
        Action.objects.get(plan=plan, ref="SL16"),
    )
    sl14.replaced_by = sl16  # stands in for an action of a later plan
    save_tracked(sl14, user=manager, reason="Test: replaced.")
    round_ = open_round(plan, user=manager, **ROUND)
    assert round_.entries.count() == IN_ROUND - 1
    assert not round_.entries.filter(action=sl14).exists()


def test_opening_writes_each_entry_to_the_history_with_who_and_why(december, manager):
    rows = RoundAction.history.filter(round_id=december.pk)
    assert rows.count() == IN_ROUND
    assert set(rows.values_list("history_user__username", flat=True)) == {"manager"}
    assert set(rows.values_list("history_change_reason", flat=True)) == {
        "Opened the update round December 2025 update, deadline 05/12/2025."
    }
    opened = UpdateRound.history.get(id=december.pk)
    assert opened.history_user == manager
    assert opened.history_type == "+"


def test_a_manager_opens_a_round_from_the_rounds_page(client, plan, manager):
    client.force_login(manager)
    deadline = today() + dt.timedelta(days=10)
    response = client.post(
        reverse("rounds:index", args=[plan.slug]),
        {
            "name": "  January 2026   update ",
            **day_parts("as_at", deadline + dt.timedelta(days=7)),
            **day_parts("deadline", deadline),
            "remind_days_before": "3",
        },
    )
    round_ = UpdateRound.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("rounds:detail", args=[plan.slug, round_.pk])
    assert (round_.name, round_.deadline, round_.remind_days_before) == (
        "January 2026 update",
        deadline,
        3,
    )
    assert round_.opened_by == manager and round_.is_open
    assert round_.entries.count() == IN_ROUND


def test_a_second_round_cannot_be_opened_while_one_is_open(client, plan, manager, december):
    client.force_login(manager)
    deadline = today() + dt.timedelta(days=10)
    response = client.post(
        reverse("rounds:index", args=[plan.slug]),
        {
            "name": "Another",
            **day_parts("as_at", deadline),
            **day_parts("deadline", deadline),
            "remind_days_before": "5",
        },
    )
    assert response.status_code == 400
    assert "December 2025 update is still open: close it before opening another" in (
        response.content.decode()
    )
    assert UpdateRound.objects.filter(plan=plan).count() == 1
    with pytest.raises(RoundAlreadyOpen):
        open_round(plan, user=manager, **ROUND)


def test_the_database_refuses_a_second_open_round_even_behind_the_form(plan, december):
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateRound.objects.create(
            plan=plan, name="Race", as_at=december.as_at, deadline=december.deadline
        )


def test_a_deadline_already_past_is_explained_next_to_the_field(client, plan, manager):
    client.force_login(manager)
    yesterday = today() - dt.timedelta(days=1)
    response = client.post(
        reverse("rounds:index", args=[plan.slug]),
        {
            "name": "Late",
            **day_parts("as_at", yesterday),
            **day_parts("deadline", yesterday),
            "remind_days_before": "5",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The deadline must be" in body and "or later" in body
    assert not UpdateRound.objects.filter(plan=plan).exists()


def test_closing_a_round_fixes_its_as_at_day(client, plan, manager, december):
    client.force_login(manager)
    url = reverse("rounds:close", args=[plan.slug, december.pk])
    page = client.get(url).content.decode()
    assert f"{IN_ROUND} actions have not been updated or confirmed unchanged" in page
    response = client.post(url, {**day_parts("as_at", dt.date(2025, 11, 12)), "reason": "Done."})
    assert response.status_code == 302
    december.refresh_from_db()
    assert december.status == UpdateRound.Status.CLOSED
    assert december.as_at == dt.date(2025, 11, 12)
    assert december.closed_by == manager and december.closed_at is not None
    last = december.history.first()
    assert last.history_user == manager
    assert last.history_change_reason == (
        "Closed the update round December 2025 update, ratings as at 12/11/2025. Done."
    )


def test_a_round_cannot_be_closed_with_a_future_as_at_day(client, plan, manager, december):
    client.force_login(manager)
    url = reverse("rounds:close", args=[plan.slug, december.pk])
    response = client.post(url, day_parts("as_at", today() + dt.timedelta(days=1)))
    assert response.status_code == 400
    assert "The ratings date must be today or in the past" in response.content.decode()
    december.refresh_from_db()
    assert december.is_open


def test_closing_a_closed_round_again_changes_nothing(client, plan, manager, december):
    client.force_login(manager)
    url = reverse("rounds:close", args=[plan.slug, december.pk])
    client.post(url, day_parts("as_at", dt.date(2025, 11, 12)))
    rows = december.history.count()
    response = client.post(url, day_parts("as_at", dt.date(2025, 10, 1)), follow=True)
    assert "December 2025 update was already closed; nothing was changed." in (
        response.content.decode()
    )
    december.refresh_from_db()
    assert december.as_at == dt.date(2025, 11, 12)
    assert december.history.count() == rows


def test_the_rounds_page_lists_rounds_for_clerks_without_the_form(client, plan, clerk, december):
    client.force_login(clerk)
    body = client.get(reverse("rounds:index", args=[plan.slug])).content.decode()
    assert "December 2025 update" in body
    assert "Open a round" not in body
