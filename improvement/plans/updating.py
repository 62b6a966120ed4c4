"""Saving an officer's update without losing anyone else's.

The form carries the action's version as it was when the form was opened. The save
locks the action's row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the settings open
every transaction IMMEDIATE, which takes the database's write lock at BEGIN), compares
versions and either saves — the version goes up by one, the history gets a row with the
user and reason — or refuses, writing nothing at all, and reports what the other person
saved so the refused input can be shown beside it and re-applied.
"""

from dataclasses import dataclass, field

from django.db import transaction

from improvement.lib.history import assign_changed, save_tracked

from .forms import (
    LABELS,
    UPDATE_FIELDS,
    ActionUpdateForm,
    as_post_data,
    describe,
    posted_values,
    typed_values,
)
from .models import Action

SAVED, UNCHANGED, INVALID, CONFLICT = "saved", "unchanged", "invalid", "conflict"


@dataclass
class Outcome:
    kind: str
    action: Action
    form: ActionUpdateForm | None = None
    changed: list = field(default_factory=list)
    conflict: "Conflict | None" = None


@dataclass
class Conflict:
    """What stopped a save: the saves made since the form was opened, and the fields."""

    saves: list  # historical records newer than the form's version, oldest first
    rows: list  # one per field: label, theirs, yours, who changed it
    reapply: dict  # form data that re-applies the refused changes on top of theirs
    version: int


def submit_update(action_id, data, *, user, ratings):
    """Validate and save ``data`` (a QueryDict from the update form) for one action."""
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action_id)
        form = ActionUpdateForm(data, action=current, ratings=ratings)
        if _posted_version(data) != current.version:
            return Outcome(CONFLICT, current, form, conflict=find_conflict(current, data, ratings))
        if not form.is_valid():
            return Outcome(INVALID, current, form)
        fields = form.changes()
        if not assign_changed(current, form.new_values()):
            return Outcome(UNCHANGED, current, form)
        save_tracked(current, user=user, reason=form.reason_for(fields))
        return Outcome(SAVED, current, form, changed=[LABELS[f] for f in fields])


def _posted_version(data):
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


def find_conflict(current, data, ratings):
    """Compare the refused input with what the others saved since its version.

    A field counts as "yours" when the input differs from the version the form was
    opened on; re-applying puts your fields on top of the current version and leaves
    the other person's changes to the rest in place.
    """
    version = _posted_version(data)
    history = Action.history.filter(id=current.pk).select_related("history_user")
    saves = list(history.filter(version__gt=version or 0).order_by("history_date", "history_id"))
    base = history.filter(version=version).order_by("-history_date", "-history_id").first()
    base_values = typed_values(base) if base is not None and version is not None else None
    theirs = typed_values(current)
    yours = posted_values(data)
    by_id = {r.pk: r for r in ratings}
    rows, merged = [], {}
    for key in UPDATE_FIELDS:
        you_changed = yours[key] != (base_values or theirs)[key]
        they_changed = base_values is not None and theirs[key] != base_values[key]
        merged[key] = yours[key] if you_changed else theirs[key]
        rows.append(
            {
                "key": key,
                "label": LABELS[key],
                "theirs": describe(key, theirs[key], by_id),
                "yours": describe(key, yours[key], by_id),
                "they_changed": they_changed,
                "you_changed": you_changed,
                "differ": theirs[key] != yours[key],
            }
        )
    reason = (data.get("reason") or "").strip()
    return Conflict(
        saves=saves,
        rows=rows,
        reapply=as_post_data(merged, reason=reason, version=current.version),
        version=current.version,
    )
