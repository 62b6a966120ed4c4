"""axe-core on every page of the officer pages: no serious or critical
violations. Pages reached in the journeys (form errors, conflict, 403) are checked there;
and the update form can be completed with the keyboard alone."""

from playwright.sync_api import expect

from .conftest import axe_violations, sign_in

SLUG = "childrens-services"

OFFICER_PAGES = [
    "/plans/",
    f"/plans/{SLUG}/",
    f"/plans/{SLUG}/?as_at=2025-05-08",
    f"/plans/{SLUG}/areas/1-1/",
    f"/plans/{SLUG}/areas/1-2/",
    f"/plans/{SLUG}/areas/3-1/?as_at=2025-05-08",
    f"/plans/{SLUG}/actions/CLB4/",
    f"/plans/{SLUG}/actions/SL17/?as_at=2025-06-30",
    f"/plans/{SLUG}/actions/SL14/edit/",
    "/my-actions/",
    "/my-actions/?overdue=true",
    "/my-actions/?rating=999999",
    f"/plans/{SLUG}/areas/9-9/",
    f"/plans/{SLUG}/dashboard/",
    f"/plans/{SLUG}/dashboard/?as_at=2025-11-12",
    f"/plans/{SLUG}/?as_at=2025-11-12&overdue=1&chapter=1#actions",  # the plan page's filters
]
MANAGER_PAGES = [
    f"/plans/{SLUG}/areas/1-1/commentary/",
    "/my-actions/?page=2",
    f"/plans/{SLUG}/actions/CLB4/edit/",  # the further row's fieldset
    f"/plans/{SLUG}/sign-off/",
    f"/plans/{SLUG}/meetings/",
    f"/plans/{SLUG}/meetings/new/",
    f"/plans/{SLUG}/settings/",
    f"/plans/{SLUG}/rounds/",
    f"/plans/{SLUG}/finance/",
    f"/plans/{SLUG}/inspections/",
    f"/plans/{SLUG}/committee/",
    f"/plans/{SLUG}/committee/cover/",
    f"/plans/{SLUG}/actions/SL14/evidence/add/",
    "/accounts/",
    "/accounts/reminders/",
    "/accounts/api-tokens/",
]


def test_axe_does_report_a_critical_problem_when_there_is_one(page):
    page.set_content('<html lang="en"><title>Chart</title><main><img src="c.png"></main></html>')
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]


def test_every_officer_page_has_no_serious_accessibility_problems(page, read_only_site, axe_check):
    site = read_only_site
    page.goto(f"{site}/accounts/login/")
    axe_check(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    sign_in(page, site, "officer")
    for path in OFFICER_PAGES:
        page.goto(site + path)
        axe_check(page)


def test_every_manager_page_has_no_serious_accessibility_problems(page, read_only_site, axe_check):
    site = read_only_site
    sign_in(page, site, "manager")
    for path in MANAGER_PAGES:
        page.goto(site + path)
        axe_check(page)
    page.goto(f"{site}/plans/{SLUG}/areas/1-1/commentary/")
    page.get_by_label("Key improvement activities delivered and their impact").fill("")
    page.get_by_role("button", name="Save commentary").click()
    expect(page.get_by_role("link", name="Enter the impact commentary")).to_be_visible()
    axe_check(page)


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_update_form_can_be_completed_with_the_keyboard_alone(signed_in):
    page, site = signed_in, signed_in.site
    page.goto(f"{site}/plans/{SLUG}/actions/SL14/edit/")
    tab_to(page, "input[name=rating]:checked")
    page.keyboard.press("ArrowUp")  # Complete → Complete but need to evidence impact
    expect(page.get_by_role("radio", name="Complete but need to evidence impact")).to_be_checked()
    tab_to(page, "#id_due_day")
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026")
    tab_to(page, "#id_progress")
    page.keyboard.type("Impact audit booked for June.")
    tab_to(page, "#id_reason")
    page.keyboard.type("Impact still to be evidenced; audit in June.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/plans/{SLUG}/actions/SL14/")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Complete but need to evidence impact")
    expect(summary).to_contain_text("Impact audit booked for June.")
    # The demo plan's due dates change by agreement: the new one goes to a meeting.
    expect(page.get_by_text("the new due date, June 2026, is proposed to")).to_be_visible()
    expect(summary).to_contain_text("February 2025")
