"""The plan settings page: plan managers choose whether new ratings need sign-off and
whether new due dates and wording need agreeing at a meeting, saying why; the plan's
history keeps who changed them, when and why."""

import pytest
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.models import Plan


def url(plan):
    return reverse("governance:settings", args=[plan.slug])


def posted(plan, reason="The board asked that timescales are agreed at the POG.", **chosen):
    """The form as a browser posts it: a ticked box is sent, an unticked one is not."""
    data = {name: "on" for name, ticked in chosen.items() if ticked}
    data["reason"] = reason
    return data


@pytest.fixture
def plain(plan, manager):
    """The plan with neither setting on, whatever the demo chose."""
    plan.ratings_need_signoff = plan.changes_need_agreement = False
    return save_tracked(plan, user=manager, reason="Test: both settings off")


def test_a_manager_sees_both_settings_explained(login, plain, manager):
    html = login(manager).get(url(plain)).content.decode()
    assert "New ratings need a plan manager&#x27;s sign-off" in html
    assert "it becomes a proposal for the next meeting instead of a change" in html
    assert 'name="reason"' in html


def test_a_manager_turns_agreement_on_and_the_history_says_who_and_why(login, plain, manager):
    response = login(manager).post(url(plain), posted(plain, changes_need_agreement=True))
    assert response.status_code == 302
    plain.refresh_from_db()
    assert (plain.changes_need_agreement, plain.ratings_need_signoff) == (True, False)
    latest = plain.history.first()
    assert latest.history_user == manager
    assert latest.history_change_reason == (
        "The board asked that timescales are agreed at the POG."
    )
    assert (latest.changes_need_agreement, latest.prev_record.changes_need_agreement) == (
        True,
        False,
    )


def test_unticking_a_setting_turns_it_off(login, plain, manager):
    client = login(manager)
    client.post(url(plain), posted(plain, ratings_need_signoff=True))
    client.post(url(plain), posted(plain, reason="Sign-off is done at the workstreams."))
    plain.refresh_from_db()
    assert plain.ratings_need_signoff is False
    assert plain.history.first().history_change_reason == "Sign-off is done at the workstreams."


def test_a_change_needs_a_reason(login, plain, manager):
    html = (
        login(manager)
        .post(url(plain), posted(plain, reason="", changes_need_agreement=True))
        .content.decode()
    )
    assert "Say why you are changing the settings." in html
    plain.refresh_from_db()
    assert plain.changes_need_agreement is False


def test_saving_nothing_new_writes_no_history(login, plain, manager):
    rows = plain.history.count()
    html = login(manager).post(url(plain), posted(plain)).content.decode()
    assert "Nothing has changed: the settings are as they were." in html
    assert plain.history.count() == rows


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 403), ("board", 403), ("clerk", 403), ("outsider", 404)]
)
def test_only_plan_managers_change_the_settings(login, plain, request, who, status):
    client = login(request.getfixturevalue(who))
    assert client.get(url(plain)).status_code == status
    assert client.post(url(plain), posted(plain, changes_need_agreement=True)).status_code == status
    plain.refresh_from_db()
    assert plain.changes_need_agreement is False


def test_a_closed_plans_settings_are_shown_but_not_changed(login, plain, manager):
    plain.status = Plan.Status.CLOSED
    save_tracked(plain, user=manager, reason="Test: replaced by the 2026 plan")
    client = login(manager)
    html = client.get(url(plain)).content.decode()
    assert "This plan is closed, so its settings can no longer be changed." in html
    assert "Save the settings" not in html
    response = client.post(url(plain), posted(plain, changes_need_agreement=True))
    assert response.status_code == 403
    plain.refresh_from_db()
    assert plain.changes_need_agreement is False
