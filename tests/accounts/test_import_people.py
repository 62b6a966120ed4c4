"""``import_people``: a plan's people from a CSV file, all rows or none.

Owner-role titles are the demo plan's, as the plan document writes them (fixtures/).
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from improvement.accounts.models import Membership
from improvement.plans.models import OwnerRole

pytestmark = pytest.mark.django_db
User = get_user_model()
SLUG = "childrens-services"

GOOD = """Name,E-mail,Role,Owner roles
Priya Patel,Priya.Patel@example.gov.uk,officer,Head of Service Children's Provision; Participation Lead
Sam O'Neill,sam.oneill@example.gov.uk,Board member,
Olivia Officer,officer@example.invalid,manager,Principal Social Worker
"""


def run(tmp_path, text, *args):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_people", str(path), "--plan", SLUG, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def run_failing(tmp_path, text, *args):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_people", str(path), "--plan", SLUG, *args, stdout=StringIO(), stderr=err
        )
    return str(refused.value), err.getvalue()


def everything(plan):
    """What an import could write: accounts, roles and owner-role links, with history."""
    return (
        User.objects.count(),
        User.history.count(),
        Membership.history.count(),
        OwnerRole.history.filter(plan_id=plan.pk).count(),
    )


def test_a_good_file_makes_accounts_gives_roles_links_owner_roles_and_emails_new_people(
    tmp_path, plan, manager, owner
):
    output = run(tmp_path, GOOD, "--by", "manager")
    assert "Imported people.csv: 3 people, 3 changed, 2 new accounts." in output
    priya = User.objects.get(username="priya.patel@example.gov.uk")
    assert priya.get_full_name() == "Priya Patel"
    assert not priya.has_usable_password()
    assert Membership.objects.get(user=priya, plan=plan).role == "officer"
    assert sorted(priya.owner_roles.values_list("title", flat=True)) == [
        "Head of Service Children's Provision",
        "Participation Lead",
    ]
    sam = User.objects.get(username="sam.oneill@example.gov.uk")
    assert Membership.objects.get(user=sam, plan=plan).role == "board"
    # An existing account (by e-mail) is reused: the officer becomes a plan manager.
    assert Membership.objects.get(user=owner, plan=plan).role == "manager"
    latest = Membership.objects.get(user=owner, plan=plan).history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "People imported from people.csv.",
    )
    provision = OwnerRole.objects.get(plan=plan, title="Head of Service Children's Provision")
    assert provision.history.first().history_user == manager
    # Only the two new accounts are e-mailed, with the link on the demo's address.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Priya.Patel@example.gov.uk",
        "sam.oneill@example.gov.uk",
    ]
    assert "Sent 2 password-set e-mail(s)." in output
    assert re.search(r"http://127\.0\.0\.1:8000/accounts/password-reset/\S+/", mail.outbox[0].body)
    assert "as Officer" in next(m.body for m in mail.outbox if m.to[0].startswith("Priya"))


def test_running_it_twice_changes_nothing_the_second_time(tmp_path, plan, manager):
    run(tmp_path, GOOD, "--by", "manager")
    before, sent = everything(plan), len(mail.outbox)
    output = run(tmp_path, GOOD, "--by", "manager")
    assert everything(plan) == before
    assert len(mail.outbox) == sent
    assert "3 people, 0 changed, 0 new accounts" in output
    assert "Priya Patel <Priya.Patel@example.gov.uk>: no change" in output


def test_headers_are_recognised_in_any_case_and_order(tmp_path, plan):
    text = "ROLE,owner role,EMAIL ADDRESS,full name\nclerk,,jo.bloggs@example.gov.uk,Jo Bloggs\n"
    run(tmp_path, text, "--no-email")
    jo = User.objects.get(username="jo.bloggs@example.gov.uk")
    assert Membership.objects.get(user=jo, plan=plan).role == "clerk"
    assert mail.outbox == []


def test_a_bad_row_saves_nothing_and_every_problem_names_its_row_and_column(tmp_path, plan):
    text = GOOD + (
        "Ann Lee,ann.lee@,officer,Participation Lead\n"
        "Bo Chan,bo.chan@example.gov.uk,chair,\n"
        "Cy Dale,cy.dale@example.gov.uk,officer,Participation Lead; Head of Nothing\n"
    )
    before = everything(plan)
    message, problems = run_failing(tmp_path, text)
    assert message == "people.csv: 3 problem(s); nothing was saved."
    assert problems.splitlines() == [
        'Row 5, E-mail: "ann.lee@" is not an e-mail address',
        'Row 6, Role: "chair" is not a role (use one of: officer, manager, clerk, board)',
        'Row 7, Owner roles: "Head of Nothing" is not an owner role in this plan',
    ]
    assert everything(plan) == before
    assert mail.outbox == []


def test_the_same_address_twice_is_a_problem(tmp_path, plan):
    text = "name,email,role\nA One,a@example.gov.uk,officer\nA Two,A@example.gov.uk,board\n"
    _message, problems = run_failing(tmp_path, text)
    assert problems.strip() == "Row 3, email: A@example.gov.uk is on row 2 already"


def test_a_missing_column_is_explained(tmp_path, plan):
    _message, problems = run_failing(tmp_path, "name,email\nA One,a@example.gov.uk\n")
    assert problems.startswith(
        'Row 1 (the header): no role column (a header saying "role" or "role in the plan")'
    )


def test_owner_roles_match_whatever_the_apostrophe_or_case(tmp_path, plan):
    text = "name,email,role,owner roles\nA One,a@example.gov.uk,officer,head of service children’s provision\n"
    run(tmp_path, text, "--no-email")
    assert list(
        User.objects.get(username="a@example.gov.uk").owner_roles.values_list("title", flat=True)
    ) == ["Head of Service Children's Provision"]


def test_a_dry_run_shows_the_changes_and_saves_and_sends_nothing(tmp_path, plan):
    before = everything(plan)
    output = run(tmp_path, GOOD, "--dry-run")
    assert (
        "Row 2: Priya Patel <Priya.Patel@example.gov.uk>: new account priya.patel@example.gov.uk; role Officer; owner role Head of Service Children's Provision; owner role Participation Lead"
        in output
    )
    assert "Row 4: Olivia Officer <officer@example.invalid>: role Officer → Plan manager" in output
    assert (
        "Dry run: 3 people, 3 changed, 2 new accounts. Nothing was saved and no e-mail was sent."
        in output
    )
    assert everything(plan) == before
    assert mail.outbox == []


def test_no_email_sends_nothing_but_saves(tmp_path, plan):
    run(tmp_path, GOOD, "--no-email")
    assert User.objects.filter(username="priya.patel@example.gov.uk").exists()
    assert mail.outbox == []


def test_an_unknown_author_is_refused_before_anything(tmp_path, plan):
    before = everything(plan)
    message, _problems = run_failing(tmp_path, GOOD, "--by", "nobody")
    assert message == "No user with the user name 'nobody' (--by)."
    assert everything(plan) == before
