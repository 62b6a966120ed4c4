"""The dashboard page: the plan's progress and slippage as at any day, for its readers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from improvement.accounts.access import plan_for
from improvement.lib.dates import PARTS, AsAtForm

from .figures import dashboard_context


@login_required
@require_GET
def dashboard(request, slug):
    """``?as_at=YYYY-MM-DD`` for a past day; the date boxes redirect to that address (as
    the plan page does). A malformed or future day is told next to the boxes, with
    today's dashboard beneath, and HTTP 400."""
    form = AsAtForm(request.GET)
    if form.is_valid() and any(request.GET.get(f"as_at_{p}") for p in PARTS):
        day = form.cleaned_data["as_at"]
        return redirect(f"{request.path}?as_at={day.isoformat()}")
    plan = plan_for(request, slug, "read")
    dashboard = dashboard_context(plan, form.day())
    context = {
        "plan": plan,
        "as_at": dashboard["as_at"],
        "day": dashboard["day"],
        "as_at_form": form,
        "dashboard": dashboard,
    }
    status = 400 if form.errors else 200
    return render(request, "dashboard/dashboard.html", context, status=status)
