"""Data-quality flags on actions, for the action page and every list of actions.

- **Overdue**: the due date has passed and the action is not finished.
- **Complete without evidence**: rated Complete with an empty evidence note.
- **Due date moved more than twice**: counted from the action's history.
- **Rating not updated for over 45 days**: the last change of rating in the history is
  more than 45 days old (only for actions still in progress: a finished action's rating
  is not expected to move).

"Finished" means the work of the action is done or no longer asked for: a level marked
``is_finished`` or counting as complete (in the demo: Complete, "Complete but need to
evidence impact" and Closed). It is data on the level, so renaming a level changes no
flag. A finished action is never overdue.

The history-derived facts for any number of actions come from one query
(``history_facts``), so lists never make a query per row.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, Value
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, Lag, RowNumber
from django.utils import timezone

from improvement.lib.dates import long_date

from .models import Action

STALE_AFTER_DAYS = 45
MOVES_ALLOWED = 2
# Stands in for "no due date" when comparing one history row's due date with the last.
_NO_DATE = dt.date(1, 1, 1)


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    explanation: str


OVERDUE = "overdue"
NO_EVIDENCE = "no_evidence"
DUE_MOVED = "due_moved"
STALE = "stale"

LABELS = {
    OVERDUE: ("Overdue", "The due date has passed and the action is not finished."),
    NO_EVIDENCE: ("Complete without evidence", "Rated Complete, but the evidence note is empty."),
    DUE_MOVED: (
        "Due date moved more than twice",
        "The history shows the due date changed {n} times.",
    ),
    STALE: (
        "Rating not updated for over 45 days",
        "The rating last changed on {day}.",
    ),
}


def is_finished(rating):
    return rating.is_finished or rating.counts_as_complete


def finished_q(prefix="rating__"):
    """The database form of ``is_finished``, for filtering and ordering lists."""
    return Q(**{f"{prefix}is_finished": True}) | Q(**{f"{prefix}counts_as_complete": True})


def overdue_q(today, prefix="rating__"):
    return Q(due_date__lt=today) & ~finished_q(prefix)


@dataclass
class HistoryFacts:
    due_moves: int = 0
    rating_changed: dt.datetime | None = None


def history_facts(*, plan_id=None, action_ids=None, moment=None):
    """For each action: how often its due date moved and when its rating last changed.

    One query. The window functions compare each history row with the previous one of
    the same action, and only rows where the rating or due date changed (plus each
    action's first row) come back, so even a long history sends few rows.
    """
    rows = Action.history.all()
    if plan_id is not None:
        rows = rows.filter(plan_id=plan_id)
    if action_ids is not None:
        rows = rows.filter(id__in=action_ids)
    if moment is not None:
        rows = rows.filter(history_date__lte=moment)
    per_action = {
        "partition_by": [F("id")],
        "order_by": [F("history_date").asc(), F("history_id").asc()],
    }
    due_key = Coalesce("due_date", Value(_NO_DATE))
    rows = (
        rows.annotate(
            position=Window(RowNumber(), **per_action),
            due_key=due_key,
            prev_rating=Window(Lag("rating_id"), **per_action),
            prev_due=Window(Lag(due_key), **per_action),
        )
        .filter(Q(position=1) | ~Q(prev_rating=F("rating_id")) | ~Q(prev_due=F("due_key")))
        .order_by()
        .values_list(
            "id", "position", "history_date", "rating_id", "prev_rating", "due_key", "prev_due"
        )
    )
    facts = {}
    for action_id, position, when, rating_id, prev_rating, due, prev_due in rows:
        fact = facts.setdefault(action_id, HistoryFacts())
        if position == 1 or rating_id != prev_rating:
            if fact.rating_changed is None or when > fact.rating_changed:
                fact.rating_changed = when
        if position > 1 and due != prev_due:
            fact.due_moves += 1
    return facts


def flags_for(action, rating, facts, today):
    """The flags of one action, given its rating and its ``HistoryFacts``."""
    flags = []
    finished = is_finished(rating)
    if action.due_date and action.due_date < today and not finished:
        flags.append(_flag(OVERDUE))
    if rating.counts_as_complete and not action.evidence.strip():
        flags.append(_flag(NO_EVIDENCE))
    if facts is not None and facts.due_moves > MOVES_ALLOWED:
        flags.append(_flag(DUE_MOVED, n=facts.due_moves))
    if facts is not None and facts.rating_changed is not None and not finished:
        changed_on = timezone.localtime(facts.rating_changed).date()
        if (today - changed_on).days > STALE_AFTER_DAYS:
            flags.append(_flag(STALE, day=long_date(changed_on)))
    return flags


def _flag(key, **values):
    label, explanation = LABELS[key]
    return Flag(key, label, explanation.format(**values))
