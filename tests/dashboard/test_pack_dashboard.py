"""The committee pack starts with the dashboard when the clerk asks for it."""

import datetime as dt

from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions

from .support import table

AS_AT, SINCE = dt.date(2025, 11, 12), dt.date(2025, 5, 8)


def test_the_pack_starts_with_the_dashboard_when_asked(plan):
    html = render_html(plan, "pack", PackOptions(as_at=AS_AT, since=SINCE, dashboard=True))
    assert html.index('id="dashboard-title"') < html.index('id="pack-title"')
    rows = table(html, "Percentage complete at each point")
    assert rows[-1] == ["12 November 2025", "As at", "82 of 143", "57%"]
    dashboard = html[html.index('id="dashboard-title"') : html.index('id="pack-title"')]
    assert "<a " not in dashboard  # paper: no links
    assert "dashboard/dashboard.css" in html


def test_the_pack_has_no_dashboard_unless_asked(plan):
    html = render_html(plan, "pack", PackOptions(as_at=AS_AT, since=SINCE))
    assert 'id="dashboard-title"' not in html
    assert "dashboard/dashboard.css" not in html
