"""Proposed changes to an action, and the governance decision on each.

In the council's process new timescales and rewording are agreed by the oversight group,
not by the officer alone: an officer proposes, a plan manager records the meeting's
decision. An approved proposal changes the action (its history row carries the proposal's
reason and the approval); a rejected one is kept with the reason for rejecting it.
"""

from django.conf import settings
from django.db import models

from improvement.lib.dates import long_date
from improvement.lib.history import tracked
from improvement.plans.due import format_due
from improvement.plans.models import Action, Plan, RatingLevel


class Meeting(models.Model):
    """A meeting that agrees changes to the plan ("Partnership Oversight Group",
    12 December 2024), recorded once and chosen from a list when a decision is made."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    name = models.CharField(max_length=200)
    date = models.DateField()
    minutes_url = models.URLField(blank=True, max_length=500, help_text="Link to the minutes.")

    history = tracked()

    class Meta:
        ordering = ["plan", "-date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name", "date"], name="meeting_once_a_day")
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """ "Partnership Oversight Group, 12 December 2024"."""
        return f"{self.name}, {long_date(self.date)}"


class ProposalQuerySet(models.QuerySet):
    def _with_people(self):
        return self.select_related(
            "action", "old_rating", "new_rating", "proposed_by", "decided_by", "meeting_record"
        )

    def waiting(self, plan):
        """The manager's queue: pending proposals, oldest first."""
        return (
            self._with_people()
            .filter(plan=plan, status=Proposal.Status.PENDING)
            .order_by("proposed_at", "pk")
        )

    def decided(self, plan):
        """Approved and rejected proposals, most recent decision first."""
        return (
            self._with_people()
            .filter(plan=plan)
            .exclude(status=Proposal.Status.PENDING)
            .order_by("-decided_at", "-pk")
        )

    def for_action(self, action):
        return self._with_people().filter(action=action).order_by("-proposed_at", "-pk")


class Proposal(models.Model):
    class Kind(models.TextChoices):
        DUE = "due", "New due date"
        WORDING = "wording", "New wording"
        STATUS = "status", "Delayed or under review"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="proposals")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(help_text="Why the change is needed, as the committee will read it.")

    # What the action said when the change was proposed, and what is proposed.
    old_due_date = models.DateField(null=True, blank=True)
    old_due_text = models.CharField(max_length=300, blank=True)
    new_due_date = models.DateField(null=True, blank=True)
    new_due_text = models.CharField(max_length=300, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    old_rating = models.ForeignKey(
        RatingLevel, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    new_rating = models.ForeignKey(
        RatingLevel, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    meeting = models.CharField(
        max_length=200,
        blank=True,
        help_text='The meeting that decided: "Partnership Oversight Group".',
    )
    meeting_date = models.DateField(null=True, blank=True)
    # The recorded meeting chosen for the decision; ``meeting`` and ``meeting_date`` keep
    # its name and date as printed (decisions recorded before meetings were records
    # have only those).
    meeting_record = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decision_note = models.TextField(
        blank=True, help_text="Why it was rejected (required), or a note on the approval."
    )

    history = tracked()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-proposed_at"]
        constraints = [
            # One open proposal of each kind per action: the manager decides one at a time.
            models.UniqueConstraint(
                fields=["action", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_proposal_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | (
                    models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    & models.Q(meeting_date__isnull=False)
                    & ~models.Q(meeting="")
                ),
                name="decision_names_its_meeting",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_note=""),
                name="rejection_gives_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.action.ref}: {self.get_kind_display().lower()} ({self.get_status_display()})"

    @property
    def meeting_label(self):
        """ "Partnership Oversight Group, 12 December 2024"."""
        if not self.meeting_date:
            return self.meeting
        return f"{self.meeting}, {long_date(self.meeting_date)}"

    @property
    def old_due(self):
        return format_due(self.old_due_date, self.old_due_text)

    @property
    def new_due(self):
        return format_due(self.new_due_date, self.new_due_text)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


# The history chain's tables belong to this app (improvement/governance/chain.py).
from improvement.governance.chain import HistoryLayout, HistorySeal, SealHead  # noqa: E402, F401
