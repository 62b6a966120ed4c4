"""Chapters and areas: the plan's narrative skeleton that actions hang from."""

from django.db import models

from improvement.lib.history import tracked

from .plan import Plan


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)

    history = tracked()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="chapter_number_once")
        ]

    def __str__(self):
        return self.title


class AreaQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(chapter__plan=plan).select_related("chapter", "parent")

    def for_plans(self, plans):
        """Areas of several plans with what a choice list prints (chapter, parent)."""
        return self.filter(chapter__plan__in=plans).select_related("chapter", "parent")


class Area(models.Model):
    """An area for improvement; sub-areas (Care Leavers A–E) point at their parent.

    Chapter 3's blocks come from internal assessment rather than the inspection, so
    they fill ``source`` and ``areas_for_improvement`` instead of ``inspectors_found``.
    """

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_areas"
    )
    number = models.CharField(max_length=10, help_text='As printed: "1", "2", "A".')
    key = models.SlugField(max_length=30, help_text='Stable key used in addresses, e.g. "1-2-a".')
    title = models.CharField(max_length=300)
    what_needs_to_improve = models.TextField(blank=True)
    inspectors_found = models.TextField(blank=True)
    source = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    how_we_assess = models.TextField(blank=True)
    what_we_will_see = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text='e.g. "Please also see action MO5".')
    order = models.PositiveIntegerField(default=0)

    history = tracked()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["chapter", "order"]
        constraints = [
            # The key appears in URLs within one plan; chapters belong to one plan, so
            # uniqueness per chapter plus a chapter prefix in the key makes it plan-unique.
            models.UniqueConstraint(fields=["chapter", "key"], name="area_key_once"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ImpactCommentary(models.Model):
    """ "Key improvement activities delivered this month and what impact we are
    achieving for children and young people", one per area per reporting date."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="commentaries")
    reporting_date = models.DateField()
    text = models.TextField()

    history = tracked()

    class Meta:
        ordering = ["area", "-reporting_date"]
        verbose_name_plural = "impact commentaries"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "reporting_date"], name="one_commentary_per_area_per_date"
            )
        ]

    def __str__(self):
        return f"{self.area} — {self.reporting_date:%d %B %Y}"
