"""Per-person API tokens: read-only access to the plans their person has a role in.

Only a hash of a token's secret is stored (``tokens.py`` makes and checks them); the
secret itself is shown once, on the page that creates it. A token is tracked, so its
creation and revocation carry who, when and why. When it was last used is kept apart, in
an untracked row: a BI tool calls many times an hour, and each call must not write a
history row (nor may an untracked ``update()`` touch a tracked model).
"""

from django.conf import settings
from django.db import models

from improvement.lib.history import tracked


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for, in the person's words."
    )
    # The start of the token, shown on the page so a person can tell their tokens apart,
    # and how a presented token finds its row (the secret is never searched for).
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 of the whole token, hex. The history leaves it out, as it leaves out a
    # user's password hash: it tells a reader nothing.
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = tracked(excluded_fields=["secret_hash"])

    class Meta:
        ordering = ["user", "-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiTokenUse(models.Model):
    """When a token was last used: untracked, written at most once a minute per token."""

    token = models.OneToOneField(
        ApiToken, on_delete=models.CASCADE, primary_key=True, related_name="use"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.token_id}: {self.last_used_at}"
