"""Adding, removing and downloading evidence of impact.

Who may do what is asked of improvement/accounts/access.py: adding needs the right to
edit the action (its owners, plan managers, admins); removing, the person who added the
item or a plan manager or admin; downloading, the right to read the plan. Nobody outside
the plan learns that it, its action or its evidence exists (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from improvement.accounts.access import CLOSED_MESSAGE, access_of, action_for

from .filetypes import extension
from .forms import EvidenceForm, RemoveEvidenceForm
from .models import Evidence
from .storage import open_stored
from .writing import add_evidence, remove_evidence


def _action_url(plan, action):
    return reverse("plans:action", args=[plan.slug, action.ref]) + "#evidence"


@login_required
@require_http_methods(["GET", "POST"])
def add(request, slug, ref):
    plan, action = action_for(request, slug, ref, "edit")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = add_evidence(
            action,
            form.cleaned_data,
            user=request.user,
            content_type=getattr(form, "content_type", ""),
        )
        messages.success(request, f"“{item.title}” is added to the evidence of {action.label}.")
        return redirect(_action_url(plan, action))
    context = {"plan": plan, "action": action, "form": form}
    return render(request, "evidence/add.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, slug, ref, pk):
    plan, action = action_for(request, slug, ref, "read")
    item = get_object_or_404(Evidence.objects.live(), pk=pk, action=action)
    access = access_of(request)
    if access.closed:
        raise PermissionDenied(CLOSED_MESSAGE)
    if not (access.can_manage or item.added_by_id == request.user.pk):
        raise PermissionDenied(
            "Only the person who added evidence, or a plan manager, can remove it."
        )
    form = RemoveEvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remove_evidence(item, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"“{item.title}” is removed from the evidence of {action.label}.")
        return redirect(_action_url(plan, action))
    context = {"plan": plan, "action": action, "item": item, "form": form}
    return render(request, "evidence/remove.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def download(request, slug, ref, pk):
    """The file, to whoever may read the plan, as an attachment under its original
    name with the type read from its content; never a file outside the storage."""
    _plan, action = action_for(request, slug, ref, "read")
    item = get_object_or_404(Evidence.objects.live(), pk=pk, action=action, kind=Evidence.Kind.FILE)
    handle = open_stored(item.file.name)
    if handle is None:
        raise Http404("No such file.")
    name = item.original_name or f"evidence-{item.pk}.{extension(item.content_type)}"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
