"""Signed out after 30 minutes without activity or 10 hours after signing in (the
defaults; SESSION_IDLE_SECONDS and SESSION_ABSOLUTE_SECONDS change them), with a message
on the sign-in page; "last seen" written at most once a minute.

The clock is moved by editing the session's stored times, as if the person had signed
in or last been seen that long ago."""

import time

import pytest

from improvement.demo.people import DEMO_PASSWORD

MINUTE, HOUR = 60, 3600


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)

    def ago(signed_in=0, seen=0):
        now = int(time.time())
        session = client.session
        session["_signed_in_at"] = now - signed_in
        session["_seen_at"] = now - seen
        session.save()
        return now

    client.ago = ago
    return client


def banner(response):
    html = response.content.decode()
    return html.split('class="govuk-notification-banner__heading">')[1].split("</p>")[0]


@pytest.mark.django_db
def test_signing_in_starts_both_clocks_and_the_next_page_writes_nothing(client, owner):
    before = int(time.time())
    client.post("/accounts/login/", {"username": "officer", "password": DEMO_PASSWORD})
    session = client.session
    assert before <= session["_signed_in_at"] == session["_seen_at"] <= int(time.time())
    response = client.get("/plans/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_thirty_one_minutes_without_activity_signs_the_person_out(signed_in):
    signed_in.ago(signed_in=HOUR, seen=31 * MINUTE)
    response = signed_in.get("/plans/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/plans/"
    login = signed_in.get(response["Location"])
    assert banner(login) == (
        "You were signed out after 30 minutes without activity. Sign in again to carry on."
    )
    assert "_auth_user_id" not in signed_in.session


@pytest.mark.django_db
def test_the_idle_sign_out_message_is_an_important_notice_not_a_success(signed_in):
    signed_in.ago(seen=31 * MINUTE)
    login = signed_in.get("/plans/", follow=True)
    html = login.content.decode()
    assert '<h2 class="govuk-notification-banner__title" id="message-1">Important</h2>' in html
    assert "govuk-notification-banner--success" not in html


@pytest.mark.django_db
def test_twenty_nine_minutes_without_activity_keeps_the_person_signed_in(signed_in):
    now = signed_in.ago(signed_in=HOUR, seen=29 * MINUTE)
    response = signed_in.get("/plans/")
    assert response.status_code == 200
    # The visit counts as activity: "last seen" moves to now.
    assert signed_in.session["_seen_at"] >= now


@pytest.mark.django_db
def test_ten_hours_after_signing_in_the_person_is_signed_out_though_active(signed_in):
    signed_in.ago(signed_in=10 * HOUR + 1, seen=0)
    response = signed_in.get("/plans/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/plans/", 302)]
    assert banner(response) == (
        "You were signed out because you had been signed in for 10 hours. "
        "Sign in again to carry on."
    )


@pytest.mark.django_db
def test_nine_hours_after_signing_in_an_active_person_stays_signed_in(signed_in):
    signed_in.ago(signed_in=9 * HOUR, seen=MINUTE)
    assert signed_in.get("/plans/").status_code == 200


@pytest.mark.django_db
def test_a_page_within_a_minute_of_the_last_does_not_write_the_session(signed_in):
    now = signed_in.ago(signed_in=HOUR, seen=30)
    response = signed_in.get("/plans/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies  # the session was not saved
    assert signed_in.session["_seen_at"] == now - 30


@pytest.mark.django_db
def test_a_page_over_a_minute_after_the_last_writes_the_session_once(signed_in):
    signed_in.ago(signed_in=HOUR, seen=90)
    response = signed_in.get("/plans/")
    assert "sessionid" in response.cookies


@pytest.mark.django_db
def test_the_idle_timeout_comes_from_settings(signed_in, settings):
    settings.SESSION_IDLE_SECONDS = 5 * MINUTE
    signed_in.ago(seen=6 * MINUTE)
    response = signed_in.get("/plans/", follow=True)
    assert banner(response) == (
        "You were signed out after 5 minutes without activity. Sign in again to carry on."
    )


@pytest.mark.django_db
def test_the_absolute_lifetime_comes_from_settings(signed_in, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 2 * HOUR
    signed_in.ago(signed_in=2 * HOUR + 1)
    response = signed_in.get("/plans/", follow=True)
    assert "signed in for 2 hours" in banner(response)


@pytest.mark.django_db
def test_pages_warn_in_the_last_quarter_hour_before_the_fixed_sign_out(signed_in):
    signed_in.ago(signed_in=10 * HOUR - 10 * MINUTE)
    html = signed_in.get("/plans/").content.decode()
    assert "You will be signed out in 10 minutes or less." in html


@pytest.mark.django_db
def test_pages_do_not_warn_earlier(signed_in):
    signed_in.ago(signed_in=9 * HOUR)
    html = signed_in.get("/plans/").content.decode()
    assert "You will be signed out" not in html


@pytest.mark.django_db
def test_a_form_sent_after_the_idle_timeout_leads_to_sign_in(signed_in, plan):
    signed_in.ago(seen=31 * MINUTE)
    response = signed_in.post(f"/plans/{plan.slug}/rating-scale/", {"anything": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_the_session_cookie_lasts_no_longer_than_the_absolute_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS == 10 * HOUR
    assert settings.SESSION_IDLE_SECONDS == 30 * MINUTE
