"""Load a transcribed plan document (fixtures/plan_*.json) as one dated state.

Applying the 8 May 2025 document and then the 12 November 2025 one leaves the history
holding both real states: each object is created or changed only where the document
differs from what is already stored, and every write carries the document's date, an
author and a reason naming the source.
"""

import json

from improvement.lib.history import assign_changed, delete_tracked, save_tracked
from improvement.planfiles.data import MEANINGS
from improvement.plans.due import parse_due, parse_due_short
from improvement.plans.models import (
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
from improvement.plans.scales import PRESETS

Colour = RatingLevel.Colour

# The scale both documents use, written once in the presets (plans/scales.py): name
# (Appendix 2), short name (Appendix 1), key colour, fill, and the meanings it sets.
RATING_SCALE = [
    (
        level.name,
        level.short_name,
        level.colour,
        level.hex_colour,
        {m: True for m in MEANINGS if getattr(level, m)},
    )
    for level in PRESETS["demo"][1]
]


def same_month(a, b):
    return b is not None and (a.year, a.month) == (b.year, b.month)


def read_document(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


class PlanDocumentLoader:
    """Brings a plan in the database into line with one transcribed document."""

    def __init__(self, doc, *, slug, user, when, reason, action_reasons=None):
        self.doc = doc
        self.slug = slug
        self.user = user
        self.when = when
        self.reason = reason
        # ref -> what to write before the document's reason on that action's row (the
        # demo's agreed changes: the proposal's reason and its approval).
        self.action_reasons = action_reasons or {}
        self.writes = 0

    # -- writing -------------------------------------------------------------------
    def _save(self, obj, reason=None):
        # The document's record, not a change made in the product (flags, Appendix 3).
        obj._source = Action.Source.DOCUMENT
        save_tracked(obj, user=self.user, reason=reason or self.reason, when=self.when)
        self.writes += 1
        return obj

    def _upsert(self, model, lookup, values, reason=None):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            return self._save(model(**lookup, **values), reason)
        if assign_changed(obj, values):
            self._save(obj, reason)
        return obj

    def _delete_missing(self, queryset, keep_pks):
        for obj in queryset.exclude(pk__in=keep_pks):
            delete_tracked(obj, user=self.user, reason=self.reason, when=self.when)
            self.writes += 1

    # -- the document ----------------------------------------------------------------
    def load(self):
        doc = self.doc
        self.plan = self._upsert(
            Plan,
            {"slug": self.slug},
            {
                "name": doc["name"],
                "organisation": doc["organisation"],
                # A document that leaves out a part (Appendix 2 may) leaves it unchanged.
                **{
                    field: doc[field]
                    for field in ("plan_on_a_page_intro", "glossary_intro", "timeline_intro")
                    if doc.get(field)
                },
            },
        )
        self._load_scale()
        self._load_front_matter()
        self._load_chapters()
        return self.plan

    def _load_scale(self):
        plan_key = {k["colour"]: k["definition"] for k in self.doc.get("rating_key", [])}
        overview_key = {k["colour"]: k["definition"] for k in self.doc.get("appendix1_key", [])}
        self.ratings = {}
        keyed = set()
        for order, (name, short, colour, fill, meaning) in enumerate(RATING_SCALE, 1):
            level = RatingLevel.objects.filter(plan=self.plan, name=name).first()
            values = {
                "order": order,
                "short_name": short,
                "colour": colour,
                "hex_colour": fill,
                **{m: meaning.get(m, False) for m in MEANINGS},
            }
            label = Colour(colour).label
            # The key defines colours, not words: its Grey line ("Action not started yet")
            # describes Not started, so Reviewing and Closed, also Grey, get no definition.
            if colour not in keyed:
                keyed.add(colour)
                if label in plan_key:
                    values["definition"] = plan_key[label]
                if label in overview_key:
                    values["overview_definition"] = overview_key[label]
            if level is not None:
                # Once the scale exists it belongs to the plan: only fill in key text.
                values = {k: v for k, v in values.items() if k.endswith("definition")}
            level = self._upsert(RatingLevel, {"plan": self.plan, "name": name}, values)
            self.ratings[name] = level
            # Some plan rows print the overview's word ("Amber E") instead of the long one.
            self.ratings[short] = level

    def _rating(self, word):
        word = " ".join(word.split())
        if word not in self.ratings:
            raise ValueError(f"{self.doc['source']}: unknown rating {word!r}")
        return self.ratings[word]

    def _load_front_matter(self):
        doc, plan = self.doc, self.plan
        if doc.get("front_matter"):
            keep = [
                self._upsert(
                    FrontMatterSection,
                    {"plan": plan, "title": s["title"]},
                    {"order": i, "body": s["body"]},
                ).pk
                for i, s in enumerate(doc["front_matter"], 1)
            ]
            self._delete_missing(FrontMatterSection.objects.filter(plan=plan), keep)
        if doc.get("glossary"):
            keep = [
                self._upsert(
                    GlossaryEntry,
                    {"plan": plan, "term": g["term"]},
                    {"order": i, "meaning": g["meaning"]},
                ).pk
                for i, g in enumerate(doc["glossary"], 1)
            ]
            self._delete_missing(GlossaryEntry.objects.filter(plan=plan), keep)
        if doc.get("plan_on_a_page"):
            keep = [
                self._upsert(
                    PlanOnAPageEntry,
                    {"plan": plan, "order": i},
                    {"area": e["area"], "found": e["found"], "will_do": e["will_do"]},
                ).pk
                for i, e in enumerate(doc["plan_on_a_page"], 1)
            ]
            self._delete_missing(PlanOnAPageEntry.objects.filter(plan=plan), keep)
        if doc.get("timeline"):
            keep, order = [], 0
            for period in doc["timeline"]:
                for item in period["items"]:
                    order += 1
                    entry = self._upsert(
                        TimelineEntry,
                        {"plan": plan, "order": order},
                        {"period": period["period"], "text": item},
                    )
                    keep.append(entry.pk)
            self._delete_missing(TimelineEntry.objects.filter(plan=plan), keep)

    def _load_chapters(self):
        self.action_order = 0
        self.roles = {r.title: r for r in OwnerRole.objects.filter(plan=self.plan)}
        for ch in self.doc["chapters"]:
            chapter = self._upsert(
                Chapter,
                {"plan": self.plan, "number": ch["number"]},
                {"title": ch["title"], "introduction": ch.get("introduction", "")},
            )
            self.area_order = 0
            for area in ch["areas"]:
                self._load_area(chapter, area, parent=None)

    def _load_area(self, chapter, data, parent):
        self.area_order += 1
        key = f"{chapter.number}-{data['number']}".lower()
        if parent is not None:
            key = f"{parent.key}-{data['number']}".lower()
        area = self._upsert(
            Area,
            {"chapter": chapter, "key": key},
            {
                "parent": parent,
                "number": data["number"],
                "title": data["title"],
                "what_needs_to_improve": data.get("what_needs_to_improve", ""),
                "inspectors_found": data.get("inspectors_found", ""),
                "source": data.get("source", ""),
                "areas_for_improvement": data.get("areas_for_improvement", ""),
                "how_we_assess": data.get("how_we_assess", ""),
                "what_we_will_see": data.get("what_we_will_see", ""),
                "notes": data.get("notes", ""),
                "order": self.area_order,
            },
        )
        if data.get("impact_commentary"):
            self._upsert(
                ImpactCommentary,
                {"area": area, "reporting_date": self.when.date()},
                {"text": data["impact_commentary"]},
            )
        for action in data.get("actions", []):
            self._load_action(area, action)
        for sub in data.get("sub_areas", []):
            self._load_area(chapter, sub, parent=area)

    def _role(self, title):
        if title not in self.roles:
            self.roles[title] = self._save(OwnerRole(plan=self.plan, title=title))
        return self.roles[title]

    def _load_action(self, area, data):
        self.action_order += 1
        first, *others = data["rows"]
        due_date, due_text = parse_due(first["due"])
        overview_date = parse_due_short(data.get("appendix1_due", ""))
        if due_text and overview_date and not same_month(overview_date, due_date):
            # Where the plan words the due date ("TBC", "Launch in June 2024 and deliver
            # over the year") the RAG overview prints the operative month: keep both.
            due_date = overview_date
        values = {
            "area": area,
            "text": data["text"],
            "due_date": due_date,
            "due_text": due_text,
            "rating": self._rating(first["rating"]),
            "order": self.action_order,
        }
        if data.get("short_title"):
            values["short_title"] = data["short_title"]
        reason = None
        if data["ref"] in self.action_reasons:
            reason = f"{self.action_reasons[data['ref']]}\n\n{self.reason}"
        action = self._upsert(Action, {"plan": self.plan, "ref": data["ref"]}, values, reason)

        keep_rows = []
        for number, row in enumerate(others, 2):
            due_date, due_text = parse_due(row["due"])
            keep_rows.append(
                self._upsert(
                    ActionRow,
                    {"action": action, "row": number},
                    {
                        "due_date": due_date,
                        "due_text": due_text,
                        "rating": self._rating(row["rating"]),
                    },
                ).pk
            )
        self._delete_missing(ActionRow.objects.filter(action=action), keep_rows)

        keep_owners = []
        for number, row in enumerate(data["rows"], 1):
            for order, title in enumerate(row["owners"], 1):
                owner = self._upsert(
                    ActionOwner,
                    {"action": action, "row": number, "role": self._role(title)},
                    {"order": order},
                )
                keep_owners.append(owner.pk)
        self._delete_missing(ActionOwner.objects.filter(action=action), keep_owners)
