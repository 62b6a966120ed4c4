"""Opening and closing a round, each a change in the history with who, when and why."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .models import RoundAction, UpdateRound


class RoundAlreadyOpen(Exception):
    """The plan has an open round (perhaps opened a moment ago by someone else)."""


def open_round_of(plan):
    return UpdateRound.objects.filter(plan=plan, status=UpdateRound.Status.OPEN).first()


def actions_in_a_round(plan):
    """The plan's open actions: not replaced by an action of a later plan, and not rated
    with the scale's finished "Closed" level (the rule of marking an action replaced,
    plans/views_close.py). Complete actions stay in: their owners confirm them unchanged
    in one click, and a rating can move back."""
    closed = plan.rating_levels.filter(name__iexact="Closed", is_finished=True)
    return (
        Action.objects.filter(plan=plan, replaced_by__isnull=True)
        .exclude(rating__in=closed)
        .order_by("order")
    )


def open_round(plan, *, name, as_at, deadline, remind_days_before, user, when=None):
    """Open a round with every open action of the plan Not updated. Raises
    ``RoundAlreadyOpen`` if the plan has one (the database's constraint decides a race)."""
    when = when or timezone.now()
    reason = f"Opened the update round {name}, deadline {deadline:%d/%m/%Y}."
    round_ = UpdateRound(
        plan=plan,
        name=name,
        as_at=as_at,
        deadline=deadline,
        remind_days_before=remind_days_before,
        opened_by=user,
        opened_at=when,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                save_tracked(round_, user=user, reason=reason, when=when)
        except IntegrityError:
            raise RoundAlreadyOpen(plan) from None
        entries = [RoundAction(round=round_, action=a) for a in actions_in_a_round(plan)]
        bulk_create_with_history(
            entries,
            RoundAction,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
    return round_


def close_round(round_, *, as_at, user, reason="", when=None):
    """Close the round, fixing its "as at" day. False if it was already closed."""
    if not round_.is_open:
        return False
    when = when or timezone.now()
    round_.status = UpdateRound.Status.CLOSED
    round_.as_at = as_at
    round_.closed_by, round_.closed_at = user, when
    said = f"Closed the update round {round_.name}, ratings as at {as_at:%d/%m/%Y}."
    save_tracked(round_, user=user, reason=f"{said} {reason}".strip(), when=when)
    return True


def last_closed_round(plan):
    """The round closed most recently, or None: the committee pack's default day."""
    return (
        UpdateRound.objects.filter(plan=plan, status=UpdateRound.Status.CLOSED)
        .order_by("-closed_at", "-as_at")
        .first()
    )
