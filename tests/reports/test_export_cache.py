"""A repeat export of unchanged data comes from the cache; any change to the plan,
even one back-dated into the past, makes the next export render afresh, and a change to
another plan does not. Here export_pdf
makes the HTML instead of the PDF (the cache does not care what it stores), read back
with tests/reports/htmltext.py; a real PDF goes through the cache in
test_pdf_downloads.py's direct-link test."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from improvement.lib.history import save_tracked
from improvement.plans.models import (
    Action,
    ActionOwner,
    Area,
    Chapter,
    ImpactCommentary,
    Plan,
    RatingLevel,
)
from improvement.reports.cache import (
    cache_key,
    data_fingerprint,
    history_models,
    pdf_cache,
    plan_path,
)
from improvement.reports.export import export_pdf
from improvement.reports.forms import PackOptions
from tests.reports.conftest import NOV
from tests.reports.htmltext import appendix1_rows, parse

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def empty_cache():
    pdf_cache().clear()
    yield pdf_cache()
    pdf_cache().clear()


def rag_of(exported_html, ref):
    rows = appendix1_rows(parse(exported_html.decode("utf-8")))
    return next(r["rag"] for r in rows if r["ref"] == ref)


def test_a_repeat_export_of_unchanged_data_is_served_from_the_cache(
    plan, empty_cache, html_instead_of_pdf
):
    options = PackOptions(as_at=NOV)
    cold = export_pdf(plan, "1", options)
    warm = export_pdf(plan, "1", options)
    assert (cold.from_cache, warm.from_cache) == (False, True)
    assert warm.pdf == cold.pdf


def test_a_change_back_dated_into_the_reported_day_invalidates_the_cached_pdf(
    plan, empty_cache, html_instead_of_pdf
):
    options = PackOptions(as_at=NOV)
    before = export_pdf(plan, "1", options)
    assert rag_of(before.pdf, "SL17") == "Delayed"  # seeds/003 Appendix 1
    assert export_pdf(plan, "1", options).from_cache

    action = Action.objects.get(plan=plan, ref="SL17")
    action.rating = RatingLevel.objects.get(plan=plan, name="On track")
    save_tracked(
        action,
        user=get_user_model().objects.get(username="manager"),
        reason="Test: corrected rating recorded for 12 November",
        when=dt.datetime(2025, 11, 12, 17, 0, tzinfo=LONDON),
    )
    after = export_pdf(plan, "1", options)
    assert not after.from_cache
    assert rag_of(after.pdf, "SL17") == "On track"


def manager_saves(instance, reason="Test"):
    save_tracked(instance, user=get_user_model().objects.get(username="manager"), reason=reason)


def test_any_write_to_the_plan_moves_the_data_fingerprint(plan):
    before = data_fingerprint(plan)
    action = Action.objects.get(plan=plan, ref="SL1")
    action.progress = "Progress noted today."
    manager_saves(action)
    assert data_fingerprint(plan) != before


def _commentary(plan):
    return ImpactCommentary.objects.filter(area__chapter__plan=plan).first()


def _owner(plan):
    return ActionOwner.objects.filter(action__plan=plan).first()


def _area(plan):
    return Area.objects.filter(chapter__plan=plan).first()


@pytest.mark.parametrize(
    ("find", "field", "value"),
    [
        (_commentary, "text", "Commentary corrected."),  # through its area's chapter
        (_owner, "order", 9),  # through its action
        (_area, "notes", "Please also see action MO5."),  # through its chapter
    ],
)
def test_a_write_reaching_the_plan_through_a_parent_moves_its_fingerprint(plan, find, field, value):
    before = data_fingerprint(plan)
    row = find(plan)
    setattr(row, field, value)
    manager_saves(row)
    assert data_fingerprint(plan) != before


def test_writes_to_another_plan_leave_this_plans_fingerprint_and_pdf_alone(
    plan, empty_cache, html_instead_of_pdf
):
    options = PackOptions(as_at=NOV)
    assert not export_pdf(plan, "1", options).from_cache
    before = data_fingerprint(plan)

    other = Plan(name="Adult Services Plan", organisation="Elsewhere", slug="adults")
    manager_saves(other)
    chapter = manager_saves_new(Chapter(plan=other, number=1, title="Safe at home"))
    area = manager_saves_new(Area(chapter=chapter, number="1", key="1-1", title="Visits"))
    manager_saves_new(ImpactCommentary(area=area, reporting_date=NOV, text="Visits made."))

    assert data_fingerprint(plan) == before
    assert export_pdf(plan, "1", options).from_cache


def manager_saves_new(instance):
    manager_saves(instance)
    return instance


def test_every_tracked_table_the_appendices_read_has_a_way_to_its_plan():
    for model in history_models():
        assert plan_path(model)


def test_the_key_follows_every_option_and_nothing_else(plan):
    base = PackOptions(as_at=NOV, since=dt.date(2025, 5, 8))
    keys = {
        cache_key(plan, "1", base),
        cache_key(plan, "2", base),
        cache_key(plan, "1", PackOptions(as_at=dt.date(2025, 11, 11), since=base.since)),
        cache_key(plan, "1", PackOptions(as_at=NOV, since=dt.date(2025, 6, 1))),
        cache_key(plan, "1", PackOptions(as_at=NOV, since=base.since, reference="CF/1")),
        cache_key(
            plan, "1", PackOptions(as_at=NOV, since=base.since, meeting_date=dt.date(2026, 1, 19))
        ),
    }
    assert len(keys) == 6
    assert cache_key(plan, "1", base) == cache_key(plan, "1", base)


def test_the_fingerprint_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        data_fingerprint(plan)
