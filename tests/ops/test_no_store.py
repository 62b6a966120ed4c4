"""Cache-Control: no-store on everything sent to a signed-in person and on every
download; the sign-in page's static files keep their own caching."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from improvement.demo.management.commands.load_demo import DEMO_SLUG
from improvement.lib.nostore import NoStoreMiddleware


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/plans/", f"/plans/{DEMO_SLUG}/", "/my-actions/", "/accounts/password-change/"],
)
def test_signed_in_pages_are_not_stored(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_a_signed_in_export_is_not_stored(signed_in):
    response = signed_in.get(f"/plans/{DEMO_SLUG}/download/actions.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_a_signed_in_redirect_is_not_stored(signed_in):
    response = signed_in.get("/")
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store, private"


def test_any_download_is_not_stored_even_without_a_user():
    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        response["Cache-Control"] = "max-age=3600"
        return response

    response = NoStoreMiddleware(download)(RequestFactory().get("/x.csv"))
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_the_sign_in_pages_static_files_keep_their_caching(client, settings, owner):
    # WhiteNoise serves from the source folders, as in demo mode (no collectstatic here).
    settings.WHITENOISE_USE_FINDERS = True
    page = client.get("/accounts/login/")
    assert page["Cache-Control"] != "no-store, private"  # Django's never_cache, anonymous
    client.force_login(owner)  # even for a signed-in person: WhiteNoise answers first
    css = client.get("/static/app/app.css")
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")
