"""Evidence as the pages and the committee pack read it, in one query each.

Evidence is never edited, only added and removed, and its row says when each happened,
so the evidence an action had at the end of a past day is read from the rows
themselves (``EvidenceQuerySet.as_at``) rather than from the history.
"""

from django.db.models import Count, Q

from improvement.accounts.access import access_of
from improvement.lib.dates import end_of_day, long_date

from .models import Evidence


def _moment(day):
    return end_of_day(day) if day else None


def action_evidence(request, action, as_at=None):
    """The action page's evidence: the list (newest first) and what the signed-in user
    may do with it. Call after ``_mark_editable`` (``action.editable``). One query."""
    items = list(
        Evidence.objects.as_at(_moment(as_at))
        .filter(action_id=action.pk)
        .select_related("added_by")
        .order_by("-date", "-pk")
    )
    access = access_of(request)
    may_change = as_at is None and not access.closed
    for item in items:
        item.removable = may_change and (access.can_manage or item.added_by_id == request.user.pk)
    return {
        "evidence_items": items,
        "can_add_evidence": bool(may_change and getattr(action, "editable", False)),
    }


def area_panel(area, as_at):
    """The area page's count of evidence per action of the area and its sub-areas
    (registered in EvidenceConfig.ready). One query."""
    rows = list(
        Evidence.objects.as_at(_moment(as_at))
        .filter(Q(action__area_id=area.pk) | Q(action__area__parent_id=area.pk))
        .values("action__ref", "action__printed_ref", "action__order")
        .annotate(
            files=Count("pk", filter=Q(kind=Evidence.Kind.FILE)),
            links=Count("pk", filter=Q(kind=Evidence.Kind.LINK)),
        )
        .order_by("action__order", "action__ref")
    )
    counts = [
        {
            "ref": row["action__ref"],
            "label": row["action__printed_ref"] or row["action__ref"],
            "files": row["files"],
            "links": row["links"],
            "total": row["files"] + row["links"],
        }
        for row in rows
    ]
    return {
        "template": "evidence/_area_evidence.html",
        "evidence_counts": counts,
        "evidence_total": sum(c["total"] for c in counts),
    }


def titles_by_action(plan, day):
    """For Appendix 2: each action's evidence (title, date, kind) at the end of ``day``,
    oldest first, by action id. One query, whatever the plan's size."""
    found = {}
    rows = (
        Evidence.objects.as_at(_moment(day))
        .filter(action__plan_id=plan.pk)
        .order_by("date", "pk")
        .values("action_id", "title", "date", "kind")
    )
    for row in rows:
        row["when"] = long_date(row["date"])
        found.setdefault(row["action_id"], []).append(row)
    return found
