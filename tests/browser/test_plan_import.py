"""An admin brings in a council's tracker as a new plan, in Debian's chromium: upload,
correct one column of the mapping, preview, confirm, and find the actions on the new
plan's page. axe-core checks the form, the mapping and the preview."""

import datetime as dt

from openpyxl import Workbook
from playwright.sync_api import expect

from .conftest import sign_in

ROWS = [
    ("1.1", "Leadership", "Governance", "Refresh the board's terms", "Director", "Blue"),
    ("1.2", "Leadership", "Governance", "Report to the board monthly", "Director", "Green"),
    ("2.1", "Practice", "Assessment", "Audit twenty assessments a month", "Head of Service", "Red"),
]


def small_tracker(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Ref", "Theme", "Area", "Action", "Lead", "Due date", "RAG", "Impact measures"])
    for ref, theme, area, action, lead, rag in ROWS:
        ws.append([ref, theme, area, action, lead, dt.date(2026, 3, 31), rag, f"Proof of {ref}"])
    wb.save(path)
    return path


def test_an_admin_adds_a_plan_from_a_tracker_and_sees_its_actions(page, site, tmp_path, axe_check):
    tracker = small_tracker(tmp_path / "tracker.xlsx")
    sign_in(page, site, "admin")
    page.goto(f"{site}/plans/new/")
    axe_check(page)
    page.get_by_label("The plan's file (.xlsx or .csv)").set_input_files(str(tracker))
    page.get_by_label("Plan title").fill("Improving children's services")
    page.get_by_label("Organisation").fill("Example Borough Council")
    page.get_by_role("radio", name="Blue, Green, Amber, Red (Blue is complete)").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Match the columns of tracker.xlsx")).to_be_visible()
    expect(page.get_by_label("Action", exact=True)).to_have_value("3")  # guessed: column D
    expect(page.get_by_label("Red", exact=True)).to_have_value("Off track")
    axe_check(page)
    # "Impact measures" is not a heading the guess knows: say it is the evidence.
    page.get_by_label("Evidence", exact=True).select_option(label="H: Impact measures")
    page.get_by_role("button", name="Preview the plan").click()

    expect(page.get_by_role("heading", name="Check the plan from tracker.xlsx")).to_be_visible()
    expect(page.locator("#count-chapters")).to_have_text("2")
    expect(page.locator("#count-actions")).to_have_text("3")
    expect(page.locator(".app-planfiles-first")).to_contain_text("Refresh the board's terms")
    axe_check(page)
    page.get_by_role("button", name="Create the plan").click()

    expect(page).to_have_url(f"{site}/plans/improving-childrens-services/")
    expect(page.get_by_text("Imported 3 actions from tracker.xlsx.")).to_be_visible()
    main = page.locator("main")
    for _ref, _theme, _area, action, _lead, _rag in ROWS:
        expect(main).to_contain_text(action)
