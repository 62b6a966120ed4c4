"""Each appendix's context is built in a fixed number of queries, the same for the demo
plan and for the demo plan with many more actions, owners, rows and commentary."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from improvement.lib.history import save_tracked
from improvement.plans.models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    ImpactCommentary,
    OwnerRole,
    RatingLevel,
)
from improvement.reports.appendices import build_context, render_html
from improvement.reports.forms import PackOptions
from tests.reports.conftest import MAY, NOV

# Appendix 3: + the actions of the day, for the refs as the plan printed them.
PINNED = {"1": 4, "2": 13, "3": 5, "4": 7}


def build(key, plan, as_at):
    # Through the public entry point, so the test outlives changes to how each
    # appendix reads the plan at a date.
    return build_context(plan, key, PackOptions(as_at=as_at, since=MAY))


def grow(plan):
    """The demo plan with a fourth chapter of five areas, 100 more actions, each with
    two owners, a second row and the areas' commentary for today."""
    user = get_user_model().objects.get(username="manager")

    def save(obj):
        return save_tracked(obj, user=user, reason="Test: a larger plan")

    levels = list(RatingLevel.objects.filter(plan=plan))
    roles = [save(OwnerRole(plan=plan, title=f"Test role {n}")) for n in range(4)]
    chapter = save(Chapter(plan=plan, number=4, title="Chapter 4"))
    for a in range(5):
        area = save(
            Area(chapter=chapter, number=str(a + 1), key=f"4-{a + 1}", title=f"Area {a}", order=a)
        )
        save(ImpactCommentary(area=area, reporting_date=timezone.localdate(), text="- Done"))
        for n in range(20):
            action = save(
                Action(
                    plan=plan, area=area, ref=f"T{a}x{n}", text="Do it.", short_title="It",
                    due_date=dt.date(2026, 3, 31), rating=levels[n % len(levels)], order=1000 + n,
                )
            )  # fmt: skip
            save(ActionRow(action=action, row=2, due_text="TBC", rating=levels[0]))
            save(ActionOwner(action=action, role=roles[n % 4], row=1, order=1))
            save(ActionOwner(action=action, role=roles[(n + 1) % 4], row=2, order=1))


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_each_appendix_context_takes_its_pinned_number_of_queries(
    plan, key, django_assert_num_queries
):
    with django_assert_num_queries(PINNED[key]):
        build(key, plan, NOV)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_a_plan_with_many_more_actions_takes_the_same_number_of_queries(plan, key):
    # Both read as at today (the added rows are today's): a past day is read from the
    # history, today from the live tables, and the two may differ by a query.
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as demo:
        build(key, plan, today)
    grow(plan)
    with CaptureQueriesContext(connection) as grown:
        context = build(key, plan, today)
    queries = (len(demo.captured_queries), len(grown.captured_queries))
    assert queries[1] == queries[0], queries
    if key in ("1", "2"):
        assert context["action_count"] == 243


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_the_templates_add_no_queries_of_their_own(plan, key, django_assert_num_queries):
    options = PackOptions(as_at=NOV, since=MAY)
    # + the history chain's head, which the footer prints (document_context).
    with django_assert_num_queries(PINNED[key] + 1):
        render_html(plan, key, options)
