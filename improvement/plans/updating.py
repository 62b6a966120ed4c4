"""Saving an officer's update without losing anyone else's.

The form carries the action's version as it was when the form was opened. The save
locks the action's row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the settings open
every transaction IMMEDIATE, which takes the database's write lock at BEGIN), compares
versions and either saves — the version goes up by one, the history gets a row with the
user and reason — or refuses, writing nothing at all, and reports what the other person
saved so the refused input can be shown beside it and re-applied.

The version guards the further rows (CLB4 row 2) too: a save that changes only a further
row also saves the action, with the same reason and time, so its version moves. That
action history row changes no field; the history pages and the change log skip it.

Two plan settings route an officer's changes elsewhere, in the same transaction under
the same lock: with ``ratings_need_signoff`` a new rating (and its reason) becomes a
``RatingSubmission`` (``signoff``) and the action keeps its accepted rating; with
``changes_need_agreement`` a new due date becomes a governance proposal for the next
meeting and the action keeps its due date. The other fields save as usual. Every
successful submit marks the action updated in the plan's open round.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from improvement.accounts.models import Membership
from improvement.lib.history import assign_changed, save_tracked
from improvement.rounds.marking import note_update

from . import signoff
from .form_values import as_post_data, describe, field_keys, label, posted_values, typed_values
from .forms import ActionUpdateForm
from .models import Action, ActionRow

SAVED, UNCHANGED, INVALID, CONFLICT = "saved", "unchanged", "invalid", "conflict"


@dataclass
class Outcome:
    kind: str
    action: Action
    form: ActionUpdateForm | None = None
    changed: list = field(default_factory=list)
    conflict: "Conflict | None" = None
    submission: object = None  # the rating submitted for sign-off
    proposal: object = None  # the due date proposed to the next meeting


@dataclass
class Conflict:
    """What stopped a save: the saves made since the form was opened, and the fields."""

    saves: list  # historical records newer than the form's version, oldest first
    rows: list  # one per field: label, theirs, yours, who changed it
    reapply: dict  # form data that re-applies the refused changes on top of theirs
    version: int


def is_governed(plan, role):
    """Whether an officer's due-date change in ``plan`` goes to a meeting instead."""
    return plan.changes_need_agreement and role == Membership.Role.OFFICER


def submit_update(action_id, data, *, user, ratings, role=None):
    """Validate and save ``data`` (a QueryDict from the update form) for one action.
    ``role`` is the user's role in the plan: an officer's rating or due date may be
    routed to sign-off or to a meeting (see the module's docstring)."""
    with transaction.atomic():
        current = (
            # The action's row only: officers updating other actions of the plan go on.
            Action.objects.select_related("plan").select_for_update(of=("self",)).get(pk=action_id)
        )
        plan = current.plan
        # The action's lock covers its rows: every write of a row through this form
        # saves the action too.
        rows = ActionRow.objects.for_update_form(current)
        governed = is_governed(plan, role)
        form = ActionUpdateForm(data, action=current, ratings=ratings, rows=rows, governed=governed)
        if _posted_version(data) != current.version:
            conflict = find_conflict(current, rows, data, ratings)
            return Outcome(CONFLICT, current, form, conflict=conflict)
        if not form.is_valid():
            return Outcome(INVALID, current, form)
        fields = form.changes()
        if not fields:
            return Outcome(UNCHANGED, current, form)
        reason, when = form.reason_for(fields), timezone.now()
        outcome = Outcome(SAVED, current, form)
        values, routed = form.new_values(), set()
        if governed and {"due_date", "due_text"} & set(fields):
            outcome.proposal = _propose_due(current, form, user=user, reason=reason, when=when)
            if outcome.proposal is None:
                return Outcome(INVALID, current, form)
            values.update(due_date=current.due_date, due_text=current.due_text)
            routed |= {"due_date", "due_text"}
        if signoff.needs_signoff(plan, role) and "rating" in fields:
            outcome.submission = signoff.submit(
                current,
                rating=form.level_by_id[values["rating_id"]],
                reason=values["rating_reason"],
                comment=reason,
                user=user,
                when=when,
            )
            values.update(rating_id=current.rating_id, rating_reason=current.rating_reason)
            routed |= {"rating", "rating_reason"}
        # What the action itself now holds (the message names these as updated).
        outcome.changed = [label(f) for f in fields if f not in routed]
        for row in rows:
            if assign_changed(row, form.row_values(row)):
                save_tracked(row, user=user, reason=reason, when=when)
        if assign_changed(current, values) or any(f.startswith("row") for f in fields):
            save_tracked(current, user=user, reason=reason, when=when)
        note_update(current, user=user, when=when)
        return outcome


def _propose_due(action, form, *, user, reason, when):
    """Propose the form's due date to the next meeting; None (and the form told why,
    beside the date) when a proposal cannot be made."""
    from improvement.governance.proposals import Kind, ProposalError, propose

    new_due = (form.cleaned_data["due_date"], form.cleaned_data["due_text"])
    try:
        return propose(action, user=user, kind=Kind.DUE, reason=reason, new_due=new_due, when=when)
    except ProposalError as error:
        form.add_error("due_day", str(error))
        return None


def _posted_version(data):
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


def find_conflict(current, further_rows, data, ratings):
    """Compare the refused input with what the others saved since its version.

    A field counts as "yours" when the input differs from the version the form was
    opened on; re-applying puts your fields on top of the current version and leaves
    the other person's changes to the rest in place. The further rows as they were at
    that version are read from their history at the time of that action save (a row
    change saves the action at the same time).
    """
    version = _posted_version(data)
    history = Action.history.filter(id=current.pk).select_related("history_user")
    saves = list(history.filter(version__gt=version or 0).order_by("history_date", "history_id"))
    base = history.filter(version=version).order_by("-history_date", "-history_id").first()
    base_values = None
    if base is not None and version is not None:
        base_rows = ActionRow.history.as_of(base.history_date).filter(action_id=current.pk)
        base_values = typed_values(base, base_rows if further_rows else ())
    theirs = typed_values(current, further_rows)
    yours = posted_values(data, further_rows)
    by_id = {r.pk: r for r in ratings}
    rows, merged = [], {}
    for key in field_keys(further_rows):
        before = (base_values or theirs).get(key, theirs[key])
        you_changed = yours[key] != before
        they_changed = base_values is not None and theirs[key] != before
        merged[key] = yours[key] if you_changed else theirs[key]
        rows.append(
            {
                "key": key,
                "base": key.split("_", 1)[1] if key.startswith("row") else key,
                "label": label(key),
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
