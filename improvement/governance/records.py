"""What a change is, as the history pages and the export show it, and the plan's
vocabulary (ratings, roles, areas, action refs) the change rows are read with."""

from dataclasses import dataclass, field

from django.db import models

from improvement.plans.labels import FIELD_LABELS
from improvement.plans.models import Action, Area, OwnerRole, RatingLevel


class Field(models.TextChoices):
    """What a change changed, as the board asks about it (named as everywhere else,
    from the plan's one table of field labels; a due date and its wording are one)."""

    RATING = "rating", FIELD_LABELS["rating"]
    DUE = "due", FIELD_LABELS["due_date"]
    WORDING = "wording", FIELD_LABELS["text"]
    SHORT_TITLE = "short_title", FIELD_LABELS["short_title"]
    PROGRESS = "progress", FIELD_LABELS["progress"]
    EVIDENCE = "evidence", FIELD_LABELS["evidence"]
    OWNERS = "owners", FIELD_LABELS["owners"]
    AREA = "area", FIELD_LABELS["area"]
    COMMENTARY = "commentary", FIELD_LABELS["commentary"]


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
            .values("pk", "ref", "printed_ref", "area_id", "order")
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

    def label(self, action_id):
        """The ref people read (the printed one where the document's differs)."""
        action = self.actions.get(action_id)
        return (action["printed_ref"] or action["ref"]) if action else "(a deleted action)"

    def area_of_action(self, action_id):
        action = self.actions.get(action_id)
        return self.areas.get(action["area_id"]) if action else None
