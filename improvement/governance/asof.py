"""Reading rows as they stood at a moment, in time that grows with the number of objects
rather than with the length of their history.

simple-history's ``Model.history.as_of(moment)`` keeps every history row up to the
moment that has no later row up to the moment (an anti-join): with a year of monthly
updates it looks at every one of them. ``rows_at`` instead starts from the objects (the
live rows in scope, and the ones deleted since) and fetches each one's latest row at or
before the moment with one index probe on ``(id, history_date, history_id)``
(governance migration 0002). Same answer, one query, whatever the history's length.
"""

from django.db.models import OuterRef, Q, Subquery

from improvement.plans.models import Action, ActionOwner, ActionRow, Area, Chapter, RatingLevel


def _latest(hist, moment, outer):
    return Subquery(
        hist.objects.filter(id=OuterRef(outer), history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def rows_at(model, moment, *, live, deleted):
    """History rows of ``model`` as they stood at ``moment`` (deleted objects left out).

    ``live`` is a Q on the live table naming the objects in scope now; ``deleted`` a Q on
    the history table naming deletion rows in scope (objects removed since). One query.
    """
    hist = model.history.model
    now = (
        model._default_manager.filter(live)
        .order_by()
        .annotate(h=_latest(hist, moment, "pk"))
        .values("h")
    )
    gone = (
        hist.objects.filter(deleted, history_type="-")
        .order_by()
        .annotate(h=_latest(hist, moment, "id"))
        .values("h")
    )
    # One IN over a UNION (not two INs joined by OR, which PostgreSQL answers by scanning
    # the whole history table): the rows are then fetched by primary key.
    return (
        hist.objects.filter(history_id__in=now.union(gone, all=True))
        .exclude(history_type="-")
        .order_by()
    )


def plan_rows(plan, moment=None):
    """The whole plan now (``moment`` None) or at ``moment``: rating scale, chapters, areas,
    actions, owners and further rows, as lists of rows. Six queries either way."""
    if moment is None:
        action_ids = Action.objects.filter(plan=plan).values("pk")
        return {
            "ratings": list(RatingLevel.objects.filter(plan=plan)),
            "chapters": list(Chapter.objects.filter(plan=plan)),
            "areas": list(Area.objects.filter(chapter__plan=plan)),
            "actions": list(Action.objects.filter(plan=plan)),
            "owners": list(ActionOwner.objects.filter(action_id__in=action_ids)),
            "rows": list(ActionRow.objects.filter(action_id__in=action_ids)),
        }
    plan_q = Q(plan_id=plan.pk)
    # Areas hang from chapters: the plan's chapters now, and any it ever had.
    of_chapters = Q(chapter__plan_id=plan.pk)
    of_chapters_hist = Q(chapter_id__in=Chapter.history.filter(plan_id=plan.pk).values("id"))
    # Actions of the plan now, and those deleted since (their owners and rows too).
    gone_actions = Action.history.filter(plan_id=plan.pk, history_type="-").values("id")
    of_actions = Q(action__plan_id=plan.pk)
    of_actions_hist = Q(action_id__in=Action.objects.filter(plan=plan).values("pk")) | Q(
        action_id__in=gone_actions
    )
    return {
        "ratings": list(rows_at(RatingLevel, moment, live=plan_q, deleted=plan_q)),
        "chapters": list(rows_at(Chapter, moment, live=plan_q, deleted=plan_q)),
        "areas": list(rows_at(Area, moment, live=of_chapters, deleted=of_chapters_hist)),
        "actions": list(rows_at(Action, moment, live=plan_q, deleted=plan_q)),
        "owners": list(rows_at(ActionOwner, moment, live=of_actions, deleted=of_actions_hist)),
        "rows": list(rows_at(ActionRow, moment, live=of_actions, deleted=of_actions_hist)),
    }
