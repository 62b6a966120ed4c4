"""Setting, resetting and changing a password; the e-mail settings.

E-mails go to Django's in-memory outbox in tests (pytest-django sets the locmem backend).
"""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from improvement.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW = "Heron-meadow-2031"


def ask_for_link(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def link_in(message):
    return re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)


def set_password(client, link, first=NEW, second=NEW):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": first, "new_password2": second}
    )


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_sign_in_page_links_to_forgotten_password(client, plan):
    body = client.get(reverse("login")).content.decode()
    assert (
        '<a class="govuk-link" href="/accounts/password-reset/">Forgotten your password?</a>'
        in body
    )


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, owner):
    response = ask_for_link(client, "Officer@Example.invalid")
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.invalid"]
    assert message.subject == "Reset your password for the Improvement plan tracker"
    assert "Your user name is: officer" in message.body
    assert message.alternatives[0][1] == "text/html"

    done = set_password(client, link_in(message))
    assert done["Location"] == reverse("password_reset_complete")
    assert "Your password is saved" in client.get(done["Location"]).content.decode()
    assert sign_in(client, "officer", DEMO_PASSWORD).status_code == 200  # the old one is gone
    assert sign_in(client, "officer", NEW)["Location"] == reverse("plans:index")


def test_setting_a_password_is_in_the_accounts_history_without_the_password(client, owner):
    ask_for_link(client, "officer@example.invalid")
    set_password(client, link_in(mail.outbox[0]))
    latest = owner.history.first()
    assert latest.history_user_id == owner.pk
    assert latest.history_change_reason == (
        "Password set with the link e-mailed to the account's address."
    )
    assert not hasattr(latest, "password")


def test_signing_in_writes_no_history_row_for_the_account(client, owner):
    before = owner.history.count()
    assert sign_in(client, "officer", DEMO_PASSWORD).status_code == 302
    assert owner.history.count() == before


def test_a_used_link_does_not_work_again(client, owner):
    ask_for_link(client, "officer@example.invalid")
    link = link_in(mail.outbox[0])
    set_password(client, link)
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work" in again
    assert "Choose your password" not in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, plan):
    response = ask_for_link(client, "nobody@example.invalid")
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_someone_added_who_never_set_a_password_can_ask_for_a_link(client, plan):
    user = User(username="new.person@example.gov.uk", email="new.person@example.gov.uk")
    user.set_unusable_password()
    user.save()
    ask_for_link(client, "new.person@example.gov.uk")
    assert [m.to for m in mail.outbox] == [["new.person@example.gov.uk"]]
    set_password(client, link_in(mail.outbox[0]))
    assert sign_in(client, "new.person@example.gov.uk", NEW).status_code == 302


def test_a_deactivated_account_is_sent_nothing(client, owner):
    owner.is_active = False
    owner.save()
    ask_for_link(client, "officer@example.invalid")
    assert mail.outbox == []


def test_two_different_new_passwords_are_explained_and_nothing_changes(client, owner):
    ask_for_link(client, "officer@example.invalid")
    response = set_password(client, link_in(mail.outbox[0]), second="Something-else-77")
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The two passwords do not match. Enter the same password twice." in body
    owner.refresh_from_db()
    assert owner.check_password(DEMO_PASSWORD)


def test_every_signed_in_page_links_to_your_account_which_changes_your_password(client, clerk):
    client.force_login(clerk)
    body = client.get(reverse("plans:index")).content.decode()
    assert 'href="/accounts/">Your account</a>' in body
    account = client.get("/accounts/").content.decode()
    assert 'href="/accounts/password-change/">Change your password</a>' in account


def test_changing_your_password_needs_the_current_one(client, clerk):
    client.force_login(clerk)
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your current password is not right. Enter it again." in wrong.content.decode()
    right = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert right["Location"] == reverse("password_change_done")
    assert client.get(reverse("plans:index")).status_code == 200  # still signed in
    client.logout()
    assert sign_in(client, "clerk", NEW)["Location"] == reverse("plans:index")
    assert clerk.history.first().history_change_reason == "Password changed by its owner."


def test_changing_a_password_needs_signing_in(client, plan):
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(reverse("login"))


def email_setting(env, name):
    keep = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    keep.pop("IMPROVEMENT_DEMO", None)
    proc = subprocess.run(
        [sys.executable, "-c", f"import improvement.settings as s; print(s.{name})"],
        cwd=settings.BASE_DIR,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or proc.stderr


def test_demo_mode_prints_emails_and_a_real_installation_sends_them_by_smtp():
    real = {"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "tracker.example"}
    assert email_setting({"IMPROVEMENT_DEMO": "1"}, "EMAIL_BACKEND") == (
        "django.core.mail.backends.console.EmailBackend"
    )
    assert email_setting(real, "EMAIL_BACKEND") == "django.core.mail.backends.smtp.EmailBackend"
    assert email_setting({**real, "EMAIL_PORT": "587"}, "EMAIL_PORT") == "587"
    assert "EMAIL_PORT must be a port number" in email_setting(
        {**real, "EMAIL_PORT": "smtp"}, "EMAIL_PORT"
    )
