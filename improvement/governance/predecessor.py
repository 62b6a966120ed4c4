"""Each history row compared with the row before it for the same object, in SQL.

A correlated subquery served by the ``(id, history_date)`` indexes of the governance
migration reads the predecessor's columns, so filtering the change log by field or by
rating movement costs a fixed number of queries however long the history is.
"""

import datetime as dt

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

# Stand-ins for "no value" when a row is compared with the one before it in SQL.
_NONE = {"date": dt.date(1, 1, 1), "int": 0, "text": ""}
_OUTPUT = {"date": models.DateField(), "int": models.BigIntegerField(), "text": models.TextField()}


def previous(hist):
    """The row before the outer one for the same object (ties broken by history_id)."""
    return hist.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        id=OuterRef("id"),
    ).order_by("-history_date", "-history_id")


def changed(qs, hist, columns):
    """``qs`` annotated with the previous row's ``columns`` (name, kind of stand-in), and a
    condition true where any of them differs from the row before for the same object.

    A row with no row before (the object was created) counts when it sets a value: the
    missing predecessor's values read as the stand-ins.
    """
    prev = previous(hist)
    condition = Q()
    for name, kind in columns:
        alias = f"prev_{name}"
        output = _OUTPUT[kind]
        if alias not in qs.query.annotations:
            qs = qs.annotate(**{alias: Subquery(prev.values(name)[:1], output_field=output)})
        stand_in = Value(_NONE[kind], output_field=output)
        condition |= ~Q(
            Exact(
                Coalesce(F(name), stand_in, output_field=output),
                Coalesce(F(alias), stand_in, output_field=output),
            )
        )
    return qs, condition


def differs(qs, hist, columns):
    qs, condition = changed(qs, hist, columns)
    return qs.filter(condition)
