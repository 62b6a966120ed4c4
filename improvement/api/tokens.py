"""Making, checking and revoking API tokens.

A token reads ``imp_<prefix>_<secret>``: the prefix (8 characters) finds its row and is
shown on the person's page; the secret (32 random bytes) is never stored. The row keeps
SHA-256 of the whole token. A slow password hash is not needed: the secret is random
and long, so nobody can guess it from the hash, and every API call checks one. The hash
is compared with ``hmac.compare_digest``, in constant time.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from improvement.lib.history import save_tracked

from .models import ApiToken, ApiTokenUse

SCHEME = "imp"
PREFIX_BYTES = 6  # 8 characters of URL-safe base64
SECRET_BYTES = 32
MAX_ACTIVE = 10  # a person with more than this many live tokens is asked to revoke one
# How stale "last used" may get: a BI tool's burst of calls writes it once.
USE_GRANULARITY = dt.timedelta(minutes=1)


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def split(token):
    """The prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not parts[1] or not parts[2]:
        return None
    return parts[1]


def create(user, name, *, reason="Created on the person's API tokens page"):
    """A new token for ``user``: returns ``(row, token)``. The token is shown once."""
    prefix = secrets.token_urlsafe(PREFIX_BYTES)
    while "_" in prefix or ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_urlsafe(PREFIX_BYTES)
    token = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    row = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=digest(token),
        created_at=timezone.now(),
    )
    with transaction.atomic():
        save_tracked(row, user=user, reason=reason)
        ApiTokenUse.objects.create(token=row)
    return row, token


def revoke(row, *, user, reason="Revoked by its owner on the API tokens page"):
    """Revoke a token (with history); revoking a revoked token changes nothing."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = timezone.now()
    save_tracked(row, user=user, reason=reason)
    return True


def authenticate(token):
    """The live token row (with its user and use) for a presented token, or None. One
    query; one more, at most once a minute per token, to note when it was used."""
    prefix = split(token or "")
    if prefix is None:
        return None
    row = (
        ApiToken.objects.select_related("user", "use")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.secret_hash, digest(token)):
        return None
    if not row.user.is_active:
        return None
    note_use(row)
    return row


def note_use(row):
    now = timezone.now()
    use = getattr(row, "use", None)
    if use is not None and use.last_used_at and now - use.last_used_at < USE_GRANULARITY:
        return
    # ApiTokenUse is untracked on purpose: a plain UPDATE, no history row.
    ApiTokenUse.objects.filter(token_id=row.pk).update(last_used_at=now)
