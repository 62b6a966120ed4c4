"""The plan as people read it: the list of plans, a plan, an area, an action.

Each page also reads the plan as it stood at the end of a past day with
``?as_at=YYYY-MM-DD`` (read-only, under a banner).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Q, When
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from improvement.accounts.access import (
    access_of,
    can_create_plans,
    edit_checker,
    plan_for,
    visible_plans,
)
from improvement.dashboard.filters import PlanFilterForm
from improvement.evidence.reading import action_evidence
from improvement.lib.dates import PARTS, AsAtForm

from .models import Plan
from .panels import area_panels
from .reading import PlanReader
from .signoff import latest_submission
from .snapshot import PlanSnapshot
from .status import percent_complete


def home(request):
    return redirect("plans:index")


def _reading(request, slug):
    """The day a reading page is asked for and the plan, with the access reading needs
    ("history" for a past day). Returns ``(form, plan, response)``: a response instead
    of a plan when the page's date boxes were used (a redirect to the ``?as_at=``
    address people paste and share)."""
    form = AsAtForm(request.GET)
    if form.is_valid() and any(request.GET.get(f"as_at_{p}") for p in PARTS):
        day = form.cleaned_data["as_at"]
        return form, None, redirect(f"{request.path}?as_at={day.isoformat()}")
    past = form.day()
    return form, plan_for(request, slug, "history" if past else "read"), None


def _page(request, template, form, plan, context):
    """A reading page; a malformed or future day is told next to the date boxes, with
    the page as it stands today beneath, and HTTP 400."""
    status = 400 if form.errors else 200
    context = {"plan": plan, "as_at": form.day(), "as_at_form": form, **context}
    return render(request, template, context, status=status)


def _mark_editable(request, plan, actions, as_at):
    may_edit = edit_checker(request, plan) if as_at is None else (lambda ids: False)
    for action in actions:
        action.editable = may_edit(action.owner_role_ids)


@login_required
@require_GET
def plan_list(request):
    """Every plan the user has a role in, open ones first; a closed plan names the plan
    that replaces it (a link when the user can see that one too). One query."""
    closed_last = Case(When(status=Plan.Status.CLOSED, then=1), default=0)
    plans = (
        visible_plans(request.user)
        .select_related("replaced_by")
        .annotate(
            action_count=Count("actions", distinct=True),
            complete_count=Count(
                "actions", filter=Q(actions__rating__counts_as_complete=True), distinct=True
            ),
        )
        .order_by(closed_last, "name", "pk")
    )
    plans = list(plans)
    seen = {plan.pk for plan in plans}
    for plan in plans:
        plan.percent_complete = percent_complete(plan.complete_count, plan.action_count)
        plan.successor_visible = plan.replaced_by_id in seen
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_add_plans": can_create_plans(request.user)},
    )


@login_required
@require_GET
def plan_detail(request, slug):
    form, plan, response = _reading(request, slug)
    if response:
        return response
    snapshot = PlanSnapshot(plan, form.day())
    page = PlanReader(snapshot).read_plan()
    _mark_editable(request, plan, page["actions"], form.day())
    # The filters' choices are the snapshot's (no query); they narrow the actions shown.
    filters = PlanFilterForm(request.GET, snapshot=snapshot)
    page["shown"] = filters.apply(page)
    page["filters"] = filters
    return _page(request, "plans/plan_detail.html", form, plan, page)


@login_required
@require_GET
def area_detail(request, slug, key):
    form, plan, response = _reading(request, slug)
    if response:
        return response
    as_at = form.day()
    page = PlanReader(PlanSnapshot(plan, as_at)).read_area(key)
    _mark_editable(request, plan, page["actions"], as_at)
    page["can_write_commentary"] = as_at is None and access_of(request).can_manage
    # Rendered here, each with the page's plan and day beside its own context.
    page["panels"] = [
        render_to_string(p["template"], {"plan": plan, "as_at": as_at, **p}, request)
        for p in area_panels(page["area"], as_at)
    ]
    return _page(request, "plans/area_detail.html", form, plan, page)


@login_required
@require_GET
def action_detail(request, slug, ref):
    form, plan, response = _reading(request, slug)
    if response:
        return response
    page = PlanReader(PlanSnapshot(plan, form.day())).read_action(ref)
    _mark_editable(request, plan, [page["action"]], form.day())
    page["submission"] = latest_submission(plan, page["action"], form.day())
    page.update(action_evidence(request, page["action"], form.day()))  # one query
    return _page(request, "plans/action_detail.html", form, plan, page)
