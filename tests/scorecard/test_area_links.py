"""Indicators linked to the plan areas whose "How we'll assess" text names them, and the
area page's panel of those indicators."""

import datetime as dt
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from improvement.demo.scorecard import link_areas, load_scorecard
from improvement.plans.models import Area
from improvement.scorecard.models import Indicator
from improvement.scorecard.tables import indicators_for_area


def linked(plan, key):
    area = Area.objects.get(chapter__plan=plan, key=key)
    return sorted(area.indicators.values_list("code", flat=True))


def test_care_leavers_eet_is_evidenced_by_46a_and_47a(plan):
    assert linked(plan, "1-2-c") == ["46a", "47a"]


def test_links_follow_what_each_area_says_it_will_measure(plan):
    assert linked(plan, "1-2-d") == ["46b", "47b"]  # unsuitable accommodation
    assert linked(plan, "1-4") == ["8a", "8b"]  # timeliness of visits
    assert linked(plan, "2-6") == ["63", "64", "65", "66", "67", "69", "77", "78"]
    assert linked(plan, "3-1") == ["31"]  # use of Police Protection
    assert linked(plan, "2-2") == []  # strategy discussion audits: no indicator named
    assert Indicator.areas.through.objects.filter(indicator__plan=plan).count() == 46


def test_links_are_in_the_history_with_their_reason(plan):
    indicator = Indicator.objects.get(plan=plan, code="46a")
    latest = indicator.history.order_by("-history_id").first()
    assert "Linked to the plan areas whose assessment names it." in latest.history_change_reason
    assert {a.area_id for a in latest.areas.all()} == {
        Area.objects.get(chapter__plan=plan, key="1-2-c").pk
    }


def test_loading_the_scorecard_and_its_links_again_writes_nothing(plan, manager):
    doc = json.loads((settings.FIXTURES_DIR / "scorecard_2025-09.json").read_text())
    history_rows = Indicator.history.count()
    assert load_scorecard(doc, plan, user=manager, when=None, reason="again") == 0
    links = json.loads((settings.FIXTURES_DIR / "scorecard_area_links.json").read_text())
    assert link_areas(links, plan, user=manager, when=None, reason="again") == 0
    assert Indicator.history.count() == history_rows


def test_every_link_names_a_real_area_and_indicator(plan):
    links = json.loads((settings.FIXTURES_DIR / "scorecard_area_links.json").read_text())
    keys = set(Area.objects.filter(chapter__plan=plan).values_list("key", flat=True))
    codes = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    for link in links["links"]:
        assert link["area"] in keys
        assert set(link["indicators"]) <= codes
        assert link["because"]


def test_the_area_panel_takes_three_queries_however_many_indicators(
    plan, django_assert_num_queries
):
    few = Area.objects.get(chapter__plan=plan, key="1-2-c")
    many = Area.objects.get(chapter__plan=plan, key="2-6")
    with django_assert_num_queries(3):
        assert len(indicators_for_area(few)["indicators"]) == 2
    with django_assert_num_queries(3):
        assert len(indicators_for_area(many)["indicators"]) == 8


def test_the_area_panel_shows_a_trend_line_and_the_latest_rag_in_words(plan):
    area = Area.objects.get(chapter__plan=plan, key="1-2-c")
    context = indicators_for_area(area)
    assert context["end"] == dt.date(2025, 9, 1)
    html = render_to_string("scorecard/_area_indicators.html", context)
    assert "<polyline" in html
    assert "46a. Percentage of Care Leavers aged 17 to 18 in Education" in html
    assert "60.0%" in html and "Over 15% from target" in html  # 46a: 60.0% against 77.0%
    assert "On target" in html  # 47a: 63.0% against 60.0%
    assert reverse("scorecard:indicator", args=[plan.slug, "46a"]) in html


def test_an_area_without_indicators_says_so(plan):
    area = Area.objects.get(chapter__plan=plan, key="2-3")
    html = render_to_string("scorecard/_area_indicators.html", indicators_for_area(area))
    assert "No scorecard indicator is linked to this area." in html


def test_the_area_page_includes_the_panel(client, owner, plan):
    client.force_login(owner)
    url = reverse("plans:area", args=[plan.slug, "1-2-c"])
    html = client.get(url).content.decode()
    assert "Vital signs for this area" in html
    assert "47a. Percentage of Care Leavers aged 19 to 21" in html
