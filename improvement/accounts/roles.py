"""The one place that says what a person may do with a plan or an action.

Every view asks these helpers; none of them decides access on its own.
"""

from .models import Membership

Role = Membership.Role


def role_in(user, plan):
    """The user's role in the plan, "admin" for superusers, or None.

    Queries once per call; views call it once per request.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    membership = Membership.objects.filter(user=user, plan=plan).only("role").first()
    return membership.role if membership else None
