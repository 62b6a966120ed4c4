"""Which month the scorecard opens at, and the words that say why.

A partial import (four figures for a new month) must not move the scorecard page and
Appendix 4 to a month that is mostly blank. The month shown by default is:

1. the latest month a plan manager marked complete (``ScorecardMonth``); or, when no
   month is marked,
2. the latest month holding at least nine in ten as many figures as the fullest stored
   month (``FULL_SHARE``): a month a few figures short of the best one (an indicator not
   reported that month) still counts, a month with a handful of early figures does not.

"Figures" are stored values with a number ("NYA" and blanks are not figures). Only
months on or before ``up_to`` count (Appendix 4 is read as at a date). The rule is
written out for readers in docs/scorecard-rules.md.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db import transaction
from django.db.models import Count, Max, Q

from improvement.lib.history import save_tracked

from .models import IndicatorValue, ScorecardMonth

FULL_SHARE = Fraction(9, 10)

MARKED, FULLEST = "marked", "fullest"


@dataclass
class Months:
    """The plan's stored months (oldest first) with their figure counts, and the default."""

    counts: dict = field(default_factory=dict)  # {month: figures}
    marked: object = None  # the latest month marked complete, or None
    default: object = None  # the month the scorecard opens at, or None
    why: str = ""  # MARKED or FULLEST

    @property
    def stored(self):
        return list(self.counts)

    @property
    def span(self):
        """(first, last) stored month, as ``tables.stored_months`` gives it."""
        return (self.stored[0], self.stored[-1]) if self.counts else (None, None)

    def later(self, end):
        """[(month, figures)] for the stored months after ``end``."""
        return [(m, n) for m, n in self.counts.items() if end is None or m > end]


def latest_full(counts):
    """The latest month whose figures reach FULL_SHARE of the fullest month's."""
    fullest = max(counts.values(), default=0)
    if not fullest:
        return max(counts, default=None)
    return max(m for m, n in counts.items() if n >= FULL_SHARE * fullest)


def plan_months(plan, *, up_to=None):
    """The plan's months and the one to open at. Two queries: figures per month, and the
    latest month marked complete."""
    values = IndicatorValue.objects.filter(indicator__plan=plan)
    marks = ScorecardMonth.objects.filter(plan=plan, complete=True)
    if up_to is not None:
        values = values.filter(month__lte=up_to)
        marks = marks.filter(month__lte=up_to)
    rows = (
        values.order_by("month")
        .values_list("month")
        .annotate(figures=Count("pk", filter=Q(status=IndicatorValue.Status.VALUE)))
    )
    counts = dict(rows)
    marked = marks.aggregate(latest=Max("month"))["latest"]
    if marked is not None:
        return Months(counts, marked, marked, MARKED)
    return Months(counts, None, latest_full(counts), FULLEST if counts else "")


@transaction.atomic
def mark_month(plan, month, complete, *, user, reason=""):
    """Record a plan manager's word that ``month`` is complete (or not), in the history
    with who, when and why. Returns False when it already said so (nothing written)."""
    mark = ScorecardMonth.objects.select_for_update().filter(plan=plan, month=month).first()
    if mark is None:
        if not complete:
            return False
        mark = ScorecardMonth(plan=plan, month=month)
    elif mark.complete == complete:
        return False
    mark.complete = complete
    said = "complete" if complete else "not complete"
    save_tracked(mark, user=user, reason=reason or f"{month:%B %Y} marked {said}")
    return True


def month_note(months, end, indicator_count):
    """What the page and Appendix 4 say about the month they end with, in plain English:
    "Figures to September 2025, the latest complete month. October 2025 has 4 of 91
    figures so far." Empty when nothing is stored."""
    if end is None or not months.counts:
        return ""
    if end == months.default:
        how = (
            "the latest month a plan manager marked complete"
            if months.why == MARKED
            else "the latest complete month"
        )
        words = [f"Figures to {end:%B %Y}, {how}."]
    else:
        figures = months.counts.get(end, 0)
        words = [
            f"Figures to {end:%B %Y} ({figures} of {indicator_count} figures); the latest "
            f"complete month is {months.default:%B %Y}."
        ]
    after = max(end, months.default)
    later = [f"{m:%B %Y} has {n} of {indicator_count} figures" for m, n in months.later(after)]
    if later:
        words.append(_join(later) + " so far.")
    return " ".join(words)


def _join(parts):
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
