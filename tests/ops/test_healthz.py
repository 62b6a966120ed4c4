"""/healthz: 200 "ok" while the database answers, 503 when it does not; no sign-in, no
session, no cookie, and quiet at INFO."""

import logging

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_the_health_check_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_the_health_check_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.cookies == {}
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_a_healthy_check_writes_no_request_line_at_info(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/healthz")
    client.get("/accounts/login/")
    lines = [r.getMessage() for r in caplog.records if r.name == "improvement.request"]
    assert len(lines) == 1
    assert "path=/accounts/login/" in lines[0]


@pytest.mark.django_db
def test_a_signed_in_health_check_does_not_count_as_activity(client, owner):
    client.force_login(owner)
    session = client.session
    session["_seen_at"] = 1000
    session["_signed_in_at"] = 1000
    session.save()
    client.get("/healthz")
    assert client.session["_seen_at"] == 1000
