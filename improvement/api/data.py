"""The rows each list endpoint returns, as plain dicts (or querysets the schemas read),
built from the product's own readers: ``PlanSnapshot`` for the plan at a day, the
scorecard's RAG rule, ``finance_table``. Nothing here decides access (``endpoints``
asks ``access`` first)."""

from django.db.models import Count, Q, QuerySet

from improvement.finance.tables import finance_table
from improvement.plans.snapshot import PlanSnapshot
from improvement.rounds.models import RoundAction, UpdateRound
from improvement.scorecard.models import IndicatorValue
from improvement.scorecard.rag import RAG_LEVELS, rag_for


def plan_at(plan, day):
    """The plan as it stood at the end of ``day`` (today when None): the counts
    ``plan_status`` prints, with each rating's words of that day."""
    snapshot = PlanSnapshot(plan, day)
    summary = snapshot.summary()
    return {
        "slug": plan.slug,
        "name": plan.name,
        "organisation": plan.organisation,
        "as_at": snapshot.day,
        "total": summary["total"],
        "complete": summary["complete"],
        "percent_complete": summary["percent_complete"],
        "overdue": summary["overdue"],
        "by_rating": [
            {
                "rating": row["level"].name,
                "short_name": row["level"].short_name,
                "colour": row["level"].colour,
                "counts_as_complete": row["level"].counts_as_complete,
                "count": row["count"],
            }
            for row in summary["by_rating"]
        ],
    }


def _area_label(snapshot, area):
    if area is None:
        return ""
    label = f"{area.number}. {area.title}"
    parent = snapshot.parent_of(area)
    return f"{parent.title}: {label}" if parent else label


def actions_at(plan, day):
    """Every action as it stood at the end of ``day``, in the plan's order. A fixed
    number of queries (the snapshot's), whatever the plan's size or history."""
    snapshot = PlanSnapshot(plan, day)
    chapters = {c.pk: c for c in snapshot.chapters}
    rows = []
    for action in snapshot.actions:
        area = snapshot.area_by_id.get(action.area_id)
        chapter = chapters.get(area.chapter_id) if area else None
        level = snapshot.level_by_id.get(action.rating_id)
        row_numbers = [1, *(r.row for r in snapshot.further_rows[action.pk])]
        owners = [t for n in row_numbers for t in snapshot.owners(action.pk, n)]
        rows.append(
            {
                "ref": action.ref,
                "label": action.printed_ref or action.ref,
                "short_title": action.short_title,
                "text": action.text,
                "chapter": chapter.number if chapter else 0,
                "chapter_title": chapter.title if chapter else "",
                "area": _area_label(snapshot, area),
                "owners": list(dict.fromkeys(owners)),
                "due_date": action.due_date,
                "due_text": action.due_text,
                "rating": level.name if level else "",
                "rating_reason": action.rating_reason,
                "progress": action.progress,
            }
        )
    return rows


def scorecard_values(plan, month_from=None, month_to=None):
    """One row per indicator and month with a stored figure, in the scorecard's order:
    a queryset, so a page is one query (and one to count it)."""
    qs = IndicatorValue.objects.filter(indicator__plan=plan)
    if month_from:
        qs = qs.filter(month__gte=month_from.replace(day=1))
    if month_to:
        qs = qs.filter(month__lte=month_to)
    return qs.select_related("indicator__section").order_by(
        "indicator__section__order", "indicator__order", "indicator_id", "month"
    )


def scorecard_row(value):
    indicator = value.indicator
    rag = rag_for(indicator, value)
    return {
        "section": indicator.section.heading,
        "indicator": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "month": value.month,
        "text": value.text,
        "value": float(value.value) if value.value is not None else None,
        "count": value.count,
        "status": value.status,
        "target": indicator.target_text,
        "target_kind": indicator.target_kind,
        "rag": rag,
        "rag_label": RAG_LEVELS.get(rag, {}).get("label", ""),
    }


class Mapped:
    """A sliceable, countable sequence whose items are made into rows only when a page
    of them is taken: ninja's paginator counts it and slices it."""

    def __init__(self, source, make):
        self.source = source
        self.make = make

    def __len__(self):
        if isinstance(self.source, QuerySet):
            return self.source.count()
        return len(self.source)

    def __getitem__(self, index):
        return [self.make(item) for item in self.source[index]]


def rounds(plan):
    """The plan's update rounds, newest first, with how many actions are in each state.
    One query."""
    State = RoundAction.State
    counted = {
        key: Count("entries", filter=Q(entries__state=state))
        for key, state in (
            ("updated", State.UPDATED),
            ("unchanged", State.UNCHANGED),
            ("not_updated", State.NOT_UPDATED),
        )
    }
    return list(
        UpdateRound.objects.filter(plan=plan)
        .order_by("-opened_at", "-pk")
        .annotate(**counted)
        .values(
            "name",
            "as_at",
            "deadline",
            "status",
            "opened_at",
            "closed_at",
            *counted,
        )
    )


def finance_lines(plan, point=None):
    """The finance table's lines at a reporting point (its key, or the latest), or None
    when the plan has no such point."""
    table = finance_table(plan, point)
    if table["point"] is None:
        return None if point else []
    key = table["point"]["key"]
    return [
        {
            "point": key,
            "expenditure_group": line["expenditure_group"],
            "origin": line["origin"],
            "origin_label": line["origin_label"],
            "budget_pence": line["budget"],
            "actual_pence": line["actual"],
            "forecast_pence": line["forecast"],
            "variance_pence": line["variance"],
            "has_figures": line["has_figures"],
        }
        for line in table["lines"]
    ]
