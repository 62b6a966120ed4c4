"""The plan at two dates side by side: counts by rating, the movement matrix, and every
action whose rating, due date, wording or owners differ."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from improvement.plans.models import Action, ActionOwner
from improvement.plans.status import end_of_day

from .asof import rows_at
from .diff import due_pair, is_long, word_diff
from .records import Lookups, area_label

ABSENT = None  # the rating key of "not in the plan" in the matrix


@dataclass
class ActionState:
    pk: int
    ref: str
    text: str
    due: tuple
    rating_id: int
    area_id: int
    order: int
    owners: tuple


def snapshot(plan, moment, lookups):
    """The plan's actions at ``moment`` (None: now), keyed by id. Two queries (the owners
    of actions deleted since the moment count too)."""
    if moment is None:
        actions = Action.objects.filter(plan=plan)
        owners = ActionOwner.objects.filter(action__plan=plan)
    else:
        plan_q = Q(plan_id=plan.pk)
        actions = rows_at(Action, moment, live=plan_q, deleted=plan_q)
        gone = Action.history.filter(plan_id=plan.pk, history_type="-").values("id")
        owners = rows_at(
            ActionOwner,
            moment,
            live=Q(action__plan_id=plan.pk),
            deleted=Q(action_id__in=lookups.action_ids) | Q(action_id__in=gone),
        )
    titles = defaultdict(list)
    for owner in sorted(owners, key=lambda o: (o.row, o.order)):
        titles[owner.action_id].append(lookups.role(owner.role_id))
    return {
        a.id: ActionState(
            a.id,
            a.ref,
            a.text,
            (a.due_date, a.due_text),
            a.rating_id,
            a.area_id,
            a.order,
            tuple(titles[a.id]),
        )
        for a in actions
    }


@dataclass
class _Due:
    due_date: object
    due_text: str


@dataclass
class Difference:
    label: str
    old: object
    new: object
    kind: str = "value"
    pieces: list = field(default_factory=list)


@dataclass
class ActionDifference:
    ref: str
    order: int
    note: str
    differences: list


def _differences(before, after, lookups):
    if before is None:
        return "Added to the plan", []
    if after is None:
        return "No longer in the plan", []
    out = []
    if before.rating_id != after.rating_id:
        out.append(
            Difference(
                "Rating",
                lookups.rating(before.rating_id),
                lookups.rating(after.rating_id),
                "rating",
            )
        )
    if before.due != after.due:
        old, new = due_pair(_Due(*before.due), _Due(*after.due))
        out.append(Difference("Due date", old, new))
    if before.text != after.text:
        if is_long(before.text, after.text):
            pieces = word_diff(before.text, after.text)
            out.append(Difference("Wording", before.text, after.text, "long", pieces))
        else:
            out.append(Difference("Wording", before.text, after.text))
    if before.owners != after.owners:
        out.append(Difference("Owners", "; ".join(before.owners), "; ".join(after.owners)))
    return "", out


def _area_order(group):
    area = group["area"]
    return (area.chapter.number, area.order) if area else (99, 0)


def compare(plan, day_from, day_to):
    """Everything the compare page shows. Eight queries (four for the plan's vocabulary,
    two per date)."""
    lookups = Lookups(plan)
    before = snapshot(plan, end_of_day(day_from), lookups)
    after = snapshot(plan, end_of_day(day_to), lookups)
    levels = sorted(lookups.ratings.values(), key=lambda r: r.order)

    counts_before = Counter(s.rating_id for s in before.values())
    counts_after = Counter(s.rating_id for s in after.values())
    counts = [
        {"level": level, "before": counts_before[level.pk], "after": counts_after[level.pk]}
        for level in levels
    ]

    moves = Counter()
    for pk in before.keys() | after.keys():
        old = before.get(pk)
        new = after.get(pk)
        moves[(old.rating_id if old else ABSENT, new.rating_id if new else ABSENT)] += 1
    keys = [level.pk for level in levels]
    rows_keys = [*keys, ABSENT] if any(k[0] is ABSENT for k in moves) else keys
    cols_keys = [*keys, ABSENT] if any(k[1] is ABSENT for k in moves) else keys
    matrix = [
        {
            "level": lookups.rating(row) if row is not ABSENT else None,
            "cells": [
                {
                    "level": lookups.rating(col) if col is not ABSENT else None,
                    "count": moves[(row, col)],
                    "same": row == col,
                }
                for col in cols_keys
            ],
            "total": sum(moves[(row, col)] for col in cols_keys),
        }
        for row in rows_keys
    ]
    column_levels = [lookups.rating(c) if c is not ABSENT else None for c in cols_keys]

    grouped = defaultdict(list)
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        note, differences = _differences(old, new, lookups)
        if not note and not differences:
            continue
        state = new or old
        grouped[state.area_id].append(ActionDifference(state.ref, state.order, note, differences))
    areas = []
    for area_id, items in grouped.items():
        area = lookups.areas.get(area_id)
        items.sort(key=lambda d: d.order)
        areas.append(
            {
                "area": area,
                "label": area_label(area) or "An area since removed",
                "chapter": area.chapter if area else None,
                "actions": items,
            }
        )
    areas.sort(key=_area_order)
    return {
        "levels": levels,
        "counts": counts,
        "total_before": len(before),
        "total_after": len(after),
        "matrix": matrix,
        "column_levels": column_levels,
        "areas": areas,
        "changed": sum(len(g["actions"]) for g in areas),
    }
