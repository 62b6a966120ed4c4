"""Adding and removing evidence, each write through the history with who, when and why."""

from django.db import transaction
from django.utils import timezone

from improvement.lib.history import save_tracked

from .forms import plain_name
from .models import Evidence
from .storage import evidence_storage, resolve


def add_evidence(action, data, *, user, content_type=""):
    """Keep the evidence ``data`` (an EvidenceForm's cleaned data) for ``action``; a
    file is stored under a new name first, and removed again if the row is not saved."""
    item = Evidence(
        action=action,
        title=data["title"],
        date=data["date"],
        kind=data["kind"],
        added_by=user,
        added_at=timezone.now(),
    )
    if item.kind == Evidence.Kind.FILE:
        upload = data["file"]
        item.original_name = plain_name(upload.name)
        item.content_type = content_type
        item.size = upload.size
        item.file.save(item.original_name, upload, save=False)  # named by stored_name
    else:
        item.url = data["url"]
    try:
        with transaction.atomic():
            save_tracked(item, user=user, reason=f"Evidence of impact added: {item.title}")
    except BaseException:
        if item.file.name:
            evidence_storage.delete(item.file.name)
        raise
    return item


def remove_evidence(item, *, user, reason):
    """Mark ``item`` removed (the row stays, for the history) and delete its file once
    that is committed: a file added by mistake may hold personal data."""
    item.removed_at = timezone.now()
    item.removed_by = user
    item.removal_reason = reason
    save_tracked(item, user=user, reason=reason)
    if item.is_file and item.file.name:
        name = item.file.name
        transaction.on_commit(lambda: _delete_stored(name))
    return item


def _delete_stored(name):
    # Only a file inside the storage's folder: a tampered name never deletes elsewhere.
    if resolve(name) is not None:
        evidence_storage.delete(name)
