"""The meetings that agree changes to a plan: recorded once (name, date, link to the
minutes) by a plan manager, then chosen from a list whenever a decision is recorded.

A meeting may be recorded before it takes place (the next meeting, that proposals wait
for), but a decision can only be recorded at one that has happened (``proposals._decide``
refuses a future date), so the decision page offers only those.
"""

from django.db.models import Count

from improvement.lib.dates import long_date, today
from improvement.lib.history import save_tracked

from .models import Meeting


def listed(plan):
    """The plan's meetings, newest first, each with ``decision_count``. One query."""
    # Explicitly ordered: a query that counts ignores the model's ordering.
    return (
        Meeting.objects.filter(plan=plan)
        .annotate(decision_count=Count("decisions"))
        .order_by("-date", "name")
    )


def decidable(plan, day=None):
    """The meetings a decision can name: those held by ``day`` (today), newest first."""
    return Meeting.objects.filter(plan=plan, date__lte=day or today()).order_by("-date", "name")


def record(plan, *, user, name, date, minutes_url="", reason="", when=None):
    """Record a meeting of ``plan`` and return it; the history says who recorded it."""
    meeting = Meeting(plan=plan, name=name.strip(), date=date, minutes_url=minutes_url.strip())
    meeting.full_clean()
    why = reason.strip() or f"Recorded the meeting {meeting.name} of {long_date(date)}."
    return save_tracked(meeting, user=user, reason=why, when=when)


def add_minutes(meeting, *, user, minutes_url, reason=""):
    """Give a recorded meeting its minutes link (usually published weeks later)."""
    meeting.minutes_url = minutes_url.strip()
    meeting.full_clean()
    why = reason.strip() or "Link to the published minutes."
    return save_tracked(meeting, user=user, reason=why)
