"""Signing out after a period without activity and after a fixed time signed in.

``SESSION_IDLE_SECONDS`` (default 30 minutes) and ``SESSION_ABSOLUTE_SECONDS`` (default
10 hours) come from the environment. The session keeps when the person signed in and
when they were last seen; "last seen" is written at most once a minute, so reading
pages does not write the session table on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse

SIGNED_IN_AT = "_signed_in_at"
SEEN_AT = "_seen_at"
SEEN_RESOLUTION = 60  # seconds: how stale "last seen" may be before it is written again
# A warning shows on every page once the fixed lifetime has less than this to run.
WARN_BEFORE = 15 * 60
EXEMPT_PATHS = ("/healthz",)


def _period(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def start_the_clocks(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in AccountsConfig.ready): both clocks start at
    sign-in, so the first page after it writes nothing more to the session."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in EXEMPT_PATHS or not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        session = request.session
        # Set at sign-in; a session from before this middleware starts its clocks now.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        seen_at = session.setdefault(SEEN_AT, now)
        idle, absolute = settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS
        if now - signed_in_at >= absolute:
            return self._sign_out(
                request,
                f"You were signed out because you had been signed in for {_period(absolute)}.",
            )
        if now - seen_at >= idle:
            return self._sign_out(
                request, f"You were signed out after {_period(idle)} without activity."
            )
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        ends_in = signed_in_at + absolute - now
        if ends_in <= WARN_BEFORE:
            # base.html shows this; with no JavaScript the page cannot count down itself.
            request.session_ends_in = _period(ends_in)
        return self.get_response(request)

    def _sign_out(self, request, message):
        logout(request)  # flushes the session: nothing of it survives
        messages.info(request, f"{message} Sign in again to carry on.")
        login = redirect_to_login(
            request.get_full_path() if request.method == "GET" else "/",
            settings.LOGIN_URL,
        )
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in page into a fragment: send the browser there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login
