"""My actions: what the signed-in officer owns, overdue first; a plan manager sees all."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_GET

from improvement.accounts.access import NEEDS, Role, visible_plans
from improvement.evidence.checks import evidenced_action_ids
from improvement.lib.dates import today as today_in_council
from improvement.rounds.mine import with_round_due

from . import flags
from .due import format_due
from .filters import MyActionsFilter
from .models import Action

PER_PAGE = 50


@login_required
@require_GET
def my_actions(request):
    today = today_in_council()
    user = request.user
    plans = visible_plans(user)
    if user.is_superuser:
        managed, officer_of = plans, plans
    else:
        managed = plans.filter(memberships__user=user, memberships__role__in=NEEDS["manage"])
        officer_of = plans.filter(memberships__user=user, memberships__role=Role.OFFICER)
    actions = (
        with_round_due(
            Action.objects.for_my_actions(
                owned_by=user, managed_plans=managed, member_plans=officer_of
            )
        )
        .annotate(
            is_overdue=Case(
                When(flags.overdue_q(today), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-is_overdue", F("due_date").asc(nulls_last=True), "plan__name", "order")
    )
    chosen = MyActionsFilter(request.GET or None, actions, plans=plans, today=today)
    page = Paginator(chosen.qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # The page's evidenced actions, read once if a flag needs them.
    has_evidence = flags.evidence_lookup(lambda: evidenced_action_ids([a.pk for a in rows]))
    for action in rows:
        action.flags = flags.flags_for(action, action.rating, today, has_evidence)
        action.due_display = format_due(action.due_date, action.due_text)
        action.owner_titles = [o.role.title for o in action.owners.all() if o.row == 1]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/my_actions.html",
        {
            "filter": chosen,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "sees_all": managed.exists(),
        },
    )
