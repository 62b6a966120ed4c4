"""A request id on every request: in the X-Request-ID response header, on every log line
of the request (the "request" line among them) and on the error pages."""

import re

import pytest
from django.test import Client

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert HEX_ID.fullmatch(first)
    assert HEX_ID.fullmatch(second)
    assert first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept(client):
    response = client.get("/accounts/login/", headers={"X-Request-ID": "nginx-4f2a.9_b"})
    assert response["X-Request-ID"] == "nginx-4f2a.9_b"


@pytest.mark.django_db
def test_an_unsafe_request_id_from_outside_is_replaced(client):
    forged = 'x" status=200\nuser_id=1'
    response = client.get("/accounts/login/", headers={"X-Request-ID": forged})
    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_writes_one_request_line_with_its_id_and_user(client, owner, stdout_log):
    client.force_login(owner)
    response = client.get("/plans/", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 200
    lines = [line for line in stdout_log.getvalue().splitlines() if " request method=" in line]
    assert len(lines) == 1
    assert re.fullmatch(
        r"\S+ \S+ INFO improvement\.request request_id=abc-123 request method=GET "
        rf"path=/plans/ status=200 duration_ms=\d+ user_id={owner.pk}",
        lines[0],
    ), lines[0]


@pytest.mark.django_db
def test_a_password_reset_token_is_not_written_to_the_log(client, stdout_log):
    client.get("/accounts/password-reset/MQ/c9x4-0123456789abcdef/")
    log = stdout_log.getvalue()
    assert "c9x4-0123456789abcdef" not in log
    assert "path=/accounts/password-reset/MQ/*/" in log


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback_and_request_id(
    owner, stdout_log, database_down
):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    database_down()
    response = client.get("/plans/", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500"
    log = stdout_log.getvalue()
    assert "ERROR django.request request_id=req-500 Internal Server Error: /plans/" in log
    assert "Traceback (most recent call last)" in log
    assert "OperationalError: connection to server failed" in log
    assert "request_id=req-500 request method=GET path=/plans/ status=500" in log


@pytest.mark.django_db
def test_a_server_error_is_mailed_to_the_admins_when_set(
    owner, database_down, settings, mailoutbox
):
    settings.ADMINS = [("Service desk", "servicedesk@council.example")]
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    database_down()
    client.get("/plans/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["servicedesk@council.example"]
    assert "Internal Server Error: /plans/" in mailoutbox[0].subject


@pytest.mark.django_db
def test_a_not_found_page_shows_its_request_id(client):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404"})
    assert response.status_code == 404
    assert "quote the reference <strong>req-404</strong>" in response.content.decode()
