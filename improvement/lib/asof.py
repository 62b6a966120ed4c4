"""Reading any tracked model's rows as they stood at a moment, in time that grows with
the number of objects rather than with the length of their history.

simple-history's ``Model.history.as_of(moment)`` keeps every history row up to the
moment that has no later row up to the moment (an anti-join): with a year of monthly
updates it looks at every one of them. ``rows_at`` instead starts from the objects (the
live rows in scope, and the ones deleted since) and fetches each one's latest row at or
before the moment with one index probe on ``(id, history_date, history_id)``
(governance migration 0002). Same answer, one query, whatever the history's length.
"""

from django.db.models import OuterRef, Subquery


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
