"""Helpers for the operations tests: the settings' own stdout log handler, read back."""

import io
import logging

import pytest
from django.db import OperationalError, connection

from improvement.lib.requestid import RequestIdFilter


@pytest.fixture
def stdout_log():
    """What LOGGING's stdout handler writes during the test, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when PostgreSQL is unreachable."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    def go_down():
        monkeypatch.setattr(connection, "cursor", refuse)

    return go_down
