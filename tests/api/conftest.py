"""Fixtures for the API tests: tokens for the demo's people, and a client that sends one."""

import datetime as dt

import pytest

from improvement.api import tokens

MAY = dt.date(2025, 5, 8)
NOVEMBER = dt.date(2025, 11, 12)
SLUG = "childrens-services"


@pytest.fixture
def token_for():
    def make(user, name="BI tool"):
        return tokens.create(user, name)[1]

    return make


@pytest.fixture
def call(client):
    """``call(token, path, **query)``: a GET of /api/v1/<path> with the token as Bearer
    (no token at all when ``token`` is None)."""

    def get(token, path, method="get", **query):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        send = getattr(client, method)
        return send(f"/api/v1/{path}", query, headers=headers)

    return get


def add_rounds(plan, user, rounds, *, start=dt.date(2025, 12, 1)):
    """``rounds`` more history rows for every action of ``plan`` (monthly progress
    updates, through simple-history's bulk helper), dated after the demo's documents."""
    from django.utils import timezone
    from simple_history.utils import bulk_update_with_history

    from improvement.plans.models import Action

    actions = list(Action.objects.filter(plan=plan))
    first = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
    for r in range(rounds):
        for i, action in enumerate(actions):
            action.progress = f"Progress note {r} for {action.ref}."
            action._history_user = user
            action._history_date = first + dt.timedelta(days=r, seconds=i)
            action._change_reason = f"Monthly update {r}"
        bulk_update_with_history(actions, Action, ["progress"])
    return len(actions) * rounds
