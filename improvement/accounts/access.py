"""Access to plans and actions, decided on the server in one place per object.

Views never check roles themselves: they ask ``plan_for`` or ``action_for``, which return
the object or raise Http404 (no role in the plan: the plan's existence is not disclosed)
or PermissionDenied (a role, but not enough for this, or a change to a closed plan).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from improvement.plans.models import Action, Plan

from .models import Membership

Role = Membership.Role
ADMIN = "admin"

# What each need requires. Admins (superusers) may do everything.
NEEDS = {
    "read": {Role.OFFICER, Role.MANAGER, Role.CLERK, Role.BOARD, ADMIN},
    "history": {Role.OFFICER, Role.MANAGER, Role.CLERK, Role.BOARD, ADMIN},
    "export": {Role.MANAGER, Role.CLERK, Role.BOARD, ADMIN},
    "manage": {Role.MANAGER, ADMIN},
    # The queue of proposed changes: read by the board and clerks, decided by managers.
    "proposals": {Role.MANAGER, Role.CLERK, Role.BOARD, ADMIN},
}

# A closed plan stays readable (pages, history, appendices) but nothing in it changes:
# the one rule, applied by ``plan_for`` and ``action_for`` (see ``refuse_if_closed``).
CLOSED_MESSAGE = "This plan is closed; its actions can no longer be changed."
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Access:
    """What the signed-in user may do in the plan a page is about, for templates and
    views (``access.can_export``): the one place a role turns into permissions."""

    role: str | None = None
    closed: bool = False  # the plan is closed: templates offer no changes

    def can(self, need):
        return self.role in NEEDS[need]

    @property
    def can_read(self):
        return self.can("read")

    @property
    def can_see_history(self):
        return self.can("history")

    @property
    def can_export(self):
        return self.can("export")

    @property
    def can_manage(self):
        return self.can("manage")

    @property
    def can_see_proposals(self):
        return self.can("proposals")

    @property
    def is_member(self):
        return self.role is not None


def access_of(request):
    """The ``Access`` of the plan the request's view asked ``plan_for`` about (none
    before that, or on pages about no plan). No query."""
    return Access(getattr(request, "plan_role", None), getattr(request, "plan_closed", False))


def role_in(user, plan):
    """The user's role in the plan, "admin" for superusers, or None. One query at most."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    membership = Membership.objects.filter(user=user, plan=plan).only("role").first()
    return membership.role if membership else None


def check(role, need):
    if role is None:
        raise Http404("No such plan.")
    if role not in NEEDS[need]:
        raise PermissionDenied(f"Your role does not allow this ({need}).")


def is_closed(plan):
    return plan.status == Plan.Status.CLOSED


def refuse_if_closed(request, plan, need):
    """Changes to a closed plan are refused, whoever asks: an action's edit ("edit":
    its form is only for changing it, so even opening it) and any manager's write
    ("manage" sent with POST: commentary, proposals' decisions, scorecard imports).
    A manager's reading pages (GET) stay open."""
    if not is_closed(plan):
        return
    if need == "edit" or (need == "manage" and request.method not in SAFE_METHODS):
        raise PermissionDenied(CLOSED_MESSAGE)


def plan_for(request, slug, need="read", *, closed_ok=False):
    """The plan named in the URL, if the signed-in user may ``need`` it.

    A closed plan refuses changes (``refuse_if_closed``) unless ``closed_ok``: only
    closing and reopening it and marking its actions replaced pass that.
    Sets ``request.plan_role`` (and ``plan_closed``) for templates. Two queries.
    """
    plan = get_object_or_404(Plan, slug=slug)
    role = role_in(request.user, plan)
    check(role, need)
    if not closed_ok:
        refuse_if_closed(request, plan, need)
    request.plan_role = role
    request.plan_closed = is_closed(plan)
    request.plan_id = plan.pk  # the page's plan, for the header's counts
    return plan


def owns(user, action):
    """Whether the user holds one of the action's owner roles. One query."""
    return action.owners.filter(role__users=user).exists()


def can_edit_action(user, role, action):
    if role in (Role.MANAGER, ADMIN):
        return True
    return role == Role.OFFICER and owns(user, action)


def action_for(request, slug, ref, need="read"):
    """The action ``ref`` of plan ``slug`` if the user may ``need`` it ("read" or "edit").

    An officer may edit only the actions whose owner roles they hold; a plan manager or
    admin may edit any; clerks and board members only read.
    """
    plan = plan_for(request, slug, "read")
    action = get_object_or_404(Action.objects.select_related("rating", "area"), plan=plan, ref=ref)
    if need == "edit" and not can_edit_action(request.user, request.plan_role, action):
        raise PermissionDenied("Only the action's owners and plan managers can change it.")
    refuse_if_closed(request, plan, need)
    return plan, action


def visible_plans(user):
    """The plans the user has a role in (every plan for admins), for lists."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(memberships__user=user)


def managed_plans(user):
    """The plans the user manages (every plan for admins): where a closed plan's
    successor, or a replaced action's successor, may be chosen from."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    # One filter(): the user's own membership must be the managing one.
    return Plan.objects.filter(memberships__user=user, memberships__role__in=NEEDS["manage"])


def edit_checker(request, plan):
    """For pages listing many actions: a function ``(owner_role_ids) -> bool`` telling
    whether the signed-in user may edit an action with those owner roles. Call after
    ``plan_for``. One query for officers (their roles in the plan), none otherwise; the
    rule is ``can_edit_action``'s; nobody edits an action of a closed plan."""
    role = getattr(request, "plan_role", None)
    if is_closed(plan):
        return lambda owner_role_ids: False
    if role in (Role.MANAGER, ADMIN):
        return lambda owner_role_ids: True
    if role != Role.OFFICER:
        return lambda owner_role_ids: False
    mine = set(request.user.owner_roles.filter(plan=plan).values_list("pk", flat=True))
    return lambda owner_role_ids: bool(mine.intersection(owner_role_ids))


def can_create_plans(user):
    """Whether the user may bring in a new plan: admins, and whoever an admin has given
    the "Can add plan" permission (plans.add_plan). No query for admins."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("plans.add_plan"))
    )


def creator_of_plans(request):
    """For the new-plan pages: raise PermissionDenied unless ``can_create_plans``."""
    if not can_create_plans(request.user):
        raise PermissionDenied("Only admins, and people an admin allows, can add plans.")
