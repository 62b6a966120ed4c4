"""The finance page (any reader of the plan), its CSV, and a plan manager's change to a
budget line. Access is decided by ``plan_for``; every write goes through the history."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import access_of, plan_for
from improvement.governance.xlsx import safe
from improvement.lib.history import assign_changed, save_tracked

from .forms import BudgetLineForm
from .history import line_history
from .models import Budget, BudgetLine, FinanceFigure, ReportingPoint
from .tables import finance_table, find_point, latest_point


def _table(request, plan):
    """The table at the ``?point=`` asked for (latest when none); 404 for an unknown one."""
    key = request.GET.get("point", "")
    table = finance_table(plan, key or None)
    if key and table["point"] is None:
        raise Http404("No such reporting point.")
    return table


@login_required
@require_GET
def finance_page(request, slug):
    plan = plan_for(request, slug, "read")
    table = _table(request, plan)
    access = access_of(request)
    query = f"?point={table['point']['key']}" if table["point"] else ""
    context = {
        "plan": plan,
        "table": table,
        "edit_url_prefix": (
            reverse("finance:line_edit", args=[plan.slug, 0])[:-2]
            if access.can_manage and not access.closed
            else ""
        ),
        "csv_url": reverse("finance:csv", args=[plan.slug]) + query,
    }
    return render(request, "finance/finance.html", context)


@login_required
@require_GET
def finance_csv(request, slug):
    """The table as CSV: amounts in pounds as plain numbers, for a spreadsheet."""
    plan = plan_for(request, slug, "read")
    table = _table(request, plan)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    point = table["point"]
    name = f"{plan.slug}-finance-{point['key'] if point else 'none'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    heads = table["headings"]
    writer.writerow(
        ["Expenditure group", "Origin", heads["budget"], heads["actual"], heads["forecast"],
         "Forecast less budget"]
    )  # fmt: skip
    keys = ("budget", "actual", "forecast", "variance")
    for line in table["lines"]:
        writer.writerow(
            [
                safe(line["expenditure_group"]),  # never run as a formula
                line["origin"],
                *(_csv_pounds(line[k]) for k in keys),
            ]
        )
    writer.writerow(["Grand total", "", *(_csv_pounds(table["totals"][k]) for k in keys)])
    return response


def _csv_pounds(pence):
    whole, part = divmod(abs(pence), 100)
    return f"{'-' if pence < 0 else ''}{whole}" + (f".{part:02d}" if part else "")


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    line = get_object_or_404(BudgetLine, plan=plan, pk=pk)
    points = list(ReportingPoint.objects.filter(plan=plan))
    key = request.GET.get("point") or request.POST.get("point") or ""
    point = find_point(points, key) if key else latest_point(points)
    if point is None:
        raise Http404("No such reporting point.")
    budget = Budget.objects.filter(line=line, year=point.year).first()
    figure = FinanceFigure.objects.filter(line=line, point=point).first()
    back = reverse("finance:table", args=[plan.slug]) + f"?point={point.key}"
    if request.method == "POST":
        form = BudgetLineForm(request.POST, year=point.year, point=point)
        taken = (
            BudgetLine.objects.filter(
                plan=plan, expenditure_group=form.data.get("expenditure_group", "").strip()
            )
            .exclude(pk=line.pk)
            .exists()
        )
        if taken:
            form.add_error("expenditure_group", "Another line already has this expenditure group")
        if form.is_valid():
            written = _save(line, budget, figure, point, form.cleaned_data, request.user)
            if written:
                messages.success(request, f"{line.expenditure_group}: saved.")
            else:
                messages.info(request, "Nothing had changed, so nothing was saved.")
            return redirect(back)
    else:
        form = BudgetLineForm(
            initial={
                "expenditure_group": line.expenditure_group,
                "origin": line.origin,
                "budget": budget.amount if budget else 0,
                "actual": figure.actual if figure else None,
                "forecast": figure.forecast if figure else None,
            },
            year=point.year,
            point=point,
        )
    context = {
        "plan": plan,
        "line": line,
        "point": point,
        "form": form,
        "back": back,
        "events": line_history(line),
    }
    return render(request, "finance/line_edit.html", context, status=400 if form.errors else 200)


@transaction.atomic
def _save(line, budget, figure, point, data, user):
    """Write what changed, each object with the manager's reason. Rows written."""
    reason, written = data["reason"], 0
    if assign_changed(
        line, {"expenditure_group": data["expenditure_group"], "origin": data["origin"]}
    ):
        save_tracked(line, user=user, reason=reason)
        written += 1
    if budget is None and data["budget"] == 0:
        pass  # no budget for the year, and none given
    elif budget is None:
        budget = Budget(line=line, year=point.year, amount=data["budget"])
        save_tracked(budget, user=user, reason=reason)
        written += 1
    elif assign_changed(budget, {"amount": data["budget"]}):
        save_tracked(budget, user=user, reason=reason)
        written += 1
    values = {"actual": data["actual"], "forecast": data["forecast"]}
    if figure is None:
        save_tracked(FinanceFigure(line=line, point=point, **values), user=user, reason=reason)
        written += 1
    elif assign_changed(figure, values):
        save_tracked(figure, user=user, reason=reason)
        written += 1
    return written
