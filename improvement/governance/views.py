"""Change history and governance pages. Every view asks improvement.accounts.access first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from improvement.accounts.access import access_of, action_for, can_edit_action, plan_for
from improvement.lib import dates
from improvement.lib.dates import long_date

from . import changes, proposals, records, timeline, xlsx
from .compare import CompareForm, compare
from .filters import ChangeLogFilter
from .forms import DecisionForm, ProposalForm, mark_errors
from .models import Proposal

PAGE_SIZE = 50


def action_page_url(plan, ref):
    """The officer pages' action page, or the history page if that is not there."""
    try:
        return reverse("plans:action", args=[plan.slug, ref])
    except NoReverseMatch:
        return reverse("governance:action_history", args=[plan.slug, ref])


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def action_history(request, slug, ref):
    plan, action = action_for(request, slug, ref)
    lookups = records.Lookups(plan)
    context = {
        "plan": plan,
        "action": action,
        "events": timeline.action_timeline(action, lookups),
        "proposals": list(Proposal.objects.for_action(action)),
        "can_propose": can_edit_action(request.user, request.plan_role, action),
        "action_url": action_page_url(plan, ref),
    }
    return render(request, "governance/action_history.html", context)


def _filtered_log(request, plan):
    lookups = records.Lookups(plan)
    log = ChangeLogFilter(request.GET or None, plan=plan, lookups=lookups)
    return lookups, log


@login_required
@require_GET
def change_log(request, slug):
    plan = plan_for(request, slug, "history")
    lookups, log = _filtered_log(request, plan)
    page = Paginator(log.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if log.is_bound:
        mark_errors(log.form)
    context = {
        "plan": plan,
        "filter": log,
        "form": log.form,
        "page": page,
        "changes": changes.load(list(page.object_list), lookups),
        "description": log.description(),
        "query": _query_without(request, "page"),
        "can_export": access_of(request).can_export,
    }
    return render(request, "governance/change_log.html", context)


@login_required
@require_GET
def change_log_xlsx(request, slug):
    plan = plan_for(request, slug, "export")
    lookups, log = _filtered_log(request, plan)
    if log.is_bound and not log.form.is_valid():
        return redirect(f"{reverse('governance:changes', args=[slug])}?{request.GET.urlencode()}")
    exported = dates.today()
    description = f"{log.description()}. Exported {long_date(exported)}."
    body = xlsx.workbook(plan, lookups, log.qs, description=description)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{plan.slug}-changes-{exported:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def compare_dates(request, slug):
    plan = plan_for(request, slug, "history")
    asked = bool(request.GET)
    form = CompareForm(request.GET if asked else None)
    context = {"plan": plan, "form": form}
    if form.is_valid():
        day_from, day_to = form.cleaned_data["from_day"], form.cleaned_data["to_day"]
        if day_from and day_to:
            context.update(day_from=day_from, day_to=day_to)
            context["result"] = compare(plan, day_from, day_to)
    return render(request, "governance/compare.html", context, status=400 if form.errors else 200)


@login_required
def propose(request, slug, ref):
    plan, action = action_for(request, slug, ref, need="edit")
    form = ProposalForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposals.propose(
                action,
                user=request.user,
                kind=data["kind"],
                reason=data["reason"],
                new_due=data.get("parsed_due"),
                new_text=data.get("new_text", ""),
                new_rating=data.get("new_rating"),
            )
        except proposals.ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Your proposal for {action.label} has gone to the plan managers."
            )
            return redirect("governance:action_history", slug, ref)
    mark_errors(form)
    context = {
        "plan": plan,
        "action": action,
        "form": form,
        "waiting": list(Proposal.objects.for_action(action).filter(status="pending")),
        "action_url": action_page_url(plan, ref),
    }
    return render(request, "governance/propose.html", context)


@login_required
@require_GET
def proposal_queue(request, slug):
    # Board members and clerks read the queue; only managers decide (``decide``).
    plan = plan_for(request, slug, "proposals")
    context = {
        "plan": plan,
        "waiting": [_with_change(p) for p in Proposal.objects.waiting(plan)],
        "decided": [_with_change(p) for p in Proposal.objects.decided(plan)[:PAGE_SIZE]],
    }
    return render(request, "governance/queue.html", context)


def _with_change(proposal):
    proposal.change = proposals.describe_change(proposal)
    return proposal


@login_required
def decide(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    proposal = get_object_or_404(
        Proposal.objects.select_related("action", "old_rating", "new_rating", "proposed_by"),
        plan=plan,
        pk=pk,
    )
    if not proposal.is_pending:
        status = proposal.get_status_display().lower()
        messages.success(
            request, f"That proposal for {proposal.action.label} was already {status}."
        )
        return redirect("governance:queue", slug)
    # Back from recording a meeting (``?meeting=``): that meeting is chosen.
    initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
    form = DecisionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = {"user": request.user, "meeting": data["meeting"]}
        try:
            if data["decision"] == DecisionForm.APPROVE:
                proposals.approve(proposal, note=data["note"], **decided)
                done = "approved; the action has been changed"
            else:
                proposals.reject(proposal, reason=data["note"], **decided)
                done = "rejected; the reason is kept with it"
        except proposals.ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The proposal for {proposal.action.label} was {done}.")
            return redirect("governance:queue", slug)
    mark_errors(form)
    # Recording a meeting that is not listed comes back here to choose it.
    back = urlencode({"next": reverse("governance:decide", args=[slug, pk])})
    context = {
        "plan": plan,
        "proposal": _with_change(proposal),
        "form": form,
        "new_meeting_url": f"{reverse('governance:meeting_new', args=[slug])}?{back}",
    }
    return render(request, "governance/decide.html", context)
