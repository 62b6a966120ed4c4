"""Inspections and visits of a plan, their findings, and each finding's traceability.

Everyone with a role in the plan reads these pages; plan managers add and change
inspections and findings and link findings to areas and actions. Access is asked of
``plan_for`` (no role: 404; a reader asking to change: 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import plan_for
from improvement.lib.dates import PARTS, AsAtForm

from .forms import FindingForm, InspectionForm
from .models import Finding, Inspection
from .records import save_finding, save_inspection
from .tracing import findings_of, inspections_of, trace


@login_required
@require_GET
def inspection_list(request, slug):
    plan = plan_for(request, slug, "read")
    context = {"plan": plan, "inspections": list(inspections_of(plan))}
    return render(request, "findings/inspection_list.html", context)


@login_required
@require_GET
def inspection_detail(request, slug, pk):
    plan = plan_for(request, slug, "read")
    inspection = get_object_or_404(Inspection, plan=plan, pk=pk)
    context = {"plan": plan, "inspection": inspection, "groups": findings_of(inspection)}
    return render(request, "findings/inspection_detail.html", context)


@login_required
@require_GET
def finding_trace(request, slug, pk):
    """One finding followed to the plan, now or (``?as_at=``) as at the end of a day."""
    form = AsAtForm(request.GET)
    if form.is_valid() and any(request.GET.get(f"as_at_{p}") for p in PARTS):
        return redirect(f"{request.path}?as_at={form.cleaned_data['as_at'].isoformat()}")
    day = form.day()
    plan = plan_for(request, slug, "history" if day else "read")
    finding = get_object_or_404(
        Finding.objects.select_related("inspection"), inspection__plan=plan, pk=pk
    )
    context = {
        "plan": plan,
        "finding": finding,
        "inspection": finding.inspection,
        "as_at": day,
        "as_at_form": form,
        **trace(finding, plan, day),
    }
    status = 400 if form.errors else 200
    return render(request, "findings/finding_trace.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request, slug, pk=None):
    """Add an inspection or visit (no ``pk``), or change one."""
    plan = plan_for(request, slug, "manage")
    inspection = get_object_or_404(Inspection, plan=plan, pk=pk) if pk else Inspection(plan=plan)
    adding = inspection.pk is None
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        if adding or form.has_changed():
            inspection = form.save(commit=False)
            reason = form.cleaned_data["reason"] or f"Recorded {inspection.label}."
            save_inspection(inspection, user=request.user, reason=reason)
            messages.success(request, f"{inspection.label} saved.")
        else:
            messages.info(request, "Nothing had changed, so nothing was saved.")
        return redirect("findings:inspection", slug=plan.slug, pk=inspection.pk)
    status = 400 if form.errors else 200
    context = {"plan": plan, "inspection": inspection, "form": form, "adding": adding}
    return render(request, "findings/inspection_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request, slug, inspection_pk, pk=None):
    """Add a finding to an inspection (no ``pk``), or change one and its links."""
    plan = plan_for(request, slug, "manage")
    inspection = get_object_or_404(Inspection, plan=plan, pk=inspection_pk)
    if pk:
        finding = get_object_or_404(Finding, inspection=inspection, pk=pk)
    else:
        last = inspection.findings.order_by("-order").values_list("order", flat=True).first()
        finding = Finding(inspection=inspection, order=(last or 0) + 1)
    adding = finding.pk is None
    initial = {"order": finding.order} if adding else None
    form = FindingForm(request.POST or None, instance=finding, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        finding = form.save(commit=False)
        reason = form.cleaned_data["reason"] or f"Recorded finding {finding.order}."
        written = save_finding(
            finding,
            user=request.user,
            reason=reason,
            fields_changed=any(f in form.changed_data for f in form.Meta.fields),
            areas=form.cleaned_data["areas"],
            actions=form.cleaned_data["action_refs"],
        )
        if written:
            messages.success(request, f"Finding {finding.order} saved.")
        else:
            messages.info(request, "Nothing had changed, so nothing was saved.")
        return redirect("findings:finding", slug=plan.slug, pk=finding.pk)
    status = 400 if form.errors else 200
    context = {
        "plan": plan,
        "inspection": inspection,
        "finding": finding,
        "form": form,
        "adding": adding,
    }
    return render(request, "findings/finding_form.html", context, status=status)
