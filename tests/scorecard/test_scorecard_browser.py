"""The scorecard pages in Debian's chromium: no serious accessibility problems (axe-core),
and the range form and the Excel import work with JavaScript switched off."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401 - fixtures reused from the browser suite
    axe_violations,
    browser_context_args,
    browser_type_launch_args,
    sign_in,
    site,
)

from .conftest import column_of, edit, row_of

pytestmark = pytest.mark.browser

SLUG = "childrens-services"
PAGES = [
    f"/plans/{SLUG}/scorecard/",
    f"/plans/{SLUG}/scorecard/?months=3&end=2025-06",
    f"/plans/{SLUG}/scorecard/1/",
    f"/plans/{SLUG}/scorecard/15/",
    f"/plans/{SLUG}/scorecard/40/",
    f"/plans/{SLUG}/scorecard/37a/",
    f"/plans/{SLUG}/scorecard/import/",
    f"/plans/{SLUG}/scorecard/months/",
    f"/plans/{SLUG}/areas/1-2-c/",
]


def check(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def workbooks(tmp_path, plan):
    """A workbook with one bad cell and one with one changed figure."""
    from improvement.scorecard.workbook import workbook_bytes

    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, dt.date(2025, 9, 1))).value = "95.5%"

    def spoil(ws):
        ws.cell(row_of(ws, "2"), column_of(ws, dt.date(2025, 9, 1))).value = "x"

    exported = workbook_bytes(plan)
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(edit(exported, spoil))
    good.write_bytes(edit(exported, change))
    return bad, good


def upload(page, path):
    page.get_by_label("Scorecard workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the workbook").click()


def test_scorecard_pages_have_no_serious_accessibility_problems(
    page,
    site,  # noqa: F811
    tmp_path,
    plan,
):
    bad, good = workbooks(tmp_path, plan)
    sign_in(page, site, "manager")
    for path in PAGES:
        page.goto(site + path)
        check(page)
    page.goto(f"{site}/plans/{SLUG}/scorecard/import/")
    upload(page, bad)
    expect(page.get_by_text("bad.xlsx has 1 problem; nothing was saved")).to_be_visible()
    check(page)
    upload(page, good)
    expect(page.get_by_role("heading", name="Check the changes from good.xlsx")).to_be_visible()
    check(page)


def test_the_range_form_and_the_import_work_without_javascript(
    browser,
    site,  # noqa: F811
    tmp_path,
    plan,
):
    bad, good = workbooks(tmp_path, plan)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, "manager")
    page.goto(f"{site}/plans/{SLUG}/scorecard/")
    page.get_by_label("Months to show").select_option("3")
    page.get_by_role("button", name="Show these months").click()
    expect(page.get_by_role("columnheader", name="Jul-25")).to_have_count(6)  # six sections
    expect(page.get_by_role("columnheader", name="Jun-25")).to_have_count(0)

    page.goto(f"{site}/plans/{SLUG}/scorecard/import/")
    upload(page, bad)
    expect(page.get_by_text("bad.xlsx has 1 problem; nothing was saved")).to_be_visible()
    upload(page, good)
    page.get_by_role("button", name="Save 1 figure").click()
    expect(page.get_by_text("Imported 1 figure from good.xlsx.")).to_be_visible()
    context.close()
