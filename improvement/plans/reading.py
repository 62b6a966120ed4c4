"""The officers' pages of a plan (plan, area, action), as it is now or as it stood at
the end of a past day: shaped for the templates from one ``PlanSnapshot``, so a past
day's page shows what the page showed on that day, in the same fixed number of queries.
"""

from dataclasses import dataclass, field

from django.http import Http404

from .due import format_due
from .labels import FIELD_LABELS
from .models import Action, RatingLevel
from .signoff import pending_action_ids
from .snapshot import PlanSnapshot


@dataclass
class AreaBlock:
    area: object
    actions: list = field(default_factory=list)
    sub_areas: list = field(default_factory=list)

    @property
    def all_actions(self):
        return self.actions + [a for sub in self.sub_areas for a in sub.all_actions]


class PlanReader:
    """The officers' pages of one plan at one day, read through one ``PlanSnapshot``."""

    def __init__(self, snapshot: PlanSnapshot):
        self.snapshot = snapshot
        self.plan = snapshot.plan
        self.moment = snapshot.moment

    def _decorate(self, actions):
        """Attach rating, owners, further rows, printed due, flags and whether its rating
        waits for sign-off to each action."""
        snap = self.snapshot
        pending = pending_action_ids(snap)
        for action in actions:
            action.rating_level = snap.level_by_id[action.rating_id]
            action.pending_signoff = action.pk in pending
            action.owner_titles = snap.owners(action.pk)
            action.owner_role_ids = snap.all_owner_role_ids(action.pk)
            action.due_display = format_due(action.due_date, action.due_text)
            action.flags = snap.flags(action)
            action.extra_lines = []
            for row in snap.further_rows[action.pk]:
                row.rating_level = snap.level_by_id[row.rating_id]
                row.owner_titles = snap.owners(action.pk, row.row)
                row.due_display = format_due(row.due_date, row.due_text)
                action.extra_lines.append(row)
        return actions

    # -- pages --------------------------------------------------------------------------
    def read_plan(self):
        """Chapters → areas (→ sub-areas) → actions, and the summary."""
        snap = self.snapshot
        actions = self._decorate(snap.actions)
        blocks = _area_tree(snap.areas, actions)
        result = []
        for chapter in snap.chapters:
            top = [blocks[a.pk] for a in snap.areas_of(chapter) if a.parent_id is None]
            result.append({"chapter": chapter, "areas": top})
        return {"chapters": result, "summary": snap.summary(), "actions": actions}

    def read_area(self, key):
        """One area with its sub-areas, actions and impact commentaries."""
        snap = self.snapshot
        area = next((a for a in snap.areas if a.key == key), None)
        if area is None or not any(c.pk == area.chapter_id for c in snap.chapters):
            raise Http404("No such area in this plan on that date.")
        family = {area.pk} | {a.pk for a in snap.areas if a.parent_id == area.pk}
        actions = self._decorate(snap.actions_in(family))
        blocks = _area_tree([a for a in snap.areas if a.pk in family], actions)
        chapter = next(c for c in snap.chapters if c.pk == area.chapter_id)
        area.chapter = chapter
        return {
            "area": area,
            "tree": blocks[area.pk],
            "chapter": chapter,
            "parent": snap.parent_of(area),
            "commentaries": snap.commentary_of(area),
            "actions": actions,
        }

    def read_action(self, ref):
        """One action with its area, owners, rows, flags and latest changes."""
        snap = self.snapshot
        action = snap.action_by_ref.get(ref)
        if action is None:
            raise Http404("No such action in this plan on that date.")
        self._decorate([action])
        area = snap.area_by_id.get(action.area_id)
        chapter = next((c for c in snap.chapters if area and c.pk == area.chapter_id), None)
        return {
            "action": action,
            "area": area,
            "parent": snap.parent_of(area) if area else None,
            "chapter": chapter,
            "changes": self.recent_changes(action.pk),
        }

    def recent_changes(self, action_id, limit=5):
        """The action's latest saved changes (who, when, why, field old → new). One query."""
        records = list(
            Action.history.filter(
                id=action_id, **({"history_date__lte": self.moment} if self.moment else {})
            )
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: limit + 1]
        )
        changes = []
        for newer, older in zip(records, [*records[1:], None], strict=True):
            if len(changes) == limit:
                break
            changes.append(
                {
                    "when": newer.history_date,
                    "who": _person(newer.history_user),
                    "reason": newer.history_change_reason or "",
                    "created": older is None and newer.history_type == "+",
                    "fields": self._field_changes(newer, older),
                }
            )
        return [c for c in changes if c["fields"] or c["created"]]

    def _field_changes(self, newer, older):
        if older is None:
            return []
        delta = newer.diff_against(older, included_fields=list(CHANGE_FIELDS))
        out = []
        for change in sorted(delta.changes, key=lambda c: CHANGE_FIELDS.index(c.field)):
            old, new = change.old, change.new
            if change.field == "rating":
                levels = self.snapshot.level_by_id
                old = levels.get(old) or RatingLevel(name="(removed)")
                new = levels.get(new) or RatingLevel(name="(removed)")
            out.append(
                {
                    "field": change.field,
                    "label": FIELD_LABELS[change.field],
                    "old": old,
                    "new": new,
                }
            )
        return out


# The action's own fields the latest changes list, in the order they are shown.
CHANGE_FIELDS = (
    "rating",
    "rating_reason",
    "due_date",
    "due_text",
    "progress",
    "evidence",
    "text",
    "short_title",
    "area",
)


def _person(user):
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


def _area_tree(areas, actions):
    blocks = {a.pk: AreaBlock(a) for a in areas}
    for action in actions:
        if action.area_id in blocks:
            blocks[action.area_id].actions.append(action)
    for block in sorted(blocks.values(), key=lambda b: b.area.order):
        if block.area.parent_id in blocks:
            blocks[block.area.parent_id].sub_areas.append(block)
    return blocks
