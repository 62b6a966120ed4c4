"""Changing the plan: an officer's update of an action, a manager's impact commentary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from improvement.accounts.access import action_for, plan_for
from improvement.lib.dates import DayError, long_date, parse_day, today
from improvement.lib.history import assign_changed, save_tracked

from . import signoff
from .form_values import date_parts
from .forms import ActionUpdateForm, CommentaryForm
from .models import ActionRow, Area, ImpactCommentary
from .updating import CONFLICT, INVALID, SAVED, is_governed, submit_update
from .views_signoff import tell_saved


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, slug, ref):
    plan, action = action_for(request, slug, ref, need="edit")
    ratings = list(plan.rating_levels.order_by("order"))
    role = request.plan_role
    governed = is_governed(plan, role)
    status = 200
    conflict = None
    if request.method == "GET":
        rows = ActionRow.objects.for_update_form(action)
        form = ActionUpdateForm(action=action, ratings=ratings, rows=rows, governed=governed)
    elif request.POST.get("next_step") == "review":
        # From the conflict page: show the refused input (re-applied on top of the other
        # person's save) in the form, to change it before saving.
        rows = ActionRow.objects.for_update_form(action)
        form = ActionUpdateForm(
            action=action,
            ratings=ratings,
            rows=rows,
            governed=governed,
            initial=request.POST.dict(),
        )
    else:
        outcome = submit_update(
            action.pk, request.POST, user=request.user, ratings=ratings, role=role
        )
        action, form = outcome.action, outcome.form
        if outcome.kind == SAVED:
            tell_saved(request, plan, outcome)
            return redirect("plans:action", slug=plan.slug, ref=action.ref)
        if outcome.kind == CONFLICT:
            conflict, status = outcome.conflict, 409
        elif outcome.kind != INVALID:
            messages.info(request, f"{action.label}: nothing had changed, so nothing was saved.")
            return redirect("plans:action", slug=plan.slug, ref=action.ref)
    context = {
        "plan": plan,
        "action": action,
        "area": action.area,
        "form": form,
        "ratings": ratings,
        "conflict": conflict,
        "governed": governed,
        "signoff": signoff.needs_signoff(plan, role),
        "submission": signoff.latest_submission(plan, action),
    }
    if conflict is not None:
        return render(request, "plans/action_conflict.html", context, status=status)
    return render(request, "plans/action_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def commentary_edit(request, slug, key):
    plan = plan_for(request, slug, "manage")
    area = get_object_or_404(Area.objects.for_plan(plan), key=key)
    if request.method == "POST":
        form = CommentaryForm(request.POST)
        if form.is_valid():
            day = form.cleaned_data["reporting_date"]
            saved = _save_commentary(area, day, form.cleaned_data, request.user)
            if saved:
                messages.success(request, f"Impact commentary for {long_date(day)} saved.")
            else:
                messages.info(request, "The commentary had not changed, so nothing was saved.")
            return redirect("plans:area", slug=plan.slug, key=area.key)
    else:
        day = _day_from_query(request) or today()
        existing = ImpactCommentary.objects.filter(area=area, reporting_date=day).first()
        initial = {f"date_{k}": v for k, v in date_parts(day).items()}
        initial["text"] = existing.text if existing else ""
        form = CommentaryForm(initial=initial)
    return render(
        request,
        "plans/commentary_edit.html",
        {
            "plan": plan,
            "area": area,
            "form": form,
            "cancel": reverse("plans:area", args=[plan.slug, area.key]),
        },
    )


def _day_from_query(request):
    """The reporting date a "Change the commentary for …" link names; a date that is not
    real starts the form at today instead (the form's own boxes then say what is wrong)."""
    try:
        return parse_day(request.GET.get("date", ""), allow_future=True)
    except DayError:
        return None


def _save_commentary(area, day, data, user):
    commentary = ImpactCommentary.objects.filter(area=area, reporting_date=day).first()
    if commentary is None:
        commentary = ImpactCommentary(area=area, reporting_date=day, text=data["text"])
        default = f"Impact commentary for {long_date(day)} written."
    elif assign_changed(commentary, {"text": data["text"]}):
        default = f"Impact commentary for {long_date(day)} revised."
    else:
        return False
    save_tracked(commentary, user=user, reason=data["reason"] or default)
    return True
