"""The plan managers' governance pages: the meetings that decide proposals, and the plan's
settings for how its monthly cycle is governed. Every view asks improvement.accounts.access
first; reading the meetings is open to the plan's board members and clerks too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET

from improvement.accounts.access import plan_for
from improvement.lib.dates import today
from improvement.lib.history import save_tracked

from . import meetings
from .forms import MeetingForm, MinutesForm, PlanSettingsForm, mark_errors
from .models import Meeting


def _back_to(request, slug):
    """Where to go after recording a meeting: the decision page that sent the manager
    here (``?next=``, this site's own address only), or the list of meetings."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    decide_prefix = reverse("governance:queue", args=[slug])
    if target.startswith(decide_prefix) and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=False
    ):
        return target
    return ""


@login_required
@require_GET
def meeting_list(request, slug):
    plan = plan_for(request, slug, "proposals")
    context = {"plan": plan, "meetings": list(meetings.listed(plan)), "today": today()}
    return render(request, "governance/meetings.html", context)


@login_required
def meeting_new(request, slug):
    plan = plan_for(request, slug, "manage")
    back = _back_to(request, slug)
    form = MeetingForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.record(
                plan,
                user=request.user,
                name=data["name"],
                date=data["date"],
                minutes_url=data["minutes_url"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Recorded {meeting.label}.")
            if back:
                return redirect(f"{back.split('?')[0]}?{urlencode({'meeting': meeting.pk})}")
            return redirect("governance:meetings", slug)
    mark_errors(form)
    context = {"plan": plan, "form": form, "back": back}
    return render(request, "governance/meeting_form.html", context)


@login_required
def meeting_minutes(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    meeting = get_object_or_404(Meeting, plan=plan, pk=pk)
    form = MinutesForm(request.POST or None, initial={"minutes_url": meeting.minutes_url})
    if request.method == "POST" and form.is_valid():
        try:
            meetings.add_minutes(
                meeting, user=request.user, minutes_url=form.cleaned_data["minutes_url"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Saved the link to the minutes of {meeting.label}.")
            return redirect("governance:meetings", slug)
    mark_errors(form)
    return render(
        request, "governance/meeting_minutes.html", {"plan": plan, "meeting": meeting, "form": form}
    )


@login_required
def plan_settings(request, slug):
    # A closed plan's settings are shown but not changed (``plan_for`` refuses the POST).
    plan = plan_for(request, slug, "manage")
    form = PlanSettingsForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for name in PlanSettingsForm.FIELDS:
            setattr(plan, name, data[name])
        save_tracked(
            plan,
            user=request.user,
            reason=data["reason"],
            update_fields=list(PlanSettingsForm.FIELDS),
        )
        messages.success(request, "The plan's settings have been saved.")
        return redirect("governance:settings", slug)
    mark_errors(form)
    return render(request, "governance/settings.html", {"plan": plan, "form": form})
