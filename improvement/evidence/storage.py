"""Where evidence files are kept: the "evidence" storage of ``settings.STORAGES``.

By default a folder on this machine (``EVIDENCE_DIR``), private to the service's user
(folders 0700, files 0600), with no web address at all: ``PrivateFileStorage.url``
refuses, so no template or admin page can link to a file around the download view,
which checks that the reader may read the plan. A council may swap the backend in
``STORAGES["evidence"]`` (an object store, say); the model names the storage through
``evidence_storage``, never a folder, so migrations do not change with it.

``resolve`` is the one gate every served file passes: a stored name that is not one we
would have made, or that leaves the storage's folder (``../``, an absolute path, a link
pointing out of the folder), is never opened.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

ALIAS = "evidence"

# Folders and names made of plain characters, each part starting with a letter or digit:
# no "..", no "." part, no absolute path, no backslash, no hidden file.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*")


class PrivateFileStorage(FileSystemStorage):
    """A folder with no address: files leave it only through the download view."""

    def __init__(self, location=None, file_permissions_mode=0o600, **kwargs):
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, file_permissions_mode=file_permissions_mode, **kwargs)

    def url(self, name):
        raise ValueError("Evidence files have no web address; link to the download view.")


class _EvidenceStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[ALIAS]


evidence_storage = _EvidenceStorage()


def get_evidence_storage():
    """The model's storage (a callable, so the migration records no folder)."""
    return evidence_storage


def _storages_changed(*, setting, **kwargs):
    # Tests (and only tests) change STORAGES while running: read the storage afresh.
    if setting == "STORAGES":
        evidence_storage._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="improvement.evidence.storage")


def resolve(name):
    """The real path of stored file ``name`` inside the storage's folder, "" for a
    storage that is not a folder (its own ``open`` is used), or None when the name must
    not be served."""
    if not name or not SAFE_NAME.fullmatch(name):
        return None
    storage = evidence_storage
    try:
        candidate = storage.path(name)
    except NotImplementedError:  # not a folder on this machine: its backend checks
        return ""
    except SuspiciousFileOperation:
        return None
    root = Path(os.path.realpath(storage.location))
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(root) or real == root or not real.is_file():
        return None
    return str(real)


def open_stored(name):
    """The stored file ``name`` opened for reading, or None (see ``resolve``)."""
    real = resolve(name)
    if real is None:
        return None
    try:
        if real == "":
            return evidence_storage.open(name, "rb")
        # The path checked, opened without following a link swapped in since.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        return os.fdopen(fd, "rb")
    except OSError:
        return None
