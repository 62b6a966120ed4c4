"""My actions shows "Due for update by <deadline>" on each action not yet updated in an
open round; one click confirms it unchanged (in the history), for whoever may edit it.
The update form's ``note_update`` marks it Updated."""

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.plans.models import Action
from improvement.rounds.cycle import close_round
from improvement.rounds.marking import note_update
from improvement.rounds.models import RoundAction

from .conftest import AS_AT
from .support import entry, unchanged_url

pytestmark = pytest.mark.django_db

DUE = "Due for update by 5 December 2025"
State = RoundAction.State


def my_actions(client, **query):
    return client.get(reverse("plans:my_actions"), query).content.decode()


def test_my_actions_says_which_actions_are_due_for_update(client, owner, december):
    client.force_login(owner)
    body = my_actions(client)
    # The officer's 18 open actions (PSW) fit on one page; MO2 (Closed) is not in the round.
    assert body.count(DUE) == 18
    assert unchanged_url(december, "SL14") in body
    assert unchanged_url(december, "MO2") not in body


def test_no_due_for_update_without_an_open_round(client, owner, manager, december):
    close_round(december, as_at=AS_AT.replace(day=1), user=manager)
    client.force_login(owner)
    assert DUE not in my_actions(client)


def test_an_owner_confirms_an_action_unchanged_in_one_click(client, owner, december):
    client.force_login(owner)
    response = client.post(unchanged_url(december, "SL14"), {"next": "/my-actions/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/my-actions/?page=1"
    sl14 = entry(december, "SL14")
    assert (sl14.state, sl14.by) == (State.UNCHANGED, owner)
    row = sl14.history.first()
    assert row.history_user == owner
    assert row.history_change_reason == "Confirmed unchanged in the round December 2025 update."
    assert my_actions(client).count(DUE) == 17


def test_a_second_click_changes_nothing(client, owner, december):
    client.force_login(owner)
    client.post(unchanged_url(december, "SL14"))
    rows = entry(december, "SL14").history.count()
    response = client.post(unchanged_url(december, "SL14"), follow=True)
    assert "SL14 was already confirmed unchanged in December 2025 update." in (
        response.content.decode()
    )
    assert entry(december, "SL14").history.count() == rows


def test_a_link_to_another_site_is_not_followed(client, owner, december):
    client.force_login(owner)
    response = client.post(unchanged_url(december, "SL14"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("plans:my_actions")


def test_an_officer_cannot_confirm_anothers_action(client, owner, december):
    client.force_login(owner)
    assert client.post(unchanged_url(december, "SL18")).status_code == 403
    assert entry(december, "SL18").state == State.NOT_UPDATED


def test_a_manager_confirms_any_action(client, manager, december):
    client.force_login(manager)
    client.post(unchanged_url(december, "SL18"))
    assert entry(december, "SL18").state == State.UNCHANGED


@pytest.mark.parametrize("username", ["clerk", "board"])
def test_readers_cannot_confirm_an_action(client, plan, december, username):
    client.force_login(plan.memberships.get(user__username=username).user)
    assert client.post(unchanged_url(december, "SL14")).status_code == 403


def test_confirming_needs_a_post(client, owner, december):
    client.force_login(owner)
    assert client.get(unchanged_url(december, "SL14")).status_code == 405


def test_a_closed_round_takes_no_confirmation(client, owner, manager, december):
    close_round(december, as_at=AS_AT.replace(day=1), user=manager)
    client.force_login(owner)
    response = client.post(unchanged_url(december, "SL14"), follow=True)
    assert "December 2025 update is closed; nothing was changed." in response.content.decode()
    assert entry(december, "SL14").state == State.NOT_UPDATED


def test_an_update_marks_the_action_updated_in_the_open_round(plan, owner, december):
    action = Action.objects.get(plan=plan, ref="SL14")
    when = timezone.now()
    note_update(action, user=owner, when=when)
    sl14 = entry(december, "SL14")
    assert (sl14.state, sl14.by, sl14.at) == (State.UPDATED, owner, when)
    assert sl14.history.first().history_change_reason == (
        "Action updated in the round December 2025 update."
    )


def test_an_update_after_confirming_unchanged_makes_it_updated(client, plan, owner, december):
    client.force_login(owner)
    client.post(unchanged_url(december, "SL14"))
    note_update(Action.objects.get(plan=plan, ref="SL14"), user=owner, when=timezone.now())
    assert entry(december, "SL14").state == State.UPDATED


def test_a_second_update_writes_no_more_history(plan, owner, december):
    action = Action.objects.get(plan=plan, ref="SL14")
    note_update(action, user=owner, when=timezone.now())
    rows = entry(december, "SL14").history.count()
    note_update(action, user=owner, when=timezone.now())
    assert entry(december, "SL14").history.count() == rows


def test_an_update_with_no_open_round_does_nothing(plan, owner, manager, december):
    close_round(december, as_at=AS_AT.replace(day=1), user=manager)
    action = Action.objects.get(plan=plan, ref="SL14")
    assert note_update(action, user=owner, when=timezone.now()) is None
    assert entry(december, "SL14").state == State.NOT_UPDATED
