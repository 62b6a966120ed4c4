"""Evidence of impact: files and links attached to an action, each with a title and date.

Rows are never deleted: removing evidence marks the row removed (who, when, why, in the
history too) and deletes the file itself from storage, since a file uploaded by mistake
may hold personal data about children and must not linger. The row keeps what it was
(title, original name, size), so the history and the action page's past days still
tell the story.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from improvement.lib.history import tracked
from improvement.plans.models import Action

from .filetypes import ALLOWED, describe, extension
from .storage import get_evidence_storage


def stored_name(instance, filename):
    """A new, unguessable name: the uploaded name is only ever kept as data."""
    return (
        f"plan-{instance.action.plan_id}/{secrets.token_hex(16)}.{extension(instance.content_type)}"
    )


class EvidenceQuerySet(models.QuerySet):
    def live(self):
        """Evidence not removed."""
        return self.filter(removed_at__isnull=True)

    def as_at(self, moment):
        """Evidence there was at ``moment`` (a datetime; None: now)."""
        if moment is None:
            return self.live()
        return self.filter(added_at__lte=moment).filter(
            Q(removed_at__isnull=True) | Q(removed_at__gt=moment)
        )


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence_items")
    title = models.CharField(max_length=200)
    date = models.DateField(help_text="The date of the evidence (a report's, a meeting's).")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    file = models.FileField(
        storage=get_evidence_storage, upload_to=stored_name, max_length=255, blank=True
    )
    url = models.URLField(max_length=2000, blank=True)
    original_name = models.CharField(
        max_length=255, blank=True, help_text="The file's name as uploaded (data only)."
    )
    content_type = models.CharField(
        max_length=100, blank=True, help_text="As read from the file's content."
    )
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="In bytes.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    history = tracked()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["action", "date", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & Q(url=""))
                | (Q(kind="link") & Q(file="") & ~Q(url="")),
                name="evidence_is_a_file_or_a_link",
            ),
            models.CheckConstraint(
                condition=Q(kind="link") | Q(content_type__in=list(ALLOWED)),
                name="evidence_file_has_an_allowed_type",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_file(self):
        return self.kind == self.Kind.FILE

    @property
    def type_label(self):
        return describe(self.content_type) if self.is_file else "Link"
