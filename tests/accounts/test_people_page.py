"""The people page: a plan's people, their roles and owner roles, changed with reasons.

The demo plan's people are the demo users (improvement/demo/people.py): Olivia Officer
(officer, holds "Principal Social Worker"), Maya Manager, Colin Clerk and Bola Board.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from improvement.accounts.models import Membership
from improvement.plans.models import OwnerRole

pytestmark = pytest.mark.django_db

SLUG = "childrens-services"
URL = f"/plans/{SLUG}/people/"
User = get_user_model()

# Session and user (2), plan and role (2), the members with their accounts, the owner
# roles and their holders (2), the header's counts of proposed changes and sign-offs (1).
PEOPLE_PAGE_QUERIES = 8


def person_url(user):
    return f"/plans/{SLUG}/people/{user.pk}/"


def add(client, **fields):
    data = {"name": "Priya Patel", "email": "Priya.Patel@Example.gov.uk", "role": "officer"}
    data["reason"] = "Joined the Front Door team."
    return client.post(URL, {**data, **fields})


def test_the_url_is_named_for_the_plan_page_to_link_to():
    assert reverse("accounts:people", args=[SLUG]) == URL


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 403), ("clerk", 403), ("board", 403), ("outsider", 404), ("manager", 200), ("admin_user", 200)],
)  # fmt: skip
def test_only_plan_managers_and_admins_open_the_people_page(request, client, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status
    assert client.get(person_url(request.getfixturevalue("owner"))).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, plan):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_an_officer_cannot_add_anyone(client, owner):
    client.force_login(owner)
    assert add(client).status_code == 403
    assert not User.objects.filter(email__iexact="priya.patel@example.gov.uk").exists()


def test_the_page_lists_the_people_their_roles_and_who_holds_each_owner_role(client, manager):
    client.force_login(manager)
    body = client.get(URL).content.decode()
    row = re.search(r"Olivia Officer</a></th>(.*?)</tr>", body, re.S).group(1)
    assert "officer@example.invalid" in row
    assert ">Officer<" in row
    assert "Principal Social Worker" in row
    for name, role in [("Maya Manager", "Plan manager"), ("Colin Clerk", "Committee clerk"), ("Bola Board", "Board member")]:  # fmt: skip
        assert re.search(rf"{name}</a></th>.*?>{role}<", body, re.S)
    psw = re.search(r"Principal Social Worker</th>(.*?)</tr>", body, re.S).group(1)
    assert "Olivia Officer" in psw
    provision = re.search(
        r"Head of Service Children(&#x27;|')s Provision</th>(.*?)</tr>", body, re.S
    )
    assert "No one" in provision.group(2)


def test_the_page_makes_a_fixed_number_of_queries(client, manager, django_assert_num_queries):
    client.force_login(manager)
    with django_assert_num_queries(PEOPLE_PAGE_QUERIES):
        assert client.get(URL).status_code == 200


def test_adding_a_new_person_makes_their_account_gives_the_role_and_emails_a_link(
    client, manager, plan
):
    client.force_login(manager)
    response = add(client)
    assert response.status_code == 302
    user = User.objects.get(email="Priya.Patel@example.gov.uk")
    assert user.username == "priya.patel@example.gov.uk"
    assert (user.first_name, user.last_name) == ("Priya", "Patel")
    assert not user.has_usable_password()
    created = user.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        manager,
        "Joined the Front Door team.",
    )
    membership = Membership.objects.get(user=user, plan=plan)
    assert membership.role == "officer"
    given = membership.history.get()
    assert (given.history_user, given.history_change_reason) == (
        manager,
        "Joined the Front Door team.",
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Priya.Patel@example.gov.uk"]
    assert message.subject == (
        "Set your password: you have been added to Children's Services Improvement Plan"
    )
    assert "Maya Manager has added you to Children's Services Improvement Plan" in message.body
    assert "as Officer" in message.body
    assert "Your user name is: priya.patel@example.gov.uk" in message.body
    assert message.alternatives[0][1] == "text/html"

    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kestrel-orchard-41", "new_password2": "Kestrel-orchard-41"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    signed_in = client.post(
        reverse("login"),
        {"username": "priya.patel@example.gov.uk", "password": "Kestrel-orchard-41"},
    )
    assert signed_in["Location"] == reverse("plans:index")
    assert client.get(f"/plans/{SLUG}/").status_code == 200


def test_the_confirmation_says_the_link_was_sent(client, manager):
    client.force_login(manager)
    add(client, role="board")
    body = client.get(URL).content.decode()
    assert "Priya Patel now has the role Board member." in body
    assert "A link to set their password was sent to Priya.Patel@example.gov.uk." in body


def test_adding_someone_who_has_an_account_reuses_it_and_sends_no_email(client, manager, plan):
    existing = User.objects.create_user("ppatel", "priya.patel@example.gov.uk", "Old-pass-word-9")
    client.force_login(manager)
    add(client, role="clerk")
    assert User.objects.filter(email__iexact="priya.patel@example.gov.uk").count() == 1
    assert Membership.objects.get(user=existing, plan=plan).role == "clerk"
    assert mail.outbox == []


def test_adding_someone_who_already_has_a_role_is_refused_and_saves_nothing(client, manager):
    client.force_login(manager)
    before = Membership.history.count()
    response = add(client, name="Olivia Officer", email="officer@example.invalid", role="board")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Olivia Officer already has a role in this plan (Officer)." in body
    assert Membership.history.count() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": ""}, "Enter a reason for this change"),
        ({"email": "priya.patel"}, "Enter an e-mail address in the correct format, like name@example.com"),
        ({"role": ""}, "Choose a role in the plan"),
        ({"role": "chair"}, "Choose a role in the plan"),
        ({"name": "  "}, "Enter their full name"),
    ],
)  # fmt: skip
def test_a_bad_add_is_explained_keeps_the_input_and_saves_nothing(client, manager, fields, message):
    client.force_login(manager)
    response = add(client, **fields)
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "Joined the Front Door team." in body or fields == {"reason": ""}
    assert not User.objects.filter(username="priya.patel@example.gov.uk").exists()


def test_changing_a_role_is_recorded_with_who_and_why(client, manager, clerk, plan):
    client.force_login(manager)
    response = client.post(
        person_url(clerk),
        {"change": "role", "role-role": "board", "role-reason": "Now sits on the board."},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=clerk, plan=plan)
    assert membership.role == "board"
    latest = membership.history.first()
    assert (latest.role, latest.history_user, latest.history_change_reason) == (
        "board",
        manager,
        "Now sits on the board.",
    )


def test_a_manager_cannot_change_their_own_role(client, manager, plan):
    client.force_login(manager)
    client.post(
        person_url(manager), {"change": "role", "role-role": "board", "role-reason": "Oops."}
    )
    assert Membership.objects.get(user=manager, plan=plan).role == "manager"


def test_taking_away_a_role_removes_it_and_its_owner_roles_but_keeps_the_account(
    client, manager, owner, plan
):
    client.force_login(manager)
    response = client.post(
        person_url(owner), {"change": "remove", "remove-reason": "Left the council."}
    )
    assert response["Location"] == URL
    assert not Membership.objects.filter(user=owner, plan=plan).exists()
    deleted = Membership.history.filter(user_id=owner.pk, plan_id=plan.pk).first()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        manager,
        "Left the council.",
    )
    psw = OwnerRole.objects.get(plan=plan, title="Principal Social Worker")
    assert not psw.users.filter(pk=owner.pk).exists()
    unlinked = psw.history.first()
    assert (unlinked.history_user, unlinked.history_change_reason) == (manager, "Left the council.")
    assert User.objects.filter(pk=owner.pk, is_active=True).exists()
    client.force_login(owner)
    assert client.get(f"/plans/{SLUG}/").status_code == 404


def test_linking_and_unlinking_an_owner_role_is_recorded(client, manager, colleague, plan):
    provision = OwnerRole.objects.get(plan=plan, title="Head of Service Children's Provision")
    client.force_login(manager)
    client.post(
        person_url(colleague),
        {
            "change": "link",
            "link-owner_role": provision.pk,
            "link-reason": "Acting head of service.",
        },
    )
    assert list(provision.users.all()) == [colleague]
    linked = provision.history.first()
    assert (linked.history_user, linked.history_change_reason) == (
        manager,
        "Acting head of service.",
    )
    assert [u.user_id for u in linked.users.all()] == [colleague.pk]
    client.post(
        person_url(colleague),
        {"change": "unlink", "unlink-owner_role": provision.pk, "unlink-reason": "Post filled."},
    )
    assert list(provision.users.all()) == []
    assert provision.history.first().history_change_reason == "Post filled."


def test_unlinking_a_role_they_do_not_hold_is_refused(client, manager, owner, plan):
    provision = OwnerRole.objects.get(plan=plan, title="Head of Service Children's Provision")
    client.force_login(manager)
    before = provision.history.count()
    response = client.post(
        person_url(owner),
        {"change": "unlink", "unlink-owner_role": provision.pk, "unlink-reason": "x"},
    )
    assert "Choose one of the owner roles listed" in response.content.decode()
    assert provision.history.count() == before


def test_someone_with_no_role_in_the_plan_has_no_person_page(client, manager, outsider):
    client.force_login(manager)
    assert client.get(person_url(outsider)).status_code == 404


def test_an_account_changed_in_the_admin_is_in_its_history_with_the_reason(
    client, admin_user, clerk
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    assert client.get(url).status_code == 200
    fields = {
        "username": "clerk",
        "first_name": "Colin",
        "last_name": "Clarke",
        "email": "clerk@example.invalid",
        "is_active": "on",
        "date_joined_0": "2025-05-08",
        "date_joined_1": "09:00:00",
        "change_reason": "Surname changed on marriage.",
    }
    response = client.post(url, fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = clerk.history.first()
    assert (latest.last_name, latest.history_user, latest.history_change_reason) == (
        "Clarke",
        admin_user,
        "Surname changed on marriage.",
    )
    assert client.get(reverse("admin:auth_user_history", args=[clerk.pk])).status_code == 200
