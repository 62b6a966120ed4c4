"""Behind nginx every request arrives from 127.0.0.1: the sign-in lockout must count the
visitor's address from X-Forwarded-For (AXES_IPWARE_PROXY_COUNT proxies), or one person
guessing would lock a user name out for everyone."""

import pytest
from django.test import override_settings
from django.urls import reverse

from improvement.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.66"
OFFICER = "198.51.100.7"


def sign_in(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "officer", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_behind_one_proxy_a_guesser_locks_out_only_their_own_address(client, owner):
    for _ in range(5):
        sign_in(client, "guess", GUESSER)
    assert sign_in(client, DEMO_PASSWORD, GUESSER).status_code == 429
    assert sign_in(client, DEMO_PASSWORD, OFFICER).status_code == 302


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, owner):
    # nginx appends the address it saw; whatever the client wrote before it is ignored.
    for attempt in range(5):
        sign_in(client, "guess", f"10.0.0.{attempt}, {GUESSER}")
    assert sign_in(client, DEMO_PASSWORD, f"10.9.9.9, {GUESSER}").status_code == 429


def test_without_proxies_the_forwarded_header_is_not_believed(client, owner):
    for attempt in range(5):
        sign_in(client, "guess", f"10.0.0.{attempt}")
    assert sign_in(client, DEMO_PASSWORD, OFFICER).status_code == 429
