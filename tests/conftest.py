"""Shared fixtures: the demo plan loaded once per test session, the people who use it,
and the actions as transcribed in fixtures/ (``fixture_actions``).

Regular tests run inside a transaction that is rolled back, so they all see the demo
plan exactly as ``load_demo`` leaves it. Transactional tests (races, browser journeys
that save) run last and flush the database; they ask for ``demo_plan_committed`` (the
browser tests' own fixtures, in tests/browser/conftest.py, load the demo once for the
read-only journeys and again only after one that saved).
"""

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from improvement.accounts.models import Membership
from improvement.demo.management.commands.load_demo import DEMO_SLUG
from improvement.plans.models import OwnerRole, Plan


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests flush the database when they finish, so they run after every
    other test (pytest-django puts them before tests it thinks need no database, which
    includes tests that reach the database through ``request.getfixturevalue``);
    browser tests run last of all."""

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", [])
        return bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server", "demo_plan_committed"} & set(names)
        )

    def browser(item):
        return "tests/browser/" in str(item.fspath).replace("\\", "/")

    items.sort(key=lambda item: (transactional(item) or browser(item), browser(item)))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        # Never the real database: only pytest-django's test database gets the demo.
        assert "test" in name or (connection.vendor == "sqlite" and "memory" in name), name
        call_command("load_demo", verbosity=0)


@pytest.fixture
def plan(db):
    return Plan.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def demo_plan_committed(transactional_db):
    """The demo plan in a test whose writes are really committed (flushed after)."""
    call_command("load_demo", verbosity=0)
    return Plan.objects.get(slug=DEMO_SLUG)


def _user(username, **extra):
    return get_user_model().objects.get_or_create(username=username, defaults=extra)[0]


@pytest.fixture
def owner(plan):
    """The demo officer: holds the Principal Social Worker role, so owns its actions."""
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def colleague(plan):
    """Another officer of the same plan, who owns the Participation Lead's actions."""
    user = _user("colleague", first_name="Cal", last_name="Colleague")
    Membership.objects.get_or_create(user=user, plan=plan, defaults={"role": "officer"})
    OwnerRole.objects.get(plan=plan, title="Participation Lead").users.add(user)
    return user


@pytest.fixture
def outsider(plan):
    """Signed in, but with no role in the plan."""
    return _user("outsider", first_name="Oscar", last_name="Outsider")


@pytest.fixture
def manager(plan):
    return get_user_model().objects.get(username="manager")


@pytest.fixture
def clerk(plan):
    return get_user_model().objects.get(username="clerk")


@pytest.fixture
def board(plan):
    return get_user_model().objects.get(username="board")


@pytest.fixture
def admin_user(plan):
    return get_user_model().objects.get(username="admin")


def fixture_actions(name):
    """ref -> action as transcribed in fixtures/<name> (the council's documents)."""
    with open(settings.FIXTURES_DIR / name, encoding="utf-8") as fh:
        doc = json.load(fh)
    found = {}

    def walk(areas):
        for area in areas:
            for action in area.get("actions", []):
                found[action["ref"]] = action
            walk(area.get("sub_areas", []))

    for chapter in doc["chapters"]:
        walk(chapter["areas"])
    return found
