"""The signed-in person's own page: their password, reminder e-mails and API tokens."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import visible_plans
from .models import Membership


@login_required
@require_GET
def your_account(request):
    """Only the person's own things: no plan's data, so no plan check is needed."""
    roles = (
        Membership.objects.filter(user=request.user, plan__in=visible_plans(request.user))
        .select_related("plan")
        .order_by("plan__name")
    )
    return render(request, "accounts/your_account.html", {"roles": roles})
