"""The officer's update form: ratings and due dates need a reason that the history keeps,
unchanged saves write nothing, and a wrong entry is explained next to its field with
everything typed kept."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.plans.models import Action

from .support import edit_url, form_data, rating, without_agreement

pytestmark = pytest.mark.django_db


def history_count(action):
    return Action.history.filter(id=action.pk).count()


def test_the_form_opens_on_the_action_as_stored(client, owner, owned_action):
    client.force_login(owner)
    response = client.get(edit_url(owned_action))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'name="version" value="{owned_action.version}"' in body
    assert f'value="{owned_action.rating_id}" checked' in body
    assert 'name="due_day" type="text" inputmode="numeric" value="28"' in body
    assert 'name="due_year" type="text" inputmode="numeric" value="2025"' in body


def test_changing_the_rating_with_a_reason_saves_it_with_who_and_why(
    client, plan, owner, owned_action
):
    client.force_login(owner)
    before = history_count(owned_action)
    delayed = rating(plan, "Delayed")
    data = form_data(
        owned_action,
        rating=delayed.pk,
        rating_reason="Waiting for the national framework.",
        reason="Framework guidance republished.",
    )
    response = client.post(edit_url(owned_action), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:action", args=[plan.slug, "SL14"])
    owned_action.refresh_from_db()
    assert owned_action.rating == delayed
    assert history_count(owned_action) == before + 1
    record = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert record.history_user == owner
    assert record.history_change_reason == "Framework guidance republished."
    assert record.rating_id == delayed.pk
    assert record.rating_reason == "Waiting for the national framework."


def test_a_rating_change_without_a_reason_is_refused_next_to_the_reason_box(
    client, plan, owner, owned_action
):
    client.force_login(owner)
    before = history_count(owned_action)
    data = form_data(
        owned_action,
        rating=rating(plan, "Delayed").pk,
        progress="Waiting for the national guidance.\r\nSecond line kept.",
        evidence="Minutes of 3 March",
    )
    response = client.post(edit_url(owned_action), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert '<a href="#id_reason">Enter a reason for changing the rating</a>' in body
    assert 'id="id_reason-error"' in body
    # Everything typed is still there.
    assert "Waiting for the national guidance.\r\nSecond line kept.</textarea>" in body
    assert "Minutes of 3 March</textarea>" in body
    assert f'value="{rating(plan, "Delayed").pk}" checked' in body
    assert history_count(owned_action) == before
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Complete"


def test_moving_the_due_date_needs_a_reason_too(client, plan, owner, manager, owned_action):
    without_agreement(plan, manager)  # else the new date is proposed to a meeting
    client.force_login(owner)
    data = form_data(owned_action, due_day="31", due_month="5", due_year="2026")
    response = client.post(edit_url(owned_action), data)
    assert "Enter a reason for changing the due date" in response.content.decode()
    data["reason"] = "Agreed at the oversight group."
    assert client.post(edit_url(owned_action), data).status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.due_date == dt.date(2026, 5, 31)


def test_rewording_the_due_date_text_needs_a_reason(client, owner, owned_action):
    client.force_login(owner)
    response = client.post(edit_url(owned_action), form_data(owned_action, due_text="TBC"))
    assert "Enter a reason for changing the due date" in response.content.decode()


def test_saving_without_changing_anything_writes_no_history(client, owner, owned_action):
    client.force_login(owner)
    before = history_count(owned_action)
    version = owned_action.version
    response = client.post(edit_url(owned_action), form_data(owned_action, reason="Checked."))
    assert response.status_code == 302
    assert history_count(owned_action) == before
    owned_action.refresh_from_db()
    assert owned_action.version == version


def test_line_breaks_sent_by_browsers_do_not_count_as_a_change(client, owner, owned_action):
    owned_action.progress = "First line\nSecond line"
    owned_action.save()
    client.force_login(owner)
    before = history_count(owned_action)
    data = form_data(owned_action, progress="First line\r\nSecond line")
    client.post(edit_url(owned_action), data)
    assert history_count(owned_action) == before


def test_commentary_alone_saves_without_a_reason_and_says_what_changed(client, owner, owned_action):
    client.force_login(owner)
    data = form_data(owned_action, progress="Briefings delivered to all teams.")
    assert client.post(edit_url(owned_action), data).status_code == 302
    record = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert record.progress == "Briefings delivered to all teams."
    assert record.history_change_reason == "Progress commentary updated."
    assert record.history_user == owner


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "", "2026", "Due date must include a month"),
        ("31", "2", "2026", "Due date must be a real date"),
        ("x", "2", "2026", "Due date must be a real date, in numbers"),
        ("1", "2", "26", "Year must include 4 numbers"),
        ("", "", "", "Enter a due date, or write when it is due"),
    ],
)
def test_a_wrong_due_date_is_explained_beside_the_date(
    client, owner, owned_action, day, month, year, message
):
    client.force_login(owner)
    data = form_data(owned_action, due_day=day, due_month=month, due_year=year, reason="Moved.")
    response = client.post(edit_url(owned_action), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_due_day">{message}' in body
    assert 'id="due-error"' in body
    assert f'name="due_month" type="text" inputmode="numeric" value="{month}"' in body


def test_a_rating_from_another_scale_is_refused(client, owner, owned_action):
    client.force_login(owner)
    response = client.post(edit_url(owned_action), form_data(owned_action, rating="999999"))
    assert '<a href="#id_rating_0">Choose a rating</a>' in response.content.decode()


def test_the_saved_change_shows_on_the_plan_page_and_in_latest_changes(
    client, plan, owner, owned_action
):
    client.force_login(owner)
    data = form_data(
        owned_action, rating=rating(plan, "On track").pk, reason="Reopened for review."
    )
    client.post(edit_url(owned_action), data)
    plan_page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    row = plan_page.split('id="action-SL14"')[1].split("</tr>")[0]
    assert "On track" in row
    action_page = client.get(reverse("plans:action", args=[plan.slug, "SL14"])).content.decode()
    latest = action_page.split("Latest changes")[1]
    assert "Olivia Officer" in latest
    assert "Reopened for review." in latest
    assert latest.index("Complete") < latest.index("On track")


def test_a_get_of_the_form_changes_nothing(client, owner, owned_action):
    client.force_login(owner)
    before = history_count(owned_action)
    client.get(edit_url(owned_action))
    assert history_count(owned_action) == before


def test_every_problem_is_listed_at_once(client, plan, owner, owned_action):
    client.force_login(owner)
    data = form_data(owned_action, rating=rating(plan, "Delayed").pk, due_day="31", due_month="2")
    body = client.post(edit_url(owned_action), data).content.decode()
    summary = body.split("There is a problem")[1].split("</ul>")[0]
    assert "Due date must be a real date" in summary
    assert "Enter a reason for changing the rating and the due date" in summary
