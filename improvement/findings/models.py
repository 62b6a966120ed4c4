"""Inspections and monitoring visits, what they found, and what in the plan answers it.

An improvement plan exists because of an inspection; each later monitoring visit
reports on progress. A ``Finding`` is one passage of the inspectorate's letter or report,
quoted as written, linked to the plan areas (and, where the words name one, the actions)
that answer it. A finding with no area is shown as "not yet linked to the plan".
"""

from django.db import models
from django.db.models import F

from improvement.lib.dates import long_date
from improvement.lib.history import tracked
from improvement.plans.models import Action, Area, Plan


class Inspection(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    # Blank where the documents give no day: the 2024 inspection is known only as
    # "February and March 2024", and a day is never made up (``held`` says it in words).
    date = models.DateField(
        null=True,
        blank=True,
        help_text="The day of the letter or report; leave blank if the documents give none.",
    )
    held = models.CharField(
        max_length=200,
        blank=True,
        help_text='When inspectors visited, as the letter says, e.g. "14 and 15 October 2025".',
    )
    focus = models.TextField(blank=True, help_text="What the inspection or visit looked at.")
    letter_url = models.URLField(
        blank=True, max_length=500, help_text="Link to the published letter or report."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this record was transcribed from."
    )

    history = tracked()

    class Meta:
        ordering = ["plan", F("date").asc(nulls_first=True), "pk"]

    def __str__(self):
        return self.label

    @property
    def when(self):
        """The date in words: "13 November 2025", else the visit's own words."""
        return long_date(self.date) if self.date else self.held

    @property
    def label(self):
        """ "Monitoring visit, 13 November 2025"."""
        return f"{self.title}, {self.when}" if self.when else self.title


class Finding(models.Model):
    class Kind(models.TextChoices):
        FINDING = "finding", "Finding"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.FINDING)
    heading = models.CharField(
        max_length=300, blank=True, help_text="The heading it sits under in the letter or report."
    )
    text = models.TextField(help_text="As the letter or report words it.")
    areas = models.ManyToManyField(Area, blank=True, related_name="findings")
    actions = models.ManyToManyField(Action, blank=True, related_name="findings")

    history = tracked(m2m_fields=[areas, actions])

    class Meta:
        ordering = ["inspection", "order", "pk"]

    def __str__(self):
        return f"{self.inspection.title}: finding {self.number}"

    @property
    def number(self):
        return self.order or self.pk
