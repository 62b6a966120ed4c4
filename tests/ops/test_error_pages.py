"""The GOV.UK-styled 500 page (rendered even with the database down, with the request
id to quote) and the page for a form whose CSRF token failed."""

import pytest
from django.test import Client


@pytest.fixture
def failing_page(owner, database_down):
    """/plans/ for a signed-in officer while the database refuses every connection."""
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    database_down()
    return client.get("/plans/", headers={"X-Request-ID": "ref-7f3a"})


@pytest.mark.django_db
def test_the_500_page_renders_while_the_database_is_down(failing_page):
    assert failing_page.status_code == 500
    html = failing_page.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html


@pytest.mark.django_db
def test_the_500_page_shows_the_request_id_to_quote(failing_page):
    html = failing_page.content.decode()
    assert "quote the reference <strong>ref-7f3a</strong>" in html


@pytest.mark.django_db
def test_the_500_page_uses_the_services_styles_and_no_script(failing_page):
    html = failing_page.content.decode()
    assert 'href="/static/govuk/govuk-council.min.css"' in html
    assert 'class="govuk-template__body"' in html
    assert "<script" not in html


@pytest.mark.django_db
def test_a_form_with_a_stale_csrf_token_gets_a_page_saying_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "x"},
        headers={"X-Request-ID": "ref-csrf"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your form could not be sent</h1>' in html
    assert "go back to the page with the form" in html
    assert "reload the page" in html
    assert "send the form again" in html
    assert "Nothing was saved." in html
    assert "quote the reference <strong>ref-csrf</strong>" in html


@pytest.mark.django_db
def test_the_csrf_page_keeps_the_service_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {})
    html = response.content.decode()
    assert "<title>Your form could not be sent – Improvement plan tracker</title>" in html
    assert 'class="app-header__service"' in html
