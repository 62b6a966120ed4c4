"""Why this rating: a rating below "on track" needs a short reason ("Reason for Delayed"),
kept with each update in the history, shown on the action's page, and printed as a
column of Appendix 1 when the clerk asks for it. The demo scale's levels needing one are
Not started, Delayed and Reviewing (improvement/plans/scales.py)."""

import pytest
from django.urls import reverse

from improvement.lib.dates import today
from improvement.plans.models import Action, RatingLevel
from improvement.plans.scales import PRESETS
from tests.reports.htmltext import rendered, table_rows

from .support import edit_url, form_data, rating
from .test_rating_scale_editor import scale_data
from .test_rating_scale_editor import url as scale_url

pytestmark = pytest.mark.django_db

A1 = ["Ref", "Action", "Due by", "RAG"]
A1_WITH_REASON = ["Ref", "Action", "Due by", "RAG", "Reason"]


def delay(client, owner, action, plan, why="The trainer left; new dates with HR."):
    client.force_login(owner)
    data = form_data(
        action, rating=rating(plan, "Delayed").pk, rating_reason=why, reason="Training moved."
    )
    return client.post(edit_url(action), data)


def test_the_demo_plan_needs_a_reason_for_not_started_delayed_and_reviewing(plan):
    needing = RatingLevel.objects.filter(plan=plan, needs_reason=True).order_by("order")
    assert [level.name for level in needing] == ["Not started", "Delayed", "Reviewing"]


@pytest.mark.parametrize("key", ["bgar", "gar"])
def test_the_amber_and_red_presets_need_a_reason_for_at_risk_and_off_track(key):
    needing = [level.name for level in PRESETS[key][1] if level.needs_reason]
    assert needing == ["At risk", "Off track"]


def test_choosing_delayed_without_a_reason_is_refused_beside_the_reason_box(
    client, plan, owner, owned_action
):
    client.force_login(owner)
    data = form_data(owned_action, rating=rating(plan, "Delayed").pk, reason="Training moved.")
    response = client.post(edit_url(owned_action), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_rating_reason">Enter the reason for Delayed</a>' in body
    assert 'id="id_rating_reason-error"' in body
    assert (
        '<label class="govuk-label govuk-label--m" for="id_rating_reason">Reason for Delayed'
        in (body)
    )
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Complete"


def test_the_reason_is_kept_with_the_update_and_shown_on_the_action_page(
    client, plan, owner, owned_action
):
    assert delay(client, owner, owned_action, plan).status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating_reason == "The trainer left; new dates with HR."
    record = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert record.rating_reason == "The trainer left; new dates with HR."
    page = client.get(reverse("plans:action", args=[plan.slug, "SL14"])).content.decode()
    summary = page.split('class="govuk-summary-list"')[1].split("</dl>")[0]
    assert "Why Delayed" in summary
    assert "The trainer left; new dates with HR." in summary


def test_a_rating_needing_no_reason_keeps_none(client, plan, owner, owned_action):
    delay(client, owner, owned_action, plan)
    owned_action.refresh_from_db()
    data = form_data(
        owned_action,
        rating=rating(plan, "On track").pk,
        rating_reason="The trainer left; new dates with HR.",
        reason="Trainer found.",
    )
    assert client.post(edit_url(owned_action), data).status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating_reason == ""
    page = client.get(reverse("plans:action", args=[plan.slug, "SL14"])).content.decode()
    assert "Why On track" not in page


def test_appendix_1_prints_the_reason_column_only_when_asked(client, plan, owner, owned_action):
    delay(client, owner, owned_action, plan)
    with_reason = rendered(plan, "1", today(), reason_column=True)
    rows = {r["Ref"]: r for r in table_rows(with_reason, A1_WITH_REASON)}
    assert rows["SL14"]["Reason"] == "The trainer left; new dates with HR."
    assert rows["SL14"]["RAG"] == "Delayed"
    assert rows["SL13"]["Reason"] == ""
    plain = rendered(plan, "1", today())
    assert table_rows(plain, A1_WITH_REASON) == []
    assert {r["Ref"]: r for r in table_rows(plain, A1)}["SL14"]["RAG"] == "Delayed"


def test_the_scale_editor_sets_whether_a_level_needs_a_reason(client, plan, manager):
    client.force_login(manager)
    body = client.get(scale_url(plan)).content.decode()
    on_track = RatingLevel.objects.get(plan=plan, name="On track")
    assert f'id="id_level{on_track.pk}-needs_reason"' in body
    data = scale_data(
        plan, {"On track": {"needs_reason": "on"}}, reason="The board asks why, every time."
    )
    assert client.post(scale_url(plan), data).status_code == 302
    on_track.refresh_from_db()
    assert on_track.needs_reason
    assert on_track.history.latest().history_change_reason == "The board asks why, every time."
