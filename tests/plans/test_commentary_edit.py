"""A plan manager writes an area's impact commentary for a reporting date; the history
keeps who, when and why."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.plans.models import Area, ImpactCommentary

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(plan):
    return Area.objects.get(chapter__plan=plan, key="1-1")


def url(plan, area, **query):
    base = reverse("plans:commentary", args=[plan.slug, area.key])
    return base + (f"?date={query['date']}" if query else "")


def test_a_manager_writes_commentary_for_a_new_reporting_date(client, plan, manager, area):
    client.force_login(manager)
    data = {"date_day": "10", "date_month": "12", "date_year": "2025", "text": "Audits embedded."}
    response = client.post(url(plan, area), data)
    assert response.status_code == 302
    saved = ImpactCommentary.objects.get(area=area, reporting_date=dt.date(2025, 12, 10))
    record = saved.history.latest()
    assert record.history_user == manager
    assert record.history_change_reason == "Impact commentary for 10 December 2025 written."
    page = client.get(reverse("plans:area", args=[plan.slug, area.key])).content.decode()
    assert "Latest: 10 December 2025" in page
    assert "Audits embedded." in page


def test_changing_existing_commentary_keeps_the_reason(client, plan, manager, area):
    client.force_login(manager)
    form = client.get(url(plan, area, date="2025-11-12")).content.decode()
    assert 'name="date_day" type="text" inputmode="numeric" value="12"' in form
    existing = ImpactCommentary.objects.get(area=area, reporting_date=dt.date(2025, 11, 12))
    assert existing.text[:40] in form
    data = {
        "date_day": "12",
        "date_month": "11",
        "date_year": "2025",
        "text": "Corrected.",
        "reason": "Typo in the figures.",
    }
    client.post(url(plan, area), data)
    existing.refresh_from_db()
    assert existing.text == "Corrected."
    assert existing.history.latest().history_change_reason == "Typo in the figures."


def test_saving_the_same_commentary_again_writes_no_history(client, plan, manager, area):
    client.force_login(manager)
    existing = ImpactCommentary.objects.get(area=area, reporting_date=dt.date(2025, 11, 12))
    before = existing.history.count()
    data = {"date_day": "12", "date_month": "11", "date_year": "2025", "text": existing.text}
    client.post(url(plan, area), data)
    assert existing.history.count() == before


def test_missing_text_or_date_is_explained_and_what_was_typed_is_kept(client, plan, manager, area):
    client.force_login(manager)
    response = client.post(
        url(plan, area), {"date_day": "", "date_month": "", "date_year": "", "text": "Kept text"}
    )
    body = response.content.decode()
    assert '<a href="#id_date_day">Enter the reporting date</a>' in body
    assert "Kept text</textarea>" in body
    response = client.post(
        url(plan, area), {"date_day": "1", "date_month": "1", "date_year": "2026", "text": " "}
    )
    assert '<a href="#id_text">Enter the impact commentary</a>' in response.content.decode()


def test_only_managers_see_the_write_button(client, plan, manager, owner, area):
    area_url = reverse("plans:area", args=[plan.slug, area.key])
    client.force_login(manager)
    assert "Write impact commentary" in client.get(area_url).content.decode()
    client.force_login(owner)
    assert "Write impact commentary" not in client.get(area_url).content.decode()
