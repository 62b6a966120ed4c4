"""Appendix tests read the unchanged demo plan through two session-wide memos, keyed on
what was asked: ``appendix`` keeps each parsed HTML rendering (content checks) and
``exported`` each real PDF (what only a PDF shows: tagging, pages, the printed text).
Only tests that read the unchanged demo plan may use them; tests that change data
render for themselves."""

import datetime as dt

import pytest

from improvement.reports.export import export_pdf
from improvement.reports.forms import PackOptions
from tests.reports.htmltext import rendered

_RENDERED = {}
_PARSED = {}

NOV = dt.date(2025, 11, 12)
MAY = dt.date(2025, 5, 8)


@pytest.fixture
def exported(plan):
    """``exported(key, as_at, since=None, **options)`` → PDF bytes of the demo plan."""

    def get(key, as_at, since=None, **extra):
        memo = (key, as_at, since, tuple(sorted(extra.items())))
        if memo not in _RENDERED:
            options = PackOptions(as_at=as_at, since=since, **extra)
            _RENDERED[memo] = export_pdf(plan, key, options, use_cache=False).pdf
        return _RENDERED[memo]

    return get


@pytest.fixture
def appendix(plan):
    """``appendix(key, as_at, since=None, **options)`` → the parsed HTML of the demo
    plan's appendix (or pack), as WeasyPrint would read it. Read it, never change it."""

    def get(key, as_at, since=None, **extra):
        memo = (key, as_at, since, tuple(sorted(extra.items())))
        if memo not in _PARSED:
            _PARSED[memo] = rendered(plan, key, as_at, since, **extra)
        return _PARSED[memo]

    return get


@pytest.fixture
def html_instead_of_pdf(monkeypatch):
    """For tests of what surrounds the renderer (the cache, the views, the command):
    export_pdf's "PDF" is the HTML it would have drawn, as bytes, so the test can read
    what was exported without WeasyPrint's time. Real renders are tested elsewhere."""
    monkeypatch.setattr(
        "improvement.reports.export.html_to_pdf", lambda html, **kwargs: html.encode("utf-8")
    )
