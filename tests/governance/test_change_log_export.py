"""The change log as a spreadsheet: the filtered changes, and no cell a spreadsheet runs."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvement.governance.xlsx import safe
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel


def export(client, plan, **query):
    from urllib.parse import urlencode

    url = reverse("governance:changes_xlsx", args=[plan.slug])
    return client.get(f"{url}?{urlencode(query)}" if query else url)


def sheet_rows(response):
    book = load_workbook(BytesIO(response.content))
    sheet = book["Changes"]
    return sheet, [list(row) for row in sheet.iter_rows(min_row=4)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("\x01=1+2", "'=1+2"),
        ("\x1f\x08+SUM(A1)", "'+SUM(A1)"),
        ("Plain words", "Plain words"),
        ("Costs £1,000 = fine", "Costs £1,000 = fine"),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised(value, expected):
    assert safe(value) == expected


def test_numbers_and_dates_are_left_alone():
    import datetime as dt

    assert safe(3) == 3
    assert safe(dt.date(2025, 11, 12)) == dt.date(2025, 11, 12)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_an_exported_change_starting_with_a_formula_character_is_text(
    login, plan, owner, clerk, start
):
    action = Action.objects.get(plan=plan, ref="SL14")
    action.progress = f'{start}HYPERLINK("http://example.invalid","click")'
    save_tracked(action, user=owner, reason=f"{start}cmd|' /C calc'!A0")
    sheet, rows = sheet_rows(export(login(clerk), plan, start="2025-12-01"))
    progress = next(r for r in rows if r[4].value == "Progress commentary")

    # An XML parser may read a carriage return back as a line feed (openpyxl's own does,
    # lxml does not); the apostrophe is what matters.
    def lines(text):
        return text.replace("\r", "\n")

    assert lines(progress[6].value) == lines("'" + action.progress)
    assert lines(progress[7].value) == lines(f"'{start}cmd|' /C calc'!A0")
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_a_control_character_before_an_equals_sign_does_not_make_a_live_formula(
    login, plan, owner, clerk
):
    hostile = '\x01=HYPERLINK("http://example.invalid","click")'
    action = Action.objects.get(plan=plan, ref="SL14")
    action.progress = hostile
    save_tracked(action, user=owner, reason=hostile)
    sheet, rows = sheet_rows(export(login(clerk), plan, start="2025-12-01"))
    progress = next(r for r in rows if r[4].value == "Progress commentary")
    assert progress[6].value == '\'=HYPERLINK("http://example.invalid","click")'
    assert progress[7].value == '\'=HYPERLINK("http://example.invalid","click")'
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate


def test_the_export_holds_exactly_the_filtered_changes(login, plan, clerk, appendix3):
    reviewing = RatingLevel.objects.get(plan=plan, name="Reviewing")
    response = export(login(clerk), plan, start="2025-05-09", rating_to=reviewing.pk)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet, rows = sheet_rows(response)
    ratings = [r for r in rows if r[4].value == "Rating"]
    assert sorted(r[2].value for r in ratings) == sorted(
        e["ref"] for e in appendix3["under_review"]
    )
    assert {r[6].value for r in ratings} == {"Reviewing"}
    assert "Rating changed to: Reviewing" in sheet["A2"].value
    sl8 = next(r for r in rows if r[2].value == "SL8" and r[4].value == "Rating")
    assert sl8[1].value == "Maya Manager"
    assert sl8[0].value.strftime("%Y-%m-%d %H:%M") == "2025-11-12 09:00"
    assert sl8[7].value.startswith(
        "We will revise the cared for children and care leavers strategy"
    )


def test_officers_may_not_export(login, plan, owner):
    assert export(login(owner), plan).status_code == 403


def test_bad_filters_send_you_back_to_the_log(login, plan, clerk):
    response = export(login(clerk), plan, start="2025-11-12", end="2025-01-01")
    assert response.status_code == 302
    assert reverse("governance:changes", args=[plan.slug]) in response["Location"]
