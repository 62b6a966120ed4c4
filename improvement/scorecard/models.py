"""The vital-signs scorecard: sections of monthly indicators with targets."""

from django.db import models

from improvement.lib.history import tracked
from improvement.plans.models import Area, Plan


class Scorecard(models.Model):
    """What the plan's scorecard says about itself: its heading and introduction."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="scorecard")
    title = models.CharField(max_length=200, default="Indicators of Success")
    intro = models.TextField(blank=True, help_text="Paragraphs separated by blank lines.")

    history = tracked()

    def __str__(self):
        return f"{self.plan}: {self.title}"

    def paragraphs(self):
        return [p.strip() for p in self.intro.split("\n\n") if p.strip()]


class ScorecardSectionQuerySet(models.QuerySet):
    def for_table(self, plan, *, first_month, last_month, narrative_month):
        """The plan's sections with their indicators, the values between two months and
        the narrative for one month: four queries whatever the number of months."""
        return (
            self.filter(plan=plan)
            .order_by("order")
            .prefetch_related(
                models.Prefetch(
                    "indicators",
                    queryset=Indicator.objects.with_values(first_month, last_month),
                ),
                models.Prefetch(
                    "narratives",
                    queryset=SectionNarrative.objects.filter(month=narrative_month),
                    to_attr="month_narratives",
                ),
            )
        )


class ScorecardSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scorecard_sections")
    title = models.CharField(max_length=200)
    scope = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    history = tracked()
    objects = ScorecardSectionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="section_title_once")]

    def __str__(self):
        return self.title

    @property
    def heading(self):
        """As Appendix 4 prints it: "Title - scope"."""
        return f"{self.title} - {self.scope}" if self.scope else self.title


class IndicatorQuerySet(models.QuerySet):
    def with_values(self, first_month, last_month):
        """Indicators with ``window_values``: their values from first to last month."""
        return self.order_by("order").prefetch_related(
            models.Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(
                    month__gte=first_month, month__lte=last_month
                ).order_by("month"),
                to_attr="window_values",
            )
        )

    def with_areas(self):
        """Indicators with ``area_list``: the plan areas they evidence, in plan order."""
        return self.prefetch_related(
            models.Prefetch(
                "areas",
                queryset=Area.objects.select_related("chapter", "parent").order_by(
                    "chapter__number", "order"
                ),
                to_attr="area_list",
            )
        )

    def for_area(self, area, *, first_month, last_month):
        return (
            self.filter(areas=area)
            .select_related("section", "plan")
            .with_values(first_month, last_month)
        )


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        NUMBER = "number", "Number"
        RATE = "rate_per_10000", "Rate per 10,000"
        DAYS = "days", "Days"

    class TargetKind(models.TextChoices):
        AT_LEAST = "at_least", "At least"
        AT_MOST = "at_most", "At most"
        RANGE = "range", "Range"
        PER_MONTH = "per_month", "Per month"
        MONITOR = "monitor", "Monitor only"

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "none", "Neither (monitored)"

    section = models.ForeignKey(
        ScorecardSection, on_delete=models.CASCADE, related_name="indicators"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=10, help_text='The ID as printed: "1", "7a", "18c".')
    title = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    target_text = models.CharField(max_length=40, blank=True, help_text="As printed.")
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_low = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    target_high = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    better = models.CharField(max_length=10, choices=Better.choices)
    sn_average_text = models.CharField(max_length=20, blank=True, help_text="As printed.")
    sn_average = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    areas = models.ManyToManyField(Area, blank=True, related_name="indicators")

    history = tracked(m2m_fields=[areas])
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_once")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class IndicatorValue(models.Model):
    """One month's figure, keeping what was printed beside what it means."""

    class Status(models.TextChoices):
        VALUE = "value", "Value"
        MISSING = "missing", "Blank"
        NYA = "nya", "Not yet available"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(help_text="First day of the month.")
    text = models.CharField(max_length=30, blank=True, help_text="As printed.")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True, help_text='"67% (4)" → 4.')
    status = models.CharField(max_length=10, choices=Status.choices)

    history = tracked()

    class Meta:
        ordering = ["indicator", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="one_value_per_month")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.month:%b-%y}: {self.text}"


class SectionNarrative(models.Model):
    section = models.ForeignKey(
        ScorecardSection, on_delete=models.CASCADE, related_name="narratives"
    )
    month = models.DateField(help_text="First day of the month.")
    text = models.TextField()

    history = tracked()

    class Meta:
        ordering = ["section", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["section", "month"], name="one_narrative_per_month")
        ]

    def __str__(self):
        return f"{self.section} {self.month:%b-%y}"


class ScorecardMonth(models.Model):
    """A plan manager's word that a month's figures are complete. The scorecard page and
    Appendix 4 open at the latest month marked complete (improvement/scorecard/months.py);
    unmarking keeps the row with ``complete`` False, so the history shows both."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scorecard_months")
    month = models.DateField(help_text="First day of the month.")
    complete = models.BooleanField(default=False)

    history = tracked()

    class Meta:
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="scorecard_month_once")
        ]

    def __str__(self):
        return f"{self.plan} {self.month:%b-%y}: {'complete' if self.complete else 'not complete'}"
