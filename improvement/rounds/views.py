"""The rounds' pages: the list with the form that opens one (plan managers), the chasing
page (managers, clerks and board), closing a round, confirming an action unchanged, and
one's own reminder preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from improvement.accounts.access import access_of, action_for, plan_for
from improvement.lib.dates import long_date, today
from improvement.lib.history import save_tracked

from . import cycle, marking
from .chasing import chase
from .forms import CloseRoundForm, OpenRoundForm, ReminderPreferenceForm
from .models import ReminderPreference, RoundAction, UpdateRound


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request, slug):
    plan = plan_for(request, slug, "manage" if request.method == "POST" else "export")
    current = cycle.open_round_of(plan)
    form = None
    if access_of(request).can_manage and not access_of(request).closed:
        form = OpenRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if current is not None:
            form.add_error(None, f"{current.name} is still open: close it before opening another")
        else:
            data = form.cleaned_data
            try:
                opened = cycle.open_round(plan, user=request.user, **data)
            except cycle.RoundAlreadyOpen:
                form.add_error(None, "Someone has just opened a round: close it first")
            else:
                messages.success(request, f"{opened.name} is open.")
                return redirect("rounds:detail", slug=plan.slug, pk=opened.pk)
    rounds = list(plan.rounds.select_related("opened_by", "closed_by").order_by("-opened_at"))
    context = {"plan": plan, "rounds": rounds, "current": current, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "rounds/round_list.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def round_detail(request, slug, pk):
    """The chasing page: who has not updated, by owner role, person and area."""
    plan = plan_for(request, slug, "export")
    round_ = get_object_or_404(UpdateRound, plan=plan, pk=pk)
    access = access_of(request)
    # Managers (and admins) may edit every action: the update links, one-click buttons
    # and closing are theirs; clerks and board members read.
    managing = round_.is_open and access.can_manage and not access.closed
    context = {
        "plan": plan,
        "round": round_,
        "chase": chase(round_),
        "can_edit": managing,
        "can_close": managing,
        "here": request.get_full_path(),
    }
    return render(request, "rounds/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def close_round(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    round_ = get_object_or_404(UpdateRound, plan=plan, pk=pk)
    if not round_.is_open:
        messages.info(request, f"{round_.name} was already closed; nothing was changed.")
        return redirect("rounds:detail", slug=plan.slug, pk=round_.pk)
    data = request.POST if request.method == "POST" else None
    form = CloseRoundForm(data, initial={"as_at": min(round_.as_at, today())})
    if data is not None and form.is_valid():
        as_at = form.cleaned_data["as_at"]
        cycle.close_round(
            round_, as_at=as_at, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"{round_.name} is closed, with ratings as at {long_date(as_at)}."
        )
        return redirect("rounds:detail", slug=plan.slug, pk=round_.pk)
    outstanding = round_.entries.filter(state=RoundAction.State.NOT_UPDATED).count()
    context = {"plan": plan, "round": round_, "form": form, "outstanding": outstanding}
    return render(request, "rounds/close_round.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def confirm_unchanged(request, slug, pk, ref):
    """One click: the action needs no change this round. For whoever may edit it."""
    plan, action = action_for(request, slug, ref, need="edit")
    entry = get_object_or_404(
        RoundAction.objects.select_related("round"), round_id=pk, round__plan=plan, action=action
    )
    if not entry.round.is_open:
        messages.info(request, f"{entry.round.name} is closed; nothing was changed.")
    elif marking.confirm_unchanged(entry, user=request.user, when=timezone.now()):
        messages.success(request, f"{action.label} is confirmed unchanged for {entry.round.name}.")
    else:
        said = entry.get_state_display().lower()
        messages.info(request, f"{action.label} was already {said} in {entry.round.name}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("plans:my_actions")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preference(request):
    """The signed-in person's own choice: reminder e-mails on or off."""
    preference = ReminderPreference.objects.filter(user=request.user).first()
    wants = preference.email_reminders if preference else True
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferenceForm(data, initial={"email_reminders": "yes" if wants else "no"})
    if data is not None and form.is_valid():
        chosen = form.cleaned_data["email_reminders"]
        if chosen == wants:
            messages.info(request, "Your reminder choice is unchanged.")
        else:
            preference = preference or ReminderPreference(user=request.user)
            preference.email_reminders = chosen
            said = "on" if chosen else "off"
            save_tracked(
                preference, user=request.user, reason=f"Turned their reminder e-mails {said}."
            )
            messages.success(request, f"Reminder e-mails are now {said}.")
        return redirect("rounds:reminders")
    status = 400 if form.errors else 200
    return render(request, "rounds/reminders.html", {"form": form, "wants": wants}, status=status)
