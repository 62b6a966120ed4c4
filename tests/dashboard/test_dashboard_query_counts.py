"""The dashboard makes the same number of queries for the demo plan's history as for ten
times as much (the percentage-complete line reads the history in one query)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.dashboard.figures import dashboard_context
from improvement.plans.models import Action

from .support import add_history, table

# The line: the actions' and the scale's history and the closed rounds (3); the
# snapshot: scale, roles, chapters, areas, actions, owners (6); the vital signs: stored
# months, latest marked month, indicators, their values (4).
FIGURES = 13


@pytest.mark.parametrize("as_at", [None, "2025-11-12"])
def test_the_dashboard_costs_the_same_for_ten_times_the_history(
    client, plan, board, admin_user, django_assert_num_queries, as_at
):
    client.force_login(board)
    url = reverse("dashboard:dashboard", args=[plan.slug])
    query = {"as_at": as_at} if as_at else {}
    day = dt.date.fromisoformat(as_at) if as_at else None
    with django_assert_num_queries(FIGURES):
        dashboard_context(plan, day)
    with CaptureQueriesContext(connection) as page_queries:
        before = client.get(url, query)
    rows = add_history(plan, admin_user, times=10)
    assert rows >= 10 * 287  # the demo's two states write 287 action history rows
    assert Action.history.filter(plan_id=plan.pk).count() == rows
    with django_assert_num_queries(FIGURES):
        dashboard_context(plan, day)
    # The page: the figures, and what every page costs (session, user, plan, role, header).
    with django_assert_num_queries(len(page_queries)):
        after = client.get(url, query)
    caption = "Percentage complete at each point"
    assert table(after.content.decode(), caption) == table(before.content.decode(), caption)
