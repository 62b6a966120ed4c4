"""The committee cover report as a plan manager drafts it in a browser: the draft's page
and its edit form have no serious accessibility problems, and the draft reads the plan's
figures (57% complete as at 12 November 2025, as the January 2026 report says)."""

from playwright.sync_api import expect

from .conftest import sign_in

SLUG = "childrens-services"


def fill_day(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_manager_drafts_the_cover_report_and_its_pages_are_accessible(page, site, axe_check):
    sign_in(page, site, "manager")
    page.goto(f"{site}/plans/{SLUG}/committee/cover/")
    axe_check(page)
    fill_day(page, "Ratings as at", "12", "11", "2025")
    page.get_by_role("button", name="Draft the report").click()
    # The draft opens in its edit form, its sections written from the plan's data.
    expect(page.get_by_role("heading", name="Edit the cover report")).to_be_visible()
    expect(page.locator("main")).to_contain_text("57% actions now complete")
    axe_check(page)
    page.goto(f"{site}/plans/{SLUG}/committee/cover/")
    page.get_by_role("link", name="as at 12 November 2025").first.click()
    expect(page.get_by_role("heading", name="Executive Summary")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "57% actions now complete (82 of 143 actions as at 12 November 2025)"
    )
    axe_check(page)
