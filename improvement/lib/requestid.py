"""A request id on every request, its response, its log lines and its error page.

The proxy in front (nginx) may send one in ``X-Request-ID`` so that its access log and
ours share it; it is kept only if it looks like an id (letters, digits, ``.``, ``_``,
``-``; at most 64), because it is written into logs and pages. Otherwise one is made.
The middleware also writes the one "request" log line per request (method, path,
status, duration, user id), so the web server's own access log can stay off.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.encoding import escape_uri_path
from django.utils.functional import empty

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Paths a load balancer polls every few seconds: logged at DEBUG, so not seen at INFO.
QUIET_PATHS = ("/healthz",)
# A password-reset link's token is a credential until used: never written to the log.
RESET_TOKEN = re.compile(r"(/password-reset/[^/]+/)[^/]+/")

current_request_id = ContextVar("request_id", default="-")
log = logging.getLogger("improvement.request")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (``-`` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


def request_id_from(request):
    offered = request.headers.get(HEADER, "")
    if SAFE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id if the request looked the user up; never a new query
    (a static file or a health check does not read the session)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return "-"
    return getattr(wrapped, "pk", None) or "-"


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything after it, even a 500, logs with the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
            log.log(
                level,
                "request method=%s path=%s status=%s duration_ms=%d user_id=%s",
                request.method,
                # Percent-encoded: a space, quote or new line in a path cannot forge a field.
                RESET_TOKEN.sub(r"\1*/", escape_uri_path(request.path)),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                _user_id(request),
            )
            return response
        finally:
            current_request_id.reset(token)
