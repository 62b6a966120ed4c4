"""Everything the dashboard partial (templates/dashboard/_dashboard.html) draws, for the
page and for the committee pack, as at one day, in a fixed number of queries:

- percentage complete over time (``progress.completion_series``: the history, folded);
- ratings by chapter, area and owner, overdue and slipping actions, and Amber E actions
  by how long they have waited for evidence, from one ``PlanSnapshot`` of the day;
- the scorecard's indicators off target in the month the scorecard opens at for that day
  (as Appendix 4) and those that moved the wrong way since the month before, by the
  scorecard's own rules (``scorecard/rag.py`` through ``tables.indicator_row``).

Each figure carries the address of the list behind it (the plan page filtered, or the
scorecard); the pack prints them without links.
"""

from collections import Counter, defaultdict

from django.urls import reverse

from improvement.lib.dates import today
from improvement.plans.flags import is_overdue
from improvement.plans.snapshot import PlanSnapshot
from improvement.scorecard import rag
from improvement.scorecard.models import Indicator
from improvement.scorecard.months import plan_months
from improvement.scorecard.tables import add_months, indicator_row

from . import charts
from .filters import (
    WAIT_BUCKETS,
    area_label,
    bucket_of,
    is_slipping,
    plan_url,
    waited_days,
    waiting_levels,
)
from .progress import completion_series

OVERDUE_FILL, SLIPPING_FILL = "#d4351c", "#b14c00"
RAG_FILLS = {rag.ON_TARGET: "#00703c", rag.WITHIN_15: "#ffdd00", rag.BEYOND_15: "#d4351c"}
DECLINED_FILL = "#b14c00"


def dashboard_context(plan, day=None, *, snapshot=None, links=True):
    """The dashboard as at the end of ``day`` (today when None). ``snapshot``, when
    given, is the plan at that day (the pack hands its own)."""
    snap = snapshot or PlanSnapshot(plan, day)
    day = snap.day
    as_at = day if snap.is_past else None

    def url(**filters):
        return plan_url(plan, as_at, **filters) if links else ""

    actions = snap.actions
    levels = snap.levels
    level_by_id = snap.level_by_id
    area_by_id = snap.area_by_id
    return {
        "plan": plan,
        "day": day,
        "as_at": as_at,
        "links": links,
        "levels": levels,
        "progress": _progress(plan, day, links),
        "chapters": _by_chapter(snap, actions, levels, url),
        "areas": _by_area(snap, actions, levels, url),
        "owners": _by_owner(snap, actions, levels, url),
        "late": _late(snap, actions, level_by_id, area_by_id, day, url),
        "waiting": _waiting(actions, levels, day, url),
        "indicators": _indicators(plan, day, links),
    }


def _progress(plan, day, links):
    points = completion_series(plan, day)
    now = today()
    rows = []
    for point in points:
        rows.append(
            {
                "point": point,
                "url": plan_url(
                    plan,
                    point.day if point.day < now else None,
                    rating=list(point.complete_levels),
                )
                if links
                else "",
            }
        )
    last = points[-1] if points else None
    return {"chart": charts.line_chart(points), "rows": rows, "last": last}


def _stacked(groups, levels, url_for):
    """Chart and table of rating counts per group; ``url_for(group, level)`` links each
    figure (level None: the group's total)."""
    for group in groups:
        group["cells"] = [
            {"level": lv, "count": group["counts"].get(lv.pk, 0), "url": url_for(group, lv)}
            for lv in levels
        ]
        group["url"] = url_for(group, None)
    return {"chart": charts.stacked_bars(groups, levels), "groups": groups}


def _count(actions):
    return {"counts": Counter(a.rating_id for a in actions), "total": len(actions)}


def _by_chapter(snap, actions, levels, url):
    chapter_of = {a.pk: a.chapter_id for a in snap.areas}
    by_chapter = defaultdict(list)
    for action in actions:
        by_chapter[chapter_of.get(action.area_id)].append(action)
    groups = [{"label": c.title, "key": c.pk, **_count(by_chapter[c.pk])} for c in snap.chapters]
    return _stacked(
        groups,
        levels,
        lambda g, lv: url(chapter=g["key"], rating=[lv.pk] if lv else None),
    )


def _by_area(snap, actions, levels, url):
    """Top-level areas, each with its sub-areas' actions."""
    top = {}
    for area in snap.areas:
        top[area.pk] = area.parent_id or area.pk
    by_top = defaultdict(list)
    for action in actions:
        by_top[top.get(action.area_id)].append(action)
    number = {c.pk: c.number for c in snap.chapters}
    tops = sorted(
        (a for a in snap.areas if a.parent_id is None and by_top[a.pk]),
        key=lambda a: (number.get(a.chapter_id, 0), a.order, a.pk),
    )
    groups = [{"label": area_label(a, snap), "key": a.pk, **_count(by_top[a.pk])} for a in tops]
    return _stacked(
        groups, levels, lambda g, lv: url(area=g["key"], rating=[lv.pk] if lv else None)
    )


def _by_owner(snap, actions, levels, url):
    """Each owner role named on an action (any row): an action with two owners counts
    for each, so the totals add up to more than the plan's actions."""
    by_role = defaultdict(list)
    for action in actions:
        for role_id in snap.all_owner_role_ids(action.pk):
            by_role[role_id].append(action)
    titles = snap.role_titles
    groups = [
        {"label": titles[r], "key": r, **_count(found)}
        for r, found in by_role.items()
        if r in titles
    ]
    groups.sort(key=lambda g: (-g["total"], g["label"].lower()))
    return _stacked(
        groups, levels, lambda g, lv: url(owner=g["key"], rating=[lv.pk] if lv else None)
    )


def _late(snap, actions, level_by_id, area_by_id, day, url):
    """Overdue (due before the day, not finished) and slipping (due date moved two or
    more times) actions, per chapter and in all."""
    overdue, slipping = Counter(), Counter()
    for action in actions:
        area = area_by_id.get(action.area_id)
        chapter = area.chapter_id if area else None
        if is_overdue(action, level_by_id[action.rating_id], day):
            overdue[chapter] += 1
        if is_slipping(action):
            slipping[chapter] += 1
    rows = [
        {
            "label": c.title,
            "overdue": overdue[c.pk],
            "slipping": slipping[c.pk],
            "overdue_url": url(chapter=c.pk, overdue=True),
            "slipping_url": url(chapter=c.pk, slipping=True),
        }
        for c in snap.chapters
    ]
    total = {
        "overdue": sum(overdue.values()),
        "slipping": sum(slipping.values()),
        "overdue_url": url(overdue=True),
        "slipping_url": url(slipping=True),
    }
    items = []
    for row in rows:
        for what, fill in (("overdue", OVERDUE_FILL), ("slipping", SLIPPING_FILL)):
            items.append({"label": f"{row['label']}: {what}", "value": row[what], "fill": fill})
    return {"rows": rows, "total": total, "chart": charts.bars(items)}


def _waiting(actions, levels, day, url):
    waiting = waiting_levels(levels)
    ids = {lv.pk for lv in waiting}
    counts = Counter()
    for action in actions:
        if action.rating_id in ids:
            counts[bucket_of(waited_days(action, day))] += 1
    rows = [
        {"key": key, "label": label, "count": counts[key], "url": url(waiting=key)}
        for key, label, _low, _high in WAIT_BUCKETS
    ]
    fill = waiting[0].hex_colour if waiting else "#ffdd00"
    items = [{"label": r["label"], "value": r["count"], "fill": fill} for r in rows]
    return {
        "levels": waiting,
        "rows": rows,
        "unknown": counts[None],
        "total": sum(counts.values()),
        "total_url": url(rating=[lv.pk for lv in waiting]),
        "chart": charts.bars(items, label_width=150),
    }


def _indicators(plan, day, links):
    """The scorecard month for the day (as Appendix 4 opens at), its indicators off
    target and those that moved the wrong way. Four queries: the stored months, the
    latest marked complete, the indicators and their two months' values."""
    months = plan_months(plan, up_to=day.replace(day=1))
    end = months.default
    if end is None:
        return {"month": None}
    found = (
        Indicator.objects.filter(plan=plan)
        .select_related("section")
        .with_values(add_months(end, -1), end)
    )
    rows = [indicator_row(i, [end], plan_slug=plan.slug if links else None) for i in found]
    by_rag = Counter(r["latest"]["rag"] for r in rows)
    off = [r for r in rows if r["latest"]["rag"] in (rag.WITHIN_15, rag.BEYOND_15)]
    wrong = [r for r in rows if r["direction"]["judgement"] == rag.DECLINED]
    scorecard = ""
    if links:
        scorecard = reverse("scorecard:scorecard", args=[plan.slug]) + f"?end={end:%Y-%m}"
    measures = [
        {"label": rag.RAG_LEVELS[k]["label"], "value": by_rag[k], "fill": RAG_FILLS[k], "key": k}
        for k in (rag.ON_TARGET, rag.WITHIN_15, rag.BEYOND_15)
    ]
    wrong_way = {"label": "Moved the wrong way", "value": len(wrong), "fill": DECLINED_FILL}
    measures.append({**wrong_way, "key": "declined"})
    return {
        "month": end,
        "measures": measures,
        "no_rag": sum(1 for r in rows if r["latest"]["rag"] is None),
        "count": len(rows),
        "off": off,
        "wrong": wrong,
        "scorecard_url": scorecard,
        "chart": charts.bars(measures, label_width=220),
    }
