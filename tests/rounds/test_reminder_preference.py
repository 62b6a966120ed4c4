"""Each person sees and changes their own reminder choice at /accounts/reminders/; the
change is in the history with who and when."""

import pytest
from django.urls import reverse

from improvement.rounds.models import ReminderPreference

pytestmark = pytest.mark.django_db

URL = reverse("rounds:reminders")


def test_reminders_are_on_until_turned_off(client, owner):
    client.force_login(owner)
    body = client.get(URL).content.decode()
    assert "Reminder e-mails are <strong>on</strong>, sent to officer@example.invalid" in body
    assert 'value="yes" checked' in body


def test_a_person_turns_their_reminders_off_and_the_history_says_so(client, owner):
    client.force_login(owner)
    response = client.post(URL, {"email_reminders": "no"}, follow=True)
    assert "Reminder e-mails are now off." in response.content.decode()
    preference = ReminderPreference.objects.get(user=owner)
    assert preference.email_reminders is False
    row = preference.history.get()
    assert row.history_user == owner
    assert row.history_change_reason == "Turned their reminder e-mails off."
    assert 'value="no" checked' in client.get(URL).content.decode()


def test_turning_them_back_on_is_a_second_history_row(client, owner):
    client.force_login(owner)
    client.post(URL, {"email_reminders": "no"})
    client.post(URL, {"email_reminders": "yes"})
    preference = ReminderPreference.objects.get(user=owner)
    assert preference.email_reminders is True
    assert list(preference.history.values_list("email_reminders", flat=True)) == [True, False]


def test_saving_the_same_choice_writes_nothing(client, owner):
    client.force_login(owner)
    response = client.post(URL, {"email_reminders": "yes"}, follow=True)
    assert "Your reminder choice is unchanged." in response.content.decode()
    assert not ReminderPreference.objects.filter(user=owner).exists()


def test_a_choice_must_be_made(client, owner):
    client.force_login(owner)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Select yes if you want reminder e-mails" in response.content.decode()


def test_the_choice_is_only_ever_ones_own(client, owner, manager):
    client.force_login(manager)
    client.post(URL, {"email_reminders": "no", "user": owner.pk})
    assert ReminderPreference.objects.get(user=manager).email_reminders is False
    assert not ReminderPreference.objects.filter(user=owner).exists()
