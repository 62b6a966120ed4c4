"""The plan at a day: the one reader every page, appendix, comparison and command uses.

``PlanSnapshot(plan, day)`` is the plan as it stood at the end of ``day`` — its rating
scale, chapters, areas, actions, further rows, owners, impact commentary and front
matter — or, for today (``day`` None or today), as it is now. A past day is read from
the history with ``lib.asof.rows_at`` (one index probe per object, so the cost follows
the size of the plan, not the length of its history); today from the live tables. Each
part is read once, when first asked for, in one query, and joined here in Python by id:
historical rows cannot follow foreign keys to their own day, so ``select_related``
would join today's rows instead.

A view or export builds one snapshot and hands it down (the pack's four appendices share
one), so nothing re-derives the plan. The rating scale is the one of that day too: a
past day prints the words it printed then.
"""

from collections import Counter, defaultdict
from functools import cached_property

from django.db.models import Q

from improvement.lib.asof import rows_at
from improvement.lib.dates import end_of_day, today

from . import flags
from .models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    FrontMatterSection,
    GlossaryEntry,
    ImpactCommentary,
    OwnerRole,
    Plan,
    PlanOnAPageEntry,
    RatingLevel,
    TimelineEntry,
)
from .status import completion


class PlanSnapshot:
    def __init__(self, plan, day=None):
        self.plan = plan
        self.today = today()
        self.day = day if day is not None else self.today
        self.is_past = self.day < self.today
        # None reads the live tables; a moment reads the history.
        self.moment = end_of_day(self.day) if self.is_past else None

    def __repr__(self):
        return f"<PlanSnapshot {self.plan.slug} at {self.day.isoformat()}>"

    # -- reading ------------------------------------------------------------------------
    def _rows(self, model, live, deleted=None):
        """``model``'s rows in scope: ``live`` names them in the live table, ``deleted``
        (default: ``live``) the deletion rows in its history, for objects since removed."""
        if self.moment is None:
            return list(model.objects.filter(live))
        found = rows_at(model, self.moment, live=live, deleted=live if deleted is None else deleted)
        # As the model's own instances (simple-history's ``instance``, no query), so pages
        # and appendices treat a past day's rows exactly like today's.
        return [record.instance for record in found]

    def _of_plan(self, model):
        return list(self._rows(model, Q(plan_id=self.plan.pk)))

    @cached_property
    def _action_scope(self):
        """History deletion rows of owners and further rows whose action is in the plan
        now or was deleted since."""
        gone = Action.history.filter(plan_id=self.plan.pk, history_type="-").values("id")
        now = Action.objects.filter(plan_id=self.plan.pk).values("pk")
        return Q(action_id__in=now) | Q(action_id__in=gone)

    # -- the plan and its scale -----------------------------------------------------------
    @cached_property
    def plan_then(self):
        """The plan's own row (name, intros) then. One query for a past day, none today."""
        if self.moment is None:
            return self.plan
        found = list(self._rows(Plan, Q(pk=self.plan.pk), Q(id=self.plan.pk)))
        return found[0] if found else self.plan

    @cached_property
    def levels(self):
        """The rating scale in order, with that day's words and meanings. One query."""
        return sorted(self._of_plan(RatingLevel), key=lambda r: (r.order, r.pk))

    @cached_property
    def level_by_id(self):
        return {level.pk: level for level in self.levels}

    @cached_property
    def role_titles(self):
        """Owner role id → title. One query."""
        return {r.pk: r.title for r in self._of_plan(OwnerRole)}

    # -- structure ----------------------------------------------------------------------
    @cached_property
    def chapters(self):
        """Chapters in number order. One query."""
        return sorted(self._of_plan(Chapter), key=lambda c: (c.number, c.pk))

    @cached_property
    def areas(self):
        """Every area and sub-area in the plan's order (parents before their sub-areas).
        One query."""
        ever = Chapter.history.filter(plan_id=self.plan.pk).values("id")
        found = self._rows(Area, Q(chapter__plan_id=self.plan.pk), Q(chapter_id__in=ever))
        return sorted(found, key=lambda a: (a.order, a.pk))

    @cached_property
    def area_by_id(self):
        return {a.pk: a for a in self.areas}

    def areas_of(self, chapter):
        return [a for a in self.areas if a.chapter_id == chapter.pk]

    def parent_of(self, area):
        return self.area_by_id.get(area.parent_id)

    # -- actions ------------------------------------------------------------------------
    @cached_property
    def actions(self):
        """Every action in the plan's order. One query."""
        return sorted(self._of_plan(Action), key=lambda a: (a.order, a.pk))

    @cached_property
    def action_by_ref(self):
        return {a.ref: a for a in self.actions}

    def actions_in(self, area_ids):
        return [a for a in self.actions if a.area_id in area_ids]

    @cached_property
    def further_rows(self):
        """Action id → its further rows (CLB4 row 2), in printed order. One query."""
        found = self._rows(ActionRow, Q(action__plan_id=self.plan.pk), self._action_scope)
        by_action = defaultdict(list)
        for row in sorted(found, key=lambda r: (r.row, r.pk)):
            by_action[row.action_id].append(row)
        return by_action

    @cached_property
    def _owners(self):
        found = self._rows(ActionOwner, Q(action__plan_id=self.plan.pk), self._action_scope)
        return sorted(found, key=lambda o: (o.row, o.order, o.pk))

    @cached_property
    def owner_role_ids(self):
        """(action id, row number) → owner role ids in printed order. One query."""
        by_row = defaultdict(list)
        for owner in self._owners:
            by_row[(owner.action_id, owner.row)].append(owner.role_id)
        return by_row

    def owners(self, action_id, row=1):
        """The owner titles of one row of an action, in printed order (no query after
        the first call for the plan's owners and roles)."""
        titles = self.role_titles
        return [titles[r] for r in self.owner_role_ids[(action_id, row)] if titles.get(r)]

    @cached_property
    def _role_ids_by_action(self):
        by_action = defaultdict(set)
        for owner in self._owners:
            by_action[owner.action_id].add(owner.role_id)
        return by_action

    def all_owner_role_ids(self, action_id):
        """Every owner role of an action, any row (who may edit it)."""
        return self._role_ids_by_action[action_id]

    @cached_property
    def _has_evidence(self):
        """Whether an action had evidence of impact at the end of the day: the plan's
        evidenced actions, read in one query the first time a flag asks."""
        # Imported here: the evidence app's models import the plans' models.
        from improvement.evidence.checks import evidenced_action_ids

        actions = Action.objects.filter(plan_id=self.plan.pk).values("pk")
        day = self.day if self.is_past else None
        return flags.evidence_lookup(lambda: evidenced_action_ids(actions, day))

    def flags(self, action):
        """The data-quality flags of an action on that day."""
        level = self.level_by_id[action.rating_id]
        return flags.flags_for(action, level, self.day, self._has_evidence)

    def summary(self):
        """Counts per rating, the committee's percentage complete and the overdue count,
        as the plan page and ``plan_status`` print them."""
        counts = Counter(a.rating_id for a in self.actions)
        total, complete, percent = completion(self.levels, counts)
        overdue = sum(
            1 for a in self.actions if flags.is_overdue(a, self.level_by_id[a.rating_id], self.day)
        )
        return {
            "total": total,
            "complete": complete,
            "percent_complete": percent,
            "overdue": overdue,
            "by_rating": [{"level": r, "count": counts[r.pk]} for r in self.levels],
        }

    # -- commentary and front matter ----------------------------------------------------
    @cached_property
    def commentary(self):
        """Every area's impact commentary as it stood, newest reporting date first.
        One query."""
        chapters = Chapter.history.filter(plan_id=self.plan.pk).values("id")
        ever = Area.history.filter(chapter_id__in=chapters).values("id")
        found = self._rows(
            ImpactCommentary, Q(area__chapter__plan_id=self.plan.pk), Q(area_id__in=ever)
        )
        return sorted(found, key=lambda c: (c.reporting_date, c.pk), reverse=True)

    def commentary_of(self, area):
        return [c for c in self.commentary if c.area_id == area.pk]

    def _ordered(self, model):
        return sorted(self._of_plan(model), key=lambda e: (e.order, e.pk))

    @cached_property
    def front_matter(self):
        return self._ordered(FrontMatterSection)

    @cached_property
    def glossary(self):
        return self._ordered(GlossaryEntry)

    @cached_property
    def on_a_page(self):
        return self._ordered(PlanOnAPageEntry)

    @cached_property
    def timeline(self):
        return self._ordered(TimelineEntry)
