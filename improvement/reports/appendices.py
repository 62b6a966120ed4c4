"""What each committee appendix prints, read from the plan as it stood at a date.

Each ``appendixN_context`` returns a plain dict for its template, built in a fixed
number of queries whatever the plan's size (pinned in tests/reports/test_query_counts.py).
Tracked data (actions, owners, chapters, areas, front matter, commentary) is read from
the history as at the end of the chosen day; the rating scale is the plan's current one,
so a rating prints with today's words and colours.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils import timezone

from improvement.lib.dates import long_date
from improvement.plans.due import format_due, format_due_short
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
from improvement.plans.status import actions_as_at, end_of_day

from .forms import PackOptions
from .text import blocks

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_FILL = "#b1b4b6"


@dataclass(frozen=True)
class Appendix:
    key: str  # "1" … "4", or "pack"
    title: str
    template: str
    needs_since: bool = False

    @property
    def heading(self):
        return f"Appendix {self.key}: {self.title}" if self.key != "pack" else self.title

    def filename(self, plan, options):
        stem = "committee-pack" if self.key == "pack" else f"appendix-{self.key}"
        return f"{plan.slug}-{stem}-{options.as_at.isoformat()}.pdf"


APPENDICES = {
    "1": Appendix("1", "RAG rating overview", "reports/appendix1.html"),
    "2": Appendix("2", "Improvement plan", "reports/appendix2.html"),
    "3": Appendix(
        "3", "Changes to the improvement plan actions", "reports/appendix3.html", needs_since=True
    ),
    "4": Appendix("4", "Vital signs scorecard", "reports/appendix4.html"),
    "pack": Appendix(
        "pack", "Improvement plan committee pack", "reports/pack.html", needs_since=True
    ),
}


# -- dates -------------------------------------------------------------------------------
def plan_started(plan):
    """The first day the plan had actions (earlier ratings dates are refused). One query."""
    first = Action.history.filter(plan_id=plan.pk).aggregate(first=Min("history_date"))["first"]
    return timezone.localtime(first).date() if first is not None else None


def default_since(plan, as_at):
    """The previous reporting date before ``as_at``: the latest day the plan's impact
    commentary was reported for, strictly before it (the last committee report's
    ratings date in the demo). None when there was none. One query."""
    latest = (
        ImpactCommentary.history.filter(
            area__chapter__plan_id=plan.pk, reporting_date__lt=as_at
        ).aggregate(latest=Max("reporting_date"))
    )["latest"]
    return latest


# -- shared pieces -----------------------------------------------------------------------
def _fill(level):
    return level.hex_colour if HEX.match(level.hex_colour or "") else FALLBACK_FILL


@dataclass(frozen=True)
class PrintedLevel:
    """A rating level as the PDFs print it (what includes/rating.html reads), with its
    fill checked to be a "#rrggbb" colour before it goes into a style attribute."""

    pk: int
    name: str
    short_name: str
    colour: str
    hex_colour: str
    text_colour: str


def _printed(level):
    return PrintedLevel(
        pk=level.pk,
        name=level.name,
        short_name=level.short_name,
        colour=level.colour,
        hex_colour=_fill(level),
        text_colour=level.text_colour,
    )


def rating_scale(plan):
    """The current scale by id, and its key: one row per colour in scale order. One query."""
    stored = list(RatingLevel.objects.filter(plan=plan).order_by("order"))
    levels = [_printed(level) for level in stored]
    definitions = {level.pk: (level.overview_definition, level.definition) for level in stored}
    key, seen = [], set()
    for level in levels:
        if level.colour in seen:
            continue
        seen.add(level.colour)
        key.append(
            {
                "level": level,
                "colour": dict(RatingLevel.Colour.choices).get(level.colour, level.colour),
                "fill": _fill(level),
                "overview_definition": definitions[level.pk][0],
                "definition": definitions[level.pk][1],
            }
        )
    return {level.pk: level for level in levels}, key


def structure_as_at(plan, moment):
    """Chapters and their areas (parents before sub-areas) as at ``moment``. Two queries."""
    chapters = list(Chapter.history.as_of(moment).filter(plan_id=plan.pk).order_by("number", "id"))
    areas = list(
        Area.history.as_of(moment)
        .filter(chapter_id__in=[c.pk for c in chapters])
        .order_by("order", "id")
    )
    by_id = {a.pk: a for a in areas}
    for area in areas:
        area.parent_then = by_id.get(area.parent_id)
    by_chapter = defaultdict(list)
    for area in areas:
        by_chapter[area.chapter_id].append(area)
    return chapters, areas, by_chapter


def _overview_title(area):
    parent = getattr(area, "parent_then", None)
    return f"{parent.title}: {area.title}" if parent else area.title


def _area_heading(area):
    return f"{area.number}. {area.title}" if area.number else area.title


# -- Appendix 1 --------------------------------------------------------------------------
def appendix1_context(plan, as_at):
    """RAG overview: per chapter, one table per area of Ref, short title, "Jan 25", RAG.

    Five queries: rating scale, chapters, areas, actions as at the date, and today's
    short titles (an action that had no short title yet at the date prints today's).
    """
    moment = end_of_day(as_at)
    levels, key = rating_scale(plan)
    chapters, _areas, by_chapter = structure_as_at(plan, moment)
    actions = list(actions_as_at(plan, moment).order_by("order", "id"))
    current_titles = dict(Action.objects.filter(plan=plan).values_list("pk", "short_title"))

    by_area = defaultdict(list)
    for action in actions:
        title = action.short_title or current_titles.get(action.pk) or action.text
        by_area[action.area_id].append(
            {
                "ref": action.ref,
                "title": title,
                "due": format_due_short(action.due_date, action.due_text),
                "level": levels.get(action.rating_id),
                "fill": _fill(levels[action.rating_id]) if action.rating_id in levels else "",
            }
        )
    chapter_list = []
    for chapter in chapters:
        tables = [
            {"title": _overview_title(area), "rows": by_area[area.pk]}
            for area in by_chapter[chapter.pk]
            if by_area.get(area.pk)
        ]
        if tables:
            chapter_list.append({"title": chapter.title, "tables": tables})
    return {
        "key": key,
        "chapters": chapter_list,
        "action_count": len(actions),
    }


# -- Appendix 2 --------------------------------------------------------------------------
def _plan_as_at(plan, moment):
    return Plan.history.as_of(moment).filter(id=plan.pk).first() or plan


def _monitoring_key_position(section_blocks):
    """Where the plan's key goes in "Monitoring Impact": after the paragraph that says
    the plan "will be rated using the following:". None when no paragraph says so."""
    for index, block in enumerate(section_blocks):
        last = block.lines[-1] if block.lines else ""
        if block.kind == "p" and last.rstrip().endswith("following:") and "rated" in last:
            return index
    return None


def appendix2_context(plan, as_at):
    """The whole plan as at the date. Thirteen queries: the plan, front matter, glossary,
    plan on a page, timeline, rating scale, chapters, areas, actions, their further
    rows, their owners, owner role titles, and the impact commentary."""
    moment = end_of_day(as_at)
    plan_then = _plan_as_at(plan, moment)
    front = []
    key_placed = False
    for section in (
        FrontMatterSection.history.as_of(moment).filter(plan_id=plan.pk).order_by("order", "id")
    ):
        section_blocks = blocks(section.body)
        position = None if key_placed else _monitoring_key_position(section_blocks)
        key_here = position is not None
        key_placed = key_placed or key_here
        cut = position + 1 if key_here else len(section_blocks)
        front.append(
            {
                "title": section.title,
                "anchor": f"front-{section.pk}",
                "blocks": section_blocks[:cut],
                "key_here": key_here,
                "after": section_blocks[cut:],
            }
        )
    glossary = list(
        GlossaryEntry.history.as_of(moment).filter(plan_id=plan.pk).order_by("order", "id")
    )
    on_a_page = list(
        PlanOnAPageEntry.history.as_of(moment).filter(plan_id=plan.pk).order_by("order", "id")
    )
    timeline = []
    for entry in (
        TimelineEntry.history.as_of(moment).filter(plan_id=plan.pk).order_by("order", "id")
    ):
        if not timeline or timeline[-1]["period"] != entry.period:
            timeline.append({"period": entry.period, "items": []})
        timeline[-1]["items"].append(entry.text)

    levels, key = rating_scale(plan)
    chapters, areas, by_chapter = structure_as_at(plan, moment)
    actions = list(actions_as_at(plan, moment).order_by("order", "id"))
    action_ids = [a.pk for a in actions]
    extra_rows = defaultdict(list)
    for row in (
        ActionRow.history.as_of(moment).filter(action_id__in=action_ids).order_by("row", "id")
    ):
        extra_rows[row.action_id].append(row)
    owners = defaultdict(list)
    for owner in (
        ActionOwner.history.as_of(moment)
        .filter(action_id__in=action_ids)
        .order_by("row", "order", "id")
    ):
        owners[(owner.action_id, owner.row)].append(owner.role_id)
    role_titles = dict(
        OwnerRole.history.as_of(moment).filter(plan_id=plan.pk).values_list("id", "title")
    )

    commentary = list(
        ImpactCommentary.history.as_of(moment).filter(
            area_id__in=[a.pk for a in areas], reporting_date__lte=as_at
        )
    )
    reporting_date = max((c.reporting_date for c in commentary), default=None)
    commentary_by_area = {
        c.area_id: blocks(c.text) for c in commentary if c.reporting_date == reporting_date
    }

    def printed_rows(action):
        rows = [(1, action.due_date, action.due_text, action.rating_id)]
        rows += [(r.row, r.due_date, r.due_text, r.rating_id) for r in extra_rows[action.pk]]
        result = []
        for number, due_date, due_text, rating_id in rows:
            level = levels.get(rating_id)
            result.append(
                {
                    "owners": [
                        role_titles.get(rid, "")
                        for rid in owners[(action.pk, number)]
                        if role_titles.get(rid)
                    ],
                    "due": format_due(due_date, due_text),
                    "level": level,
                    "fill": _fill(level) if level else "",
                }
            )
        return result

    by_area = defaultdict(list)
    for action in actions:
        rows = printed_rows(action)
        by_area[action.area_id].append(
            {"ref": action.ref, "text": action.text, "rows": rows, "span": len(rows)}
        )

    def area_dict(area):
        return {
            "heading": _area_heading(area),
            "anchor": f"area-{area.pk}",
            "is_sub": area.parent_id is not None,
            "what_needs_to_improve": blocks(area.what_needs_to_improve),
            "inspectors_found": blocks(area.inspectors_found),
            "source": blocks(area.source),
            "areas_for_improvement": blocks(area.areas_for_improvement),
            "how_we_assess": blocks(area.how_we_assess),
            "what_we_will_see": blocks(area.what_we_will_see),
            "notes": blocks(area.notes),
            "actions": by_area[area.pk],
            "commentary": commentary_by_area.get(area.pk, []),
        }

    chapter_list = [
        {
            "title": chapter.title,
            "anchor": f"chapter-{chapter.pk}",
            "introduction": blocks(chapter.introduction),
            "areas": [area_dict(area) for area in by_chapter[chapter.pk]],
        }
        for chapter in chapters
    ]
    return {
        "plan_then": plan_then,
        "front_matter": front,
        "key_in_front_matter": key_placed,
        "key": key,
        "glossary_intro": blocks(plan_then.glossary_intro),
        "glossary": glossary,
        "on_a_page_intro": blocks(plan_then.plan_on_a_page_intro),
        "on_a_page": [{"area": e.area, "found": e.found, "will_do": e.will_do} for e in on_a_page],
        "timeline_intro": blocks(plan_then.timeline_intro),
        "timeline": timeline,
        "chapters": chapter_list,
        "action_count": len(actions),
    }


# -- Appendix 3 --------------------------------------------------------------------------
def _appendix3_heading(key, count):
    """The seed's sentence before each table, singular or plural as the count needs."""
    one = count == 1
    if key == "revised_timescales":
        return "The timescales for the following have been revised to ensure these are suitable:"
    if key == "delayed":
        return f"The following {'action is' if one else 'actions are'} delayed:"
    if key == "revised_wording":
        return (
            f"The following {'action has' if one else 'actions have'} been revised "
            "to reflect activity:"
        )
    return f"The following {'action is' if one else 'actions are'} under review/ scoping:"


APPENDIX3_KEYS = ("revised_timescales", "delayed", "revised_wording", "under_review")


def appendix3_context(plan, since, as_at):
    """The changes agreed since the previous report, from the recorded changes
    (helper-5's ``appendix3_changes``); reasons split into paragraphs as plain text."""
    from improvement.governance.appendix3 import appendix3_changes

    changes = appendix3_changes(plan, since=since, as_at=as_at)
    sections = []
    for key in APPENDIX3_KEYS:
        entries = []
        for entry in changes.get(key, []):
            entries.append(
                {
                    **entry,
                    "reason_blocks": blocks(entry.get("reason", "")),
                    "old_blocks": blocks(entry.get("old", "")),
                    "new_blocks": blocks(entry.get("new", "")),
                }
            )
        sections.append(
            {"key": key, "heading": _appendix3_heading(key, len(entries)), "entries": entries}
        )
    return {
        "since": since,
        "since_long": long_date(since),
        "sections": sections,
        "empty": not any(s["entries"] for s in sections),
    }


# -- Appendix 4 --------------------------------------------------------------------------
def appendix4_context(plan, as_at):
    """helper-6's scorecard over the twelve months ending with the latest month that has
    figures on or before ``as_at`` (September 2025 for 12 November 2025), without links.
    The scorecard's own queries plus one for the stored span."""
    from improvement.scorecard.tables import scorecard_context, stored_months

    _first, last = stored_months(plan)
    month = as_at.replace(day=1)
    end = min(last, month) if last else month
    scorecard = scorecard_context(plan, months=12, end=end)
    scorecard["links"] = False
    return {"scorecard": scorecard, "end": end}


# -- rendering ---------------------------------------------------------------------------
def build_context(plan, key, options: PackOptions):
    if key == "1":
        return appendix1_context(plan, options.as_at)
    if key == "2":
        return appendix2_context(plan, options.as_at)
    if key == "3":
        return appendix3_context(plan, options.since, options.as_at)
    if key == "4":
        return appendix4_context(plan, options.as_at)
    raise KeyError(key)


def document_context(plan, key, options: PackOptions):
    appendix = APPENDICES[key]
    context = {
        "plan": plan,
        "appendix": appendix,
        "options": options,
        "as_at_long": long_date(options.as_at),
        "meeting_long": long_date(options.meeting_date) if options.meeting_date else "",
        "document_title": f"{appendix.heading} – {plan.name}, as at {long_date(options.as_at)}",
    }
    if key == "pack":
        context["parts"] = [
            {"appendix": APPENDICES[k], "a": build_context(plan, k, options)}
            for k in ("1", "2", "3", "4")
        ]
    else:
        context["a"] = build_context(plan, key, options)
    return context


def render_html(plan, key, options: PackOptions):
    """The final HTML of one appendix (or the pack) as WeasyPrint will read it."""
    context = document_context(plan, key, options)
    return render_to_string(APPENDICES[key].template, context)
