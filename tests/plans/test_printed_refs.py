"""Pages and appendices print an action's ref as the plan document prints it (its
``printed_ref``, when the document's differs), while addresses keep the unique ``ref``.

SL17 ("Strengthen the audit process", fixtures/plan_2025-11-12.json) is given the printed
ref "1.1" on 1 February 2026, as a council's own plan might number it.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions
from tests.reports.htmltext import parse, table_rows

pytestmark = pytest.mark.django_db

SET_AT = timezone.make_aware(dt.datetime(2026, 2, 1, 9, 0))
LINK = '<a class="govuk-link" href="/plans/childrens-services/actions/SL17/">1.1</a>'
TITLE = "Strengthen the audit process"
WORDING = "Strengthen the audit process – revise the audit tool and integrate audit and reporting"


@pytest.fixture
def printed(plan, manager):
    action = Action.objects.get(plan=plan, ref="SL17")
    action.printed_ref = "1.1"
    save_tracked(action, user=manager, reason="The document numbers it 1.1.", when=SET_AT)
    return action


def html(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def appendix(plan, key, **dates):
    return parse(render_html(plan, key, PackOptions(**dates)))


def test_the_plan_page_prints_the_documents_ref_and_links_by_the_unique_one(
    client, plan, board, printed
):
    page = html(client, board, reverse("plans:detail", args=[plan.slug]))
    assert LINK in page
    assert ">SL17</a>" not in page


def test_a_past_view_prints_the_ref_as_the_plan_printed_it_that_day(client, plan, board, printed):
    address = reverse("plans:area", args=[plan.slug, "1-1"])
    link = '<a class="govuk-link" href="/plans/childrens-services/actions/SL17/?as_at={}">{}</a>'
    after = html(client, board, f"{address}?as_at=2026-03-01")
    assert link.format("2026-03-01", "1.1") in after
    before = html(client, board, f"{address}?as_at=2025-11-12")
    assert link.format("2025-11-12", "SL17") in before


def test_the_action_page_and_its_history_print_the_documents_ref(client, plan, board, printed):
    page = html(client, board, reverse("plans:action", args=[plan.slug, "SL17"]))
    assert '<h1 class="govuk-heading-l">Action 1.1: Strengthen the audit process</h1>' in page
    history = html(client, board, reverse("governance:action_history", args=[plan.slug, "SL17"]))
    assert '<h1 class="govuk-heading-l">History of 1.1</h1>' in history


def test_my_actions_prints_the_documents_ref(client, plan, manager, printed):
    # The manager sees all 143 actions, 50 a page.
    all_pages = "".join(
        html(client, manager, reverse("plans:my_actions") + f"?page={n}") for n in (1, 2, 3)
    )
    assert 'href="/plans/childrens-services/actions/SL17/">1.1</a>' in all_pages


def test_the_compare_page_prints_the_documents_ref(client, plan, board, printed):
    address = reverse("governance:compare", args=[plan.slug]) + "?from=2025-05-08&to=2026-03-01"
    page = html(client, board, address)
    assert 'href="/plans/childrens-services/actions/SL17/history/">1.1<' in page


def test_appendix_1_prints_the_documents_ref(plan, printed):
    rows = table_rows(appendix(plan, "1", as_at=today()), ["Ref", "Action", "Due by", "RAG"])
    assert {"Ref": "1.1", "Action": TITLE, "Due by": "Nov 25", "RAG": "Delayed"} in rows
    assert not [row for row in rows if row["Ref"] == "SL17"]


def test_appendix_1_as_at_a_day_before_prints_the_ref_of_that_day(plan, printed):
    rows = table_rows(
        appendix(plan, "1", as_at=dt.date(2025, 11, 12)), ["Ref", "Action", "Due by", "RAG"]
    )
    assert {"Ref": "SL17", "Action": TITLE, "Due by": "Nov 25", "RAG": "Delayed"} in rows


def test_appendices_2_and_3_print_the_documents_ref(plan, printed):
    headings = ["Ref", "Action", "Action Owner", "Due by", "Action Rating"]
    rows = table_rows(appendix(plan, "2", as_at=today()), headings)
    found = [row for row in rows if row["Ref"] == "1.1"]
    assert len(found) == 1 and found[0]["Action"].startswith(WORDING)
    delayed = table_rows(
        appendix(plan, "3", as_at=today(), since=dt.date(2025, 5, 8)),
        ["Ref", "Action", "Original timescale", "Reason"],
    )
    assert [row["Original timescale"] for row in delayed if row["Ref"] == "1.1"] == [
        "November 2025"
    ]


def test_the_change_log_names_the_action_by_its_printed_ref_and_links_by_the_unique_one(
    client, plan, board, printed
):
    page = html(client, board, reverse("governance:changes", args=[plan.slug]))
    assert 'href="/plans/childrens-services/actions/SL17/history/">1.1<span' in page
