"""Who a token lets in: its person's plans only, read only, and never once revoked."""

import datetime as dt

import pytest
from django.utils import timezone

from improvement.api import tokens
from improvement.api.models import ApiToken, ApiTokenUse
from improvement.lib.history import save_tracked

from .conftest import SLUG


def test_a_token_of_a_person_without_a_role_in_the_plan_gets_404(call, token_for, outsider):
    token = token_for(outsider)
    for path in ["", "/actions", "/changes", "/rounds", "/scorecard", "/finance", "/actions.csv"]:
        assert call(token, f"plans/{SLUG}{path}").status_code == 404, path


def test_a_plan_they_have_no_role_in_looks_the_same_as_no_plan(call, token_for, outsider):
    token = token_for(outsider)
    hidden = call(token, f"plans/{SLUG}")
    missing = call(token, "plans/no-such-plan")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_a_person_without_a_role_lists_no_plans(call, token_for, outsider):
    body = call(token_for(outsider), "plans").json()
    assert body == {"items": [], "count": 0}


def test_a_member_lists_their_plan_with_their_role(call, token_for, owner):
    body = call(token_for(owner), "plans").json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == SLUG
    assert body["items"][0]["role"] == "officer"


def test_no_token_is_401(call):
    assert call(None, f"plans/{SLUG}").status_code == 401
    assert call(None, "plans").status_code == 401


def test_a_revoked_token_is_401(call, board):
    row, token = tokens.create(board, "Old dashboard")
    assert call(token, f"plans/{SLUG}").status_code == 200
    tokens.revoke(row, user=board)
    assert call(token, f"plans/{SLUG}").status_code == 401


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda t: t.replace("imp_", "xyz_", 1),
        lambda t: "imp_nothing",
        lambda t: "",
    ],
)
def test_an_unknown_or_malformed_token_is_401(call, client, token_for, board, mangle):
    token = mangle(token_for(board))
    response = client.get(f"/api/v1/plans/{SLUG}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_signed_in_session_is_not_accepted_without_a_token(client, board):
    client.force_login(board)
    assert client.get(f"/api/v1/plans/{SLUG}").status_code == 401


def test_a_token_of_a_deactivated_person_is_401(call, token_for, board):
    token = token_for(board)
    board.is_active = False
    save_tracked(board, user=board, reason="Left the council")
    assert call(token, f"plans/{SLUG}").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(call, token_for, board, method):
    response = call(token_for(board), f"plans/{SLUG}/actions", method=method)
    assert response.status_code == 405


def test_an_officer_may_read_the_change_log_but_not_export_it_as_the_page_does(
    call, token_for, owner
):
    token = token_for(owner)
    assert call(token, f"plans/{SLUG}/changes").status_code == 200
    assert call(token, f"plans/{SLUG}/changes.csv").status_code == 403


def test_a_call_notes_when_the_token_was_used_without_a_history_row(call, board):
    row, token = tokens.create(board, "Dashboard")
    before = row.history.count()
    call(token, "plans")
    used = ApiTokenUse.objects.get(token=row).last_used_at
    assert used is not None
    assert row.history.count() == before


def test_last_used_is_written_at_most_once_a_minute(call, board):
    row, token = tokens.create(board, "Dashboard")
    call(token, "plans")
    first = ApiTokenUse.objects.get(token=row).last_used_at
    call(token, "plans")
    assert ApiTokenUse.objects.get(token=row).last_used_at == first
    ApiTokenUse.objects.filter(token=row).update(last_used_at=first - dt.timedelta(minutes=2))
    call(token, "plans")
    assert ApiTokenUse.objects.get(token=row).last_used_at > first - dt.timedelta(minutes=1)


def test_tokens_are_found_by_prefix_and_the_hash_never_the_secret(board):
    row, token = tokens.create(board, "Dashboard")
    stored = ApiToken.objects.get(pk=row.pk)
    assert token.startswith(f"imp_{stored.prefix}_")
    secret = token.split("_", 2)[2]
    assert secret not in stored.secret_hash
    assert len(stored.secret_hash) == 64
    assert stored.created_at <= timezone.now()
