"""``manage.py send_reminders``: owners of actions not yet updated are e-mailed five days
before the deadline and on it, with a link to each action's update form; plan managers
get a digest; nobody gets the same e-mail twice; a person who turned reminders off gets
none. E-mail goes to Django's locmem outbox.

The December round's deadline is 5 December 2025, reminders 5 days before: 30 November.
The demo officer (officer@example.invalid) holds the Principal Social Worker role: 18
open actions (fixtures/plan_2025-11-12.json); the plan manager is manager@example.invalid.
"""

import smtplib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from improvement.rounds.cycle import close_round
from improvement.rounds.models import ReminderPreference, ReminderSent

from .conftest import AS_AT
from .support import unchanged_url

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.gov.uk"
EDIT = SITE + "/plans/childrens-services/actions/{}/edit/"
PSW_REFS = [
    "SL14", "SL15b", "SL16", "CLA2", "P1", "P2", "V2", "V3", "V4", "V5", "MO1", "MO3",
    "MO4", "IR2", "LS1", "W5", "W6", "W8",
]  # fmt: skip


class FailingBackend:
    """An SMTP server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise smtplib.SMTPException("421 Service not available")


@pytest.fixture(autouse=True)
def outbox(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE
    return mailoutbox


def run(day, *args):
    out = StringIO()
    call_command("send_reminders", "--today", day, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def to(outbox, address):
    return [m for m in outbox if m.to == [address]]


def test_owners_and_managers_are_emailed_five_days_before_the_deadline(outbox, december):
    run("2025-11-30")
    assert sorted(m.to[0] for m in outbox) == ["manager@example.invalid", "officer@example.invalid"]
    (mine,) = to(outbox, "officer@example.invalid")
    assert mine.subject == "Reminder: 18 actions to update for December 2025 update"
    assert "by 5 December 2025 (5 days from today)" in mine.body
    assert [ref for ref in PSW_REFS if EDIT.format(ref) in mine.body] == PSW_REFS
    assert EDIT.format("MO2") not in mine.body  # Closed: not in the round
    assert f"{SITE}/accounts/reminders/" in mine.body
    (digest,) = to(outbox, "manager@example.invalid")
    assert digest.subject == "December 2025 update: 135 of 135 actions not yet updated"
    assert "- Principal Social Worker (Olivia Officer): 18 of 18" in digest.body
    assert "- Chapter 1 · 1. Senior Leaders' Oversight: 20 of 20" in digest.body
    assert f"{SITE}/plans/childrens-services/rounds/{december.pk}/" in digest.body


def test_an_owner_with_an_e_mail_address_gets_their_own_actions(outbox, colleague, december):
    colleague.email = "cal@example.invalid"
    colleague.save()
    run("2025-11-30")
    (theirs,) = to(outbox, "cal@example.invalid")
    assert theirs.subject == "Reminder: 4 actions to update for December 2025 update"
    for ref in ["SL18", "CLA7", "CLB11", "S10"]:
        assert EDIT.format(ref) in theirs.body
    assert EDIT.format("SL14") not in theirs.body


def test_a_second_run_sends_nothing_again(outbox, december):
    run("2025-11-30")
    assert len(outbox) == 2
    out = run("2025-11-30")
    assert len(outbox) == 2
    assert "0 e-mails sent for 2025-11-30." in out
    run("2025-12-02")  # still before the deadline: that reminder has gone
    assert len(outbox) == 2
    assert ReminderSent.objects.filter(round=december).count() == 2


def test_on_the_deadline_owners_are_reminded_once_more(outbox, december):
    run("2025-11-30")
    run("2025-12-05")
    mine = to(outbox, "officer@example.invalid")
    assert [m.subject for m in mine] == [
        "Reminder: 18 actions to update for December 2025 update",
        "Today is the deadline: 18 actions to update for December 2025 update",
    ]
    assert "Today, 5 December 2025, is the deadline" in mine[1].body
    assert len(to(outbox, "manager@example.invalid")) == 2
    run("2025-12-06")
    assert len(outbox) == 4


def test_nothing_is_sent_earlier_than_the_set_number_of_days(outbox, december):
    assert "0 e-mails sent" in run("2025-11-29")
    assert outbox == []


def test_a_missed_day_is_caught_up_once(outbox, december):
    run("2025-12-02")  # the timer did not run on 30 November
    assert len(outbox) == 2


def test_actions_already_updated_or_confirmed_are_not_listed(client, outbox, owner, december):
    client.force_login(owner)
    client.post(unchanged_url(december, "SL14"))
    run("2025-11-30")
    (mine,) = to(outbox, "officer@example.invalid")
    assert mine.subject == "Reminder: 17 actions to update for December 2025 update"
    assert EDIT.format("SL14") not in mine.body
    (digest,) = to(outbox, "manager@example.invalid")
    assert "- Principal Social Worker (Olivia Officer): 17 of 18" in digest.body


def test_a_person_who_turned_reminders_off_gets_none(outbox, owner, december):
    ReminderPreference.objects.create(user=owner, email_reminders=False)
    out = run("2025-11-30")
    assert [m.to for m in outbox] == [["manager@example.invalid"]]
    assert "reminders turned off" in out


def test_a_dry_run_sends_and_records_nothing(outbox, december):
    out = run("2025-11-30", "--dry-run")
    assert outbox == []
    assert not ReminderSent.objects.exists()
    assert "Would send: " in out and "2 e-mails would be sent for 2025-11-30." in out


def test_a_closed_round_sends_no_reminders(outbox, manager, december):
    close_round(december, as_at=AS_AT.replace(day=1), user=manager)
    run("2025-11-30")
    assert outbox == []


def test_the_database_refuses_a_second_record_of_the_same_reminder(owner, december):
    kind = ReminderSent.Kind.OWNER_BEFORE
    ReminderSent.objects.create(round=december, user=owner, kind=kind)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(round=december, user=owner, kind=kind)


def test_a_reminder_another_run_has_recorded_is_not_sent(outbox, owner, december):
    ReminderSent.objects.create(round=december, user=owner, kind=ReminderSent.Kind.OWNER_BEFORE)
    run("2025-11-30")
    assert [m.to for m in outbox] == [["manager@example.invalid"]]


def test_a_reminder_that_could_not_be_sent_is_tried_again(settings, outbox, december):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(CommandError, match="2 e-mail"):
        run("2025-11-30")
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("2025-11-30")
    assert len(outbox) == 2


def test_a_malformed_day_or_a_missing_site_address_is_refused(settings, december):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("30/11/2025")
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        run("2025-11-30")


def test_production_runs_it_every_morning_from_a_systemd_timer():
    folder = settings.BASE_DIR / "deploy" / "systemd"
    service = (folder / "improvement-reminders.service").read_text()
    timer = (folder / "improvement-reminders.timer").read_text()
    assert "ExecStart=/opt/improvement/.venv/bin/python manage.py send_reminders\n" in service
    assert "EnvironmentFile=/etc/improvement/improvement.env" in service
    assert "OnCalendar=*-*-* 08:00:00" in timer and "Persistent=true" in timer
