"""What My actions shows of the rounds: "Due for update by <deadline>" on each action not
yet updated in its plan's open round, read in the list's own query (no extra one)."""

from django.db.models import OuterRef, Subquery

from .models import RoundAction, UpdateRound


def with_round_due(actions):
    """``actions`` annotated with ``round_deadline`` and ``round_pk``: the open round's
    deadline and id when the action is Not updated in it, else None. A plan has at most
    one open round, and an action one entry in it, so the subqueries find one row."""
    due = RoundAction.objects.filter(
        action=OuterRef("pk"),
        round__status=UpdateRound.Status.OPEN,
        state=RoundAction.State.NOT_UPDATED,
    )
    return actions.annotate(
        round_deadline=Subquery(due.values("round__deadline")[:1]),
        round_pk=Subquery(due.values("round_id")[:1]),
    )
