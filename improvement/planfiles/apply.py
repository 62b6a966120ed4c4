"""Saving a ``PlanData``: the one writer every way in shares (tracker, workbook, wizard).

All or nothing, in one transaction. Each object is created or changed only where the
data differs from what is stored (``assign_changed``), so applying the same data twice
writes nothing; every write carries its author, a reason naming the file and (for a file
dated in the past) that day. Objects of the plan that the file does not mention
(levels, chapters, areas, actions, commentary) are left as they are and counted, for the
person importing to review; but an action the file gives is the file's whole record of
it, so its owners and further rows follow the file: one it no longer lists is deleted,
with a history row of the same author, reason and date.
Text the file leaves blank where a tracker has no column for it (introductions, an
area's narrative, level definitions, progress, evidence) leaves the stored text as is.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from improvement.accounts.models import Membership
from improvement.lib.dates import end_of_day
from improvement.lib.gcpause import cycle_collection_paused
from improvement.lib.history import assign_changed, delete_tracked, save_tracked
from improvement.planfiles.data import AREA_TEXTS
from improvement.plans.models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    ImpactCommentary,
    OwnerRole,
    Plan,
    RatingLevel,
)

KEPT_IF_BLANK = {
    *AREA_TEXTS,
    "definition",
    "overview_definition",
    "introduction",
    "short_title",
    "progress",
    "evidence",
}


@dataclass
class ApplyResult:
    plan: Plan
    created: bool
    writes: int
    left_alone: int = 0  # objects of the plan the file does not mention, kept
    left_alone_kinds: dict = field(default_factory=dict)  # {"actions": 2, …}


def author_name(user):
    if user is None:
        return "an unnamed user"
    return user.get_full_name() or user.get_username()


def moment(when):
    """The history date of every write: None is now; a day is its end in the council's
    time zone (what an as-at page for that day shows); a naive time is the council's."""
    if when is None or isinstance(when, dt.datetime):
        if when is not None and timezone.is_naive(when):
            return timezone.make_aware(when)
        return when
    return end_of_day(when)


def apply_plan(data, *, slug, user, source_name, when=None, manager=None, author=""):
    """Create or update the plan ``slug`` from ``data``; ``ValueError`` (before any
    write) for data no reader should have produced. ``author`` names the writer in the
    reason when there is no user (a command run by nobody in particular)."""
    validate(data)
    writer = _Writer(user, f"Imported from {source_name} by {author or author_name(user)}", when)
    with transaction.atomic(), cycle_collection_paused():
        return writer.write(data, slug, manager)


def validate(data):
    def refuse(message):
        raise ValueError(f"The plan cannot be saved: {message}")

    if not data.name.strip():
        refuse("it has no name.")
    names = [level.name for level in data.scale]
    if not names:
        refuse("it has no rating scale.")
    if len(set(names)) != len(names):
        refuse("two levels of the rating scale have the same name.")
    numbers = [c.number for c in data.chapters]
    if len(set(numbers)) != len(numbers):
        refuse("two chapters have the same number.")
    areas = {}
    for area in data.areas:
        if area.key in areas:
            refuse(f"two areas have the key {area.key!r}.")
        if area.chapter not in numbers:
            refuse(f"area {area.key!r} is in chapter {area.chapter}, which it does not have.")
        if area.parent and area.parent not in areas:
            refuse(f"area {area.key!r} comes before its parent {area.parent!r}, or it has none.")
        areas[area.key] = area
    refs = set()
    for action in data.actions:
        if not action.ref or len(action.ref) > 20 or action.ref in refs:
            refuse(f"the ref {action.ref!r} is blank, longer than 20 characters or repeated.")
        refs.add(action.ref)
        if action.area not in areas:
            refuse(f"action {action.ref} is in area {action.area!r}, which it does not have.")
        for rating in [action.rating, *(row.rating for row in action.rows)]:
            if rating not in names:
                refuse(f"action {action.ref} is rated {rating!r}, which is not in the scale.")
        if action.due_date is None and not action.due_text:
            refuse(f"action {action.ref} has neither a due date nor words for when it is due.")
    for commentary in data.commentaries:
        if commentary.area not in areas:
            refuse(f"a commentary is for area {commentary.area!r}, which it does not have.")


def _kept(values):
    return {k: v for k, v in values.items() if v or k not in KEPT_IF_BLANK}


@cache
def _columns(model):
    """The model's columns in order, each (attname, its default, or the field when the
    default is a callable to be called for each object)."""
    columns = []
    for f in model._meta.concrete_fields:
        dynamic = callable(f.default)
        columns.append((f.attname, None if dynamic else f.get_default(), f if dynamic else None))
    return tuple(columns)


def _new(model, values):
    """A new ``model`` object from ``values`` (by attname), the rest at their defaults.

    Built positionally from ids, the way Django builds an object it reads from the
    database: keyword arguments with related objects (``plan=plan``) cost about three
    times as much (each name matched to its field, each object through its descriptor,
    then checked again by ``bulk_create``), some 17 ms of a 1,000-action import.
    Signals (pre_init, post_init) are sent as usual."""
    return model(
        *[
            values[name] if name in values else (f.get_default() if f else default)
            for name, default, f in _columns(model)
        ]
    )


class _Writer:
    """Changes are saved one by one (``save_tracked``); new objects are created model
    by model with ``bulk_create_with_history`` (same author, reason and date on each
    history row): a 1,000-action tracker is a few thousand new objects, and one INSERT
    per batch instead of two per object keeps the import near the speed of reading.
    What is left of a new plan's import is mostly Django compiling those INSERTs (every
    value of every object and history row through its field), see
    bench/bench_plan_import.py."""

    def __init__(self, user, reason, when):
        self.user = user
        self.reason = reason
        # One instant for every write of the import: its history date (the file's day,
        # else now) and a new action's rating_changed_at.
        self.when = moment(when) or timezone.now()
        self.writes = 0
        self.pending = {}

    def save(self, obj):
        # The document's record, not a change made in the product (flags, Appendix 3).
        obj._source = Action.Source.DOCUMENT
        save_tracked(obj, user=self.user, reason=self.reason, when=self.when)
        self.writes += 1
        return obj

    def delete(self, obj):
        delete_tracked(obj, user=self.user, reason=self.reason, when=self.when)
        self.writes += 1

    def upsert(self, stored, key, model, values, /, **lookup):
        """The stored object for ``key`` brought in line with ``values``; a new one waits
        for ``create`` (so it has no primary key until then)."""
        obj = stored.get(key)
        values = _kept(values)
        if obj is None:
            obj = stored[key] = _new(model, {**lookup, **values})
            self.pending.setdefault(model, []).append(obj)
        elif assign_changed(obj, values):
            self.save(obj)
        return obj

    def create(self, model):
        """Insert the new objects of ``model``, with their history rows."""
        objs = self.pending.pop(model, [])
        if model is Action:
            for action in objs:
                # What Action.save does for a new action, which a bulk insert skips.
                action.saved_from = Action.Source.DOCUMENT
                action._history_date = self.when
                action._note_rating_change()
                del action._history_date
        if objs:
            bulk_create_with_history(
                objs,
                model,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.when,
            )
            self.writes += len(objs)

    def write(self, data, slug, manager):
        plan = Plan.objects.filter(slug=slug).first()
        created = plan is None
        if created:
            plan = self.save(Plan(slug=slug, name=data.name, organisation=data.organisation))
        elif assign_changed(plan, {"name": data.name, "organisation": data.organisation}):
            self.save(plan)
        if created and manager is not None and not manager.is_superuser:
            self.save(Membership(user=manager, plan=plan, role=Membership.Role.MANAGER))
        left = {}
        levels = self.scale(plan, data.scale, left)
        areas = self.structure(plan, data, left)
        self.actions(plan, data.actions, levels, areas, left)
        self.commentaries(plan, data.commentaries, areas)
        left = {kind: n for kind, n in left.items() if n}
        return ApplyResult(plan, created, self.writes, sum(left.values()), left)

    def scale(self, plan, scale, left):
        stored = {level.name: level for level in RatingLevel.objects.filter(plan=plan)}
        for order, level in enumerate(scale, 1):
            values = {**level.values(), "order": order}
            del values["name"]  # the key it is found by
            self.upsert(stored, level.name, RatingLevel, values, plan_id=plan.pk, name=level.name)
        self.create(RatingLevel)
        left["rating levels"] = len(stored) - len(scale)
        return stored

    def structure(self, plan, data, left):
        chapters = {c.number: c for c in Chapter.objects.filter(plan=plan)}
        for ch in data.chapters:
            values = {"title": ch.title, "introduction": ch.introduction}
            self.upsert(chapters, ch.number, Chapter, values, number=ch.number, plan_id=plan.pk)
        self.create(Chapter)
        left["chapters"] = len(chapters) - len(data.chapters)
        areas = {a.key: a for a in Area.objects.filter(chapter__plan=plan)}
        depth = {}
        for a in data.areas:  # a parent comes before its sub-areas (validated)
            depth[a.key] = depth[a.parent] + 1 if a.parent else 0
        for a in sorted(data.areas, key=lambda a: depth[a.key]):
            if depth[a.key] and Area in self.pending:
                self.create(Area)  # the parents first: a sub-area needs its parent's key
            values = {
                "chapter_id": chapters[a.chapter].pk,
                "parent_id": areas[a.parent].pk if a.parent else None,
                "number": a.number,
                "title": a.title,
                "order": a.order,
                **{name: getattr(a, name) for name in AREA_TEXTS},
            }
            self.upsert(areas, a.key, Area, values, key=a.key)
        self.create(Area)
        left["areas"] = len(areas) - len(data.areas)
        return areas

    def actions(self, plan, actions, levels, areas, left):
        stored = {a.ref: a for a in Action.objects.filter(plan=plan)}
        rows = {(r.action_id, r.row): r for r in ActionRow.objects.filter(action__plan=plan)}
        owners = {
            (o.action_id, o.row, o.role_id): o
            for o in ActionOwner.objects.filter(action__plan=plan)
        }
        roles = {r.title: r for r in OwnerRole.objects.filter(plan=plan)}
        before, touched, in_file = {*rows, *owners}, set(), set()
        for data in actions:
            values = {
                "area_id": areas[data.area].pk,
                "text": data.text,
                "printed_ref": data.printed_ref,
                "short_title": data.short_title,
                "due_date": data.due_date,
                "due_text": data.due_text,
                "rating_id": levels[data.rating].pk,
                "progress": data.progress,
                "evidence": data.evidence,
                "order": data.order,
            }
            self.upsert(stored, data.ref, Action, values, plan_id=plan.pk, ref=data.ref)
            for title in {t for r in [data, *data.rows] for t in r.owners} - roles.keys():
                self.upsert(roles, title, OwnerRole, {}, plan_id=plan.pk, title=title)
        self.create(OwnerRole)
        self.create(Action)
        for data in actions:
            action = stored[data.ref]
            in_file.add(action.pk)
            for row in data.rows:
                key = (action.pk, row.row)
                values = {
                    "due_date": row.due_date,
                    "due_text": row.due_text,
                    "rating_id": levels[row.rating].pk,
                }
                self.upsert(rows, key, ActionRow, values, action_id=action.pk, row=row.row)
                touched.add(key)
            for number, titles in [(1, data.owners), *((r.row, r.owners) for r in data.rows)]:
                for order, title in enumerate(titles, 1):
                    role = roles[title]
                    key = (action.pk, number, role.pk)
                    values = {"order": order}
                    self.upsert(
                        owners,
                        key,
                        ActionOwner,
                        values,
                        action_id=action.pk,
                        row=number,
                        role_id=role.pk,
                    )
                    touched.add(key)
        self.create(ActionRow)
        self.create(ActionOwner)
        left["actions"] = len(stored) - len(actions)
        # An owner or further row the file no longer gives, of an action it does give:
        # the file is the action's record, so it goes (owners first, in a stable order).
        gone = [key for key in before - touched if key[0] in in_file]
        for key in sorted(gone, key=lambda key: (-len(key), key)):
            self.delete(owners[key] if len(key) == 3 else rows[key])

    def commentaries(self, plan, commentaries, areas):
        stored = {
            (c.area_id, c.reporting_date): c
            for c in ImpactCommentary.objects.filter(area__chapter__plan=plan)
        }
        for c in commentaries:
            area = areas[c.area]
            key = (area.pk, c.reporting_date)
            self.upsert(
                stored,
                key,
                ImpactCommentary,
                {"text": c.text},
                area_id=area.pk,
                reporting_date=c.reporting_date,
            )
        self.create(ImpactCommentary)
