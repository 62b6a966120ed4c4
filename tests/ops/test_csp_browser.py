"""The Content-Security-Policy in Debian's chromium: the service's own scripts run (they
carry the nonce), the ratings keep their colours without style attributes, and the
browser reports no violation on the main pages; a script without the nonce is refused."""

import pytest

from tests.browser.conftest import (  # noqa: F401 - fixtures reused from the browser suite
    _shared_demo,
    browser_context_args,
    browser_type_launch_args,
    read_only_site,
    sign_in,
)

pytestmark = pytest.mark.browser

SLUG = "childrens-services"
PAGES = ["/plans/", f"/plans/{SLUG}/", f"/plans/{SLUG}/actions/CLB4/", "/my-actions/"]


def watch_violations(page):
    """Every CSP violation the browser reports, as "directive: blocked source"."""
    seen = []
    page.on(
        "console",
        lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return seen


def test_the_main_pages_run_their_scripts_with_no_policy_violation(page, read_only_site):  # noqa: F811
    violations = watch_violations(page)
    sign_in(page, read_only_site, "officer")
    for path in PAGES:
        page.goto(f"{read_only_site}{path}")
        # base.html's inline script (nonce) marks the body; GOV.UK Frontend then starts.
        classes = page.evaluate("document.body.className")
        assert "govuk-frontend-supported" in classes, path
    assert violations == []


def test_a_ratings_colour_is_painted_without_a_style_attribute(page, read_only_site):  # noqa: F811
    sign_in(page, read_only_site, "officer")
    page.goto(f"{read_only_site}/plans/{SLUG}/actions/CLB4/")
    chip = page.locator(".app-rating").first
    fill = chip.locator("rect")
    assert fill.get_attribute("fill").startswith("#")
    box, rect = chip.bounding_box(), fill.bounding_box()
    # The fill covers the whole chip behind its word.
    assert abs(box["width"] - rect["width"]) <= 2
    assert abs(box["height"] - rect["height"]) <= 2


def test_an_injected_inline_script_without_the_nonce_is_refused(page, read_only_site):  # noqa: F811
    violations = watch_violations(page)
    page.goto(f"{read_only_site}/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in v for v in violations)
