"""The action history page: every change with when, who, why and old → new.

Expected values come from the council's documents (the plan of 8 May 2025 and
Appendices 1–3 of the 19 January 2026 committee pack), not from the code.
"""

import re

import pytest
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .conftest import add_rounds


def url(plan, ref):
    return reverse("governance:action_history", args=[plan.slug, ref])


def events(html):
    """The timeline's events as text, newest first."""
    items = re.findall(
        r'<li class="app-timeline__event">(.*?)</li>\s*(?=<li class="app-t|</ol>)', html, re.S
    )
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)) for item in items]


def test_sl17_shows_its_delay_agreed_at_the_meeting_then_its_first_state(login, plan, board):
    html = login(board).get(url(plan, "SL17")).content.decode()
    newest, oldest = events(html)
    assert "12 November 2025, 09:00" in newest
    assert "By Maya Manager" in newest
    assert (
        "The audit forms are currently being built within the child&#x27;s record system." in newest
    )
    assert "Partnership Oversight Group, 12 November 2025" in newest
    assert "was On track" in newest and "now Delayed" in newest
    assert "was July 2025" in newest and "now November 2025" in newest
    assert "8 May 2025, 09:00" in oldest and "By Ada Admin" in oldest
    assert "Action added" in oldest


def test_old_values_are_struck_through_with_words_for_screen_readers(login, plan, board):
    html = login(board).get(url(plan, "SL17")).content.decode()
    assert re.search(
        r'<del class="app-change__old"><span class="govuk-visually-hidden">was </span>July 2025</del>',
        html,
    )
    assert re.search(
        r'<ins class="app-change__new"><span class="govuk-visually-hidden">now </span>November 2025</ins>',
        html,
    )


def test_sm4_rewording_is_shown_word_by_word(login, plan, board):
    html = login(board).get(url(plan, "SM4")).content.decode()
    removed = re.findall(r"\[removed: </span>(.*?)<span", html)
    assert [r.strip() for r in removed] == ["partnership and", "partnership"]
    assert not re.findall(r"\[added: </span>", html)
    assert (
        "Internal training on strategy discussions has been provided by the practice leads." in html
    )


def test_owner_changes_come_from_the_owners_history(login, plan, board):
    # Appendix 2 (12 November 2025) gives P7 to the Director of Family Help and Children's
    # Social Care; the plan of 8 May 2025 to the Director of Children's Social Care.
    newest = events(login(board).get(url(plan, "P7")).content.decode())
    owner_event = next(e for e in newest if "Owner removed" in e)
    assert "Director of Children&#x27;s Social Care" in owner_event
    assert "Owner added" in owner_event
    assert "Director of Family Help and Children&#x27;s Social Care" in owner_event


def test_a_multi_row_action_shows_its_second_row(login, plan, board):
    html = login(board).get(url(plan, "CLB4")).content.decode()
    assert "Rating (CLB4 row 2)" in html
    assert (
        "Consider suitable options for a long-term care leaver hub in Crewe by the end of 2025"
        in html
    )


def test_an_officer_sees_the_propose_link_only_on_their_own_actions(login, plan, owner):
    client = login(owner)
    assert "Propose a new due date or wording" in client.get(url(plan, "SL14")).content.decode()
    assert "Propose a new due date or wording" not in client.get(url(plan, "SL18")).content.decode()


def test_people_without_a_role_in_the_plan_get_not_found(login, plan, outsider):
    assert login(outsider).get(url(plan, "SL17")).status_code == 404


def test_signing_in_is_required(client, plan):
    response = client.get(url(plan, "SL17"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_action_is_not_found(login, plan, board):
    assert login(board).get(url(plan, "ZZ99")).status_code == 404


@pytest.mark.parametrize("extra_rounds", [0, 10])
def test_the_page_costs_the_same_queries_however_long_the_history(
    login, plan, manager, board, django_assert_num_queries, extra_rounds
):
    add_rounds(plan, manager, extra_rounds)
    client = login(board)
    # Session, user, plan, membership, action (access); ratings, roles, areas, actions
    # (the plan's vocabulary); the action's, its owners' and its rows' history; proposals;
    # the header's counts of proposed changes (and sign-offs, for managers).
    with django_assert_num_queries(14):
        response = client.get(url(plan, "SL17"))
    assert response.status_code == 200
    assert len(events(response.content.decode())) == 2 + extra_rounds


def test_a_change_saved_by_an_officer_appears_first_with_its_reason(login, plan, owner, board):
    action = Action.objects.get(plan=plan, ref="SL14")
    action.progress = "Masterclasses delivered to all teams."
    save_tracked(action, user=owner, reason="Monthly update for December")
    first = events(login(board).get(url(plan, "SL14")).content.decode())[0]
    assert "By Olivia Officer" in first
    assert "Monthly update for December" in first
    assert "Masterclasses delivered to all teams." in first
