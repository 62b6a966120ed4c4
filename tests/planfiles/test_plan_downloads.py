"""Plan downloads: the plan workbook and the actions list, for whoever may read the plan.

Expected values are the plan documents' (fixtures/plan_2025-05-08.json and
plan_2025-11-12.json).
"""

import csv
import datetime as dt
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, plan, what, as_at=None):
    url = reverse(f"planfiles:download_{what}", args=[plan.slug])
    return client.get(url, {"as_at": as_at} if as_at is not None else {})


def signed_in(client, user):
    client.force_login(user)
    return client


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_download_addresses_are_the_plans_own():
    assert reverse("planfiles:download_xlsx", args=["x"]) == "/plans/x/download/plan.xlsx"
    assert reverse("planfiles:download_csv", args=["x"]) == "/plans/x/download/actions.csv"


def test_an_officer_downloads_the_plan_workbook_as_at_today(client, plan, owner):
    response = download(signed_in(client, owner), plan, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    name = f"childrens-services-plan-as-at-{today().isoformat()}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    book = load_workbook(BytesIO(response.content))
    sl1 = next(r for r in book["Actions"].iter_rows(min_row=2, values_only=True) if r[0] == "SL1")
    assert (sl1[5], sl1[7]) == (dt.datetime(2025, 1, 31), "Complete")


def test_a_clerk_downloads_the_plan_workbook_as_at_a_past_day(client, plan, clerk):
    response = download(signed_in(client, clerk), plan, "xlsx", "2025-05-08")
    assert response.status_code == 200
    name = "childrens-services-plan-as-at-2025-05-08.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    book = load_workbook(BytesIO(response.content))
    s7 = next(
        r for r in book["Further rows"].iter_rows(min_row=2, values_only=True) if r[0] == "S7"
    )
    assert s7[3:] == ("Cherry Tree House to open in January 2025", "Delayed")


def test_a_clerk_downloads_the_actions_list_as_at_today(client, plan, clerk):
    response = download(signed_in(client, clerk), plan, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"childrens-services-actions-as-at-{today().isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = {r["Ref"]: r for r in csv_rows(response)}
    assert len(rows) == 143
    assert rows["SL1"]["Chapter"] == "Chapter 1"
    assert rows["SL1"]["Area"] == "1. Senior Leaders' Oversight"
    assert rows["SL1"]["Due"] == "January 2025"
    assert rows["SL1"]["Rating"] == "Complete"
    # Every row's owners, in printed order.
    assert rows["CLB4"]["Owners"] == (
        "Service Manager Care Leavers; Area Delivery Manager Targeted Youth Work; "
        "Head of Service for Education Participation and Pupil Support"
    )
    assert rows["CLB4"]["Area"] == "B. Planning for Adulthood"


def test_the_actions_list_as_at_8_may_2025_has_that_days_owners(client, plan, owner):
    response = download(signed_in(client, owner), plan, "csv", "2025-05-08")
    assert response.status_code == 200
    assert (
        'filename="childrens-services-actions-as-at-2025-05-08.csv"'
        in response["Content-Disposition"]
    )
    rows = {r["Ref"]: r for r in csv_rows(response)}
    assert rows["SL2a"]["Owners"] == "Principal Social Worker"
    assert rows["SL2a"]["Rating"] == "Complete but need to evidence impact"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_a_spreadsheet_would_run_is_text_in_the_actions_list(client, plan, owner, start):
    action = Action.objects.get(plan=plan, ref="SL14")
    action.progress = f"{start}cmd|' /C calc'!A0"
    save_tracked(action, user=owner, reason="Testing the export")
    rows = {r["Ref"]: r for r in csv_rows(download(signed_in(client, owner), plan, "csv"))}
    assert rows["SL14"]["Progress"] == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("what", ["xlsx", "csv"])
def test_someone_without_a_role_in_the_plan_is_told_there_is_no_such_plan(
    client, plan, outsider, what
):
    assert download(signed_in(client, outsider), plan, what).status_code == 404


@pytest.mark.parametrize("what", ["xlsx", "csv"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, plan, what):
    response = download(client, plan, what)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("what", ["xlsx", "csv"])
def test_a_future_day_is_refused_with_the_reason(client, plan, clerk, what):
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = download(signed_in(client, clerk), plan, what, tomorrow)
    assert response.status_code == 400
    assert "The date must be today or in the past" in response.content.decode()


def test_a_day_that_is_not_real_is_refused_with_the_reason(client, plan, clerk):
    response = download(signed_in(client, clerk), plan, "xlsx", "2025-02-30")
    assert response.status_code == 400
    assert "must be a real date written YYYY-MM-DD" in response.content.decode()


def test_downloads_are_read_only(client, plan, clerk):
    url = reverse("planfiles:download_xlsx", args=[plan.slug])
    assert signed_in(client, clerk).post(url).status_code == 405
