"""The committee pack page and its PDF downloads. Thin: the form checks the dates,
``export_pdf`` builds the PDF; access is decided by ``plan_for(..., "export")``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from improvement.accounts.access import plan_for

from .appendices import APPENDICES, default_since, plan_started
from .export import export_pdf
from .forms import CommitteePackForm


def _form(request, plan):
    """The pack form from the query string (blank ratings date: today). A previous-report
    date nobody gave is suggested from the plan's reporting dates."""
    started = plan_started(plan)
    form = CommitteePackForm(request.GET, plan=plan, started=started)
    if form.is_valid() and form.fields["since"].widget.value_omitted_from_data(
        request.GET, None, "since"
    ):
        suggested = default_since(plan, form.cleaned_data["as_at"])
        if suggested:
            data = {**form.options().as_query(), "since": suggested.isoformat()}
            form = CommitteePackForm(data, plan=plan, started=started)
            form.is_valid()
    return form


def _downloads(plan, options):
    query = urlencode(options.as_query())
    links = []
    for key in ("1", "2", "3", "4", "pack"):
        appendix = APPENDICES[key]
        available = options.since is not None or not appendix.needs_since
        name = "reports:pack" if key == "pack" else "reports:appendix"
        args = [plan.slug] if key == "pack" else [plan.slug, key]
        links.append(
            {
                "appendix": appendix,
                "url": f"{reverse(name, args=args)}?{query}" if available else "",
            }
        )
    return links


def _page(request, plan, form, status=200):
    options = form.options() if form.is_valid() else None
    context = {
        "plan": plan,
        "form": form,
        "options": options,
        "downloads": _downloads(plan, options) if options else [],
    }
    return render(request, "reports/committee.html", context, status=status)


@login_required
@require_GET
def committee_pack(request, slug):
    plan = plan_for(request, slug, "export")
    form = _form(request, plan)
    return _page(request, plan, form, status=400 if form.errors else 200)


def _pdf_response(request, slug, key):
    plan = plan_for(request, slug, "export")
    form = _form(request, plan)
    if form.is_valid() and APPENDICES[key].needs_since and not form.cleaned_data.get("since"):
        form.add_error(
            "since", f"Enter the date of the previous report for {APPENDICES[key].heading}"
        )
    if not form.is_valid():
        return _page(request, plan, form, status=400)
    result = export_pdf(plan, key, form.options())
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-PDF-Cache"] = "hit" if result.from_cache else "miss"
    return response


@login_required
@require_GET
def appendix_pdf(request, slug, number):
    if number not in ("1", "2", "3", "4"):
        raise Http404("No such appendix.")
    return _pdf_response(request, slug, number)


@login_required
@require_GET
def pack_pdf(request, slug):
    return _pdf_response(request, slug, "pack")
