"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser),
headless, against Django's live server with the demo plan committed; axe-core from
this folder's node_modules (installed by scripts/test.sh from package.json).

Every test in this folder is marked ``browser``; tests/conftest.py runs them after all
other tests.
Other areas may reuse the fixtures here (``signed_in``, ``axe_check``).
"""

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def site(live_server, demo_plan_committed):
    """The live server's address, with the demo plan loaded and committed."""
    return live_server.url


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
    page.add_script_tag(path=str(AXE))
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
