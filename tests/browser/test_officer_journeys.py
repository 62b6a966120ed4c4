"""An officer's monthly round in a real browser: sign in, update a rating with a reason,
see it on the plan and in the history; two people editing at once; another owner's
action out of reach. axe-core checks every page on the way."""

import re

from playwright.sync_api import expect

from .conftest import sign_in

SLUG = "childrens-services"


def test_an_officer_updates_a_rating_with_a_reason_and_sees_it_everywhere(signed_in, axe_check):
    page, site = signed_in, signed_in.site
    page.get_by_role("link", name="My actions", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Update SL14").click()
    expect(page.get_by_role("heading", name="Update SL14")).to_be_visible()
    axe_check(page)
    page.get_by_role("radio", name="On track").check()
    page.get_by_role("button", name="Save update").click()
    # Refused: a rating change needs a reason, and the choice is kept.
    expect(page.get_by_role("link", name="Enter a reason for changing the rating")).to_be_visible()
    expect(page.get_by_role("radio", name="On track")).to_be_checked()
    axe_check(page)
    page.get_by_label("Reason for the change").fill("Framework revised by the DfE in May.")
    page.get_by_role("button", name="Save update").click()

    expect(page).to_have_url(f"{site}/plans/{SLUG}/actions/SL14/")
    expect(page.get_by_text("SL14 saved. Rating updated.")).to_be_visible()
    changes = page.locator(".app-changes")
    expect(changes).to_contain_text("Olivia Officer")
    expect(changes).to_contain_text("Framework revised by the DfE in May.")
    axe_check(page)

    page.goto(f"{site}/plans/{SLUG}/")
    expect(page.locator("#action-SL14")).to_contain_text("On track")
    page.goto(f"{site}/plans/{SLUG}/actions/SL14/history/")
    expect(page.locator("main")).to_contain_text("Framework revised by the DfE in May.")


def test_two_people_editing_one_action_get_the_conflict_page_with_both_inputs(
    browser, site, axe_check
):
    officer = browser.new_context(locale="en-GB").new_page()
    manager = browser.new_context(locale="en-GB").new_page()
    sign_in(officer, site, "officer")
    sign_in(manager, site, "manager")
    edit = f"{site}/plans/{SLUG}/actions/SL14/edit/"
    officer.goto(edit)
    manager.goto(edit)

    manager.get_by_role("radio", name="Delayed").check()
    # Delayed needs its reason ("Reason for Delayed" once the page knows the rating).
    manager.locator("textarea[name=rating_reason]").fill("Waiting for national guidance.")
    manager.get_by_label("Reason for the change").fill("National guidance withdrawn.")
    manager.get_by_role("button", name="Save update").click()
    expect(manager.get_by_text("SL14 saved.")).to_be_visible()

    officer.get_by_label("Progress commentary").fill("All teams briefed in October.")
    officer.get_by_role("button", name="Save update").click()
    expect(officer.get_by_role("heading", name="Your update to SL14 was not saved")).to_be_visible()
    expect(officer.locator(".app-conflict-saves")).to_contain_text("Maya Manager")
    expect(officer.locator(".app-conflict-saves")).to_contain_text("National guidance withdrawn.")
    theirs, yours = officer.locator(".app-conflict-theirs"), officer.locator(".app-conflict-yours")
    expect(theirs.first).to_contain_text("Delayed")
    expect(yours.first).to_contain_text("Complete")
    expect(officer.locator("tr", has_text="Progress commentary")).to_contain_text(
        "All teams briefed in October."
    )
    axe_check(officer)

    officer.get_by_role("button", name="Save my changes again").click()
    expect(officer).to_have_url(f"{site}/plans/{SLUG}/actions/SL14/")
    summary = officer.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Delayed")
    expect(summary).to_contain_text("All teams briefed in October.")
    officer.context.close()
    manager.context.close()


def test_an_officer_cannot_reach_another_owners_edit_form(page, read_only_site, axe_check):
    site = read_only_site
    sign_in(page, site, "officer")
    page.goto(f"{site}/plans/{SLUG}/actions/SL18/")
    expect(page.get_by_role("heading", name=re.compile("Action SL18"))).to_be_visible()
    expect(page.get_by_role("link", name="Update this action")).to_have_count(0)
    response = page.goto(f"{site}/plans/{SLUG}/actions/SL18/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(page.get_by_role("button", name="Save update")).to_have_count(0)
    axe_check(page)
