"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser),
headless, against one Django live server for the session with the demo plan committed;
axe-core from this folder's node_modules (installed by scripts/test.sh from package.json).

The demo is loaded once and shared. A test that only reads asks for ``read_only_site``:
nothing is flushed after it, and it fails if it changed any tracked record. A test that
saves anything asks for ``site`` (or ``signed_in``): pytest-django flushes the database
after it and the next test loads the demo again, so its changes never reach another
test. Readers run before writers, so the demo is loaded as seldom as possible.

Every test in this folder is marked ``browser``; tests/conftest.py runs them after all
other tests.
Other areas may reuse the fixtures here by importing them (``site``; ``read_only_site``
with ``_shared_demo``; ``signed_in``, ``axe_check``).
"""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import modify_settings
from pytest_django.live_server_helper import LiveServer
from simple_history.models import HistoricalChanges

from improvement.demo.management.commands.load_demo import DEMO_SLUG
from improvement.plans.models import Plan

# Playwright's sync API runs an event loop in the test thread; the test itself only
# reads and writes the database between browser steps, never concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "improve-demo-2025"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    # Readers first: each writer's flush costs the next test a fresh load of the demo.
    # (A stable sort; tests/conftest.py's later sort keeps this order among browser tests.)
    items.sort(key=lambda item: HERE in Path(str(item.fspath)).parents and writes(item))


def writes(item):
    return "transactional_db" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system.sh test")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


_SERVER = []


def demo_server(config):
    """The one live server of the run, started on first use and stopped at its end. Not
    pytest-django's ``live_server``: a test that asks for that one is made transactional,
    and so flushes the database after it. Not a fixture either, so that a module that
    imports ``site`` from here needs nothing else. Call it once the test database is set
    up (on in-memory SQLite the server must share the test thread's connection)."""
    if not _SERVER:
        address = (
            config.getvalue("liveserver")
            or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
            or "localhost"
        )
        _SERVER.append(LiveServer(address))
        config.add_cleanup(_SERVER[0].stop)
    return _SERVER[0]


def ensure_demo():
    """Load the demo unless it is there. Only a flush removes it, and writers are always
    flushed, so a demo that is there is as ``load_demo`` left it."""
    if not Plan.objects.filter(slug=DEMO_SLUG).exists():
        call_command("load_demo", verbosity=0)


def tracked_rows():
    """How many history rows each tracked model has: every change a user or the app
    makes to a tracked record adds one."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    }


def _allowed(server):
    return modify_settings(ALLOWED_HOSTS={"append": server.thread.host})


@pytest.fixture
def site(request, transactional_db):
    """The live server's address, with the demo plan committed, for a test that may
    save changes: the database is flushed after it."""
    server = demo_server(request.config)
    ensure_demo()
    with _allowed(server):
        yield server.url


@pytest.fixture
def _shared_demo(request, django_db_setup, django_db_blocker):
    """The demo, committed, before the test's own transaction begins; after that has been
    rolled back, a check that no tracked change was left behind."""
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            pytest.fail("Ask for read_only_site before db (or plan), so the demo is committed")
        ensure_demo()
        before = tracked_rows()
    yield demo_server(request.config)
    with django_db_blocker.unblock():
        after = tracked_rows()
        if after != before:
            # Put the shared demo back before saying so, so later tests are unaffected.
            call_command("flush", interactive=False, verbosity=0)
            ensure_demo()
            changed = {k: (before[k], after[k]) for k in after if after[k] != before[k]}
            pytest.fail(f"A read_only_site test changed tracked records: {changed}")


@pytest.fixture
def read_only_site(_shared_demo, db):
    """The live server's address, with the demo plan committed, for a test that changes
    nothing tracked (else ask for ``site``): nothing is flushed after it. It asks for
    ``db`` so that pytest-django sets the test database up even when only such tests run;
    on in-memory SQLite the server shares that transaction, so what a sign-in writes is
    rolled back too."""
    with _allowed(_shared_demo):
        yield _shared_demo.url


def sign_in(page, site, username):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/plans/")


@pytest.fixture
def signed_in(page, site):
    """A page signed in as the demo officer; ``signed_in.site`` is the server address."""
    sign_in(page, site, "officer")
    page.site = site
    return page


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations on the page as it is now, of the given impacts."""
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run scripts/test.sh (it installs tests/browser/package.json)"
        )
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
    # does not govern: a <script> tag (add_script_tag) would be refused, as it should be.
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return [v for v in found if v["impact"] in impacts]


@pytest.fixture
def axe_check():
    """Call with a page: fails the test on any serious or critical axe violation."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"{page.url}: {violations}"

    return check
