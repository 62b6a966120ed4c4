"""The plan at two dates side by side: counts by rating, the movement matrix, and every
action whose rating, due date, wording or owners differ."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django import forms

from improvement.lib.dates import DayField
from improvement.plans.snapshot import PlanSnapshot

from .diff import due_pair, is_long, word_diff
from .records import Lookups, area_label

ABSENT = None  # the rating key of "not in the plan" in the matrix


class CompareForm(forms.Form):
    """The two days, ``?from=`` and ``?to=`` (ISO, as links write them) or their boxes."""

    from_day = DayField(
        what="The first date",
        label="First date",
        help_text="The plan as it stood at the end of this day. For example, 8 5 2025.",
    )
    to_day = DayField(
        what="The second date",
        label="Second date",
        help_text="Compared with the first. For example, 12 11 2025.",
    )

    def add_prefix(self, field_name):
        # The addresses people share say ?from=…&to=… ("from" is a Python keyword).
        return {"from_day": "from", "to_day": "to"}.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        day_from, day_to = data.get("from_day"), data.get("to_day")
        if bool(day_from) != bool(day_to) and not self.errors:
            missing = "to_day" if day_from else "from_day"
            self.add_error(missing, f"Enter {self.fields[missing].what.lower()}")
        if day_from and day_to and day_to < day_from:
            self.add_error("to_day", "The second date must be the same as or after the first date")
        return data


@dataclass
class ActionState:
    pk: int
    ref: str
    label: str
    text: str
    due: tuple
    rating_id: int
    area_id: int
    order: int
    owners: tuple


def states(snapshot):
    """The snapshot's actions keyed by id, as the comparison reads them (every row's
    owners, in printed order)."""
    result = {}
    for a in snapshot.actions:
        rows = [1, *(r.row for r in snapshot.further_rows[a.pk])]
        owners = tuple(t for row in rows for t in snapshot.owners(a.pk, row))
        due = (a.due_date, a.due_text)
        result[a.pk] = ActionState(
            a.pk, a.ref, a.label, a.text, due, a.rating_id, a.area_id, a.order, owners
        )
    return result


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
    label: str
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
    """Everything the compare page shows: the plan's vocabulary of all time (four
    queries, so a level or area since removed still has its name) and one
    ``PlanSnapshot`` per day (its actions, further rows, owners and role titles)."""
    lookups = Lookups(plan)
    before = states(PlanSnapshot(plan, day_from))
    after = states(PlanSnapshot(plan, day_to))
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
        grouped[state.area_id].append(
            ActionDifference(state.ref, state.label, state.order, note, differences)
        )
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
