"""The improvement budget: what each line of spend was budgeted, has cost and is
forecast to cost, as the committee's finance table prints it.

Amounts are whole pence in integers (never floats): a budget line's £133,434 is
13343400. A line has a budget per financial year ("2025/26"); at each reporting point
of a year (FR1–FR4, the council's in-year forecast rounds) it has an actual to date and a
forecast for the year. Every model is tracked, so each figure's history says who changed
it, when and why.
"""

from django.core.validators import RegexValidator
from django.db import models

from improvement.lib.history import tracked

YEAR = RegexValidator(r"^\d{4}/\d{2}$", 'Use a financial year like "2025/26".')


class BudgetLine(models.Model):
    """One expenditure group of the improvement budget."""

    class Origin(models.TextChoices):
        # The seed table's colour key, in its words.
        ORIGINAL = "original", "Original improvement plan"
        AMENDED = "amended", "Amended item from the original improvement plan"
        ADDED = "added", "Additional item identified through improvement activity"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_lines")
    expenditure_group = models.CharField(max_length=300)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    order = models.PositiveIntegerField(default=0)

    history = tracked()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "expenditure_group"], name="budget_line_group_once"
            )
        ]

    def __str__(self):
        return self.expenditure_group


class ReportingPoint(models.Model):
    """A forecast round of a financial year: FR3 of 2025/26, actuals to the end of
    October 2025."""

    class Point(models.TextChoices):
        FR1 = "FR1", "FR1"
        FR2 = "FR2", "FR2"
        FR3 = "FR3", "FR3"
        FR4 = "FR4", "FR4"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="finance_points")
    year = models.CharField(max_length=7, validators=[YEAR])
    point = models.CharField(max_length=3, choices=Point.choices)
    actuals_to = models.CharField(
        max_length=60,
        blank=True,
        help_text='How the table heads the actuals column: "End of October 25".',
    )

    history = tracked()

    class Meta:
        ordering = ["plan", "year", "point"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "point"], name="finance_point_once")
        ]

    def __str__(self):
        return f"{self.year} {self.point}"

    @property
    def key(self):
        """How a page's address names it: "2025-26-FR3"."""
        return f"{self.year.replace('/', '-')}-{self.point}"


class Budget(models.Model):
    """A line's budget for one financial year, in pence."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="budgets")
    year = models.CharField(max_length=7, validators=[YEAR])
    amount = models.BigIntegerField(help_text="Pence.")

    history = tracked()

    class Meta:
        ordering = ["line", "year"]
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="budget_year_once")]

    def __str__(self):
        return f"{self.line} {self.year}"


class FinanceFigure(models.Model):
    """A line's actual spend to date and forecast for the year, at a reporting point."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="figures")
    point = models.ForeignKey(ReportingPoint, on_delete=models.CASCADE, related_name="figures")
    actual = models.BigIntegerField(help_text="Pence spent to date.")
    forecast = models.BigIntegerField(help_text="Pence forecast for the year.")

    history = tracked()

    class Meta:
        ordering = ["line", "point"]
        constraints = [
            models.UniqueConstraint(fields=["line", "point"], name="finance_figure_once")
        ]

    def __str__(self):
        return f"{self.line} {self.point}"
