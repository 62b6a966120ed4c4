"""Giving people roles in a plan and linking them to its owner roles, with history.

The people page and ``import_people`` both write through here, so an account, a role in
a plan or an owner-role link is made the same way whichever path made it: every write
carries who, when and why (``Membership`` and ``OwnerRole.users`` are tracked, and so is
the account itself, see models.py).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from improvement.lib.history import delete_tracked, save_tracked

from .forms import InvitationForm
from .models import Membership

User = get_user_model()
Role = Membership.Role


class PersonError(ValueError):
    """A person cannot be added as asked; ``field`` names the input at fault."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def split_name(name):
    """ "Mary Ann Smith" → ("Mary Ann", "Smith"): the account's first and last names, so
    that ``get_full_name()`` gives the name back as written."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def account_for(name, email):
    """The account with this e-mail address, or a new one (not saved yet) whose user name
    is the address in lower case and which has no password until its owner sets one.
    Returns (account, is_new)."""
    found = list(User.objects.filter(email__iexact=email.strip()).order_by("pk")[:2])
    if len(found) > 1:
        raise PersonError(
            "email", f"More than one account has the e-mail address {email}. Ask an admin."
        )
    if found:
        return found[0], False
    username = email.strip().lower()
    try:
        UnicodeUsernameValidator()(username)
        if len(username) > User._meta.get_field("username").max_length:
            raise ValidationError("too long")
    except ValidationError:
        raise PersonError(
            "email", f"{email} cannot be used as a user name. Ask an admin to add them."
        ) from None
    if User.objects.filter(username=username).exists():
        raise PersonError(
            "email",
            f"An account with the user name {username} has another e-mail address. Ask an admin.",
        )
    first, last = split_name(name)
    user = User(
        username=username,
        email=User.objects.normalize_email(email.strip()),
        first_name=first[:150],
        last_name=last[:150],
    )
    user.set_unusable_password()
    return user, True


@dataclass
class PersonChange:
    """What adding one person to a plan does, worked out before anything is written."""

    user: object
    new_account: bool
    role: str
    old_role: str | None  # their role in the plan before, if they had one
    membership: Membership | None
    link: list = field(default_factory=list)  # owner roles to link them to

    @property
    def role_changes(self):
        return self.old_role != self.role

    @property
    def changes_anything(self):
        return self.new_account or self.role_changes or bool(self.link)

    @property
    def gets_password_email(self):
        # Anyone given a role who has never set a password: new accounts, and accounts
        # made earlier whose first link was not sent or not used.
        return self.old_role is None and not self.user.has_usable_password()

    def describe(self):
        name = self.user.get_full_name() or self.user.get_username()
        parts = []
        if self.new_account:
            parts.append(f"new account {self.user.get_username()}")
        if self.old_role is None:
            parts.append(f"role {Role(self.role).label}")
        elif self.role_changes:
            old, new = Role(self.old_role).label, Role(self.role).label
            parts.append(f"role {old} → {new}")
        parts += [f"owner role {role.title}" for role in self.link]
        return f"{name} <{self.user.email}>: " + ("; ".join(parts) or "no change")


def plan_person(plan, *, name, email, role, owner_roles=()):
    """The ``PersonChange`` that gives the person ``role`` in ``plan`` and links them to
    ``owner_roles`` (the plan's, not yet held by them are linked; none is unlinked)."""
    user, new = account_for(name, email)
    membership = None
    held = set()
    if not new:
        membership = Membership.objects.filter(user=user, plan=plan).first()
        held = set(user.owner_roles.filter(plan=plan).values_list("pk", flat=True))
    link = [r for r in dict.fromkeys(owner_roles) if r.pk not in held]
    old_role = membership.role if membership else None
    return PersonChange(user, new, role, old_role, membership, link)


def apply_change(change, plan, *, by, reason):
    """Write ``change``: the account if new, the role, the owner-role links."""
    with transaction.atomic():
        if change.new_account:
            save_tracked(change.user, user=by, reason=reason)
        if change.membership is None:
            change.membership = save_tracked(
                Membership(user=change.user, plan=plan, role=change.role), user=by, reason=reason
            )
        elif change.role_changes:
            change.membership.role = change.role
            save_tracked(change.membership, user=by, reason=reason)
        for owner_role in change.link:
            link_owner_role(owner_role, change.user, by=by, reason=reason)
    return change


def change_role(membership, role, *, by, reason):
    """Give the member another role in the plan; False if it is already theirs."""
    if membership.role == role:
        return False
    membership.role = role
    save_tracked(membership, user=by, reason=reason)
    return True


def remove_from_plan(membership, *, by, reason):
    """Take away the person's role in the plan, and with it the plan's owner roles they
    hold (an owner role held by someone who cannot open the plan would name them as an
    action's owner). The account stays. Returns the owner roles unlinked."""
    with transaction.atomic():
        held = list(membership.user.owner_roles.filter(plan=membership.plan))
        for owner_role in held:
            unlink_owner_role(owner_role, membership.user, by=by, reason=reason)
        delete_tracked(membership, user=by, reason=reason)
    return held


def _change_holders(owner_role, method, user, *, by, reason):
    # simple-history reads the author and reason of an m2m change from the instance.
    owner_role._history_user = by
    owner_role._change_reason = reason
    try:
        getattr(owner_role.users, method)(user)
    finally:
        owner_role.__dict__.pop("_history_user", None)
        owner_role.__dict__.pop("_change_reason", None)


def link_owner_role(owner_role, user, *, by, reason):
    # Django sends the m2m signal (and simple-history writes a row) even when the link
    # exists already, so adding is only done when it changes something.
    if owner_role.users.filter(pk=user.pk).exists():
        return False
    _change_holders(owner_role, "add", user, by=by, reason=reason)
    return True


def unlink_owner_role(owner_role, user, *, by, reason):
    if not owner_role.users.filter(pk=user.pk).exists():
        return False
    _change_holders(owner_role, "remove", user, by=by, reason=reason)
    return True


def send_password_email(user, plan, *, role, added_by=None, request=None, site_url=None):
    """E-mail the person a link to set their password, naming the plan they were added
    to. The link's address comes from the request, else from ``site_url``
    ("https://plans.example.gov.uk"). Sending errors are raised."""
    form = InvitationForm(user)
    form.is_valid()
    options = {}
    if request is not None:
        options = {"request": request, "use_https": request.is_secure()}
    else:
        parts = urlsplit(site_url)
        options = {"domain_override": parts.netloc, "use_https": parts.scheme == "https"}
    form.save(
        subject_template_name="accounts/email/password_set_subject.txt",
        email_template_name="accounts/email/password_set.txt",
        html_email_template_name="accounts/email/password_set.html",
        extra_email_context={
            "plan": plan,
            "role": Role(role).label,
            "added_by": added_by,
            "site_name": "Improvement plan tracker",
            "link_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        },
        **options,
    )
