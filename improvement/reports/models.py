"""The committee cover report: the progress report a committee reads before the
appendices, drafted from the plan's data and then edited by a plan manager.

Each section is plain text (a blank line between paragraphs, "- " for a bullet), as a
manager writes it; ``reports/cover.py`` drafts it and lays it out for the page, the PDF
and Word. Tracked, so every edit keeps who, when and why.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from improvement.lib.history import tracked

# The sections in the order the report prints them, with the seed report's headings.
SECTIONS = (
    ("purpose", "Purpose of Report"),
    ("executive_summary", "Executive Summary"),
    ("recommendations", "Recommendations"),
    ("background", "Background"),
    ("progress", "Progress against the improvement plan"),
    ("monitoring_findings", "Findings from the monitoring visit"),
    ("finance_commentary", "Section 151 Officer/Finance"),
)


class CoverReport(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="cover_reports")
    title = models.CharField(max_length=200, default="Improvement Plan Progress Report")
    committee = models.CharField(
        max_length=200, blank=True, help_text='For example "Children and Families Committee".'
    )
    meeting_date = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    report_of = models.CharField(
        max_length=300, blank=True, help_text="Who the report is from, with their post."
    )
    as_at = models.DateField(help_text="The ratings date the report is written at.")
    since = models.DateField(null=True, blank=True, help_text="The date of the previous report.")
    finance_point = models.ForeignKey(
        "finance.ReportingPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reporting point the finance table shows (the latest when empty).",
    )
    purpose = models.TextField(blank=True)
    executive_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    background = models.TextField(blank=True, help_text="Changes since the last report.")
    progress = models.TextField(blank=True, help_text="Key improvement activity.")
    monitoring_findings = models.TextField(blank=True)
    finance_commentary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = tracked()

    class Meta:
        ordering = ["plan", "-as_at", "-pk"]

    def __str__(self):
        return f"{self.title}, as at {self.as_at:%d %B %Y}"
