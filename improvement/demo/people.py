"""Demo users, one per role. Their password is for a local demo only (see README)."""

from django.contrib.auth import get_user_model

from improvement.accounts.models import Membership
from improvement.lib.history import save_tracked

DEMO_PASSWORD = "improve-demo-2025"

DEMO_USERS = [
    # username, first name, last name, role in the demo plan (None: superuser)
    ("officer", "Olivia", "Officer", Membership.Role.OFFICER),
    ("manager", "Maya", "Manager", Membership.Role.MANAGER),
    ("clerk", "Colin", "Clerk", Membership.Role.CLERK),
    ("board", "Bola", "Board", Membership.Role.BOARD),
    ("admin", "Ada", "Admin", None),
]


def ensure_demo_users():
    """Create the demo users if they are missing; never reset an existing password."""
    User = get_user_model()
    users = {}
    for username, first, last, _role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last)
            user.email = f"{username}@example.invalid"
            user.is_staff = user.is_superuser = username == "admin"
            user.set_password(DEMO_PASSWORD)
            save_tracked(user, user=None, reason="Demo user for a local demo (load_demo).")
        users[username] = user
    return users


def ensure_demo_memberships(plan, users, *, by, when, reason):
    for username, _first, _last, role in DEMO_USERS:
        if role is None:
            continue
        if not Membership.objects.filter(user=users[username], plan=plan).exists():
            save_tracked(
                Membership(user=users[username], plan=plan, role=role),
                user=by,
                reason=reason,
                when=when,
            )
