"""What the pages of a closed plan, and of replaced actions, say about it.

Template tags so that any page showing a plan or an action can say it (the banner of
``plans/_replaced_banner.html``, the action page's "Replaced by" and "Replaces") without
its view gathering anything: each tag makes one query, and the banner's none for a plan
that is open.
"""

from django import template
from django.db.models import Q
from django.utils import timezone

from improvement.plans.models import Action, Plan

register = template.Library()


@register.simple_tag
def closed_on(plan):
    """The day the plan was last closed, from its history (one query); None if open.

    The newest run of history rows saying "closed" began with the save that closed it
    (later saves of a closed plan, such as naming what replaces it, leave the day)."""
    if plan.status != Plan.Status.CLOSED:
        return None
    rows = (
        Plan.history.filter(id=plan.pk)
        .order_by("-history_date", "-history_id")
        .values_list("status", "history_date")
    )
    closed_at = None
    for status, when in rows:
        if status != Plan.Status.CLOSED:
            break
        closed_at = when
    return timezone.localtime(closed_at).date() if closed_at else None


@register.simple_tag
def replacements(action):
    """``{"replaced_by": action or None, "replaces": [actions]}``, each with its plan.
    One query. ``action`` may be a past day's (its ``replaced_by_id`` is that day's)."""
    wanted = Q(replaced_by_id=action.pk)
    if action.replaced_by_id:
        wanted |= Q(pk=action.replaced_by_id)
    found = Action.objects.filter(wanted).select_related("plan").order_by("plan__name", "order")
    result = {"replaced_by": None, "replaces": []}
    for other in found:
        if other.pk == action.replaced_by_id:
            result["replaced_by"] = other
        if other.replaced_by_id == action.pk:
            result["replaces"].append(other)
    return result
