"""The change record of a plan, read straight from simple-history's tables.

Nothing is copied: each entry of the change log is one history row (of an action, an
owner of an action, a further row of an action, or an area's impact commentary) compared
with the row before it for the same object. Filtering by field or by rating movement is
done in SQL by comparing each row with its predecessor (a correlated subquery served by
the ``(id, history_date)`` indexes of the governance migration), so a page costs a fixed
number of queries however long the history is.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from improvement.lib.dates import long_date
from improvement.plans.due import format_due
from improvement.plans.models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    ImpactCommentary,
    OwnerRole,
    RatingLevel,
)

from .diff import is_long, word_diff


class Field(models.TextChoices):
    """What a change changed, as the board asks about it."""

    RATING = "rating", "Rating"
    DUE = "due", "Due date"
    WORDING = "wording", "Action wording"
    SHORT_TITLE = "short_title", "Short title"
    PROGRESS = "progress", "Progress commentary"
    EVIDENCE = "evidence", "Evidence"
    OWNERS = "owners", "Owners"
    AREA = "area", "Area"
    COMMENTARY = "commentary", "Impact commentary"


# Stand-ins for "no value" when a row is compared with the one before it in SQL.
_NONE = {"date": dt.date(1, 1, 1), "int": 0, "text": ""}
_OUTPUT = {"date": models.DateField(), "int": models.BigIntegerField(), "text": models.TextField()}
_CREATED, _DELETED = "+", "-"


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object
    kind: str = "value"  # "value", "rating" or "long" (shown as a word diff)
    pieces: list = field(default_factory=list)

    @property
    def old_text(self):
        return _plain(self.old)

    @property
    def new_text(self):
        return _plain(self.new)


@dataclass
class Change:
    source: str
    record: object
    subject: str
    ref: str
    action_id: int | None
    area: object
    fields: list
    note: str = ""

    @property
    def when(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self):
        return self.record.history_change_reason or ""

    @property
    def who(self):
        return person(self.record.history_user)

    @property
    def history_type(self):
        return self.record.history_type


def person(user):
    if user is None:
        return "Not recorded"
    return user.get_full_name() or user.get_username()


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, RatingLevel):
        return value.name
    return str(value)


def area_label(area):
    """ "1. Senior Leaders' Oversight"; a sub-area with its parent: "Care Leavers: A. …"."""
    if area is None:
        return ""
    label = f"{area.number}. {area.title}"
    if area.parent_id and area.parent:
        label = f"{area.parent.title}: {label}"
    return label


# -- the plan's vocabulary, loaded once per page ---------------------------------------------
class Lookups:
    """Ratings, roles, areas and action refs of one plan, keyed by id. Four queries."""

    def __init__(self, plan):
        self.plan = plan
        # order_by(): the models' default orderings would join the plan table for nothing.
        self.ratings = {r.pk: r for r in RatingLevel.objects.filter(plan=plan).order_by()}
        self.roles = dict(OwnerRole.objects.filter(plan=plan).order_by().values_list("pk", "title"))
        self.areas = {a.pk: a for a in Area.objects.for_plan(plan).order_by()}
        self.actions = {
            a["pk"]: a
            for a in Action.objects.filter(plan=plan)
            .order_by()
            .values("pk", "ref", "area_id", "order")
        }

    @property
    def action_ids(self):
        return list(self.actions)

    def rating(self, pk):
        if pk is None:
            return None
        return self.ratings.get(pk) or RatingLevel(name="(a rating since removed)")

    def role(self, pk):
        return self.roles.get(pk, "(a role since removed)")

    def ref(self, action_id):
        action = self.actions.get(action_id)
        return action["ref"] if action else "(a deleted action)"

    def area_of_action(self, action_id):
        action = self.actions.get(action_id)
        return self.areas.get(action["area_id"]) if action else None


def _previous(hist):
    """The row before the outer one for the same object (ties broken by history_id)."""
    return hist.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        id=OuterRef("id"),
    ).order_by("-history_date", "-history_id")


def _changed(qs, hist, columns):
    """``qs`` annotated with the previous row's ``columns`` (name, kind of stand-in), and a
    condition true where any of them differs from the row before for the same object.

    A row with no row before (the object was created) counts when it sets a value: the
    missing predecessor's values read as the stand-ins.
    """
    prev = _previous(hist)
    changed = Q()
    for name, kind in columns:
        alias = f"prev_{name}"
        output = _OUTPUT[kind]
        if alias not in qs.query.annotations:
            qs = qs.annotate(**{alias: Subquery(prev.values(name)[:1], output_field=output)})
        stand_in = Value(_NONE[kind], output_field=output)
        changed |= ~Q(
            Exact(
                Coalesce(F(name), stand_in, output_field=output),
                Coalesce(F(alias), stand_in, output_field=output),
            )
        )
    return qs, changed


def _differs(qs, hist, columns):
    qs, changed = _changed(qs, hist, columns)
    return qs.filter(changed)


# -- the four kinds of history row the log shows ---------------------------------------------
class Source:
    key = ""
    model = None
    # Field → the columns compared in SQL when filtering by that field.
    columns = {}

    @property
    def hist(self):
        return self.model.history.model

    def scoped(self, lookups, areas=None):
        raise NotImplementedError

    def shown(self, qs):
        """Rows worth a line in the log (all of them, unless a source says otherwise)."""
        return qs

    def filtered(
        self,
        lookups,
        *,
        start=None,
        end=None,
        user=None,
        areas=None,
        field=None,
        rating_from=None,
        rating_to=None,
    ):
        """This source's rows matching the filters, or None if the filters exclude it."""
        if field and field not in self.columns:
            return None
        if (rating_from or rating_to) and Field.RATING not in self.columns:
            return None
        qs = self.shown(self.scoped(lookups, areas).order_by())
        if start:
            qs = qs.filter(history_date__gte=start)
        if end:
            qs = qs.filter(history_date__lte=end)
        if user:
            qs = qs.filter(history_user_id=user)
        if field and self.columns[field]:
            qs = _differs(qs, self.hist, self.columns[field])
        if rating_from or rating_to:
            qs = _differs(qs, self.hist, self.columns[Field.RATING])
            if rating_to:
                qs = qs.filter(rating_id=rating_to)
            if rating_from:
                qs = qs.filter(prev_rating_id=rating_from)
        return qs


def _value_change(name, label, old, new):
    if old and new and is_long(old, new):
        return FieldChange(name, label, old, new, kind="long", pieces=word_diff(old, new))
    return FieldChange(name, label, old, new)


def _rating_and_due(new, old, lookups):
    """Rating and due changes of an action or a further row (a new one: what it was set to)."""
    out = []
    if old is None or new.rating_id != old.rating_id:
        before = None if old is None else lookups.rating(old.rating_id)
        out.append(
            FieldChange(
                Field.RATING, Field.RATING.label, before, lookups.rating(new.rating_id), "rating"
            )
        )
    if old is None:
        after = format_due(new.due_date, new.due_text)
        if after:
            out.append(FieldChange(Field.DUE, Field.DUE.label, "", after))
    elif (old.due_date, old.due_text) != (new.due_date, new.due_text):
        before, after = due_pair(old, new)
        out.append(FieldChange(Field.DUE, Field.DUE.label, before, after))
    return out


def due_pair(old, new):
    """Two due dates as the plan prints them; where the words are the same and only the
    date behind them moved, each with its date, so the change is visible."""
    before = format_due(old.due_date, old.due_text)
    after = format_due(new.due_date, new.due_text)
    if before == after:
        before = f"{before} ({long_date(old.due_date)})" if old.due_date else f"{before} (no date)"
        after = f"{after} ({long_date(new.due_date)})" if new.due_date else f"{after} (no date)"
    return before, after


class ActionSource(Source):
    key = "action"
    model = Action
    columns = {
        Field.RATING: [("rating_id", "int")],
        Field.DUE: [("due_date", "date"), ("due_text", "text")],
        Field.WORDING: [("text", "text")],
        Field.SHORT_TITLE: [("short_title", "text")],
        Field.PROGRESS: [("progress", "text")],
        Field.EVIDENCE: [("evidence", "text")],
        Field.AREA: [("area_id", "int")],
    }

    def scoped(self, lookups, areas=None):
        qs = self.hist.objects.filter(plan_id=lookups.plan.pk)
        if areas is not None:
            qs = qs.filter(area_id__in=areas)
        return qs

    def describe(self, new, old, lookups):
        out = _rating_and_due(new, old, lookups)
        for name, column in (
            (Field.WORDING, "text"),
            (Field.SHORT_TITLE, "short_title"),
            (Field.PROGRESS, "progress"),
            (Field.EVIDENCE, "evidence"),
        ):
            before = "" if old is None else getattr(old, column)
            after = getattr(new, column)
            if before != after:
                out.append(_value_change(name, name.label, before, after))
        if old is not None and old.area_id != new.area_id:
            out.append(
                FieldChange(
                    Field.AREA,
                    Field.AREA.label,
                    area_label(lookups.areas.get(old.area_id)),
                    area_label(lookups.areas.get(new.area_id)),
                )
            )
        return out

    def change(self, new, old, lookups):
        fields = [] if new.history_type == _DELETED else self.describe(new, old, lookups)
        note = _note(new, "Action added", "Action deleted")
        if not fields and not note and old is not None and old.order != new.order:
            note = "Moved to a new place in the plan"
        return Change(
            self.key,
            new,
            subject=new.ref,
            ref=new.ref,
            action_id=new.id,
            area=lookups.areas.get(new.area_id),
            fields=fields,
            note=note,
        )


class RowSource(Source):
    """The second and later printed rows of a multi-row action (CLB4)."""

    key = "row"
    model = ActionRow
    columns = {
        Field.RATING: [("rating_id", "int")],
        Field.DUE: [("due_date", "date"), ("due_text", "text")],
    }

    def scoped(self, lookups, areas=None):
        ids = lookups.action_ids
        if areas is not None:
            ids = [pk for pk, a in lookups.actions.items() if a["area_id"] in areas]
        return self.hist.objects.filter(action_id__in=ids)

    def change(self, new, old, lookups):
        ref = lookups.ref(new.action_id)
        fields = [] if new.history_type == _DELETED else _rating_and_due(new, old, lookups)
        return Change(
            self.key,
            new,
            subject=f"{ref} row {new.row}",
            ref=ref,
            action_id=new.action_id,
            area=lookups.area_of_action(new.action_id),
            fields=fields,
            note=_note(new, f"Row {new.row} added", f"Row {new.row} removed"),
        )


class OwnerSource(Source):
    key = "owner"
    model = ActionOwner
    columns = {Field.OWNERS: []}

    def scoped(self, lookups, areas=None):
        return RowSource.scoped(self, lookups, areas)

    def shown(self, qs):
        # A change of printed order only is not a change of owner.
        qs, changed = _changed(qs, self.hist, [("role_id", "int"), ("row", "int")])
        return qs.filter(changed | Q(history_type=_DELETED))

    def change(self, new, old, lookups):
        ref = lookups.ref(new.action_id)
        title = lookups.role(new.role_id)
        where = f" (row {new.row})" if new.row != 1 else ""
        if new.history_type == _DELETED:
            fields = [FieldChange(Field.OWNERS, "Owner removed", title + where, "")]
        elif old is None or new.history_type == _CREATED:
            fields = [FieldChange(Field.OWNERS, "Owner added", "", title + where)]
        elif (old.role_id, old.row) != (new.role_id, new.row):
            before = lookups.role(old.role_id) + (f" (row {old.row})" if old.row != 1 else "")
            fields = [FieldChange(Field.OWNERS, "Owner", before, title + where)]
        else:
            fields = []  # only the printed order moved
        return Change(
            self.key,
            new,
            subject=ref,
            ref=ref,
            action_id=new.action_id,
            area=lookups.area_of_action(new.action_id),
            fields=fields,
        )


class CommentarySource(Source):
    key = "commentary"
    model = ImpactCommentary
    columns = {Field.COMMENTARY: [("text", "text")]}

    def scoped(self, lookups, areas=None):
        ids = list(lookups.areas) if areas is None else list(areas)
        return self.hist.objects.filter(area_id__in=ids)

    def change(self, new, old, lookups):
        area = lookups.areas.get(new.area_id)
        label = f"Impact commentary, {long_date(new.reporting_date)}"
        fields = []
        if new.history_type != _DELETED:
            before = "" if old is None else old.text
            fields = [_value_change(Field.COMMENTARY, label, before, new.text)]
        return Change(
            self.key,
            new,
            subject=f"Area {area.number}" if area else "An area since removed",
            ref="",
            action_id=None,
            area=area,
            fields=fields,
            note=_note(new, "", "Commentary deleted"),
        )


def _note(record, created, deleted):
    if record.history_type == _DELETED:
        return deleted
    if record.history_type == _CREATED:
        return created
    return ""


SOURCES = {s.key: s for s in (ActionSource(), OwnerSource(), RowSource(), CommentarySource())}


# -- the log -------------------------------------------------------------------------------
ORDER = ("-history_date", "-history_id")


class Entries:
    """The matching history rows as {history_date, history_id, src}, newest first.

    A paginator counts it (one unordered query over the union of the parts) and slices
    it. On PostgreSQL each part is ordered and cut at the end of the page first, so each
    reads its newest rows through its (…, history_date, history_id) index and stops,
    instead of the whole union being sorted for one page (the planner does not merge the
    parts' index scans by itself); SQLite cannot order the parts of a union, and sorts.
    """

    def __init__(self, parts):
        self.parts = parts

    @staticmethod
    def _union(parts):
        first, *rest = parts
        return first.union(*rest, all=True) if rest else first

    def count(self):
        if not self.parts:
            return 0
        return self._union([p.order_by() for p in self.parts]).count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not self.parts:
            return []
        parts = [p.order_by() for p in self.parts]
        if isinstance(index, slice) and index.stop is not None:
            if connection.features.supports_slicing_ordering_in_compound and len(parts) > 1:
                parts = [p.order_by(*ORDER)[: index.stop] for p in parts]
        return list(self._union(parts).order_by(*ORDER)[index])


def entries(lookups, **filters):
    """Every matching history row (see Entries): one lazy union of the sources' rows."""
    parts = []
    for source in SOURCES.values():
        qs = source.filtered(lookups, **filters)
        if qs is None:
            continue
        parts.append(qs.values("history_date", "history_id").annotate(src=Value(source.key)))
    return Entries(parts)


def load(page_entries, lookups):
    """The Change for each entry of a page, in the page's order. Two queries per kind of
    history row present on the page (the rows with their authors, then their predecessors)."""
    wanted = defaultdict(list)
    for entry in page_entries:
        wanted[entry["src"]].append(entry["history_id"])
    found = {}
    for key, ids in wanted.items():
        source = SOURCES[key]
        hist = source.hist
        rows = list(
            hist.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(prev_history_id=Subquery(_previous(hist).values("history_id")[:1]))
        )
        prev_ids = [r.prev_history_id for r in rows if r.prev_history_id]
        previous = {p.history_id: p for p in hist.objects.filter(history_id__in=prev_ids)}
        for row in rows:
            found[(key, row.history_id)] = source.change(
                row, previous.get(row.prev_history_id), lookups
            )
    return [found[(e["src"], e["history_id"])] for e in page_entries]


# -- one action's timeline ------------------------------------------------------------------
@dataclass
class Event:
    """Rows written together (same moment, author and reason) read as one event."""

    when: object
    user: object
    reason: str
    changes: list = field(default_factory=list)

    @property
    def who(self):
        return person(self.user)

    @property
    def fields(self):
        return [(c, f) for c in self.changes for f in c.fields]

    @property
    def notes(self):
        return [c.note for c in self.changes if c.note]


def action_timeline(action, lookups):
    """Every change to one action, its owners and its further rows, newest first.

    Three queries: the action's rows, its owners' rows and its further rows' rows, each
    with the author (the rows of one object are compared in Python).
    """
    pairs = []
    for source, rows in (
        (SOURCES["action"], Action.history.filter(id=action.pk)),
        (SOURCES["owner"], ActionOwner.history.filter(action_id=action.pk)),
        (SOURCES["row"], ActionRow.history.filter(action_id=action.pk)),
    ):
        by_object = defaultdict(list)
        for row in rows.select_related("history_user").order_by("history_date", "history_id"):
            by_object[row.id].append(row)
        for history in by_object.values():
            for older, newer in zip([None, *history[:-1]], history, strict=True):
                pairs.append(source.change(newer, older, lookups))
    events = {}
    for change in pairs:
        if not change.fields and not change.note:
            continue
        key = (change.when, change.record.history_user_id, change.reason)
        if key not in events:
            events[key] = Event(change.when, change.user, change.reason)
        events[key].changes.append(change)
    order = {"action": 0, "row": 1, "owner": 2}
    for event in events.values():
        event.changes.sort(key=lambda c: (order[c.source], c.record.history_id))
    return sorted(events.values(), key=lambda e: e.when, reverse=True)
