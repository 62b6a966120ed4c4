"""The scorecard pages. Every view asks improvement.accounts.access first: "read" for
the scorecard, an indicator and the exports, "manage" for importing and for marking a
month complete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from improvement.accounts.access import access_of, plan_for
from improvement.lib.dates import today

from . import uploads
from .charts import trend_chart
from .forms import CompleteMonthForm, RangeForm, UploadForm
from .import_checks import ImportRefused
from .importing import MAX_MONTHS_BACK, apply_import, plan_import
from .models import Indicator, IndicatorValue, ScorecardMonth, SectionNarrative
from .months import mark_month, month_note, plan_months
from .narratives import about
from .tables import add_months, indicator_row, month_window, scorecard_context
from .workbook import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stored_month_list(plan):
    return list(
        IndicatorValue.objects.filter(indicator__plan=plan)
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )


def _range(request, plan):
    """The range form and the months chosen; unless chosen, the scorecard ends with the
    latest complete month (months.plan_months), not a month of a few early figures."""
    stored = plan_months(plan)
    form = RangeForm(request.GET or None, stored=stored.stored)
    months, end = form.window(stored.default)
    return form, months, end, stored


@login_required
@require_GET
def scorecard(request, slug):
    plan = plan_for(request, slug, "read")
    form, months, end, stored = _range(request, plan)
    table = scorecard_context(plan, months=months, end=end, span=stored.span)
    table["month_note"] = month_note(stored, end, table["indicator_count"])
    can_manage = access_of(request).can_manage
    # A manager may mark the newest month complete from here, when it is not the default.
    newest = stored.stored[-1] if stored.counts else None
    if not can_manage or newest is None or newest <= (stored.default or newest):
        newest = None
    context = {
        "plan": plan,
        "form": form,
        "scorecard": table,
        "can_import": can_manage,
        "offer_complete": newest,
        "query": request.GET.urlencode(),
    }
    return render(request, "scorecard/scorecard.html", context)


@login_required
@require_GET
def export(request, slug):
    plan = plan_for(request, slug, "read")
    _form, months, end, _stored = _range(request, plan)
    data = workbook_bytes(plan, months=months, end=end)
    name = f"{slugify(plan.slug)}-scorecard-{end:%Y-%m}.xlsx" if end else "scorecard.xlsx"
    return _xlsx(data, name)


@login_required
@require_GET
def template(request, slug):
    plan = plan_for(request, slug, "manage")
    stored = stored_month_list(plan)
    end = stored[-1] if stored else None
    data = workbook_bytes(plan, months=12, end=end, blank_next_month=True)
    return _xlsx(data, f"{slugify(plan.slug)}-scorecard-template.xlsx")


def _xlsx(data, name):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _area_url(plan, area):
    try:
        return reverse("plans:area", args=[plan.slug, area.key])
    except NoReverseMatch:  # pragma: no cover - the plans app always has area pages
        return ""


@login_required
@require_GET
def indicator(request, slug, code):
    plan = plan_for(request, slug, "read")
    stored = stored_month_list(plan)
    # By default every stored month up to two years: no run of empty months on the chart.
    default_months = min(24, max(len(stored), 1))
    form = RangeForm(request.GET or None, stored=stored)
    months, end = form.window(stored[-1] if stored else today(), default_months)
    window = month_window(end, months)
    item = get_object_or_404(
        Indicator.objects.select_related("section")
        .with_areas()
        .with_values(add_months(window[0], -1), window[-1]),
        plan=plan,
        code=code,
    )
    row = indicator_row(item, window)
    narratives = SectionNarrative.objects.filter(section_id=item.section_id)
    order = list(
        Indicator.objects.filter(plan=plan).order_by("order").values_list("code", flat=True)
    )
    areas = [{"area": a, "url": _area_url(plan, a)} for a in item.area_list]
    context = {
        "plan": plan,
        "indicator": item,
        "row": row,
        "chart": trend_chart(row),
        "chart_description": describe(row),
        "rows_newest_first": list(reversed(row["cells"])),
        "narratives": about(narratives, item.code, order),
        "areas": areas,
        "form": form,
        "months": months,
    }
    return render(request, "scorecard/indicator.html", context)


def describe(row):
    """The chart in words, for its <desc>: the table beside it holds every figure."""
    cells = [c for c in row["cells"] if c["value"] is not None]
    first, last = row["cells"][0]["month"], row["cells"][-1]["month"]
    span = f"{first:%B %Y} to {last:%B %Y}"
    if not cells:
        return f"No figures from {span}."
    low = min(cells, key=lambda c: c["value"])
    high = max(cells, key=lambda c: c["value"])
    parts = [
        f"Figures from {span}: lowest {low['text']} ({low['month']:%B %Y}), highest "
        f"{high['text']} ({high['month']:%B %Y}), latest {cells[-1]['text']} "
        f"({cells[-1]['month']:%B %Y})"
        + (f", {cells[-1]['rag_label'].lower()}" if cells[-1]["rag"] else "")
        + "."
    ]
    if row["target_kind"] != "monitor":
        parts.append(f"Target {row['target_text']}.")
    if row["sn_average_text"]:
        parts.append(f"Statistical neighbours' average {row['sn_average_text']}.")
    parts.append("The table beside the chart lists every month.")
    return " ".join(parts)


# -- complete months ---------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def months(request, slug):
    """Which months are complete: every stored month with its figures, and a form to
    mark one complete or not (the scorecard and Appendix 4 open at the latest marked)."""
    plan = plan_for(request, slug, "manage")
    stored = plan_months(plan)
    form = CompleteMonthForm(request.POST or None, stored=stored.stored)
    if request.method == "POST" and form.is_valid():
        month, complete = form.cleaned_data["month"], form.cleaned_data["complete"]
        changed = mark_month(
            plan, month, complete, user=request.user, reason=form.cleaned_data["reason"]
        )
        said = "complete" if complete else "not complete"
        if changed:
            messages.success(request, f"{month:%B %Y} is marked {said}.")
        else:
            messages.info(request, f"{month:%B %Y} was already marked {said}: nothing changed.")
        return redirect("scorecard:scorecard", slug=plan.slug)
    marked = set(
        ScorecardMonth.objects.filter(plan=plan, complete=True).values_list("month", flat=True)
    )
    indicator_count = Indicator.objects.filter(plan=plan).count()
    rows = [
        {"month": m, "figures": n, "marked": m in marked, "default": m == stored.default}
        for m, n in reversed(stored.counts.items())
    ]
    context = {
        "plan": plan,
        "form": form,
        "rows": rows,
        "indicator_count": indicator_count,
        "note": month_note(stored, stored.default, indicator_count),
    }
    return render(request, "scorecard/months.html", context, status=400 if form.errors else 200)


# -- import ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, slug):
    plan = plan_for(request, slug, "manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"plan": plan, "form": form, "max_months_back": MAX_MONTHS_BACK}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        data = upload.read()
        try:
            result = plan_import(plan, upload.name, data)
        except ImportRefused as exc:
            form.add_error("workbook", str(exc))
            return render(request, "scorecard/import.html", context, status=400)
        if result.errors:
            context["result"] = result
            return render(request, "scorecard/import.html", context, status=400)
        token = uploads.keep(request, plan, upload.name, data, result.fingerprint())
        return render(
            request,
            "scorecard/import_preview.html",
            {"plan": plan, "result": result, "token": token, **_complete_offer(result)},
        )
    status = 400 if form.errors else 200
    return render(request, "scorecard/import.html", context, status=status)


def _complete_offer(result):
    """The newest month the import writes to, offered on the preview to mark complete."""
    months = sorted({c.month for c in result.writes})
    return {"complete_month": months[-1]} if months else {}


@login_required
@require_POST
def import_confirm(request, slug):
    plan = plan_for(request, slug, "manage")
    kept = uploads.fetch(request, plan, request.POST.get("token", ""))
    if kept is None:
        form = UploadForm()
        form.errors["workbook"] = form.error_class(
            ["That import has expired or was already applied. Upload the workbook again."]
        )
        context = {"plan": plan, "form": form, "max_months_back": MAX_MONTHS_BACK}
        return render(request, "scorecard/import.html", context, status=410)
    name, data, fingerprint = kept
    try:
        result = plan_import(plan, name, data)
    except ImportRefused as exc:  # pragma: no cover - it passed the same checks before
        raise Http404(str(exc)) from exc
    if result.errors or result.fingerprint() != fingerprint:
        # The stored figures moved on since the preview: show the new preview.
        token = uploads.keep(request, plan, name, data, result.fingerprint())
        uploads.forget(request, request.POST.get("token", ""))
        return render(
            request,
            "scorecard/import_preview.html",
            {
                "plan": plan,
                "result": result,
                "token": token,
                "moved_on": True,
                **_complete_offer(result),
            },
            status=409,
        )
    written = apply_import(result, user=request.user)
    uploads.forget(request, request.POST.get("token", ""))
    if written:
        figures = "figure" if written == 1 else "figures"
        messages.success(request, f"Imported {written} {figures} from {name}.")
    else:
        messages.success(request, f"{name} matches the scorecard: nothing changed.")
    complete = {f"{m:%Y-%m}": m for m in result.months}.get(request.POST.get("complete_month"))
    if complete is not None:
        reason = f"{complete:%B %Y} marked complete on importing {name}"
        if mark_month(plan, complete, True, user=request.user, reason=reason):
            messages.success(request, f"{complete:%B %Y} is marked complete.")
    return redirect("scorecard:scorecard", slug=plan.slug)
