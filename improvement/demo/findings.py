"""The demo's inspections: the 2024 inspection and the monitoring visit of 13 November 2025.

- The 2024 inspection (ILACS, "February and March 2024": the seeds give no day, so the
  record has none) has one area for improvement per Chapter 1 area of the plan, which
  "is structured under the seven areas for improvement highlighted in the 2024 Ofsted
  inspection report": the area's "What inspectors found" text (its title where it has
  none: Care Leavers keeps its text in sub-areas A–E), linked to the area and every
  action under it.
- The monitoring visit is fixtures/findings_2025-11-13.json, transcribed from the letter
  (seed 004): each finding quoted as written, linked only where the words are clear.

``load_findings`` creates what is missing and brings changed text up to date; links the
document names are added if missing and never removed, so a second run writes nothing.
docs/findings.md records the judgement calls.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from improvement.demo.plan import read_document
from improvement.findings.models import Finding, Inspection
from improvement.findings.records import LINKS, save_finding
from improvement.lib.history import assign_changed, save_tracked
from improvement.plans.models import Action, Area

LONDON = ZoneInfo("Europe/London")
DOCUMENT = "findings_2025-11-13.json"
# The 2024 inspection's findings are the 8 May 2025 plan's own Chapter 1; the letter is
# recorded the day it is dated.
INSPECTION_AT = dt.datetime(2025, 5, 8, 9, 5, tzinfo=LONDON)
VISIT_AT = dt.datetime(2025, 11, 13, 9, 0, tzinfo=LONDON)
INSPECTION_REASON = (
    "The 2024 inspection's areas for improvement, as the improvement plan's Chapter 1 "
    "gives them (what inspectors found), linked to the area that answers each and its "
    "actions."
)
LINK_AFTER = dt.timedelta(minutes=1)
LINK_REASON = (
    "Linked to the plan areas and actions that answer it: a 2024 area for improvement to "
    "its Chapter 1 area and every action there; a letter's finding only where its words "
    "name the area or action (fixtures/findings_2025-11-13.json says why, each time)."
)
VISIT_REASON = (
    "Ofsted monitoring visit letter of 13 November 2025 (visit on 14 and 15 October "
    "2025), transcribed: each finding as the letter words it."
)


def load_findings(plan, doc, *, user):
    """Record the document's inspections and their findings in ``plan``; returns the
    number of history rows written (none on a second run)."""
    areas = {a.key: a for a in Area.objects.filter(chapter__plan=plan)}
    actions = {a.ref: a for a in Action.objects.filter(plan=plan)}
    writes = 0
    for data in doc["inspections"]:
        if data.get("findings_from") == "chapter 1 areas":
            when, reason = INSPECTION_AT, INSPECTION_REASON
            findings = _chapter_one(plan)
        else:
            when, reason = VISIT_AT, VISIT_REASON
            findings = [_from_document(f, areas, actions) for f in data["findings"]]
        inspection, written = _inspection(plan, data, user=user, when=when, reason=reason)
        writes += written
        for order, (values, linked_areas, linked_actions) in enumerate(findings, 1):
            writes += _finding(
                inspection,
                order,
                values,
                linked_areas,
                linked_actions,
                user=user,
                when=when,
                reason=reason,
            )
    return writes


def load_demo_findings(plan, *, user):
    """``load_demo``'s one call: the document in fixtures/, recorded by ``user``."""
    return load_findings(plan, read_document(settings.FIXTURES_DIR / DOCUMENT), user=user)


def _chapter_one(plan):
    """(values, areas, actions) for each top-level Chapter 1 area, in plan order."""
    top = Area.objects.filter(chapter__plan=plan, chapter__number=1, parent=None)
    found = []
    for area in top.order_by("order", "pk"):
        family = [area, *area.sub_areas.order_by("order", "pk")]
        answered_by = list(
            Action.objects.filter(area__in=family).order_by("order", "pk").only("pk")
        )
        values = {
            "kind": Finding.Kind.AREA_FOR_IMPROVEMENT,
            "heading": f"{area.number}. {area.title}",
            "text": area.inspectors_found or area.title,
        }
        found.append((values, [area], answered_by))
    return found


def _from_document(data, areas, actions):
    missing = [k for k in data["areas"] if k not in areas]
    missing += [r for r in data["actions"] if r not in actions]
    if missing:
        raise ValueError(f"{DOCUMENT}: not in the plan: {', '.join(missing)}")
    values = {"kind": Finding.Kind.FINDING, "heading": data["heading"], "text": data["text"]}
    return values, [areas[k] for k in data["areas"]], [actions[r] for r in data["actions"]]


def _inspection(plan, data, *, user, when, reason):
    values = {
        "date": dt.date.fromisoformat(data["date"]) if data["date"] else None,
        "held": data["held"],
        "focus": data["focus"],
        "letter_url": data["letter_url"],
        "source": data["source"],
    }
    inspection = Inspection.objects.filter(
        plan=plan, kind=data["kind"], title=data["title"]
    ).first()
    if inspection is None:
        inspection = Inspection(plan=plan, kind=data["kind"], title=data["title"], **values)
    elif not assign_changed(inspection, values):
        return inspection, 0
    save_tracked(inspection, user=user, reason=reason, when=when)
    return inspection, 1


def _finding(inspection, order, values, areas, actions, *, user, when, reason):
    """The finding's text (as transcribed), then its links a minute later with their own
    reason, so the history orders and explains the two steps."""
    finding = Finding.objects.filter(inspection=inspection, order=order).first()
    if finding is None:
        finding = Finding(inspection=inspection, order=order, **values)
        changed = True
    else:
        changed = bool(assign_changed(finding, values))
    writes = 0
    if changed:
        writes += save_finding(finding, user=user, reason=reason, when=when)
    # Links the document names are added; links made since in the product are kept.
    have = {name: list(getattr(finding, name).all()) for name in LINKS}
    links = {
        "areas": _union(have["areas"], areas),
        "actions": _union(have["actions"], actions),
    }
    writes += save_finding(
        finding,
        user=user,
        reason=LINK_REASON,
        when=when + LINK_AFTER,
        fields_changed=False,
        **links,
    )
    return writes


def _union(have, wanted):
    known = {obj.pk for obj in have}
    return have + [obj for obj in wanted if obj.pk not in known]
