"""Signing in and out, and the lockout after repeated wrong passwords (django-axes)."""

import pytest
from django.urls import reverse

from improvement.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_right_password_signs_in_and_goes_to_the_plans(client, owner):
    response = sign_in(client, "officer", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:index")
    assert client.get(reverse("plans:index")).status_code == 200


def test_a_wrong_password_is_explained_and_keeps_the_user_name(client, owner):
    response = sign_in(client, "officer", "not-the-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a correct user name and password. Both are case-sensitive." in body
    assert 'value="officer"' in body


def test_five_wrong_passwords_lock_that_user_name_out_and_no_other(client, owner, manager):
    for _ in range(5):
        sign_in(client, "officer", "guess")
    response = sign_in(client, "officer", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Signing in is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "manager", DEMO_PASSWORD).status_code == 302


def test_signing_out_is_a_post_and_ends_the_session(client, owner):
    client.force_login(owner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("plans:index")).status_code == 302
