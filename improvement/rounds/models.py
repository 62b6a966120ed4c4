"""Update rounds: the monthly "bring your actions up to date" cycle, and its reminders.

A plan manager opens a round (its name, the day its ratings will be "as at", the
deadline); every open action of the plan gets a ``RoundAction`` saying whether its owners
have updated it, confirmed it unchanged, or not yet. Closing the round fixes its "as at"
day, which the committee pack then offers by default.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from improvement.lib.history import tracked
from improvement.plans.models import Action, Plan

DEFAULT_REMIND_DAYS = 5


class UpdateRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=200, help_text='For example "December 2025 update".')
    as_at = models.DateField(help_text='The day the round\'s ratings are reported "as at".')
    deadline = models.DateField(help_text="The day by which owners update their actions.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        default=DEFAULT_REMIND_DAYS,
        help_text="Owners are e-mailed this many days before the deadline, and on it.",
    )

    history = tracked()

    class Meta:
        ordering = ["plan", "-opened_at"]
        constraints = [
            # Two managers opening a round at once: the database keeps one.
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="open"),
                name="one_open_round_per_plan",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class RoundAction(models.Model):
    """One action in one round: has it been brought up to date?"""

    class State(models.TextChoices):
        NOT_UPDATED = "not_updated", "Not updated"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Confirmed unchanged"

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="entries")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="round_entries")
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_UPDATED)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["round", "action__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="action_once_per_round")
        ]
        indexes = [models.Index(fields=["action", "state"], name="round_entry_action_state")]

    def __str__(self):
        return f"{self.round}: {self.action_id} {self.get_state_display()}"


class ReminderSent(models.Model):
    """A reminder e-mail that went out (or is going out): the unique constraint is what
    stops a reminder going twice, even from two runs of ``send_reminders`` at once. A
    record of the product's own doing rather than a person's change, so not tracked."""

    class Kind(models.TextChoices):
        OWNER_BEFORE = "owner_before", "Owner, before the deadline"
        OWNER_DEADLINE = "owner_deadline", "Owner, on the deadline"
        DIGEST_BEFORE = "digest_before", "Managers' digest, before the deadline"
        DIGEST_DEADLINE = "digest_deadline", "Managers' digest, on the deadline"

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    actions = models.PositiveIntegerField(
        default=0, help_text="How many outstanding actions the e-mail listed or counted."
    )

    class Meta:
        ordering = ["round", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "kind"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.round} → {self.user_id}: {self.get_kind_display()}"


class ReminderPreference(models.Model):
    """Whether a person wants the rounds' reminder e-mails (and, for plan managers, the
    digest). No row means yes: reminders are on until someone turns theirs off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_reminders = models.BooleanField(default=True)

    history = tracked()

    def __str__(self):
        return f"{self.user}: reminders {'on' if self.email_reminders else 'off'}"


def wants_reminders(user):
    """One query at most (none if the preference was prefetched)."""
    try:
        return user.reminder_preference.email_reminders
    except ReminderPreference.DoesNotExist:
        return True
