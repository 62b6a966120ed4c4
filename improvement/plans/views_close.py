"""Closing a plan (and reopening it), and marking an action replaced by an action of the
plan that follows. Plan managers and admins; every change goes through the history.

Both pages work on a closed plan (``closed_ok``): closing is how a plan becomes closed,
and its actions are usually marked replaced once the plan that follows exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from improvement.accounts.access import is_closed, managed_plans, plan_for
from improvement.lib.history import assign_changed, save_tracked

from .forms_close import CloseActionForm, ClosePlanForm, ReopenPlanForm
from .models import Action, Plan

CLOSE, REOPEN = "close", "reopen"


@login_required
@require_http_methods(["GET", "POST"])
def close_plan(request, slug):
    plan = plan_for(request, slug, "manage", closed_ok=True)
    intent = REOPEN if is_closed(plan) else CLOSE
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("intent") != intent:
        # Someone else closed or reopened it since this form was opened.
        done = "closed" if intent == REOPEN else "reopened"
        messages.info(request, f"{plan.name} had already been {done}; nothing was changed.")
        return redirect("plans:detail", slug=plan.slug)
    if intent == CLOSE:
        form = ClosePlanForm(
            data,
            plan=plan,
            managed=managed_plans(request.user),
            initial={"replaced_by": plan.replaced_by_id},
        )
    else:
        form = ReopenPlanForm(data)
    if data is not None and form.is_valid():
        if intent == CLOSE:
            plan.status = Plan.Status.CLOSED
            plan.replaced_by = form.cleaned_data["replaced_by"]
            said = f"{plan.name} is closed."
        else:
            plan.status = Plan.Status.ACTIVE
            said = f"{plan.name} is open again."
        save_tracked(plan, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, said)
        return redirect("plans:detail", slug=plan.slug)
    context = {"plan": plan, "form": form, "intent": intent}
    return render(request, "plans/close_plan.html", context, status=400 if form.errors else 200)


def _target_plan(request, plan, action, choices):
    """Step one: the plan that carries the action on, from the form (GET, or the POST's
    hidden field), else the action's current successor's plan, else the plan that
    replaces this one, else the first the person manages. Returns ``(plan, error)``."""
    asked = request.POST.get("plan") if request.method == "POST" else request.GET.get("plan")
    if asked:
        found = next((p for p in choices if p.slug == asked), None)
        return found, "" if found else "Choose a plan you manage"
    default = action.replaced_by.plan_id if action.replaced_by_id else plan.replaced_by_id
    found = next((p for p in choices if p.pk == default), choices[0] if choices else None)
    return found, ""


@login_required
@require_http_methods(["GET", "POST"])
def close_action(request, slug, ref):
    plan = plan_for(request, slug, "manage", closed_ok=True)
    action = get_object_or_404(
        Action.objects.select_related("replaced_by__plan"), plan=plan, ref=ref
    )
    choices = list(managed_plans(request.user).exclude(pk=plan.pk).order_by("name"))
    target, plan_error = _target_plan(request, plan, action, choices)
    # The plan's scale says how a replaced action is rated, when it has a finished level
    # called "Closed" (the demo's does); otherwise the rating is left as it is.
    closed = plan.rating_levels.filter(name__iexact="Closed", is_finished=True).first()
    form = None
    if target is not None:
        data = request.POST if request.method == "POST" else None
        initial = {"replaced_by": action.replaced_by_id}
        form = CloseActionForm(data, target=target, initial=initial)
        if data is not None and form.is_valid():
            return _save_replacement(request, plan, action, target, closed, form.cleaned_data)
    context = {
        "closed_level": closed,
        "plan": plan,
        "action": action,
        "choices": choices,
        "target": target,
        "plan_error": plan_error,
        "form": form,
        "error_links": {"id_plan": plan_error} if plan_error else {},
    }
    invalid = bool(plan_error) or bool(form is not None and form.errors)
    return render(request, "plans/close_action.html", context, status=400 if invalid else 200)


def _save_replacement(request, plan, action, target, closed, data):
    successor = data["replaced_by"]
    values = {"replaced_by": successor}
    if closed is not None:
        values["rating"] = closed
    if assign_changed(action, values):
        save_tracked(action, user=request.user, reason=data["reason"])
        said = f"{action.label} is replaced by {successor.label} in {target.name}."
        messages.success(request, said)
    else:
        messages.info(request, f"{action.label} was already replaced by {successor.label}.")
    return redirect("plans:action", slug=plan.slug, ref=action.ref)
