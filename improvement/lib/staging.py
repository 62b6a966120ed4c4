"""Uploaded files waiting between a preview and its confirmation.

A file is kept on disk under a random token; what the pages need to know about it (its
name, the choices made about it, the fingerprint of the preview) is kept in the session
under the same token. Only the session that uploaded a file knows its token, so a token
seen elsewhere (a shared address, a log) opens nothing. Files are never put in the
session itself: sessions may live in cookies or the database, and files can be megabytes.

The files are this installation's alone: they wait in a private folder (mode 0700, owned
by the user the service runs as; by default ``var/uploads/`` in the project, or
``UPLOAD_DIR``, never a name shared in the temp folder, which any local user could create
first), each file readable by that user only (0600). Files older than a day are removed
by ``manage.py sweep_uploads`` (run daily by the production timer) and whenever another
file is kept.

One ``Staging`` per kind of upload: each has its own session key and folder.
"""

import os
import secrets
import stat
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAX_AGE = 24 * 60 * 60
SUFFIX = ".upload"
_EVERY = []  # each Staging made, for the sweep


def every():
    """Each kind of upload's ``Staging``."""
    return list(_EVERY)


def upload_root():
    """The installation's folder for uploads waiting for confirmation."""
    return Path(getattr(settings, "UPLOAD_DIR", "") or Path(settings.BASE_DIR) / "var" / "uploads")


def private_folder(path):
    """Make ``path`` (and its parents) if needed and make sure only this user can enter
    it: a folder someone else owns, or a link to one, is refused, not used."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ImproperlyConfigured(f"The upload folder {path} must be a folder, not a link.")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ImproperlyConfigured(
            f"The upload folder {path} belongs to another user; it must belong to the user "
            "the service runs as."
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(0o700)
    return path


def sweep_folder(folder, max_age=MAX_AGE, now=None):
    """Remove the uploads in ``folder`` older than ``max_age`` seconds; how many went."""
    cutoff = (now or time.time()) - max_age
    removed = 0
    for old in Path(folder).glob(f"*{SUFFIX}"):
        try:
            if old.lstat().st_mtime < cutoff:
                old.unlink()
                removed += 1
        except OSError:  # pragma: no cover - another process removed it first
            pass
    return removed


class Staging:
    def __init__(self, session_key, setting, default_folder):
        self.session_key = session_key
        self.setting = setting  # the name of a setting that may name the folder
        self.default_folder = default_folder  # under ``upload_root()`` otherwise
        _EVERY.append(self)

    def folder(self):
        chosen = getattr(settings, self.setting, "")
        if chosen:
            return private_folder(chosen)
        return private_folder(private_folder(upload_root()) / self.default_folder)

    def _path(self, token):
        return self.folder() / f"{token}{SUFFIX}"

    def sweep(self, max_age=MAX_AGE, now=None):
        return sweep_folder(self.folder(), max_age, now)

    def _entries(self, request):
        return request.session.get(self.session_key, {})

    def keep(self, request, data, **entry):
        """Keep ``data`` and ``entry`` (JSON-able values); return the new token."""
        folder = self.folder()
        sweep_folder(folder)
        token = secrets.token_urlsafe(18)
        # Created new (never through a link) and readable by this user only.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(folder / f"{token}{SUFFIX}", flags, 0o600), "wb") as fh:
            fh.write(data)
        kept = self._entries(request)
        kept[token] = entry
        request.session[self.session_key] = kept
        return token

    def entry(self, request, token):
        """The entry this session keeps under ``token`` with its file, or None."""
        if not isinstance(token, str) or not token.replace("-", "").replace("_", "").isalnum():
            return None
        entry = self._entries(request).get(token)
        if entry is None or not self._path(token).exists():
            return None
        return entry

    def fetch(self, request, token):
        """(entry, data) for a token this session holds, or None."""
        entry = self.entry(request, token)
        if entry is None:
            return None
        try:
            return entry, self._path(token).read_bytes()
        except OSError:  # swept by another upload between the two looks
            return None

    def update(self, request, token, **changes):
        """Change what the session keeps about a token (the choices made since)."""
        kept = self._entries(request)
        if token in kept:
            kept[token] = {**kept[token], **changes}
            request.session[self.session_key] = kept

    def forget(self, request, token):
        kept = self._entries(request)
        if kept.pop(token, None) is None:
            return
        request.session[self.session_key] = kept
        path = self._path(token)
        if path.exists():
            path.unlink()
