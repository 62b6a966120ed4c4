"""No lost updates: a save started from an older version of the action is refused, writes
nothing, and shows the other person's saved values beside the refused input, which can
be re-applied in one click."""

import re

import pytest

from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .support import edit_url, form_data, rating

pytestmark = pytest.mark.django_db


def history_count(action):
    return Action.history.filter(id=action.pk).count()


def hidden_fields(body):
    """The hidden inputs of the conflict page's re-apply form, as form data."""
    form = body.split("novalidate>", 1)[1]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


@pytest.fixture
def opened_then_changed(plan, owner, manager, owned_action):
    """The officer opens the form on SL14; the manager then saves a new rating."""
    officer_form = form_data(owned_action)
    owned_action.rating = rating(plan, "Delayed")
    owned_action.rating_reason = "The DfE withdrew the guidance."  # Delayed needs a reason
    save_tracked(owned_action, user=manager, reason="Guidance withdrawn by the DfE.")
    return officer_form


def test_the_second_save_is_refused_and_writes_nothing(
    client, plan, owner, owned_action, opened_then_changed
):
    before = history_count(owned_action)
    data = {**opened_then_changed, "progress": "Briefings done.", "reason": ""}
    client.force_login(owner)
    response = client.post(edit_url(owned_action), data)
    assert response.status_code == 409
    assert history_count(owned_action) == before
    owned_action.refresh_from_db()
    assert owned_action.progress == ""
    assert owned_action.rating.name == "Delayed"


def test_the_conflict_page_shows_who_saved_what_beside_the_refused_input(
    client, plan, owner, owned_action, opened_then_changed
):
    data = {**opened_then_changed, "progress": "Briefings done.", "evidence": "Team minutes"}
    client.force_login(owner)
    body = client.post(edit_url(owned_action), data).content.decode()
    assert "Your update to SL14 was not saved" in body
    saves = body.split("Saved since you opened the form")[1].split("</ul>")[0]
    assert "Maya Manager" in saves
    assert "Guidance withdrawn by the DfE." in saves
    rows = {
        m[0]: (m[1], m[2])
        for m in re.findall(
            r'<th scope="row" class="govuk-table__header">([^<\n]+).*?'
            r'app-conflict-theirs">(.*?)</td>\s*<td class="govuk-table__cell app-conflict-yours">(.*?)</td>',
            body,
            re.S,
        )
    }
    theirs, yours = rows["Rating"]
    assert "Delayed" in theirs
    assert "Complete" in yours
    assert rows["Progress commentary"] == ("(empty)", "Briefings done.")
    assert rows["Evidence"] == ("(empty)", "Team minutes")


def test_reapplying_keeps_their_rating_and_adds_my_commentary_in_one_click(
    client, plan, owner, owned_action, opened_then_changed
):
    data = {**opened_then_changed, "progress": "Briefings done."}
    client.force_login(owner)
    body = client.post(edit_url(owned_action), data).content.decode()
    reapply = hidden_fields(body)
    owned_action.refresh_from_db()
    assert reapply["version"] == str(owned_action.version)
    response = client.post(edit_url(owned_action), reapply)
    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.progress == "Briefings done."
    assert owned_action.rating.name == "Delayed"
    latest = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert latest.history_user == owner


def test_reapplying_my_rating_over_theirs_carries_my_reason(
    client, plan, owner, owned_action, opened_then_changed
):
    on_track = rating(plan, "On track")
    data = {**opened_then_changed, "rating": str(on_track.pk), "reason": "Restarted in March."}
    client.force_login(owner)
    reapply = hidden_fields(client.post(edit_url(owned_action), data).content.decode())
    assert reapply["rating"] == str(on_track.pk)
    assert reapply["reason"] == "Restarted in March."
    assert client.post(edit_url(owned_action), reapply).status_code == 302
    latest = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert latest.rating_id == on_track.pk
    assert latest.history_change_reason == "Restarted in March."


def test_edit_before_saving_shows_the_form_filled_with_my_input(
    client, plan, owner, owned_action, opened_then_changed
):
    data = {**opened_then_changed, "progress": "Briefings done."}
    client.force_login(owner)
    reapply = hidden_fields(client.post(edit_url(owned_action), data).content.decode())
    before = history_count(owned_action)
    response = client.post(edit_url(owned_action), {**reapply, "next_step": "review"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Briefings done.</textarea>" in body
    owned_action.refresh_from_db()
    assert f'name="version" value="{owned_action.version}"' in body
    assert history_count(owned_action) == before


def test_a_form_without_its_version_is_refused_rather_than_overwriting(client, owner, owned_action):
    data = form_data(owned_action, progress="No version sent.")
    del data["version"]
    client.force_login(owner)
    before = history_count(owned_action)
    assert client.post(edit_url(owned_action), data).status_code == 409
    assert history_count(owned_action) == before


def test_every_write_path_moves_the_version_on(plan, manager, owned_action):
    version = owned_action.version
    owned_action.evidence = "Signed-off report"
    save_tracked(owned_action, user=manager, reason="Evidence filed.")
    owned_action.refresh_from_db()
    assert owned_action.version == version + 1
    owned_action.progress = "Half the teams briefed."
    save_tracked(owned_action, user=manager, reason="Progress.", update_fields=["progress"])
    owned_action.refresh_from_db()
    assert owned_action.version == version + 2
