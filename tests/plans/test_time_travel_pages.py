"""Time travel: ``?as_at=YYYY-MM-DD`` on the plan, area and action pages shows that day's
state, read-only, under a banner (how a day is read, and future or malformed days, are
tests/lib/test_the_day.py's). Expected values are copied from the plan document of
8 May 2025 (seeds/001, fixtures/plan_2025-05-08.json), never computed by the app; most
were chosen because the 12 November 2025 document says otherwise, so a page showing
today's plan fails."""

import html
import re

import pytest
import tinyhtml5
from django.urls import reverse

pytestmark = pytest.mark.django_db

MAY = "2025-05-08"

# seeds/001, actions tables: Ref | Action Owner | Due by | Action Rating (first row). The
# November document differs for each: SL2a's owner, SL6 and SL8 swapped Reviewing and a
# due date, SL17 was delayed to November 2025, P7 moved to January 2026 under a new
# director, SM4 lost two owners and was rated complete. SL1 reads the same in both.
MAY_ROWS = {
    "SL1": ("Executive Director of Children's Services", "January 2025", "Complete"),
    "SL2a": ("Principal Social Worker", "April 2025", "Complete but need to evidence impact"),
    "SL6": ("Executive Director of Children's Services", "TBC", "Reviewing"),
    "SL8": ("Head of Service Cared for Children and Care Leavers", "September 2025", "On track"),
    "SL17": ("Quality Assurance Improvement Lead", "July 2025", "On track"),
    "P7": ("Director of Children's Social Care", "September 2025", "On track"),
    "SM4": (
        "Partnership Training Manager Service Manager Front Door Lead Practitioners",
        "June 2024",
        "On track",
    ),
}

# The May document's ratings of its 143 actions (first rows), counted from seeds/001:
# 44 Complete, 63 "Complete but need to evidence impact" and H1 and H2's "Amber E" (the
# same rating, seeds README), 26 On track, 6 Closed, 2 Reviewing (SL6, S1), none Delayed
# and none Not started (the key's Grey).
MAY_COUNTS = {
    "Not started": 0,
    "Complete": 44,
    "Complete but need to evidence impact": 65,
    "On track": 26,
    "Closed": 6,
    "Reviewing": 2,
    "Delayed": 0,
}


def text(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def words(element):
    return " ".join(" ".join(element.itertext()).split())


def parse(body):
    return tinyhtml5.parse(body, namespace_html_elements=False)


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
    rows = {tr.get("id"): tr for tr in parse(body).iter("tr") if tr.get("id")}
    shown = {ref: tuple(words(cell) for cell in rows[f"action-{ref}"])[2:] for ref in MAY_ROWS}
    assert shown == MAY_ROWS


def test_the_past_summary_counts_the_may_documents_ratings(signed_in, plan):
    document = parse(page(signed_in, "detail", plan.slug))
    summary = next(s for s in document.iter("section") if s.get("class") == "app-summary")
    figures = [words(li) for li in summary.iter("li")]
    assert figures[:2] == ["143 actions", "31% complete (44 of 143 rated Complete)"]
    counts = {
        words(tr.find("th")): words(tr.find("td"))
        for tr in summary.find("table").find("tbody").findall("tr")
    }
    assert counts == {rating: str(n) for rating, n in MAY_COUNTS.items()}


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
    # Area 1.1's impact commentary in each document opens with these words.
    may_words = "The family feedback strategy was received by PPP in April"
    november_words = "The third monitoring visit in October 2025 found"
    body = text(page(signed_in, "area", plan.slug, "1-1"))
    assert "Latest: 8 May 2025" in body
    assert may_words in body
    assert "12 November 2025" not in body
    assert november_words not in body
    now = text(page(signed_in, "area", plan.slug, "1-1", as_at=None))
    assert "Latest: 12 November 2025" in now
    assert november_words in now


def test_the_action_as_at_a_past_day_shows_that_days_values_and_changes(signed_in, plan):
    # Between the documents SL17 stood as the May one left it: On track, July 2025.
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
