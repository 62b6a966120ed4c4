"""Who may do what in which plan."""

import simple_history
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models

from improvement.lib.history import SealedHistoricalRecords, SealingHistoryManager, tracked
from improvement.plans.models import Plan


class Membership(models.Model):
    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        MANAGER = "manager", "Plan manager"
        CLERK = "clerk", "Committee clerk"
        BOARD = "board", "Board member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)

    history = tracked()

    class Meta:
        ordering = ["plan", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="one_role_per_plan")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.plan}"


# People's own accounts are in the history too (who changed a name, an e-mail address or
# whether the account is active, when and why). The password (a hash) and the time of the
# last sign-in are not: neither says anything to a reader, and the sign-in time would
# write a row at every sign-in (``apps.py`` saves it without one).
simple_history.register(
    User,
    app="improvement.accounts",
    excluded_fields=["password", "last_login"],
    history_change_reason_field=models.TextField(null=True, blank=True),
    # Sealed into the history chain like every tracked model (lib/seal.py).
    records_class=SealedHistoricalRecords,
    history_manager=SealingHistoryManager,
)
