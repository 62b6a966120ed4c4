"""A person's own API tokens: create one (its secret shown once) and revoke one.

Each person sees and revokes only their own tokens; creating and revoking are saved
with the history (who, when, why). The page that shows a new secret is the answer to
the POST itself, never stored or redirected to, and is not cached (``no-store``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens as token_store
from .forms import TokenForm
from .models import ApiToken


def _page(request, form, created=None):
    rows = list(
        ApiToken.objects.filter(user=request.user)
        .select_related("use")
        .order_by("revoked_at", "-created_at")
    )
    context = {
        "form": form,
        "created": created,
        "tokens": rows,
        "api_root": request.build_absolute_uri(reverse("api:v1:plans")).removesuffix("plans"),
        "openapi_url": reverse("api:v1:openapi-json"),
        "max_active": token_store.MAX_ACTIVE,
    }
    response = render(request, "api/tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        live = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).count()
        if live >= token_store.MAX_ACTIVE:
            form.add_error(
                "name",
                f"You have {live} tokens in use: revoke one you no longer need first",
            )
        else:
            row, secret = token_store.create(request.user, form.cleaned_data["name"])
            return _page(request, TokenForm(), created={"row": row, "secret": secret})
    return _page(request, form)


@login_required
@require_POST
def revoke(request, pk):
    # Someone else's token is "not found", as a missing one is.
    row = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token_store.revoke(row, user=request.user):
        messages.success(request, f"The token “{row.name}” is revoked: it no longer works.")
    return redirect("api:tokens")
