"""A person's API tokens page: create (the secret shown once, never stored) and revoke,
both in the history with who, when and why."""

import re

from django.urls import reverse

from improvement.api.models import ApiToken

URL = "/accounts/api-tokens/"


def secret_on(html):
    found = re.search(r'id="token-secret" type="text" value="([^"]+)"', html)
    return found[1] if found else None


def test_the_page_is_at_accounts_api_tokens_and_needs_signing_in(client):
    assert reverse("api:tokens") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_creating_a_token_shows_its_secret_once_and_stores_only_its_hash(client, board, call):
    client.force_login(board)
    response = client.post(URL, {"name": "Power BI dashboard"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = secret_on(response.content.decode())
    assert token and token.startswith("imp_")
    row = ApiToken.objects.get(user=board)
    secret = token.split("_", 2)[2]
    stored = [str(v) for v in ApiToken.objects.filter(pk=row.pk).values().get().values()]
    assert not any(secret in v for v in stored)
    history = [str(v) for h in row.history.values() for v in h.values()]
    assert not any(secret in v for v in history)
    assert "secret_hash" not in row.history.values()[0]
    # Shown once: the page does not show it again.
    assert secret_on(client.get(URL).content.decode()) is None
    # And it works.
    client.logout()
    assert call(token, "plans").status_code == 200


def test_creating_a_token_is_in_the_history_with_who_and_why(client, board):
    client.force_login(board)
    client.post(URL, {"name": "Power BI dashboard"})
    record = ApiToken.objects.get(user=board).history.get()
    assert record.history_type == "+"
    assert record.history_user == board
    assert record.history_change_reason == "Created on the person's API tokens page"


def test_revoking_is_a_post_in_the_history_and_stops_the_token(client, board, call, token_for):
    token = token_for(board)
    row = ApiToken.objects.get(user=board)
    client.force_login(board)
    revoke = reverse("api:revoke", args=[row.pk])
    assert client.get(revoke).status_code == 405
    response = client.post(revoke, follow=True)
    assert "is revoked" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None
    latest = row.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_type) == (board, "~")
    assert latest.history_change_reason == "Revoked by its owner on the API tokens page"
    client.logout()
    assert call(token, "plans").status_code == 401


def test_nobody_can_revoke_someone_elses_token(client, board, owner, token_for):
    token_for(board)
    row = ApiToken.objects.get(user=board)
    client.force_login(owner)
    assert client.post(reverse("api:revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_person_sees_only_their_own_tokens(client, board, owner, token_for):
    token_for(board, "Board's dashboard")
    token_for(owner, "Officer's sheet")
    client.force_login(owner)
    html = client.get(URL).content.decode()
    assert "Officer&#x27;s sheet" in html
    assert "Board&#x27;s dashboard" not in html


def test_a_token_needs_a_name(client, board):
    client.force_login(board)
    response = client.post(URL, {"name": "  "})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.filter(user=board).exists()


def test_a_person_may_have_ten_tokens_in_use(client, board, token_for):
    for n in range(10):
        token_for(board, f"Token {n}")
    client.force_login(board)
    response = client.post(URL, {"name": "One too many"})
    assert response.status_code == 400
    assert "revoke one you no longer need first" in response.content.decode()
    assert ApiToken.objects.filter(user=board).count() == 10
