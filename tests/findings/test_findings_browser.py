"""The findings pages in Debian's chromium: no serious accessibility problems (axe-core),
and a plan manager links a finding to an area with JavaScript switched off."""

import os

import pytest
from playwright.sync_api import expect

from improvement.findings.models import Finding, Inspection
from tests.browser.conftest import (  # noqa: F401 - fixtures reused from the browser suite
    _shared_demo,
    axe_violations,
    browser_context_args,
    browser_type_launch_args,
    read_only_site,
    sign_in,
    site,
)

pytestmark = pytest.mark.browser

SLUG = "childrens-services"
# Set FINDINGS_SCREENSHOTS to a folder to keep a picture of each page looked at.
SHOTS = os.getenv("FINDINGS_SCREENSHOTS")


def pages():
    visit = Inspection.objects.get(plan__slug=SLUG, kind=Inspection.Kind.MONITORING_VISIT)
    care_leavers = Finding.objects.get(inspection__kind=Inspection.Kind.INSPECTION, order=2)
    headline = visit.findings.get(order=4)
    return {
        "list": f"/plans/{SLUG}/inspections/",
        "visit": f"/plans/{SLUG}/inspections/{visit.pk}/",
        "trace-care-leavers": f"/plans/{SLUG}/findings/{care_leavers.pk}/",
        "trace-headline-4": f"/plans/{SLUG}/findings/{headline.pk}/",
        "trace-past": f"/plans/{SLUG}/findings/{care_leavers.pk}/?as_at=2025-05-08",
        "edit-finding": f"/plans/{SLUG}/inspections/{visit.pk}/findings/{headline.pk}/edit/",
    }


def test_the_findings_pages_have_no_serious_accessibility_problems(read_only_site, page):  # noqa: F811
    sign_in(page, read_only_site, "manager")
    for name, path in pages().items():
        page.goto(read_only_site + path)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {violations}"


@pytest.mark.parametrize("browser_context_args", [{"java_script_enabled": False}], indirect=True)
def test_a_manager_links_a_finding_without_javascript(site, page):  # noqa: F811
    sign_in(page, site, "manager")
    hobbies = Finding.objects.get(text__startswith="Cared-for children have")
    page.goto(
        f"{site}/plans/{SLUG}/inspections/{hobbies.inspection_id}/findings/{hobbies.pk}/edit/"
    )
    page.get_by_label("Chapter 2, 4. Health of Cared for Children").check()
    page.get_by_label("Reason for the change").fill("Health covers activities.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("traced to the plan")
    area_page = page.locator('a[href$="/areas/2-4/"]')
    expect(area_page).to_have_text("4. Health of Cared for Children")
    assert [a.title for a in hobbies.areas.all()] == ["Health of Cared for Children"]
