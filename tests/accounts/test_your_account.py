"""The signed-in person's own page: their roles and the ways to their own settings."""

from django.urls import reverse


def test_officer_sees_their_role_and_links_to_their_own_settings(client, owner, plan):
    client.force_login(owner)
    body = client.get(reverse("your_account")).content.decode()
    assert f'Officer of <a class="govuk-link" href="/plans/{plan.slug}/">' in body
    assert 'href="/accounts/password-change/">Change your password</a>' in body
    assert 'href="/accounts/reminders/">Reminder e-mails</a>' in body
    assert 'href="/accounts/api-tokens/">API tokens</a>' in body


def test_outsider_sees_no_plan_on_their_page(client, outsider, plan):
    client.force_login(outsider)
    body = client.get(reverse("your_account")).content.decode()
    assert plan.name not in body
    assert "None yet" in body


def test_your_account_needs_signing_in(client):
    response = client.get(reverse("your_account"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
