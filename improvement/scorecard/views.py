"""The scorecard pages: every view asks improvement.accounts.access first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from improvement.accounts.access import plan_for

from .models import Indicator
from .tables import scorecard_context


@login_required
def scorecard(request, slug):
    plan = plan_for(request, slug, "read")
    context = {"plan": plan, "scorecard": scorecard_context(plan)}
    return render(request, "scorecard/scorecard.html", context)


@login_required
def indicator(request, slug, code):
    plan = plan_for(request, slug, "read")
    item = get_object_or_404(Indicator, plan=plan, code=code)
    return render(request, "scorecard/indicator.html", {"plan": plan, "indicator": item})
