"""Fixtures for the history and governance tests."""

import datetime as dt
import json

import pytest
from django.conf import settings
from simple_history.utils import bulk_update_with_history

from improvement.lib.dates import end_of_day
from improvement.plans.models import Action
from tests.conftest import fixture_actions

MAY = dt.date(2025, 5, 8)
NOVEMBER = dt.date(2025, 11, 12)


@pytest.fixture(scope="session")
def may_doc():
    return fixture_actions("plan_2025-05-08.json")


@pytest.fixture(scope="session")
def november_doc():
    return fixture_actions("plan_2025-11-12.json")


@pytest.fixture(scope="session")
def appendix3():
    with open(settings.FIXTURES_DIR / "changes_2025-11-12.json", encoding="utf-8") as fh:
        return json.load(fh)


def add_rounds(plan, user, rounds, *, start=dt.datetime(2025, 12, 1, 9, 0)):
    """``rounds`` more history rows for every action of ``plan`` (progress updates), dated
    after the demo's documents: a plan with a much longer history."""
    actions = list(Action.objects.filter(plan=plan))
    first = end_of_day(start.date()).replace(hour=9, minute=0, second=0, microsecond=0)
    for r in range(rounds):
        for i, action in enumerate(actions):
            action.progress = f"Progress note {r} for {action.ref}."
            action._history_user = user
            action._history_date = first + dt.timedelta(days=r, seconds=i)
            action._change_reason = f"Monthly update {r}"
        bulk_update_with_history(actions, Action, ["progress"])
    return len(actions) * rounds


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
