"""The committee cover report's pages: the list and a new draft from the data, the
preview with its history, a plan manager's edit (with a reason), and the Word download.

Readers who may export the plan's papers (managers, clerks, board, admins) read the
reports and download them; plan managers draft and edit them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import access_of, plan_for
from improvement.finance.models import ReportingPoint
from improvement.lib.dates import long_date
from improvement.lib.history import assign_changed, save_tracked

from .appendices import default_since
from .cover import cover_context, new_draft
from .cover_docx import cover_docx, docx_filename
from .forms import CoverEditForm, DraftForm
from .models import SECTIONS, CoverReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(plan, pk):
    return get_object_or_404(CoverReport.objects.select_related("plan"), plan=plan, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def cover_list(request, slug):
    """The plan's cover reports; a plan manager drafts a new one here (POST)."""
    plan = plan_for(request, slug, "manage" if request.method == "POST" else "export")
    points = list(ReportingPoint.objects.filter(plan=plan))
    form = DraftForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        since = data["since"] or default_since(plan, data["as_at"])
        report = new_draft(
            plan, as_at=data["as_at"], since=since, point=data["point"], user=request.user,
            committee=data["committee"], meeting_date=data["meeting_date"],
        )  # fmt: skip
        save_tracked(
            report, user=request.user,
            reason=f"Drafted from the plan's data as at {long_date(report.as_at)}.",
        )  # fmt: skip
        messages.success(request, "The cover report was drafted from the data. Check and edit it.")
        return redirect("reports:cover_edit", slug=plan.slug, pk=report.pk)
    context = {
        "plan": plan,
        "form": form,
        "reports": CoverReport.objects.filter(plan=plan).select_related("created_by"),
        "can_draft": access_of(request).can_manage and not access_of(request).closed,
    }
    return render(request, "reports/cover_list.html", context, status=400 if form.errors else 200)


def _history(report):
    """The report's changes, newest first: who, when, why and which parts changed."""
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = dict(SECTIONS) | {"title": "Title", "committee": "Committee",
                               "meeting_date": "Meeting date", "reference": "Report reference",
                               "report_of": "Report of"}  # fmt: skip
    events, previous = [], None
    for record in records:
        changed = [
            labels[f]
            for f in labels
            if previous is None or getattr(record, f) != getattr(previous, f)
        ]
        user = record.history_user
        events.append({
            "when": record.history_date,
            "who": (user.get_full_name() or user.get_username()) if user else "Unknown",
            "reason": record.history_change_reason or "",
            "changed": changed if previous is not None else ["Drafted"],
        })  # fmt: skip
        previous = record
    return events[::-1]


@login_required
@require_GET
def cover_detail(request, slug, pk):
    plan = plan_for(request, slug, "export")
    report = _report(plan, pk)
    access = access_of(request)
    context = {
        "plan": plan,
        "c": cover_context(report),
        "report": report,
        "events": _history(report),
        "can_edit": access.can_manage and not access.closed,
    }
    return render(request, "reports/cover_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cover_edit(request, slug, pk):
    plan = plan_for(request, slug, "manage")
    report = _report(plan, pk)
    fields = ["title", "committee", "meeting_date", "reference", "report_of"]
    fields += [key for key, _ in SECTIONS]
    if request.method == "POST":
        form = CoverEditForm(request.POST)
        if form.is_valid():
            values = {f: form.cleaned_data[f] for f in fields}
            values = {
                f: ("" if v is None and f != "meeting_date" else v) for f, v in values.items()
            }
            if assign_changed(report, values):
                save_tracked(report, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "The cover report was saved.")
            else:
                messages.info(request, "Nothing had changed, so nothing was saved.")
            return redirect("reports:cover", slug=plan.slug, pk=report.pk)
    else:
        form = CoverEditForm(initial={f: getattr(report, f) for f in fields})
    context = {"plan": plan, "report": report, "form": form}
    return render(request, "reports/cover_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def cover_word(request, slug, pk):
    plan = plan_for(request, slug, "export")
    report = _report(plan, pk)
    response = HttpResponse(cover_docx(cover_context(report)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{docx_filename(report)}"'
    response["Cache-Control"] = "private, no-store"
    return response
