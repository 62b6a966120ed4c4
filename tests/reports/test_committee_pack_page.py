"""The committee pack page: who may open it, its defaults, and clear messages for bad
dates next to the field that was wrong."""

import re

import pytest
from django.utils import timezone

from improvement.lib.dates import long_date

PAGE = "/plans/childrens-services/committee/"


@pytest.mark.parametrize("who", ["clerk", "manager", "board", "admin_user"])
def test_clerks_managers_board_members_and_admins_may_open_the_pack_page(client, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Committee pack" in response.content.decode()


def test_officers_may_not_export_the_pack(client, owner):
    client.force_login(owner)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "appendix-1.pdf?as_at=2025-11-12").status_code == 403
    assert client.get(PAGE + "pack.pdf?as_at=2025-11-12&since=2025-05-08").status_code == 403


def test_people_without_a_role_in_the_plan_are_not_told_it_exists(client, outsider):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.get(PAGE + "appendix-2.pdf?as_at=2025-11-12").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE + "appendix-1.pdf?as_at=2025-11-12")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_ratings_date_defaults_to_today_and_the_previous_report_to_the_last_one(client, clerk):
    client.force_login(clerk)
    page = client.get(PAGE).content.decode()
    assert f"Ratings as at {long_date(timezone.localdate())}" in page
    # The demo plan was last reported on 12 November 2025, so that is the previous report.
    assert 'name="since_day" type="text" inputmode="numeric" value="12"' in page
    assert 'name="since_month" type="text" inputmode="numeric" value="11"' in page
    assert 'name="since_year" type="text" inputmode="numeric" value="2025"' in page


def test_the_page_links_each_appendix_and_the_pack_with_the_chosen_options(client, clerk):
    client.force_login(clerk)
    page = client.get(
        PAGE,
        {"as_at": "2025-11-12", "meeting_date": "2026-01-19", "reference": "CF/24/25-26"},
    ).content.decode()
    links = re.findall(r'href="([^"]+\.pdf\?[^"]+)"', page)
    assert len(links) == 5
    query = "as_at=2025-11-12&amp;since=2025-05-08&amp;meeting_date=2026-01-19&amp;reference=CF%2F24%2F25-26"
    for name in ("appendix-1", "appendix-2", "appendix-3", "appendix-4", "pack"):
        assert f"{PAGE}{name}.pdf?{query}" in links


def boxes(name, day, month, year):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


@pytest.mark.parametrize(
    ("query", "field", "message", "typed"),
    [
        (
            boxes("as_at", "12", "", "2025"),
            "as_at",
            "The ratings date must include a month",
            ("12", "", "2025"),
        ),
        (
            boxes("as_at", "30", "2", "2025"),
            "as_at",
            "The ratings date must be a real date",
            ("30", "2", "2025"),
        ),
        (
            boxes("as_at", "1", "1", "2099"),
            "as_at",
            "The ratings date must be today or in the past",
            ("1", "1", "2099"),
        ),
        (
            boxes("as_at", "1", "1", "2024"),
            "as_at",
            "The plan has no ratings before 8 May 2025",
            ("1", "1", "2024"),
        ),
        (
            {"as_at": "2025-11-12", **boxes("since", "1", "12", "2025")},
            "since",
            "must be before the ratings",
            ("1", "12", "2025"),
        ),
        (
            {"as_at": "2025-11-12", **boxes("meeting_date", "soon", "1", "2026")},
            "meeting_date",
            "The meeting date must be a real date, in numbers",
            ("soon", "1", "2026"),
        ),
        (
            {"as_at": "2025-02-30"},
            "as_at",
            "The ratings date must be a real date written YYYY-MM-DD",
            ("30", "2", "2025"),
        ),
        ({"as_at": "12/11/2025"}, "as_at", "(not “12/11/2025”)", ("", "", "")),
    ],
)
def test_a_bad_date_is_explained_next_to_its_field_and_what_was_typed_is_kept(
    client, clerk, query, field, message, typed
):
    client.force_login(clerk)
    response = client.get(PAGE, query)
    page = response.content.decode()
    assert response.status_code == 400
    error = re.search(
        rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', page, re.S
    )
    assert error and message in error.group(1)
    assert f'aria-describedby="id_{field}-hint id_{field}-error"' in page
    for part, value in zip(("day", "month", "year"), typed, strict=True):
        assert f'name="{field}_{part}" type="text" inputmode="numeric" value="{value}"' in page
    assert "There is a problem" in page
    assert f'href="#id_{field}_day"' in page


def test_a_direct_link_with_a_bad_date_shows_the_form_with_the_message_not_a_crash(client, clerk):
    client.force_login(clerk)
    response = client.get(PAGE + "appendix-1.pdf", {"as_at": "2025-13-45"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The ratings date must be a real date" in response.content.decode()


def test_appendix_3_without_a_previous_report_date_asks_for_one(client, clerk):
    client.force_login(clerk)
    response = client.get(PAGE + "appendix-3.pdf", {"as_at": "2025-11-12", "since": ""})
    assert response.status_code == 400
    assert "Enter the date of the previous report for Appendix 3" in response.content.decode()


def test_an_unknown_appendix_is_not_found(client, clerk):
    client.force_login(clerk)
    assert client.get(PAGE + "appendix-5.pdf?as_at=2025-11-12").status_code == 404


def test_the_latest_ratings_date_is_printed_in_words(client, clerk):
    client.force_login(clerk)
    page = client.get(PAGE, {"as_at": "2025-11-12"}).content.decode()
    assert f"Ratings as at {long_date(timezone.datetime(2025, 11, 12))}" in page


def test_the_plan_page_links_the_pack_for_those_who_may_export_it(client, clerk, owner):
    client.force_login(clerk)
    assert (
        f'href="{PAGE}">Committee pack</a>'
        in client.get("/plans/childrens-services/").content.decode()
    )
    client.force_login(owner)
    assert "Committee pack" not in client.get("/plans/childrens-services/").content.decode()
