"""Plan downloads: the plan workbook and the actions list, as at today or a past day.

Anyone who may read the plan may download it. ``?as_at=`` follows the reading pages'
one rule (``lib.dates``): blank is today; a day that is not real, or is in the future,
is answered with the reason and HTTP 400.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from improvement.accounts.access import plan_for
from improvement.lib.dates import AsAtForm, today

from .export import actions_csv, filename, plan_data_at
from .workbook import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan_and_day(request, slug):
    """``(plan, day, None)``, or ``(plan, None, a 400 response)`` for a refused day."""
    plan = plan_for(request, slug, "read")
    form = AsAtForm(request.GET)
    if not form.is_valid():
        message = " ".join(form.errors.get("as_at", ["The date is not right."]))
        return plan, None, render(request, "400.html", {"exception": message}, status=400)
    return plan, form.cleaned_data["as_at"], None


def _download(body, content_type, name):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def download_xlsx(request, slug):
    plan, day, refused = _plan_and_day(request, slug)
    if refused:
        return refused
    body = write_workbook(plan_data_at(plan, day), as_at=day or today())
    return _download(body, XLSX, filename(plan, day, "xlsx"))


@login_required
@require_GET
def download_csv(request, slug):
    plan, day, refused = _plan_and_day(request, slug)
    if refused:
        return refused
    # With a byte order mark, so Excel reads the plan's £ and curly quotes as UTF-8.
    body = actions_csv(plan_data_at(plan, day)).encode("utf-8-sig")
    return _download(body, "text/csv; charset=utf-8", filename(plan, day, "csv"))
