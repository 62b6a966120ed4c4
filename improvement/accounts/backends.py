"""Sign-in lockout: django-axes watches every sign-in made through a web request."""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for sign-ins from the web.

    ``authenticate()`` without a request (a management command, the test client's
    ``login()``) is not a sign-in from the web, so there is nothing to lock out: it
    falls through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
