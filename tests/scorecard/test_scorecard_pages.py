"""The scorecard page and an indicator page: who may see them, what they show, and a
query count that does not grow with the months shown or the figures stored."""

import datetime as dt

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from improvement.scorecard.models import Indicator, IndicatorValue
from improvement.scorecard.tables import add_months

SCORECARD = reverse("scorecard:scorecard", args=["childrens-services"])


def indicator_url(code):
    return reverse("scorecard:indicator", args=["childrens-services", code])


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_someone_without_a_role_in_the_plan_gets_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get(SCORECARD).status_code == 404
    assert client.get(indicator_url("1")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(SCORECARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_scorecard_reads_like_appendix_4(client, owner):
    html = page(client, owner, SCORECARD)
    assert "Early Help and Front Door Responses" in html
    assert "A Stable and able workforce" in html
    assert ">Oct-24</th>" in html and ">Sep-25</th>" in html
    assert "94.7%" in html and "100.4r" in html and "37% (11)" in html
    assert '<abbr title="Not yet available">NYA</abbr>' in html
    assert (
        "<strong>ID 4:</strong> All contacts are now being loaded at the ChECS front door" in html
    )
    assert "Rates are calculated using the 2023 ONS mid year population estimate" in html
    assert html.count('<th scope="row" class="app-sc-td app-sc-title">') == 91


def test_officers_do_not_see_the_import_button_but_managers_do(client, owner, manager):
    assert "Update figures from Excel" not in page(client, owner, SCORECARD)
    assert "Update figures from Excel" in page(client, manager, SCORECARD)


def test_a_range_of_months_can_be_chosen_without_javascript(client, owner):
    html = page(client, owner, SCORECARD, months="3", end="2025-06")
    assert ">Apr-25</th>" in html and ">Jun-25</th>" in html
    assert ">Jul-25</th>" not in html and ">Mar-25</th>" not in html
    assert '<option value="3" selected>' in html


def test_a_nonsense_range_falls_back_to_the_last_twelve_months(client, owner):
    html = page(client, owner, SCORECARD, months="7000", end="1999-01")
    assert ">Oct-24</th>" in html and ">Sep-25</th>" in html


@pytest.mark.parametrize("code", ["1", "15", "16", "33", "37a", "40", "54", "57", "62", "63"])
def test_indicator_pages_show_every_kind_of_month_without_failing(client, owner, code):
    html = page(client, owner, indicator_url(code))
    assert "<svg" in html
    assert "Figures, newest first" in html


def test_the_indicator_page_has_a_chart_with_target_and_sn_lines_and_a_table(client, owner):
    html = page(client, owner, indicator_url("18a"))
    assert 'class="target-line"' in html
    assert 'class="sn-line"' in html
    assert 'role="img"' in html and "<desc" in html
    assert "lowest 65.2% (January 2025), highest 91.2% (August 2025)" in html
    assert "Sep 2025</th>" in html


def test_a_range_target_is_drawn_as_a_band(client, owner):
    assert 'class="target-band"' in page(client, owner, indicator_url("15"))


def test_an_indicator_with_no_figures_says_so(client, owner):
    html = page(client, owner, indicator_url("40"))
    assert "No figures for these months" in html
    assert "No comparison" in html


def test_the_narrative_history_shows_what_was_said_about_the_indicator(client, owner):
    html = page(client, owner, indicator_url("47a"))
    assert "ID 46a-47b: In the main we are demonstrating improved outcomes" in html
    assert "ID 28 &amp; 29" not in html


def test_the_indicator_page_links_the_areas_it_evidences(client, owner):
    html = page(client, owner, indicator_url("46a"))
    assert reverse("plans:area", args=["childrens-services", "1-2-c"]) in html
    assert "Education, Employment and Training" in html


def test_an_unknown_indicator_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get(indicator_url("99z")).status_code == 404


def add_months_of_figures(plan, before, count):
    """``count`` more months of figures for every indicator, before ``before``."""
    indicators = list(Indicator.objects.filter(plan=plan))
    rows = [
        IndicatorValue(
            indicator=i, month=add_months(before, -n), text="50", value=50, status="value"
        )
        for i in indicators
        for n in range(1, count + 1)
    ]
    bulk_create_with_history(rows, IndicatorValue, default_change_reason="test data")


def test_the_scorecard_page_query_count_is_fixed_whatever_the_months(
    client, owner, plan, django_assert_num_queries
):
    client.force_login(owner)
    # session, user, plan, role, stored months, then scorecard_context's six
    with django_assert_num_queries(11):
        assert client.get(SCORECARD).status_code == 200
    add_months_of_figures(plan, dt.date(2024, 10, 1), 48)
    with django_assert_num_queries(11):
        assert client.get(SCORECARD, {"months": 60}).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(SCORECARD, {"months": 3}).status_code == 200


def test_the_indicator_page_query_count_is_fixed_whatever_the_months(
    client, owner, plan, django_assert_num_queries
):
    client.force_login(owner)
    # session, user, plan, role, stored months, indicator + areas + values,
    # narratives, the plan's indicator order
    with django_assert_num_queries(10):
        assert client.get(indicator_url("46a")).status_code == 200
    add_months_of_figures(plan, dt.date(2024, 10, 1), 48)
    with django_assert_num_queries(10):
        assert client.get(indicator_url("46a"), {"months": 60}).status_code == 200


def test_a_plan_without_a_scorecard_says_so_and_its_workbooks_still_download(client, admin_user):
    from improvement.plans.models import Plan

    Plan.objects.create(name="New plan", organisation="Council", slug="new-plan")
    client.force_login(admin_user)
    html = client.get(reverse("scorecard:scorecard", args=["new-plan"])).content.decode()
    assert "This plan has no scorecard yet." in html
    for name in ("export", "template"):
        response = client.get(reverse(f"scorecard:{name}", args=["new-plan"]))
        assert response.status_code == 200
