"""Load the transcribed vital-signs scorecard (fixtures/scorecard_*.json)."""

import datetime as dt
import json

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from improvement.lib.history import assign_changed, save_tracked
from improvement.plans.models import Area
from improvement.scorecard.models import (
    Indicator,
    IndicatorValue,
    Scorecard,
    ScorecardSection,
    SectionNarrative,
)
from improvement.scorecard.parsing import parse_sn_average, parse_target, parse_value


def month_start(text):
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def indicator_values(data, plan, section, order):
    """The Indicator fields for one transcribed row."""
    target = parse_target(data["target"], data["better"])
    return {
        "plan": plan,
        "section": section,
        "title": data["title"],
        "unit": data["unit"],
        "target_text": data["target"],
        "target_kind": target.kind,
        "target_low": target.low,
        "target_high": target.high,
        "better": data["better"],
        "sn_average_text": data["sn_average"],
        "sn_average": parse_sn_average(data["sn_average"]),
        "order": order,
    }


def load_scorecard(doc, plan, *, user, when, reason):
    """Create or bring up to date every section, indicator, value and narrative.

    Returns the number of rows written; a second run over the same document writes none.
    """
    writes = 0
    intro = doc.get("intro") or []
    if intro:
        heading = {"title": intro[0], "intro": "\n\n".join(intro[1:])}
        scorecard = Scorecard.objects.filter(plan=plan).first()
        if scorecard is None:
            save_tracked(Scorecard(plan=plan, **heading), user=user, reason=reason, when=when)
            writes += 1
        elif assign_changed(scorecard, heading):
            save_tracked(scorecard, user=user, reason=reason, when=when)
            writes += 1
    months = [month_start(m) for m in doc["months"]]
    order = 0
    new_values = []
    for s_order, s in enumerate(doc["sections"], 1):
        section = ScorecardSection.objects.filter(plan=plan, title=s["title"]).first()
        section_values = {"scope": s["scope"], "order": s_order}
        if section is None:
            section = ScorecardSection(plan=plan, title=s["title"], **section_values)
            save_tracked(section, user=user, reason=reason, when=when)
            writes += 1
        elif assign_changed(section, section_values):
            save_tracked(section, user=user, reason=reason, when=when)
            writes += 1
        for n in s.get("narratives", []):
            month = month_start(n["month"])
            narrative = SectionNarrative.objects.filter(section=section, month=month).first()
            if narrative is None:
                narrative = SectionNarrative(section=section, month=month, text=n["text"])
            elif not assign_changed(narrative, {"text": n["text"]}):
                continue
            save_tracked(narrative, user=user, reason=reason, when=when)
            writes += 1

        for data in s["indicators"]:
            order += 1
            values = indicator_values(data, plan, section, order)
            indicator = Indicator.objects.filter(plan=plan, code=data["id"]).first()
            if indicator is None:
                indicator = Indicator(code=data["id"], **values)
                save_tracked(indicator, user=user, reason=reason, when=when)
                writes += 1
            elif assign_changed(indicator, values):
                save_tracked(indicator, user=user, reason=reason, when=when)
                writes += 1
            existing = {v.month: v for v in indicator.values.all()}
            if len(data["values"]) != len(months):
                raise ValueError(f"Indicator {data['id']}: {len(data['values'])} values")
            for month, printed in zip(months, data["values"], strict=True):
                parsed = parse_value(printed)
                fields = {
                    "text": printed,
                    "value": parsed.value,
                    "count": parsed.count,
                    "status": parsed.status,
                }
                current = existing.get(month)
                if current is None:
                    new_values.append(IndicatorValue(indicator=indicator, month=month, **fields))
                elif assign_changed(current, fields):
                    save_tracked(current, user=user, reason=reason, when=when)
                    writes += 1
    if new_values:
        # About a thousand rows: one history-aware bulk insert instead of one per value.
        bulk_create_with_history(
            new_values,
            IndicatorValue,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
        writes += len(new_values)
    links = doc.get("area_links_file", AREA_LINKS)
    if links:
        with open(settings.FIXTURES_DIR / links, encoding="utf-8") as fh:
            writes += link_areas(json.load(fh), plan, user=user, when=when, reason=reason)
    return writes


# Which indicators evidence which plan areas (a reading of each area's "How we'll
# assess" text, not part of Appendix 4 itself); docs/scorecard-rules.md explains it.
AREA_LINKS = "scorecard_area_links.json"


def link_areas(doc, plan, *, user, when, reason):
    """Add the links the document lists that are not there yet; returns how many.

    Existing links are left alone, so a second run writes nothing.
    """
    areas = {a.key: a for a in Area.objects.filter(chapter__plan=plan)}
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan).with_areas()}
    wanted = {}
    for link in doc["links"]:
        if link["area"] not in areas:
            raise ValueError(f"{AREA_LINKS}: no area {link['area']!r} in the plan")
        for code in link["indicators"]:
            if code not in indicators:
                raise ValueError(f"{AREA_LINKS}: no indicator {code!r} in the scorecard")
            wanted.setdefault(code, []).append(areas[link["area"]])
    writes = 0
    for code, linked in wanted.items():
        indicator = indicators[code]
        have = {a.pk for a in indicator.area_list}
        missing = [a for a in linked if a.pk not in have]
        if missing:
            link_reason = f"{reason} Linked to the plan areas whose assessment names it."
            indicator._history_user = user
            indicator._change_reason = link_reason
            indicator._history_date = when
            indicator.areas.add(*missing)
            writes += len(missing)
    return writes
