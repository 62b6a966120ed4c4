"""Reading a plan for its pages: as it is now, or as it stood at the end of a past day.

The same code reads the live tables or simple-history's tables (``Model.history.as_of``),
so a time-travel page shows what the live page showed on that day, in the same fixed
number of queries. Rows are joined in Python through dictionaries keyed by id (one query
per table, whatever the size of the plan): historical rows cannot follow foreign keys to
the state of their own day, so ``select_related`` would join today's rows instead.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from . import flags
from .due import format_due
from .models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    ImpactCommentary,
    OwnerRole,
    RatingLevel,
)
from .status import completion, end_of_day


def rows_of(model, moment):
    """The model's rows now (``moment`` None) or as they stood at ``moment``."""
    return model.history.as_of(moment) if moment else model.objects.all()


@dataclass
class Moment:
    """The day a page is read at: ``as_at`` None means now (editable pages)."""

    as_at: dt.date | None = None

    @property
    def instant(self):
        return end_of_day(self.as_at) if self.as_at else None

    @property
    def today(self):
        return self.as_at or timezone.localdate()


@dataclass
class AreaBlock:
    area: Area
    actions: list = field(default_factory=list)
    sub_areas: list = field(default_factory=list)

    @property
    def all_actions(self):
        return self.actions + [a for sub in self.sub_areas for a in sub.all_actions]


class PlanReader:
    """Reads one plan at one moment; each ``read_*`` method costs a fixed number of queries."""

    def __init__(self, plan, as_at=None):
        self.plan = plan
        self.when = Moment(as_at)
        self.moment = self.when.instant

    # -- the pieces ---------------------------------------------------------------------
    def ratings(self):
        """The plan's scale in order, as it stood then. One query."""
        levels = list(rows_of(RatingLevel, self.moment).filter(plan_id=self.plan.pk))
        levels.sort(key=lambda r: r.order)
        self.levels = levels
        self.rating_by_id = {r.pk: r for r in levels}
        return levels

    def _decorate(self, actions, *, whole_plan=False):
        """Attach rating, owners, extra rows, printed due and flags. Four queries.

        ``whole_plan`` reads owners, rows and history for the whole plan by its id (a
        page showing every action); otherwise for the listed actions only.
        """
        ids = [a.pk for a in actions]
        scope = Action.history.filter(plan_id=self.plan.pk).values("id") if whole_plan else ids
        roles = {
            r.pk: r.title for r in rows_of(OwnerRole, self.moment).filter(plan_id=self.plan.pk)
        }
        owners = defaultdict(list)
        owner_rows = rows_of(ActionOwner, self.moment).filter(action_id__in=scope)
        for owner in sorted(owner_rows, key=lambda o: (o.row, o.order)):
            owners[owner.action_id].append((owner.row, owner.role_id, roles.get(owner.role_id, "")))
        extra = defaultdict(list)
        extra_rows = rows_of(ActionRow, self.moment).filter(action_id__in=scope)
        for row in sorted(extra_rows, key=lambda r: r.row):
            extra[row.action_id].append(row)
        if whole_plan:
            facts = flags.history_facts(plan_id=self.plan.pk, moment=self.moment)
        else:
            facts = flags.history_facts(action_ids=ids, moment=self.moment)
        today = self.when.today
        for action in actions:
            action.rating_level = self.rating_by_id[action.rating_id]
            action.owner_titles = [t for row, _, t in owners[action.pk] if row == 1]
            action.owner_role_ids = {role_id for _, role_id, _ in owners[action.pk]}
            action.due_display = format_due(action.due_date, action.due_text)
            action.flags = flags.flags_for(action, action.rating_level, facts.get(action.pk), today)
            action.extra_lines = []
            for row in extra[action.pk]:
                row.rating_level = self.rating_by_id[row.rating_id]
                row.owner_titles = [t for n, _, t in owners[action.pk] if n == row.row]
                row.due_display = format_due(row.due_date, row.due_text)
                action.extra_lines.append(row)
        return actions

    # -- pages --------------------------------------------------------------------------
    def read_plan(self):
        """Chapters → areas (→ sub-areas) → actions, and the summary. Eight queries."""
        self.ratings()
        chapters = list(rows_of(Chapter, self.moment).filter(plan_id=self.plan.pk))
        chapters.sort(key=lambda c: c.number)
        areas = list(rows_of(Area, self.moment).filter(chapter_id__in=[c.pk for c in chapters]))
        actions = list(rows_of(Action, self.moment).filter(plan_id=self.plan.pk))
        actions.sort(key=lambda a: a.order)
        self._decorate(actions, whole_plan=True)
        blocks = _area_tree(areas, actions)
        result = []
        for chapter in chapters:
            top = [
                b
                for b in blocks.values()
                if b.area.chapter_id == chapter.pk and b.area.parent_id is None
            ]
            top.sort(key=lambda b: b.area.order)
            result.append({"chapter": chapter, "areas": top})
        return {
            "chapters": result,
            "summary": summarise(self.levels, actions, self.when.today),
            "actions": actions,
        }

    def read_area(self, key):
        """One area with its sub-areas, actions and impact commentaries. Nine queries."""
        self.ratings()
        chapters = {c.pk: c for c in rows_of(Chapter, self.moment).filter(plan_id=self.plan.pk)}
        areas = [a for a in rows_of(Area, self.moment).filter(chapter_id__in=list(chapters))]
        area = next((a for a in areas if a.key == key), None)
        if area is None:
            raise Http404("No such area in this plan on that date.")
        family = {area.pk} | {a.pk for a in areas if a.parent_id == area.pk}
        actions = list(rows_of(Action, self.moment).filter(area_id__in=family))
        actions.sort(key=lambda a: a.order)
        self._decorate(actions)
        blocks = _area_tree([a for a in areas if a.pk in family], actions)
        commentaries = list(rows_of(ImpactCommentary, self.moment).filter(area_id=area.pk))
        commentaries.sort(key=lambda c: c.reporting_date, reverse=True)
        parent = next((a for a in areas if a.pk == area.parent_id), None)
        area.chapter = chapters[area.chapter_id]
        return {
            "area": area,
            "tree": blocks[area.pk],
            "chapter": chapters[area.chapter_id],
            "parent": parent,
            "commentaries": commentaries,
            "actions": actions,
        }

    def read_action(self, ref):
        """One action with its area, owners, rows, flags and latest changes. Ten queries."""
        self.ratings()
        action = rows_of(Action, self.moment).filter(plan_id=self.plan.pk, ref=ref).first()
        if action is None:
            raise Http404("No such action in this plan on that date.")
        self._decorate([action])
        areas = {a.pk: a for a in rows_of(Area, self.moment).filter(chapter__plan_id=self.plan.pk)}
        area = areas.get(action.area_id)
        chapter = rows_of(Chapter, self.moment).filter(pk=area.chapter_id).first() if area else None
        return {
            "action": action,
            "area": area,
            "parent": areas.get(area.parent_id) if area else None,
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
        delta = newer.diff_against(older, included_fields=list(CHANGE_LABELS))
        out = []
        for change in sorted(delta.changes, key=lambda c: list(CHANGE_LABELS).index(c.field)):
            old, new = change.old, change.new
            if change.field == "rating":
                old = self.rating_by_id.get(old) or RatingLevel(name="(removed)")
                new = self.rating_by_id.get(new) or RatingLevel(name="(removed)")
            out.append(
                {
                    "field": change.field,
                    "label": CHANGE_LABELS[change.field],
                    "old": old,
                    "new": new,
                }
            )
        return out


CHANGE_LABELS = {
    "rating": "Rating",
    "due_date": "Due date",
    "due_text": "Due (as written)",
    "progress": "Progress commentary",
    "evidence": "Evidence",
    "text": "Action wording",
    "short_title": "Short title",
    "area": "Area",
}


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


def summarise(levels, actions, today):
    """Counts per rating, the committee's percentage complete and the overdue count."""
    counts = Counter(action.rating_id for action in actions)
    total, complete, percent = completion(levels, counts)
    overdue = sum(1 for a in actions if any(f.key == flags.OVERDUE for f in a.flags))
    return {
        "total": total,
        "complete": complete,
        "percent_complete": percent,
        "overdue": overdue,
        "by_rating": [{"level": r, "count": counts[r.pk]} for r in levels],
    }
