"""Time travel: ``?as_at=YYYY-MM-DD`` on the plan, area and action pages shows that day's
state, read-only, under a banner. Expected values are the 8 May 2025 plan document's."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from improvement.plans.status import plan_summary

pytestmark = pytest.mark.django_db

MAY = "2025-05-08"


def text(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def page(client, name, *args, as_at=MAY):
    response = client.get(reverse(f"plans:{name}", args=args), {"as_at": as_at} if as_at else {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_as_at_8_may_2025_shows_that_days_ratings_under_a_banner(signed_in, plan):
    body = page(signed_in, "detail", plan.slug)
    assert "Past view – read-only" in body
    assert "as it stood at the end of 8 May 2025" in body
    assert "Ratings as at 8 May 2025." in body
    sl17 = text(body.split('id="action-SL17"')[1].split("</tr>")[0])
    assert "July 2025 On track" in sl17
    sl8 = text(body.split('id="action-SL8"')[1].split("</tr>")[0])
    assert "September 2025 On track" in sl8


def test_the_past_summary_agrees_with_the_plan_status_command(signed_in, plan):
    expected = plan_summary(plan, dt.date(2025, 5, 8))
    summary = text(
        page(signed_in, "detail", plan.slug).split('id="summary-heading"')[1].split("</section>")[0]
    )
    assert f"{expected['total']} actions" in summary
    assert f"{expected['percent_complete']}% complete ({expected['complete']} of" in summary
    for word, count in expected["by_rating"].items():
        assert f"{word} {count}" in summary


def test_a_past_view_offers_no_way_to_change_anything(signed_in, plan):
    for body in (
        page(signed_in, "detail", plan.slug),
        page(signed_in, "action", plan.slug, "SL14"),
        page(signed_in, "area", plan.slug, "1-1"),
    ):
        assert "/edit/" not in body
        assert "Update this action" not in body
        assert "Write impact commentary" not in body
        assert 'method="post"' not in body.split("<main")[1]


def test_links_in_a_past_view_stay_in_the_past(signed_in, plan):
    body = page(signed_in, "detail", plan.slug)
    assert f'href="/plans/{plan.slug}/areas/1-1/?as_at={MAY}"' in body
    assert f'href="/plans/{plan.slug}/actions/SL1/?as_at={MAY}"' in body
    assert f'<a class="govuk-notification-banner__link" href="/plans/{plan.slug}/">' in body


def test_the_area_as_at_8_may_shows_only_the_commentary_written_by_then(signed_in, plan):
    body = text(page(signed_in, "area", plan.slug, "1-1"))
    assert "Latest: 8 May 2025" in body
    assert "12 November 2025" not in body
    now = text(page(signed_in, "area", plan.slug, "1-1", as_at=None))
    assert "Latest: 12 November 2025" in now


def test_the_action_as_at_a_past_day_shows_that_days_values_and_changes(signed_in, plan):
    body = text(page(signed_in, "action", plan.slug, "SL17", as_at="2025-06-30"))
    assert "as it stood at the end of 30 June 2025" in body
    assert "Rating On track" in body
    assert "Due by July 2025" in body
    latest = body.split("Latest changes")[1]
    assert "8 May 2025" in latest
    assert "12 November 2025" not in latest


def test_a_badly_written_date_is_a_bad_request(signed_in, plan):
    url = reverse("plans:detail", args=[plan.slug])
    assert signed_in.get(url, {"as_at": "8 May 2025"}).status_code == 400
    assert signed_in.get(url, {"as_at": "2025-02-30"}).status_code == 400


def test_today_or_a_future_day_is_the_live_plan(signed_in, plan):
    body = page(signed_in, "detail", plan.slug, as_at="2099-01-01")
    assert "Past view" not in body
    assert "/actions/SL14/edit/" in body


def test_a_day_before_the_plan_existed_has_nothing_to_show(signed_in, plan):
    body = page(signed_in, "detail", plan.slug, as_at="2024-01-01")
    assert "The plan had no actions on that date." in body
    url = reverse("plans:action", args=[plan.slug, "SL1"])
    assert signed_in.get(url, {"as_at": "2024-01-01"}).status_code == 404


def test_the_date_boxes_lead_to_the_address_people_can_paste(signed_in, plan):
    url = reverse("plans:area", args=[plan.slug, "1-1"])
    response = signed_in.get(url, {"as_at_day": "8", "as_at_month": "5", "as_at_year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?as_at=2025-05-08"
    past = signed_in.get(response["Location"]).content.decode()
    assert 'name="as_at_day" type="text" inputmode="numeric" value="8"' in past


def test_a_wrong_date_in_the_boxes_is_explained_beside_them(signed_in, plan):
    url = reverse("plans:detail", args=[plan.slug])
    response = signed_in.get(url, {"as_at_day": "31", "as_at_month": "2", "as_at_year": "2025"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<p id="as-at-error" class="govuk-error-message">' in body
    assert "The date must be a real date" in body
    assert 'name="as_at_day" type="text" inputmode="numeric" value="31"' in body
    assert "Past view" not in body
