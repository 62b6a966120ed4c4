"""PDF tests render each appendix as few times as possible: ``exported`` keeps every
PDF it renders for the rest of the session, keyed on what was asked. Only tests that
read the unchanged demo plan may use it; tests that change data export themselves."""

import datetime as dt

import pytest

from improvement.reports.export import export_pdf
from improvement.reports.forms import PackOptions

_RENDERED = {}

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
