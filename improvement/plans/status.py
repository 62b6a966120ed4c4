"""How the plan stands: counts by rating and the committee's percentage complete."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import Action, RatingLevel


def end_of_day(day):
    """The last instant of a calendar day in the council's time zone."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time.max, tzinfo=tz)


def actions_as_at(plan, moment=None):
    """The plan's actions now, or as they stood at ``moment`` (read from the history).

    One query either way; historical rows carry the same fields as live ones.
    """
    if moment is None:
        return Action.objects.filter(plan=plan)
    return Action.history.as_of(moment).filter(plan_id=plan.pk)


def completion(levels, counts):
    """The committee's count: ``(total, complete, percent)`` from actions per rating id.

    Complete is the actions whose rating counts as complete; the percentage is that
    share of all actions, rounded to a whole number (0 for a plan with no actions).
    """
    total = sum(counts.values())
    complete = sum(counts.get(level.pk, 0) for level in levels if level.counts_as_complete)
    return total, complete, round(100 * complete / total) if total else 0


def plan_summary(plan, as_at=None):
    """Totals for the plan as it stood at the end of ``as_at`` (a date), or now.

    Percentage complete is counted as the committee report counts it: actions whose
    rating counts as complete, divided by all actions, rounded to a whole number.
    Returns None when the plan had no actions at that date. Two queries.
    """
    moment = end_of_day(as_at) if as_at else None
    ratings = list(RatingLevel.objects.filter(plan=plan).order_by("order"))
    counts = Counter(actions_as_at(plan, moment).values_list("rating_id", flat=True))
    total, complete, percent = completion(ratings, counts)
    if total == 0:
        return None
    return {
        "plan": plan.slug,
        "as_at": (as_at or dt.date.today()).isoformat(),
        "total": total,
        "complete": complete,
        "percent_complete": percent,
        "by_rating": {r.name: counts[r.pk] for r in ratings},
    }
