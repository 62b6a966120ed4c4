"""The server-error and CSRF-failure pages.

The 500 page is rendered with a plain context (no context processors, no user, no
session), so it renders while the database is down; it shows the request id so that
whoever saw it can quote it to the service desk, who find the traceback in the log.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def server_error(request):
    """handler500."""
    body = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponseServerError(body)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form left open past the session, or a form from before
    signing in again in another tab. Django logs the reason (django.security.csrf)."""
    context = {"request_id": getattr(request, "request_id", "")}
    return render(request, "403_csrf.html", context, status=403)
