"""The Django admin keeps the action's version too: a change form or a history revert
opened before someone else's save is refused and writes nothing, and every save, revert
included, takes the next version after the stored one, so versions only go up."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .support import edit_url, form_data

pytestmark = pytest.mark.django_db

# SL14 is written by both plan documents (8 May and 12 November 2025): version 2.
SL14_VERSION = 2


class FormFields(HTMLParser):
    """What the admin's action form posts: its inputs, selected options and textareas."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The change form is "action_form"; the revert form "historicalaction_form".
        if tag == "form" and attrs.get("id", "").endswith("action_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.removeprefix("\n")


def opened_form(client, url):
    """The admin opens ``url``; what its form would post, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


def change_url(action):
    return reverse("admin:plans_action_change", args=[action.pk])


def revert_url(action, history_row):
    return reverse("admin:plans_action_simple_history", args=[action.pk, history_row.pk])


def history_count(action):
    return Action.history.filter(id=action.pk).count()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def manager_saves(manager):
    """The manager saves a progress commentary through the officers' update form."""

    def save(action, progress):
        other = Client()
        other.force_login(manager)
        response = other.post(edit_url(action), form_data(action, progress=progress))
        assert response.status_code == 302

    return save


def test_a_stale_admin_form_is_refused_and_keeps_the_managers_save(
    admin_client, owned_action, manager_saves
):
    admin_form = opened_form(admin_client, change_url(owned_action))
    manager_saves(owned_action, "All teams briefed in October.")
    saved = history_count(owned_action)

    response = admin_client.post(
        change_url(owned_action),
        {**admin_form, "evidence": "Briefing slides", "change_reason": "Add the evidence"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved: action SL14 was changed by Maya Manager" in body
    assert "Briefing slides" in body  # the refused input is given back
    owned_action.refresh_from_db()
    assert owned_action.progress == "All teams briefed in October."
    assert owned_action.evidence == ""
    assert owned_action.version == SL14_VERSION + 1
    assert history_count(owned_action) == saved


def test_an_admin_form_opened_on_the_current_version_saves_with_its_reason(
    admin_client, admin_user, owned_action
):
    admin_form = opened_form(admin_client, change_url(owned_action))
    response = admin_client.post(
        change_url(owned_action),
        {**admin_form, "evidence": "Briefing slides", "change_reason": "Add the evidence"},
    )

    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.evidence == "Briefing slides"
    assert owned_action.version == SL14_VERSION + 1
    latest = owned_action.history.first()
    assert (latest.version, latest.history_user, latest.history_change_reason) == (
        SL14_VERSION + 1,
        admin_user,
        "Add the evidence",
    )


def test_reverting_in_the_admin_gives_a_version_higher_than_before(
    admin_client, owned_action, manager_saves
):
    manager_saves(owned_action, "All teams briefed in October.")
    first = owned_action.history.order_by("history_date").first()
    assert first.version == 1  # the 8 May 2025 plan

    revert_form = opened_form(admin_client, revert_url(owned_action, first))
    response = admin_client.post(
        revert_url(owned_action, first),
        {**revert_form, "change_reason": "Back to the plan of 8 May 2025"},
    )

    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.progress == ""  # the 8 May 2025 plan had none
    assert owned_action.version == SL14_VERSION + 2
    assert owned_action.history.first().version == SL14_VERSION + 2


def test_a_revert_opened_before_someone_elses_save_is_refused(
    admin_client, owned_action, manager_saves
):
    first = owned_action.history.order_by("history_date").first()
    revert_form = opened_form(admin_client, revert_url(owned_action, first))
    manager_saves(owned_action, "All teams briefed in October.")
    saved = history_count(owned_action)

    response = admin_client.post(
        revert_url(owned_action, first),
        {**revert_form, "change_reason": "Back to the plan of 8 May 2025"},
    )

    assert response.status_code == 200
    assert "Nothing was saved: action SL14 was changed by Maya Manager" in response.content.decode()
    owned_action.refresh_from_db()
    assert owned_action.progress == "All teams briefed in October."
    assert history_count(owned_action) == saved


def test_a_save_from_a_copy_read_before_another_save_still_takes_the_next_version(
    owned_action, manager, admin_user
):
    stale = Action.objects.get(pk=owned_action.pk)
    save_tracked(owned_action, user=manager, reason="First save")
    stale.evidence = "Briefing slides"
    save_tracked(stale, user=admin_user, reason="Second save, from the older copy")

    versions = list(
        Action.history.filter(id=owned_action.pk)
        .order_by("history_date", "history_id")
        .values_list("version", flat=True)
    )
    assert versions == [1, 2, 3, 4]
