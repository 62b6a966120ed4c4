"""The plan as people read it: the list of plans, a plan, an area, an action.

Each page also reads the plan as it stood at the end of a past day with
``?as_at=YYYY-MM-DD`` (read-only, under a banner).
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from improvement.accounts.access import edit_checker, plan_for, visible_plans

from .forms import DATE_PARTS, read_date
from .reading import PlanReader

MANAGERS = ("manager", "admin")


def home(request):
    return redirect("plans:index")


class PastDay:
    """The day a reading page is asked for: ``?as_at=YYYY-MM-DD`` (the address people
    paste), or the day, month and year boxes of the page's own form, which redirect to
    that address. ``day`` is None for now, also for today or a later day."""

    def __init__(self, request):
        self.day = self.error = self.redirect = None
        self.typed = {part: request.GET.get(f"as_at_{part}", "").strip() for part in DATE_PARTS}
        if any(self.typed.values()):
            day, self.error = read_date("as_at", request.GET, "The date")
            if day is not None:
                self.redirect = redirect(f"{request.path}?as_at={day.isoformat()}")
            return
        raw = request.GET.get("as_at", "").strip()
        if not raw:
            return
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise BadRequest(
                "as_at must be a date written YYYY-MM-DD, for example 2025-11-12."
            ) from None
        if day < timezone.localdate():
            self.day = day
            self.typed = {part: str(getattr(day, part)) for part in DATE_PARTS}


def _day_and_plan(request, slug):
    """The day a reading page is asked for, and the plan with the access reading it
    needs ("history" for a past day). The plan is None when the page's date boxes were
    used: the view returns ``past.redirect`` (to the ``?as_at=`` address) instead."""
    past = PastDay(request)
    if past.redirect:
        return past, None
    return past, plan_for(request, slug, "history" if past.day else "read")


def _mark_editable(request, plan, actions, as_at):
    may_edit = edit_checker(request, plan) if as_at is None else (lambda ids: False)
    for action in actions:
        action.editable = may_edit(action.owner_role_ids)


@login_required
@require_GET
def plan_list(request):
    plans = visible_plans(request.user).annotate(
        action_count=Count("actions", distinct=True),
        complete_count=Count(
            "actions", filter=Q(actions__rating__counts_as_complete=True), distinct=True
        ),
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
@require_GET
def plan_detail(request, slug):
    past, plan = _day_and_plan(request, slug)
    if past.redirect:
        return past.redirect
    as_at = past.day
    page = PlanReader(plan, as_at).read_plan()
    _mark_editable(request, plan, page["actions"], as_at)
    context = {"plan": plan, "as_at": as_at, "past": past, **page}
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_GET
def area_detail(request, slug, key):
    past, plan = _day_and_plan(request, slug)
    if past.redirect:
        return past.redirect
    as_at = past.day
    page = PlanReader(plan, as_at).read_area(key)
    _mark_editable(request, plan, page["actions"], as_at)
    context = {
        "plan": plan,
        "as_at": as_at,
        "past": past,
        "can_write_commentary": as_at is None and request.plan_role in MANAGERS,
        **area_indicators(page["area"], as_at),
        **page,
    }
    return render(request, "plans/area_detail.html", context)


@login_required
@require_GET
def action_detail(request, slug, ref):
    past, plan = _day_and_plan(request, slug)
    if past.redirect:
        return past.redirect
    as_at = past.day
    page = PlanReader(plan, as_at).read_action(ref)
    _mark_editable(request, plan, [page["action"]], as_at)
    context = {"plan": plan, "as_at": as_at, "past": past, "history_url": history_url(plan, ref)}
    context.update(page)
    return render(request, "plans/action_detail.html", context)


AREA_INDICATORS = "scorecard/_area_indicators.html"


def area_indicators(area, as_at):
    """The scorecard's indicators for the area (the scorecard app's template and
    context), ending at the ``as_at`` month in a past view."""
    try:
        from improvement.scorecard.tables import indicators_for_area

        get_template(AREA_INDICATORS)
    except (ImportError, TemplateDoesNotExist):
        return {}
    context = indicators_for_area(area, end=as_at) if as_at else indicators_for_area(area)
    context.pop("area", None)
    return {"indicators_template": AREA_INDICATORS, **context}


def history_url(plan, ref):
    """The full history page of the action (the governance app's), when installed."""
    try:
        url = reverse("governance:action_history", args=[plan.slug, ref])
    except NoReverseMatch:
        return None
    return url
