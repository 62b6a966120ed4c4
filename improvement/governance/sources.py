"""The four kinds of history row the change log shows: an action, a further printed row
of an action, an owner of an action, and an area's impact commentary.

Each source scopes its history table to a plan, applies the log's filters in SQL (by
comparing each row with its predecessor) and turns a row and the one before it into a
``Change``.
"""

from django.db.models import Q

from improvement.lib.dates import long_date
from improvement.plans.models import Action, ActionOwner, ActionRow, ImpactCommentary

from .diff import rating_and_due, value_change
from .predecessor import changed, differs
from .records import Change, Field, FieldChange, area_label

CREATED, DELETED = "+", "-"


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
            qs = differs(qs, self.hist, self.columns[field])
        if rating_from or rating_to:
            qs = differs(qs, self.hist, self.columns[Field.RATING])
            if rating_to:
                qs = qs.filter(rating_id=rating_to)
            if rating_from:
                qs = qs.filter(prev_rating_id=rating_from)
        return qs


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

    def shown(self, qs):
        # A change to a further row (CLB4 row 2) through the update form saves the
        # action too, with the same reason, so its version moves (plans.updating); that
        # action row changes nothing the log prints and is left out (the row's own
        # entry says what changed). Only actions that have had further rows are
        # compared with their previous row, so the rest of the log costs nothing more.
        compared = [c for columns in self.columns.values() for c in columns]
        qs, condition = changed(qs, self.hist, [*compared, ("order", "int")])
        with_rows = ActionRow.history.filter(action_id__isnull=False).values("action_id")
        return qs.filter(~Q(id__in=with_rows) | ~Q(history_type="~") | condition)

    def describe(self, new, old, lookups):
        out = rating_and_due(new, old, lookups)
        for name, column in (
            (Field.WORDING, "text"),
            (Field.SHORT_TITLE, "short_title"),
            (Field.PROGRESS, "progress"),
            (Field.EVIDENCE, "evidence"),
        ):
            before = "" if old is None else getattr(old, column)
            after = getattr(new, column)
            if before != after:
                out.append(value_change(name, name.label, before, after))
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
        fields = [] if new.history_type == DELETED else self.describe(new, old, lookups)
        note = _note(new, "Action added", "Action deleted")
        if not fields and not note and old is not None and old.order != new.order:
            note = "Moved to a new place in the plan"
        return Change(
            self.key,
            new,
            subject=new.printed_ref or new.ref,
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
        fields = [] if new.history_type == DELETED else rating_and_due(new, old, lookups)
        return Change(
            self.key,
            new,
            subject=f"{lookups.label(new.action_id)} row {new.row}",
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
        qs, condition = changed(qs, self.hist, [("role_id", "int"), ("row", "int")])
        return qs.filter(condition | Q(history_type=DELETED))

    def change(self, new, old, lookups):
        ref = lookups.ref(new.action_id)
        title = lookups.role(new.role_id)
        where = f" (row {new.row})" if new.row != 1 else ""
        if new.history_type == DELETED:
            fields = [FieldChange(Field.OWNERS, "Owner removed", title + where, "")]
        elif old is None or new.history_type == CREATED:
            fields = [FieldChange(Field.OWNERS, "Owner added", "", title + where)]
        elif (old.role_id, old.row) != (new.role_id, new.row):
            before = lookups.role(old.role_id) + (f" (row {old.row})" if old.row != 1 else "")
            fields = [FieldChange(Field.OWNERS, "Owner", before, title + where)]
        else:
            fields = []  # only the printed order moved
        return Change(
            self.key,
            new,
            subject=lookups.label(new.action_id),
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
        if new.history_type != DELETED:
            before = "" if old is None else old.text
            fields = [value_change(Field.COMMENTARY, label, before, new.text)]
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
    if record.history_type == DELETED:
        return deleted
    if record.history_type == CREATED:
        return created
    return ""


SOURCES = {s.key: s for s in (ActionSource(), OwnerSource(), RowSource(), CommentarySource())}
