"""One action's timeline: every change to the action, its owners and its further rows,
newest first, with the rows written together read as one event."""

from collections import defaultdict
from dataclasses import dataclass, field

from improvement.plans.models import Action, ActionOwner, ActionRow

from .records import person
from .sources import SOURCES


@dataclass
class Event:
    """Rows written together (same moment, author and reason) read as one event."""

    when: object
    user: object
    reason: str
    changes: list = field(default_factory=list)

    @property
    def who(self):
        return person(self.user)

    @property
    def fields(self):
        return [(c, f) for c in self.changes for f in c.fields]

    @property
    def notes(self):
        return [c.note for c in self.changes if c.note]


def action_timeline(action, lookups):
    """Every change to one action, its owners and its further rows, newest first.

    Three queries: the action's rows, its owners' rows and its further rows' rows, each
    with the author (the rows of one object are compared in Python).
    """
    pairs = []
    for source, rows in (
        (SOURCES["action"], Action.history.filter(id=action.pk)),
        (SOURCES["owner"], ActionOwner.history.filter(action_id=action.pk)),
        (SOURCES["row"], ActionRow.history.filter(action_id=action.pk)),
    ):
        by_object = defaultdict(list)
        for row in rows.select_related("history_user").order_by("history_date", "history_id"):
            by_object[row.id].append(row)
        for history in by_object.values():
            for older, newer in zip([None, *history[:-1]], history, strict=True):
                pairs.append(source.change(newer, older, lookups))
    events = {}
    for change in pairs:
        if not change.fields and not change.note:
            continue
        key = (change.when, change.record.history_user_id, change.reason)
        if key not in events:
            events[key] = Event(change.when, change.user, change.reason)
        events[key].changes.append(change)
    order = {"action": 0, "row": 1, "owner": 2}
    for event in events.values():
        event.changes.sort(key=lambda c: (order[c.source], c.record.history_id))
    return sorted(events.values(), key=lambda e: e.when, reverse=True)
