"""The further rows of a multi-row action (CLB4 row 2) are edited in the same update
form as the first row: their rating and due, under the same rules (a reason for any
change of rating or due, nothing written when nothing changed, the same people, and no
lost updates: the action's version guards the rows too)."""

import re

import pytest
from django.contrib.auth import get_user_model

from improvement.accounts.models import Membership
from improvement.governance.changes import entries
from improvement.governance.records import Lookups
from improvement.plans.models import Action, ActionRow, OwnerRole

from .support import edit_url, form_data

pytestmark = pytest.mark.django_db

ROW2_OWNER = "Head of Service for Education Participation and Pupil Support"


@pytest.fixture
def clb4(plan):
    return Action.objects.get(plan=plan, ref="CLB4")


@pytest.fixture
def row2(clb4):
    return ActionRow.objects.get(action=clb4, row=2)


def row_history(row):
    return list(ActionRow.history.filter(id=row.pk).order_by("history_date", "history_id"))


def action_history(action):
    return list(Action.history.filter(id=action.pk).order_by("history_date", "history_id"))


def other_rating(plan, row):
    """A rating of the plan's scale that the row does not have now."""
    return next(r for r in plan.rating_levels.order_by("order") if r.pk != row.rating_id)


def test_the_edit_page_shows_row_2_in_its_own_fieldset_named_by_its_owner(
    client, manager, clb4, row2
):
    client.force_login(manager)
    body = client.get(edit_url(clb4)).content.decode()
    assert f"Row 2: {ROW2_OWNER} — rating and due date" in body
    assert 'id="id_row2_rating_0" name="row2_rating" type="radio" value="' in body
    checked = re.search(r'name="row2_rating" type="radio" value="(\d+)" checked', body)
    assert checked.group(1) == str(row2.rating_id)
    assert 'name="row2_due_month" type="text" inputmode="numeric" value="12"' in body
    assert 'name="row2_due_year" type="text" inputmode="numeric" value="2025"' in body
    assert row2.due_text in body


def test_changing_row_2s_rating_with_a_reason_writes_one_row_history_record(
    client, plan, manager, clb4, row2
):
    new = other_rating(plan, row2)
    rows_before, actions_before = len(row_history(row2)), len(action_history(clb4))
    client.force_login(manager)
    data = form_data(clb4, row2_rating=new.pk, reason="The Crewe hub options paper slipped.")
    response = client.post(edit_url(clb4), data)
    assert response.status_code == 302
    rows_after = row_history(row2)
    assert len(rows_after) == rows_before + 1
    latest = rows_after[-1]
    assert latest.rating_id == new.pk
    assert latest.history_user == manager
    assert latest.history_change_reason == "The Crewe hub options paper slipped."
    row2.refresh_from_db()
    assert row2.rating_id == new.pk
    assert len(action_history(clb4)) == actions_before + 1  # the version's save


def test_a_row_only_change_moves_the_actions_version_with_the_same_reason(
    client, plan, manager, clb4, row2
):
    version = clb4.version
    client.force_login(manager)
    data = form_data(clb4, row2_due_text="", reason="Hub date agreed.")
    client.post(edit_url(clb4), data)
    clb4.refresh_from_db()
    assert clb4.version == version + 1
    action_save = action_history(clb4)[-1]
    row_save = row_history(row2)[-1]
    assert action_save.history_change_reason == "Hub date agreed."
    assert action_save.history_date == row_save.history_date
    assert row_save.due_text == ""


def test_the_change_log_shows_the_row_change_and_no_empty_action_change(
    client, plan, manager, clb4, row2
):
    client.force_login(manager)
    new = other_rating(plan, row2)
    client.post(edit_url(clb4), form_data(clb4, row2_rating=new.pk, reason="Slipped."))
    newest = entries(Lookups(plan))[:2]
    assert newest[0]["src"] == "row"
    assert "action" not in [
        e["src"] for e in newest if e["history_date"] == newest[0]["history_date"]
    ]
    log = client.get(f"/plans/{plan.slug}/changes/").content.decode()
    assert log.count("Slipped.") == 1
    history = client.get(f"/plans/{plan.slug}/actions/CLB4/history/").content.decode()
    assert history.count("Slipped.") == 1


def test_without_a_reason_the_row_change_is_refused_next_to_the_reason_and_nothing_is_saved(
    client, plan, manager, clb4, row2
):
    new = other_rating(plan, row2)
    rows_before, actions_before = len(row_history(row2)), len(action_history(clb4))
    client.force_login(manager)
    response = client.post(edit_url(clb4), form_data(clb4, row2_rating=new.pk))
    body = response.content.decode()
    assert response.status_code == 200
    message = "Enter a reason for changing the row 2 rating"
    assert (
        f'id="id_reason-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {message}'
        in body
    )
    assert f'<a href="#id_reason">{message}</a>' in body
    assert re.search(rf'name="row2_rating" type="radio" value="{new.pk}" checked', body)
    assert len(row_history(row2)) == rows_before
    assert len(action_history(clb4)) == actions_before


def test_a_wrong_row_2_due_date_is_shown_next_to_its_boxes_and_in_the_summary(
    client, manager, clb4, row2
):
    client.force_login(manager)
    data = form_data(clb4, row2_due_month="13", row2_due_text="", reason="Typo test.")
    body = client.post(edit_url(clb4), data).content.decode()
    message = "Row 2 due date must be a real date"
    assert (
        f'id="row2-due-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {message}'
        in body
    )
    assert f'<a href="#id_row2_due_day">{message}</a>' in body
    assert 'name="row2_due_month" type="text" inputmode="numeric" value="13"' in body
    assert "Typo test.</textarea>" in body
    row2.refresh_from_db()
    assert row2.due_date.month == 12


def test_an_unchanged_save_writes_no_history_at_all(client, manager, clb4, row2):
    rows_before, actions_before = len(row_history(row2)), len(action_history(clb4))
    version = clb4.version
    client.force_login(manager)
    response = client.post(edit_url(clb4), form_data(clb4))
    assert response.status_code == 302
    assert len(row_history(row2)) == rows_before
    assert len(action_history(clb4)) == actions_before
    clb4.refresh_from_db()
    assert clb4.version == version


def test_an_officer_who_does_not_own_clb4_gets_403_and_nothing_is_saved(
    client, plan, owner, clb4, row2
):
    new = other_rating(plan, row2)
    rows_before = len(row_history(row2))
    client.force_login(owner)
    assert client.get(edit_url(clb4)).status_code == 403
    data = form_data(clb4, row2_rating=new.pk, reason="Not mine to change.")
    assert client.post(edit_url(clb4), data).status_code == 403
    assert len(row_history(row2)) == rows_before


def test_an_officer_owning_only_row_2_may_change_it(client, plan, clb4, row2):
    user = get_user_model().objects.create_user("rowtwo", first_name="Rhea", last_name="Rowe")
    Membership.objects.create(user=user, plan=plan, role="officer")
    OwnerRole.objects.get(plan=plan, title=ROW2_OWNER).users.add(user)
    new = other_rating(plan, row2)
    client.force_login(user)
    data = form_data(clb4, row2_rating=new.pk, reason="Options paper approved.")
    assert client.post(edit_url(clb4), data).status_code == 302
    assert row_history(row2)[-1].history_user == user


def hidden_fields(body):
    form = body.split("novalidate>", 1)[1]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def test_a_row_change_from_an_older_version_is_refused_shown_beside_theirs_and_reapplied(
    client, plan, manager, clb4, row2
):
    opened = form_data(clb4)
    theirs = other_rating(plan, row2)
    mine = next(
        r for r in plan.rating_levels.order_by("order") if r.pk not in (theirs.pk, row2.rating_id)
    )
    # A colleague saves row 2 first, through the form.
    client.force_login(manager)
    client.post(edit_url(clb4), {**opened, "row2_rating": theirs.pk, "reason": "Theirs."})
    rows_before, actions_before = len(row_history(row2)), len(action_history(clb4))
    data = {**opened, "row2_rating": str(mine.pk), "progress": "Mine.", "reason": "Mine too."}
    response = client.post(edit_url(clb4), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert len(row_history(row2)) == rows_before
    assert len(action_history(clb4)) == actions_before
    row = body.split('<th scope="row" class="govuk-table__header">Row 2 rating')[1].split("</tr>")[
        0
    ]
    assert "They changed this" in row and "You changed this" in row
    assert theirs.name in row.split("app-conflict-theirs")[1].split("</td>")[0]
    assert mine.name in row.split("app-conflict-yours")[1].split("</td>")[0]
    reapply = hidden_fields(body)
    assert reapply["row2_rating"] == str(mine.pk)
    assert client.post(edit_url(clb4), reapply).status_code == 302
    row2.refresh_from_db()
    clb4.refresh_from_db()
    assert row2.rating_id == mine.pk
    assert clb4.progress == "Mine."
    assert row_history(row2)[-1].history_change_reason == "Mine too."


def test_their_row_change_is_kept_when_i_reapply_a_first_row_change(
    client, plan, manager, owner, clb4, row2
):
    opened = form_data(clb4)
    theirs = other_rating(plan, row2)
    client.force_login(manager)
    client.post(edit_url(clb4), {**opened, "row2_rating": theirs.pk, "reason": "Theirs."})
    body = client.post(edit_url(clb4), {**opened, "evidence": "Minutes."}).content.decode()
    reapply = hidden_fields(body)
    assert reapply["row2_rating"] == str(theirs.pk)
    client.post(edit_url(clb4), reapply)
    row2.refresh_from_db()
    clb4.refresh_from_db()
    assert row2.rating_id == theirs.pk
    assert clb4.evidence == "Minutes."
