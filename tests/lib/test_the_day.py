"""The day a page is read at: one parser, one GOV.UK field, one rule everywhere.

Blank is today; a malformed or future day is a message next to the date boxes and HTTP
400, never a trace; the boxes keep what was typed; a good day in the boxes goes to the
``?as_at=`` address people share.
"""

import datetime as dt

import pytest
from django.utils import timezone

from improvement.lib.dates import DayError, end_of_day, parse_day, today

PLAN = "/plans/childrens-services/"
PAGES = [PLAN, PLAN + "areas/1-1/", PLAN + "actions/SL1/"]


def test_today_is_the_councils_day_not_the_servers(settings):
    settings.TIME_ZONE = "Europe/London"
    assert today() == timezone.localdate()


def test_the_end_of_a_day_is_its_last_instant_in_london():
    end = end_of_day(dt.date(2025, 11, 12))
    assert end.isoformat() == "2025-11-12T23:59:59.999999+00:00"
    assert end_of_day(dt.date(2025, 5, 8)).isoformat() == "2025-05-08T23:59:59.999999+01:00"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        (("8", "5", "2025"), dt.date(2025, 5, 8)),
        (("08", "05", "2025"), dt.date(2025, 5, 8)),
        ("2025-05-08", dt.date(2025, 5, 8)),
        (("", "", ""), None),
        ("", None),
    ],
)
def test_a_day_is_read_from_three_boxes_or_one_iso_date(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("12", "", "2025"), "The date must include a month"),
        (("", "", "2025"), "The date must include a day and a month"),
        (("a", "5", "2025"), "The date must be a real date, in numbers"),
        (("30", "2", "2025"), "The date must be a real date"),
        (("1", "1", "25"), "Year must include 4 numbers"),
        ("12/11/2025", "The date must be a real date written YYYY-MM-DD"),
        ("2025-02-30", "The date must be a real date written YYYY-MM-DD"),
    ],
)
def test_a_day_that_is_not_real_is_explained(typed, message):
    with pytest.raises(DayError, match=message.replace("(", r"\(")):
        parse_day(typed)


def test_a_future_day_is_refused_unless_the_field_allows_it():
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(DayError, match="must be today or in the past"):
        parse_day(tomorrow.isoformat())
    assert parse_day(tomorrow.isoformat(), allow_future=True) == tomorrow


@pytest.mark.parametrize("page", PAGES)
def test_a_malformed_day_on_a_reading_page_is_a_400_with_the_message_by_the_boxes(
    client, owner, page
):
    client.force_login(owner)
    response = client.get(page, {"as_at": "2025-13-45"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<p id="id_as_at-error" class="govuk-error-message">' in html
    assert "The date must be a real date written YYYY-MM-DD" in html
    assert 'name="as_at_month" type="text" inputmode="numeric" value="13"' in html


@pytest.mark.parametrize("page", PAGES)
def test_a_future_day_on_a_reading_page_is_a_400_not_silently_today(client, owner, page):
    client.force_login(owner)
    tomorrow = today() + dt.timedelta(days=1)
    response = client.get(page, {"as_at": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "The date must be today or in the past" in response.content.decode()


def test_boxes_typed_with_a_mistake_keep_what_was_typed(client, owner):
    client.force_login(owner)
    response = client.get(PLAN, {"as_at_day": "31", "as_at_month": "11", "as_at_year": "2025"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The date must be a real date" in html
    assert 'name="as_at_day" type="text" inputmode="numeric" value="31"' in html
    assert 'href="#id_as_at_day"' in html


def test_a_good_day_in_the_boxes_goes_to_the_address_people_share(client, owner):
    client.force_login(owner)
    response = client.get(PLAN, {"as_at_day": "8", "as_at_month": "5", "as_at_year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == PLAN + "?as_at=2025-05-08"


def test_a_blank_day_and_today_both_read_the_live_editable_plan(client, owner):
    client.force_login(owner)
    for query in ({}, {"as_at": ""}, {"as_at": today().isoformat()}):
        response = client.get(PLAN, query)
        assert response.status_code == 200
        assert "Ratings as they stand today" in response.content.decode()


def test_the_compare_page_reads_its_days_with_the_same_rule(client, board):
    client.force_login(board)
    tomorrow = today() + dt.timedelta(days=1)
    response = client.get(PLAN + "compare/", {"from": "2025-05-08", "to": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "The second date must be today or in the past" in response.content.decode()
