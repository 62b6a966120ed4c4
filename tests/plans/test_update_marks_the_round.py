"""Every successful submit of the update form marks the action Updated in its plan's
open round: a saved change, a rating submitted for sign-off, or a due date proposed to
the next meeting. A refused or unchanged form marks nothing."""

import datetime as dt

import pytest

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.rounds.cycle import open_round
from improvement.rounds.models import RoundAction

from .support import edit_url, form_data, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_entry(plan, manager, owned_action):
    round_ = open_round(
        plan,
        name="December 2025",
        as_at=today(),
        deadline=today() + dt.timedelta(days=14),
        remind_days_before=3,
        user=manager,
    )
    return RoundAction.objects.get(round=round_, action=owned_action)


def post(client, owner, action, **typed):
    client.force_login(owner)
    return client.post(edit_url(action), form_data(action, **typed))


def test_a_saved_change_marks_the_action_updated(client, owner, owned_action, round_entry):
    assert post(client, owner, owned_action, progress="Briefings done.").status_code == 302
    round_entry.refresh_from_db()
    assert (round_entry.state, round_entry.by) == ("updated", owner)


def test_a_rating_submitted_for_sign_off_marks_it_updated(
    client, plan, owner, admin_user, owned_action, round_entry
):
    plan.ratings_need_signoff = True
    save_tracked(plan, user=admin_user, reason="Test: ratings need sign-off.")
    on_track = rating(plan, "On track").pk
    assert post(client, owner, owned_action, rating=on_track, reason="Reopened.").status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Complete"
    round_entry.refresh_from_db()
    assert round_entry.state == "updated"


def test_a_due_date_proposed_to_a_meeting_marks_it_updated(
    client, owner, owned_action, round_entry
):
    response = post(
        client, owner, owned_action, due_day="30", due_month="6", due_year="2026", reason="HR."
    )
    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.due_date == dt.date(2025, 2, 28)  # fixtures: February 2025
    round_entry.refresh_from_db()
    assert round_entry.state == "updated"


def test_a_refused_form_marks_nothing(client, plan, owner, owned_action, round_entry):
    post(client, owner, owned_action, rating=rating(plan, "Delayed").pk)  # no reasons
    round_entry.refresh_from_db()
    assert round_entry.state == "not_updated"
