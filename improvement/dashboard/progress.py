"""Percentage complete over time, read from the history in a fixed number of queries.

The line's points are the plan's first day, each month end after it, each closed update
round's as-at day and the as-at day itself. At each point the percentage is the
committee's (``plans.status.completion``): actions whose rating, as it stood at the end
of that day, is at a level that counted as complete then, over the actions there were.

Rather than one snapshot per point (a query per point, each probing every action), the
plan's action history is read once, in date order, with the rating scale's history
beside it, and folded here: each row moves one action between two ratings' counts, and
at each point the complete levels' counts are summed. Only the rows that move a count
are read (``_rating_moves``: the database drops the rows that change only words), so
ten times the history adds a scan in the database, not ten times the work here
(bench/bench_dashboard.py).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Q, Window
from django.db.models.functions import Lag
from django.utils import timezone

from improvement.lib.dates import end_of_day, long_date, today
from improvement.plans.models import Action, RatingLevel
from improvement.plans.status import percent_complete
from improvement.rounds.models import UpdateRound

START, MONTH_END, ROUND, AS_AT = "start", "month_end", "round", "as_at"


@dataclass
class Point:
    day: dt.date
    kinds: list
    rounds: list
    complete: int = 0
    total: int = 0
    complete_levels: tuple = ()  # the level ids that counted as complete then

    @property
    def percent(self):
        return percent_complete(self.complete, self.total)

    @property
    def label(self):
        """What the point is, in words: "Month end", "Round: November 2025", "As at"."""
        words = []
        if START in self.kinds:
            words.append("First recorded day")
        if MONTH_END in self.kinds:
            words.append("Month end")
        words.extend(f"Round closed: {name}" for name in self.rounds)
        if AS_AT in self.kinds:
            words.append("As at")
        return "; ".join(words)

    @property
    def long_day(self):
        return long_date(self.day)


def month_ends(first, last):
    """The last day of every month from ``first``'s to ``last``'s that is on or before
    ``last`` and after ``first``."""
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        end = nxt - dt.timedelta(days=1)
        if first < end <= last:
            found.append(end)
        year, month = nxt.year, nxt.month
    return found


def closed_rounds(plan, day):
    """(as_at, name) of the plan's closed update rounds up to ``day``. One query."""
    return list(
        UpdateRound.objects.filter(plan=plan, status=UpdateRound.Status.CLOSED, as_at__lte=day)
        .order_by("as_at", "pk")
        .values_list("as_at", "name")
    )


def completion_series(plan, day=None):
    """The points of the percentage-complete line up to the end of ``day`` (today when
    None), oldest first; [] for a plan with no actions by then. Three queries (two
    without the rounds app): the actions' history, the scale's history, the rounds."""
    day = day or today()
    until = end_of_day(day) if day < today() else timezone.now()
    actions = list(_rating_moves(plan, until))
    if not actions:
        return []
    levels = list(
        RatingLevel.history.filter(plan_id=plan.pk, history_date__lte=until)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "history_type", "counts_as_complete")
    )
    first = timezone.localtime(actions[0][0]).date()
    points = _points(first, day, closed_rounds(plan, day))
    _fold(points, actions, levels, day)
    return points


def _rating_moves(plan, until):
    """The action history rows that move a count: an action's first row, a deletion
    and whatever follows one, and a change of rating, as (date, id, type, rating id) in
    date order. The database compares each row with the one before it (LAG over each
    action's rows), so the rows that only change words (most of a long history) never
    reach Python: what grows with the history is a scan in the database, not work here.
    """
    order = [F("history_date").asc(), F("history_id").asc()]
    rows = Action.history.filter(plan_id=plan.pk, history_date__lte=until).annotate(
        before=Window(Lag("rating_id"), partition_by=[F("id")], order_by=order),
        before_type=Window(Lag("history_type"), partition_by=[F("id")], order_by=order),
    )
    moves = rows.filter(
        Q(before__isnull=True)
        | Q(history_type="-")
        | Q(before_type="-")
        | ~Q(before=F("rating_id"))
    )
    return moves.order_by("history_date", "history_id").values_list(
        "history_date", "id", "history_type", "rating_id"
    )


def _points(first, day, rounds):
    by_day = {}

    def add(when, kind, name=None):
        point = by_day.setdefault(when, Point(when, [], []))
        if kind not in point.kinds:
            point.kinds.append(kind)
        if name:
            point.rounds.append(name)

    add(first, START)
    for end in month_ends(first, day):
        add(end, MONTH_END)
    for when, name in rounds:
        if when >= first:
            add(when, ROUND, name)
    add(day, AS_AT)
    return [by_day[d] for d in sorted(by_day)]


def _fold(points, actions, levels, day):
    """Walk both histories in date order, stopping at each point's end of day."""
    rating = {}  # action id -> rating id, for actions that exist
    counts = Counter()  # rating id -> actions
    complete = {}  # level id -> counts as complete
    a = lv = 0
    for point in points:
        # The last point is the as-at day: every row read (up to now, for today).
        moment = None if point.day == day else end_of_day(point.day)
        while lv < len(levels) and (moment is None or levels[lv][0] <= moment):
            _when, level_id, kind, counts_complete = levels[lv]
            if kind == "-":
                complete.pop(level_id, None)
            else:
                complete[level_id] = counts_complete
            lv += 1
        while a < len(actions) and (moment is None or actions[a][0] <= moment):
            _when, action_id, kind, rating_id = actions[a]
            old = rating.pop(action_id, None)
            if old is not None:
                counts[old] -= 1
            if kind != "-":
                rating[action_id] = rating_id
                counts[rating_id] += 1
            a += 1
        point.total = len(rating)
        point.complete = sum(n for level, n in counts.items() if complete.get(level))
        point.complete_levels = tuple(sorted(k for k, v in complete.items() if v))
