"""Sign-off of officers' ratings: a plan that needs it keeps an officer's new rating as a
submission until a plan manager accepts it (then it becomes the action's rating) or
returns it with a comment. ``Action.rating`` is always the accepted rating."""

from django.conf import settings
from django.db import models

from improvement.lib.history import tracked

from .actions import Action
from .plan import Plan, RatingLevel


class RatingSubmissionQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("action", "rating", "old_rating", "submitted_by", "decided_by")

    def waiting(self, plan):
        """The manager's sign-off queue: open submissions, oldest first."""
        return (
            self.with_people()
            .filter(plan=plan, status=RatingSubmission.Status.SUBMITTED)
            .order_by("submitted_at", "pk")
        )


class RatingSubmission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for sign-off"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rating_submissions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rating_submissions")
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    old_rating = models.ForeignKey(
        RatingLevel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The accepted rating when this was submitted (accepting checks it still is).",
    )
    reason = models.TextField(
        blank=True, help_text='Why this rating ("Reason for Amber"), when it needs a reason.'
    )
    comment = models.TextField(
        help_text="The officer's reason for the change, written into the action's history "
        "when accepted."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When it was first submitted: a resubmission before the decision changes the rating
    # and reasons, not this, so "pending sign-off" on a past day reads from here.
    submitted_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(
        blank=True, help_text="Why the manager returned it (required to return)."
    )

    history = tracked()
    objects = RatingSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-submitted_at"]
        indexes = [models.Index(fields=["plan", "status"], name="submission_plan_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(status="submitted"),
                name="one_open_rating_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(status="submitted")
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="submission_decision_names_who_and_when",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(return_comment=""),
                name="returned_submission_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.action.ref}: {self.rating.name} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status == self.Status.SUBMITTED
