"""Which month the scorecard opens at: a partial import of a new month (four figures for
October 2025, when September 2025 has every indicator's row) leaves it at September,
says so, and a plan manager may mark a month complete, which the history records."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.scorecard.models import Indicator, IndicatorValue, ScorecardMonth
from improvement.scorecard.months import latest_full, mark_month

from .conftest import edit, row_of

SCORECARD = reverse("scorecard:scorecard", args=["childrens-services"])
MONTHS = reverse("scorecard:months", args=["childrens-services"])
IMPORT = reverse("scorecard:import", args=["childrens-services"])
CONFIRM = reverse("scorecard:confirm", args=["childrens-services"])
JUN, JUL, AUG, SEP, OCT = (dt.date(2025, m, 1) for m in (6, 7, 8, 9, 10))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# October 2025's first figures, as the BI team might send them early.
OCTOBER_FIGURES = {"1": "93.1%", "2": "4.0%", "3": "12", "4": "1101"}


def add_october(plan, manager):
    for code, text in OCTOBER_FIGURES.items():
        indicator = Indicator.objects.get(plan=plan, code=code)
        value = IndicatorValue(
            indicator=indicator, month=OCT, text=text, value=text.rstrip("%"), status="value"
        )
        save_tracked(value, user=manager, reason="Test: October's first figures")


def page(client, user, **params):
    client.force_login(user)
    response = client.get(SCORECARD, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_partial_import_of_a_new_month_leaves_the_scorecard_at_the_last_full_month(
    client, plan, owner, manager
):
    add_october(plan, manager)
    html = page(client, owner)
    assert ">Oct-24</th>" in html and ">Sep-25</th>" in html
    assert ">Oct-25</th>" not in html
    assert (
        "Figures to September 2025, the latest complete month. October 2025 has 4 of 91 "
        "figures so far." in html
    )
    assert '<option value="2025-09" selected>September 2025</option>' in html


def test_any_month_can_still_be_chosen_and_the_page_says_how_full_it_is(
    client, plan, owner, manager
):
    add_october(plan, manager)
    html = page(client, owner, months="3", end="2025-10")
    assert ">Aug-25</th>" in html and ">Oct-25</th>" in html
    assert (
        "Figures to October 2025 (4 of 91 figures); the latest complete month is "
        "September 2025." in html
    )


def test_a_month_a_manager_marks_complete_is_shown_by_default(client, plan, owner, manager):
    add_october(plan, manager)
    client.force_login(manager)
    response = client.post(MONTHS, {"month": "2025-10", "complete": "yes", "reason": "Final"})
    assert response.status_code == 302
    html = page(client, owner)
    assert ">Oct-25</th>" in html and ">Oct-24</th>" not in html
    assert "Figures to October 2025, the latest month a plan manager marked complete." in html
    mark = ScorecardMonth.objects.get(plan=plan, month=OCT)
    latest = mark.history.order_by("-history_id").first()
    assert (latest.complete, latest.history_user, latest.history_change_reason) == (
        True,
        manager,
        "Final",
    )


def test_unmarking_returns_the_scorecard_to_the_latest_full_month(client, plan, owner, manager):
    add_october(plan, manager)
    mark_month(plan, OCT, True, user=manager, reason="Test: marked too soon")
    client.force_login(manager)
    client.post(MONTHS, {"month": "2025-10", "complete": "no"})
    html = page(client, owner)
    assert ">Sep-25</th>" in html and ">Oct-25</th>" not in html
    reasons = list(
        ScorecardMonth.history.filter(month=OCT)
        .order_by("history_id")
        .values_list("complete", "history_change_reason")
    )
    assert reasons == [(True, "Test: marked too soon"), (False, "October 2025 marked not complete")]


def test_managers_are_offered_the_newest_month_on_the_scorecard_page(client, plan, owner, manager):
    add_october(plan, manager)
    assert "Mark October 2025 complete" in page(client, manager)
    assert "Mark October 2025 complete" not in page(client, owner)
    assert "Which months are complete" not in page(client, owner)


def test_only_plan_managers_may_mark_a_month_and_only_by_post(client, plan, owner, clerk, manager):
    for user in (owner, clerk):
        client.force_login(user)
        assert client.post(MONTHS, {"month": "2025-09", "complete": "yes"}).status_code == 403
    client.force_login(manager)
    assert client.get(MONTHS, {"month": "2025-09", "complete": "yes"}).status_code == 200
    assert not ScorecardMonth.objects.exists()


def test_marking_needs_the_csrf_token(plan, manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(MONTHS, {"month": "2025-09", "complete": "yes"}).status_code == 403
    assert not ScorecardMonth.objects.exists()


def test_a_month_without_figures_cannot_be_marked(client, manager):
    client.force_login(manager)
    response = client.post(MONTHS, {"month": "2025-12", "complete": "yes"})
    assert response.status_code == 400
    assert "Select a month that has figures on the scorecard" in response.content.decode()
    assert not ScorecardMonth.objects.exists()


def test_the_months_page_lists_each_month_with_its_figures(
    client, plan, manager, django_assert_num_queries
):
    add_october(plan, manager)
    client.force_login(manager)
    # session, user, plan, role, figures per month, latest mark, marked months,
    # indicators, the header's counts of proposed changes and sign-offs
    with django_assert_num_queries(9):
        html = client.get(MONTHS).content.decode()
    assert '<th scope="row" class="govuk-table__header">October 2025</th>' in html
    assert "4 of 91" in html
    # September 2025: 86 figures, 2 NYA and 3 blanks in the seed.
    assert "86 of 91" in html


def test_the_import_preview_offers_to_mark_its_newest_month_complete(client, plan, manager):
    def october(ws):
        ws.insert_cols(15)
        ws.cell(4, 15).value = "Oct-25"
        for code, text in OCTOBER_FIGURES.items():
            ws.cell(row_of(ws, code), 15).value = text

    from improvement.scorecard.workbook import workbook_bytes

    client.force_login(manager)
    data = edit(workbook_bytes(plan), october)
    preview = client.post(IMPORT, {"workbook": SimpleUploadedFile("Oct.xlsx", data, XLSX)})
    assert "October 2025's figures are complete" in preview.content.decode()
    token = preview.context["token"]
    client.post(CONFIRM, {"token": token, "complete_month": "2025-10"})
    mark = ScorecardMonth.objects.get(plan=plan, month=OCT)
    latest = mark.history.order_by("-history_id").first()
    assert (mark.complete, latest.history_user) == (True, manager)
    assert latest.history_change_reason == "October 2025 marked complete on importing Oct.xlsx"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({JUN: 88, JUL: 88, AUG: 86, SEP: 86, OCT: 4}, SEP),  # the demo plus October's four
        ({JUN: 88, JUL: 88, AUG: 86, SEP: 80}, SEP),  # 80 is more than nine in ten of 88
        ({JUN: 88, JUL: 88, AUG: 86, SEP: 79}, AUG),  # 79 is fewer
        ({SEP: 0, OCT: 0}, OCT),  # no figures anywhere: the latest month
        ({}, None),
    ],
)
def test_the_latest_full_month_is_the_latest_with_nine_tenths_of_the_fullest(counts, expected):
    assert latest_full(counts) == expected
