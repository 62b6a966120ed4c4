"""Marking an action's place in its plan's open round: updated (the update form calls
``note_update`` after every successful submit) or confirmed unchanged (one click)."""

from improvement.lib.history import save_tracked

from .models import RoundAction, UpdateRound

State = RoundAction.State


def open_entry(action):
    """The action's entry in its plan's open round, or None. One query."""
    return (
        RoundAction.objects.filter(
            action=action, round__plan_id=action.plan_id, round__status=UpdateRound.Status.OPEN
        )
        .select_related("round")
        .first()
    )


def note_update(action, *, user, when):
    """The action was updated (a saved change, a rating submitted for sign-off or a
    due-date proposal): mark it Updated in its plan's open round, if there is one.
    Returns the entry, or None when there is no open round (nothing to do).

    An entry already Updated is left as it is: a second update in the same round changes
    nothing the chasing page shows, and would only add a history row."""
    entry = open_entry(action)
    if entry is None or entry.state == State.UPDATED:
        return entry
    entry.state, entry.by, entry.at = State.UPDATED, user, when
    save_tracked(
        entry, user=user, reason=f"Action updated in the round {entry.round.name}.", when=when
    )
    return entry


def confirm_unchanged(entry, *, user, when):
    """The owner (or a plan manager) says the action needs no change this round. Only a
    Not updated entry moves: True when it did."""
    if entry.state != State.NOT_UPDATED:
        return False
    entry.state, entry.by, entry.at = State.UNCHANGED, user, when
    save_tracked(
        entry,
        user=user,
        reason=f"Confirmed unchanged in the round {entry.round.name}.",
        when=when,
    )
    return True
