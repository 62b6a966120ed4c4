"""What the findings pages show, each in a fixed number of queries.

The traceability page follows one finding to the plan: its linked areas (each with its
sub-areas, as the area page shows them) → their actions with ratings, owners and due
dates → the vital-signs indicators that evidence each area → each area's latest impact
commentary. The plan part is read through one ``PlanSnapshot``, so it is the plan now
or, with a past day, the plan as it stood at the end of that day (ratings, commentary,
the indicators' figures up to that month). The finding and its links are read as they
are now: the page says so.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, Prefetch, Q

from improvement.plans.models import Action, Area
from improvement.plans.reading import PlanReader
from improvement.plans.snapshot import PlanSnapshot
from improvement.scorecard.models import Indicator
from improvement.scorecard.tables import add_months, indicator_row, stored_months

from .models import Inspection

TREND_MONTHS = 2  # the latest month and the one before, for the direction of travel


def inspections_of(plan):
    """The plan's inspections and visits, newest first, with how many findings each has
    and how many are not yet linked to any area. One query."""
    return (
        Inspection.objects.filter(plan=plan)
        .annotate(
            finding_count=Count("findings", distinct=True),
            unlinked_count=Count("findings", filter=Q(findings__areas__isnull=True), distinct=True),
        )
        # An inspection with no day (the seeds give the 2024 one only as "February and
        # March 2024") goes last on every database: PostgreSQL would put it first.
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def findings_of(inspection):
    """The inspection's findings in order, each with its areas (with chapter and parent)
    and actions, grouped under their headings. Three queries."""
    findings = list(
        inspection.findings.prefetch_related(
            Prefetch(
                "areas",
                queryset=Area.objects.select_related("chapter", "parent").order_by(
                    "chapter__number", "order", "pk"
                ),
            ),
            Prefetch("actions", queryset=_actions_in_order()),
        )
    )
    groups = []
    for finding in findings:
        if not groups or groups[-1]["heading"] != finding.heading:
            groups.append({"heading": finding.heading, "findings": []})
        groups[-1]["findings"].append(finding)
    return groups


def _actions_in_order():
    return Action.objects.order_by("order", "pk").only("pk", "ref", "order", "plan_id")


def trace(finding, plan, day=None):
    """The traceability of one finding; ``day`` None reads the plan as it is now."""
    snapshot = PlanSnapshot(plan, day)
    # Every action decorated once (rating, owners, due, flags); no query after the snapshot's.
    PlanReader(snapshot).read_plan()
    linked_ids = list(finding.areas.values_list("pk", flat=True))
    direct_ids = set(finding.actions.values_list("pk", flat=True))
    by_id = {a.pk: a for a in snapshot.actions}

    areas, missing, shown = [], 0, set()
    for area_id in _in_plan_order(linked_ids, snapshot):
        area = snapshot.area_by_id.get(area_id)
        if area is None:
            missing += 1  # linked now, not in the plan on that day
            continue
        family = [area, *[a for a in snapshot.areas if a.parent_id == area.pk]]
        blocks = []
        for member in family:
            actions = snapshot.actions_in({member.pk})
            shown.update(a.pk for a in actions)
            commentary = snapshot.commentary_of(member)
            blocks.append(
                {
                    "area": member,
                    "is_sub_area": member is not area,
                    # A parent of sub-areas (Care Leavers) keeps its actions in them.
                    "has_sub_areas": member is area and len(family) > 1,
                    "level": 4 if member is not area else 3,  # its headings' level
                    "actions": actions,
                    "latest_commentary": commentary[0] if commentary else None,
                }
            )
        counts = Counter(a.rating_id for b in blocks for a in b["actions"])
        ratings = [(lvl, counts[lvl.pk]) for lvl in snapshot.levels if counts[lvl.pk]]
        areas.append(
            {
                "area": area,
                "chapter": _chapter(snapshot, area),
                "blocks": blocks,
                "ratings": ratings,  # (level, how many of the area's actions), scale order
            }
        )

    # Mark the actions the finding names only where it names some of the areas' actions,
    # not all of them (a 2024 area for improvement names every action of its area).
    picked = not shown <= direct_ids
    for action in snapshot.actions:
        action.linked_to_finding = picked and action.pk in direct_ids
    indicators = indicators_by_area(
        plan, [b["area"].pk for a in areas for b in a["blocks"]], day=snapshot.day if day else None
    )
    for linked in areas:
        for block in linked["blocks"]:
            block["indicators"] = indicators["rows"].get(block["area"].pk, [])
    others = [by_id[pk] for pk in sorted(direct_ids - shown, key=_order_of(by_id)) if pk in by_id]
    return {
        "snapshot": snapshot,
        "areas": areas,
        "other_actions": others,
        "gone_areas": missing,
        "gone_actions": len([pk for pk in direct_ids if pk not in by_id]),
        "indicator_month": indicators["month"],
    }


def _in_plan_order(area_ids, snapshot):
    order = {a.pk: (a.order, a.pk) for a in snapshot.areas}
    return sorted(area_ids, key=lambda pk: order.get(pk, (0, pk)))


def _order_of(by_id):
    return lambda pk: (by_id[pk].order, pk) if pk in by_id else (0, pk)


def _chapter(snapshot, area):
    return next((c for c in snapshot.chapters if c.pk == area.chapter_id), None)


def indicators_by_area(plan, area_ids, *, day=None):
    """Area id → rows of the indicators evidencing it, at the latest month with figures
    (or the month of ``day``), each with its figure, target and RAG. Three queries
    (the latest month, the indicators with their areas, their two months' values)."""
    month = day.replace(day=1) if day else stored_months(plan)[1]
    if not area_ids or month is None:
        return {"rows": {}, "month": month}
    window = [add_months(month, 1 - TREND_MONTHS + n) for n in range(TREND_MONTHS)]
    found = (
        Indicator.objects.filter(plan=plan, areas__in=area_ids)
        .distinct()
        .with_values(add_months(window[0], -1), window[-1])
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.only("pk"), to_attr="area_ids_list")
        )
    )
    rows = defaultdict(list)
    wanted = set(area_ids)
    for indicator in found:
        row = indicator_row(indicator, window, plan_slug=plan.slug)
        for area in indicator.area_ids_list:
            if area.pk in wanted:
                rows[area.pk].append(row)
    return {"rows": rows, "month": month}
