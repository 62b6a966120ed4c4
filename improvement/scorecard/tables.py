"""Everything the scorecard table needs, built in a fixed number of queries.

``scorecard_context`` feeds templates/scorecard/_scorecard_table.html on the scorecard
page and in the committee PDF (Appendix 4); ``indicators_for_area`` feeds
templates/scorecard/_area_indicators.html on an area page.
"""

import datetime as dt

from django.db.models import Max, Min
from django.urls import reverse

from improvement.lib.dates import today

from .models import Indicator, IndicatorValue, Scorecard, ScorecardSection
from .narratives import paragraphs
from .rag import JUDGEMENT_LABELS, RAG_LEVELS, direction_for, rag_for

MAX_MONTHS = 60

RAG_KEY_INTRO = (
    "RAG rating for actuals against targets (it is not appropriate to have targets for all "
    "indicators)"
)
DIRECTION_KEY = (
    "Direction of travel shown between current and previous month (green indicates an "
    "improvement and amber indicates a decline)"
)

# Said in words where neither direction is better (monitor-only indicators).
ARROW_WORDS = {"▲": "Up", "▼": "Down", "◀ ▶": "No change"}

STATUS_TEXT = {"missing": "", "nya": "NYA"}
STATUS_LABEL = {"missing": "No figure", "nya": "Not yet available"}


def add_months(month, n):
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_window(end, months):
    """The ``months`` first-of-month dates ending at ``end``, oldest first."""
    end = dt.date(end.year, end.month, 1)
    return [add_months(end, -n) for n in range(months - 1, -1, -1)]


def month_label(month):
    """As the seed heads its columns: "Sep-25"."""
    return f"{month:%b-%y}"


def stored_months(plan):
    """(first, last) month holding any stored figure for the plan, or (None, None)."""
    span = IndicatorValue.objects.filter(indicator__plan_id=getattr(plan, "pk", plan)).aggregate(
        first=Min("month"), last=Max("month")
    )
    return span["first"], span["last"]


def rag_key():
    return [{"code": code, **level} for code, level in RAG_LEVELS.items()]


def cell_for(indicator, month, value):
    """One month of one indicator: what was printed, its status and its RAG."""
    if value is None:
        status, text, count = "missing", "", None
    else:
        status, text, count = value.status, value.text, value.count
        if status != "value":
            text = STATUS_TEXT[status]
    rag = rag_for(indicator, value)
    level = RAG_LEVELS.get(rag, {})
    return {
        "month": month,
        "month_label": month_label(month),
        "text": text,
        "status": status,
        "status_label": STATUS_LABEL.get(status, ""),
        "value": value.value if value is not None and status == "value" else None,
        "count": count,
        "rag": rag,
        "rag_label": level.get("label", ""),
        "rag_short": level.get("short", ""),
        "symbol": level.get("symbol", ""),
    }


def indicator_row(indicator, months, *, plan_slug=None):
    """An indicator's row over ``months`` (oldest first), from its prefetched
    ``window_values``, which must also hold the month before the first one."""
    by_month = {v.month: v for v in getattr(indicator, "window_values", [])}
    cells = [cell_for(indicator, m, by_month.get(m)) for m in months]
    current, previous = by_month.get(months[-1]), by_month.get(add_months(months[-1], -1))
    direction = direction_for(indicator, current, previous)
    direction["label"] = JUDGEMENT_LABELS[direction["judgement"]] or ARROW_WORDS.get(
        direction["arrow"], ""
    )
    return {
        "indicator": indicator,
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "better": indicator.better,
        "better_label": indicator.get_better_display(),
        "target_text": indicator.target_text,
        "target_kind": indicator.target_kind,
        "sn_average_text": "" if indicator.sn_average_text == "N/A" else indicator.sn_average_text,
        "sn_average_printed": indicator.sn_average_text,
        "cells": cells,
        "latest": cells[-1],
        "direction": direction,
        "url": (
            reverse("scorecard:indicator", args=[plan_slug, indicator.code]) if plan_slug else ""
        ),
    }


def scorecard_context(plan, *, months=12, end=None, span=None):
    """The scorecard over ``months`` months ending at ``end`` (default: the latest stored).

    Six queries whatever the window: the stored span, the scorecard's heading,
    sections, their indicators, the values in the window (plus the month before, for
    the direction of travel) and the sections' narratives for the end month. Five when
    the caller already knows the stored ``span`` (first, last), e.g. from
    ``months.plan_months``.
    """
    months = max(1, min(int(months), MAX_MONTHS))
    first_stored, last_stored = span if span is not None else stored_months(plan)
    if end is None:
        end = last_stored or today()
    window = month_window(end, months)
    scorecard = Scorecard.objects.filter(plan=plan).first()
    sections = ScorecardSection.objects.for_table(
        plan,
        first_month=add_months(window[0], -1),
        last_month=window[-1],
        narrative_month=window[-1],
    )
    sections = list(sections)
    order = [i.code for s in sections for i in s.indicators.all()]
    rows = []
    for section in sections:
        narratives = section.month_narratives
        rows.append(
            {
                "section": section,
                "title": section.title,
                "scope": section.scope,
                "heading": section.heading,
                "narrative": narratives[0].text if narratives else "",
                "narrative_paragraphs": paragraphs(narratives[0].text, order) if narratives else [],
                "indicators": [
                    indicator_row(i, window, plan_slug=plan.slug) for i in section.indicators.all()
                ],
            }
        )
    return {
        "plan": plan,
        "title": scorecard.title if scorecard else "Indicators of Success",
        "intro": scorecard.paragraphs() if scorecard else [],
        "months": [{"month": m, "label": month_label(m)} for m in window],
        "month_count": months,
        "start": window[0],
        "end": window[-1],
        "first_stored": first_stored,
        "last_stored": last_stored,
        "sections": rows,
        "indicator_count": sum(len(s["indicators"]) for s in rows),
        "key": {
            "rag_intro": RAG_KEY_INTRO,
            "rag": rag_key(),
            "direction": DIRECTION_KEY,
        },
    }


def indicators_for_area(area, *, months=12, end=None):
    """The indicators that evidence an area, each with its last ``months`` months (for a
    small trend line) and its latest RAG. Three queries: the plan's latest month, the
    indicators with their sections and plan, and their values."""
    from .charts import sparkline

    if end is None:
        end = (
            IndicatorValue.objects.filter(indicator__plan__chapters__areas=area).aggregate(
                last=Max("month")
            )["last"]
            or today()
        )
    window = month_window(end, months)
    indicators = Indicator.objects.for_area(
        area, first_month=add_months(window[0], -1), last_month=window[-1]
    )
    rows = []
    for indicator in indicators:
        row = indicator_row(indicator, window, plan_slug=indicator.plan.slug)
        row["spark"] = sparkline(row)
        rows.append(row)
    return {
        "area": area,
        "months": [{"month": m, "label": month_label(m)} for m in window],
        "end": window[-1],
        "indicators": rows,
        "key": {"rag": rag_key()},
    }


def area_panel(area, as_at):
    """The area page's panel of the indicators that evidence the area, ending at the
    ``as_at`` month on a past day (registered in ScorecardConfig.ready). Three queries."""
    context = indicators_for_area(area, end=as_at) if as_at else indicators_for_area(area)
    context.pop("area", None)
    return {"template": "scorecard/_area_indicators.html", **context}
