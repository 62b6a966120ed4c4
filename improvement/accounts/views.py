"""The people page: who has which role in a plan and holds which of its owner roles.

Plan managers and admins only (``plan_for(..., "manage")``). Every change is a small
POST form with a reason, written with history through ``people.py``.
"""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from improvement.plans.models import OwnerRole, Plan

from . import people
from .access import ADMIN, plan_for
from .forms import AddPersonForm, OwnerRoleForm, RemoveForm, RoleForm
from .models import Membership

log = logging.getLogger(__name__)
Role = Membership.Role


def name_of(user):
    return user.get_full_name() or user.get_username()


@login_required
@require_http_methods(["GET", "POST"])
def people_page(request, slug):
    plan = plan_for(request, slug, "manage")
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = people.plan_person(
                plan, name=data["name"], email=data["email"], role=data["role"]
            )
            if change.old_role is not None:
                raise people.PersonError(
                    "email",
                    f"{name_of(change.user)} already has a role in this plan "
                    f"({change.membership.get_role_display()}). Change it on their page.",
                )
        except people.PersonError as problem:
            form.add_error(problem.field, problem.message)
        else:
            people.apply_change(change, plan, by=request.user, reason=data["reason"])
            messages.success(request, _added_message(request, plan, change))
            return redirect("accounts:people", slug=plan.slug)
    return render(request, "accounts/people.html", _people_context(plan, form))


def _added_message(request, plan, change):
    done = f"{name_of(change.user)} now has the role {Role(change.role).label}."
    if not change.gets_password_email:
        return done
    try:
        people.send_password_email(
            change.user, plan, role=change.role, added_by=request.user, request=request
        )
    except Exception as error:  # any backend's failure: the person is added all the same
        log.exception("The password-set e-mail to user %s failed", change.user.pk)
        return (
            f"{done} The e-mail with the link to set their password could not be sent "
            f"({type(error).__name__}). Once e-mail works they can use “Forgotten your "
            "password?” on the sign-in page."
        )
    return f"{done} A link to set their password was sent to {change.user.email}."


def _people_context(plan, form):
    """The plan's members and owner roles. Three queries."""
    members = list(
        Membership.objects.filter(plan=plan)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    owner_roles = list(
        OwnerRole.objects.filter(plan=plan)
        .order_by("title")
        .prefetch_related(Prefetch("users", queryset=_by_name()))
    )
    member_ids = {m.user_id for m in members}
    held = {}
    for owner_role in owner_roles:
        owner_role.holders = [(u, u.pk in member_ids) for u in owner_role.users.all()]
        for user in owner_role.users.all():
            held.setdefault(user.pk, []).append(owner_role.title)
    rows = [(m, held.get(m.user_id, [])) for m in members]
    return {
        "plan": plan,
        "rows": rows,
        "owner_roles": owner_roles,
        "form": form,
        "closed": plan.status == Plan.Status.CLOSED,
    }


def _by_name():
    return get_user_model().objects.order_by("first_name", "last_name", "username")


@login_required
@require_http_methods(["GET", "POST"])
def person_page(request, slug, user_id):
    plan = plan_for(request, slug, "manage")
    membership = get_object_or_404(
        Membership.objects.select_related("user"), plan=plan, user_id=user_id
    )
    user = membership.user
    held = OwnerRole.objects.filter(plan=plan, users=user).order_by("title")
    others = OwnerRole.objects.filter(plan=plan).exclude(users=user).order_by("title")
    posted = request.POST.get("change") if request.method == "POST" else None

    def data(key):
        return request.POST if posted == key else None

    # Prefixed, so the four forms' fields have ids of their own on the one page.
    forms = {
        "role": RoleForm(data("role"), prefix="role", initial={"role": membership.role}),
        "remove": RemoveForm(data("remove"), prefix="remove"),
        "link": OwnerRoleForm(data("link"), prefix="link", roles=others, label="Owner role"),
        "unlink": OwnerRoleForm(data("unlink"), prefix="unlink", roles=held, label="Owner role"),
    }
    if posted in forms and forms[posted].is_valid():
        return _change(request, plan, membership, posted, forms[posted].cleaned_data)
    own = user == request.user and request.plan_role != ADMIN
    context = {
        "plan": plan,
        "membership": membership,
        "person": user,
        "held": held,
        "forms": forms,
        "posted": forms.get(posted),
        "own": own,
        "closed": plan.status == Plan.Status.CLOSED,
    }
    return render(request, "accounts/person.html", context)


def _change(request, plan, membership, change, data):
    """Apply one posted change and redirect."""
    user, by, reason = membership.user, request.user, data["reason"]
    name = name_of(user)
    back = redirect("accounts:person", slug=plan.slug, user_id=user.pk)
    if change in ("role", "remove") and user == by and request.plan_role != ADMIN:
        # A manager who demoted or removed themselves would lose this page mid-task.
        messages.info(request, "You cannot change your own role. Ask another plan manager.")
        return back
    if change == "role":
        if people.change_role(membership, data["role"], by=by, reason=reason):
            messages.success(request, f"{name} now has the role {membership.get_role_display()}.")
        else:
            messages.info(request, f"{name} already had that role, so nothing was saved.")
        return back
    if change == "remove":
        unlinked = people.remove_from_plan(membership, by=by, reason=reason)
        also = ""
        if unlinked:
            also = " They no longer hold " + ", ".join(r.title for r in unlinked) + "."
        messages.success(request, f"{name} no longer has a role in {plan.name}.{also}")
        return redirect("accounts:people", slug=plan.slug)
    owner_role = data["owner_role"]
    if change == "link":
        people.link_owner_role(owner_role, user, by=by, reason=reason)
        messages.success(request, f"{name} now holds the owner role {owner_role.title}.")
    else:
        people.unlink_owner_role(owner_role, user, by=by, reason=reason)
        messages.success(request, f"{name} no longer holds the owner role {owner_role.title}.")
    return back
