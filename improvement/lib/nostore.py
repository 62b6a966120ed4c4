"""``Cache-Control: no-store, private`` on everything a signed-in person is sent, and on
every download, so that no shared or browser cache keeps a copy of plan data (a
council's shared PCs; the back button after signing out).

Static files never reach this: WhiteNoise answers them earlier in MIDDLEWARE, with its
own long-lived caching.
"""

from django.db import DatabaseError

NO_STORE = "no-store, private"


def _signed_in(request):
    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return user.is_authenticated
    except DatabaseError:  # the page is a 500 already; it carries nothing to cache
        return False


def _attachment(response):
    return response.get("Content-Disposition", "").lower().startswith("attachment")


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _attachment(response) or _signed_in(request):
            response["Cache-Control"] = NO_STORE
        return response
