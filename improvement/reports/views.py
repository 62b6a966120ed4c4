"""The committee pack page, its PDF downloads and their build status pages. Thin: the
form checks the dates; access is decided by ``plan_for(..., "export")``. No view waits
for WeasyPrint: a download serves the PDF the background worker stored, or queues its
build (``builds.build_state``) and sends the reader to a page that shows its progress."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import plan_for
from improvement.rounds.cycle import last_closed_round

from .appendices import APPENDICES, default_since, plan_started
from .builds import build_state, requested, retry_build, token_of
from .cache import cache_key, pdf_cache
from .forms import CommitteePackForm, PackOptions

# The status page reloads itself this often (seconds) while the PDF is being built.
REFRESH_SECONDS = 2


def _form(request, plan):
    """The pack form from the query string (blank ratings date: today). A ratings date
    nobody gave is the last closed update round's "as at" day, when there is one; a
    previous-report date nobody gave is suggested from the plan's reporting dates."""
    started = plan_started(plan)
    query = request.GET
    if CommitteePackForm.base_fields["as_at"].widget.value_omitted_from_data(query, None, "as_at"):
        last = last_closed_round(plan)
        if last is not None:
            query = query.copy()
            query["as_at"] = last.as_at.isoformat()
    form = CommitteePackForm(query, plan=plan, started=started)
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
        "choices": [form[name] for name in PackOptions.CHOICES],
        "downloads": _downloads(plan, options) if options else [],
    }
    return render(request, "reports/committee.html", context, status=status)


@login_required
@require_GET
def committee_pack(request, slug):
    plan = plan_for(request, slug, "export")
    form = _form(request, plan)
    return _page(request, plan, form, status=400 if form.errors else 200)


def _checked_form(request, plan, key):
    """The pack form, with the previous report's date required where ``key`` needs it."""
    form = _form(request, plan)
    if form.is_valid() and APPENDICES[key].needs_since and not form.cleaned_data.get("since"):
        form.add_error(
            "since", f"Enter the date of the previous report for {APPENDICES[key].heading}"
        )
    return form


def _pdf_url(plan, key, options, name, token=""):
    """The download (name "pdf") or status page (name "build") of ``key``; ``token``
    names the build a reader asked for."""
    part = "pack" if key == "pack" else f"appendix-{key}"
    if name == "pdf":
        path = reverse("reports:pack" if key == "pack" else "reports:appendix",
                       args=[plan.slug] if key == "pack" else [plan.slug, key])  # fmt: skip
    else:
        path = reverse("reports:build", args=[plan.slug, part])
    query = {**options.as_query(), **({"build": token} if token else {})}
    return f"{path}?{urlencode(query)}"


def _pdf_response(request, slug, key):
    plan = plan_for(request, slug, "export")
    form = _checked_form(request, plan, key)
    if not form.is_valid():
        return _page(request, plan, form, status=400)
    options = form.options()
    earlier = requested(plan, key, options, request.GET.get("build"))
    pdf = earlier[1] if earlier else None
    if pdf is None:
        ck = cache_key(plan, key, options)
        pdf = pdf_cache().get(ck)
    if pdf is None:
        build_state(plan, key, options, ck=ck)
        return redirect(_pdf_url(plan, key, options, "build", token_of(ck)), permanent=False)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{APPENDICES[key].filename(plan, options)}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-PDF-Cache"] = "hit"
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


@login_required
@require_http_methods(["GET", "POST"])
def build_status(request, slug, part):
    """How the build of a PDF is going; reloads itself (no JavaScript) until the PDF is
    ready, then links it. POST asks again after a failed build."""
    key = {"pack": "pack", **{f"appendix-{n}": n for n in "1234"}}.get(part)
    if key is None:
        raise Http404("No such appendix.")
    plan = plan_for(request, slug, "export")
    form = _checked_form(request, plan, key)
    if not form.is_valid():
        return _page(request, plan, form, status=400)
    options = form.options()
    if request.method == "POST":
        build = retry_build(plan, key, options)
        return redirect(_pdf_url(plan, key, options, "build", token_of(build.key)))
    token = request.GET.get("build", "")
    earlier = requested(plan, key, options, token)
    if earlier is not None:
        build = earlier[0]
    else:  # no build asked for, or it is gone (expired, worker lost): the current one
        ck = cache_key(plan, key, options)
        build, token = build_state(plan, key, options, ck=ck), token_of(ck)
    context = {
        "plan": plan,
        "appendix": APPENDICES[key],
        "options": options,
        "build": build,
        "refresh": REFRESH_SECONDS if not (build.ready or build.failed) else None,
        "download_url": _pdf_url(plan, key, options, "pdf", token),
        "status_url": _pdf_url(plan, key, options, "build", token),
        "pack_url": f"{reverse('reports:committee', args=[plan.slug])}?"
        f"{urlencode(options.as_query())}",
    }
    return render(request, "reports/build.html", context)
