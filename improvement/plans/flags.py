"""Data-quality flags on actions, for the action page and every list of actions.

- **Overdue**: the due date has passed and the action is not finished.
- **Complete without evidence**: made Complete in the product (the update form, the
  admin, a proposal) with an empty evidence note and no evidence of impact attached
  (improvement/evidence: files and links not removed; on a past day, those there were at
  the end of that day). A rating brought in from the plan document is not flagged: the
  document is the evidence of its day (otherwise every one of the demo's 82 Complete
  actions would be, which is noise).
- **Due date moved more than twice**: ``Action.due_moves``.
- **Rating not updated for over 45 days**: ``Action.rating_changed_at`` is more than 45
  days old (only for actions still in progress: a finished action's rating is not
  expected to move).

"Finished" means the work of the action is done or no longer asked for: a level marked
``is_finished`` or counting as complete (in the demo: Complete, "Complete but need to
evidence impact" and Closed). It is data on the level, so renaming a level changes no
flag. A finished action is never overdue.

The two history-derived facts are kept on the action by ``Action.save`` (under its row
lock, on every write path), so a list reads them with its actions, in no extra query and
in the same time whatever the length of the history; being tracked fields, a past day's
history row carries the values of that day. Evidence of impact lives in its own rows:
the caller hands ``flags_for`` a ``has_evidence`` from ``evidence_lookup``, which reads
the page's evidenced actions in one query, and only if an action needs it (one Complete
in the product with an empty note), so most pages make no extra query at all.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from improvement.lib.dates import long_date

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
    NO_EVIDENCE: (
        "Complete without evidence",
        "Rated Complete, but the evidence note is empty and no evidence of impact is attached.",
    ),
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


def is_overdue(action, rating, day):
    """The overdue rule: due before ``day`` and not finished (``overdue_q`` in SQL)."""
    return bool(action.due_date and action.due_date < day and not is_finished(rating))


def finished_q(prefix="rating__"):
    """The database form of ``is_finished``, for filtering and ordering lists."""
    return Q(**{f"{prefix}is_finished": True}) | Q(**{f"{prefix}counts_as_complete": True})


def overdue_q(today, prefix="rating__"):
    return Q(due_date__lt=today) & ~finished_q(prefix)


def evidence_lookup(read):
    """``has_evidence`` for ``flags_for``: ``read()`` returns the ids of the page's actions
    with evidence of impact (one query); it runs the first time a flag asks, and only
    then."""
    found = None

    def has_evidence(action):
        nonlocal found
        if found is None:
            found = set(read())
        return action.pk in found

    return has_evidence


def flags_for(action, rating, today, has_evidence):
    """The flags of one action (live, or a past day's row), given its rating level and
    ``has_evidence`` (see ``evidence_lookup``). No query of its own: what the history
    says is kept on the action (``rating_changed_at``, ``due_moves``,
    ``rating_source``), so a past day's row carries that day's."""
    flags = []
    finished = is_finished(rating)
    if is_overdue(action, rating, today):
        flags.append(_flag(OVERDUE))
    if (
        rating.counts_as_complete
        and action.rating_source == action.Source.PRODUCT
        and not action.evidence.strip()
        and not has_evidence(action)  # last: the only check that may read the database
    ):
        flags.append(_flag(NO_EVIDENCE))
    if action.due_moves > MOVES_ALLOWED:
        flags.append(_flag(DUE_MOVED, n=action.due_moves))
    if action.rating_changed_at is not None and not finished:
        changed_on = timezone.localtime(action.rating_changed_at).date()
        if (today - changed_on).days > STALE_AFTER_DAYS:
            flags.append(_flag(STALE, day=long_date(changed_on)))
    return flags


def _flag(key, **values):
    label, explanation = LABELS[key]
    return Flag(key, label, explanation.format(**values))
