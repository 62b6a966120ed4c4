"""Uploaded files waiting between a preview and its confirmation.

A file is kept on disk under a random token; what the pages need to know about it (its
name, the choices made about it, the fingerprint of the preview) is kept in the session
under the same token. Only the session that uploaded a file knows its token, so a token
seen elsewhere (a shared address, a log) opens nothing. Files are never put in the
session itself: sessions may live in cookies or the database, and files can be megabytes.
Files older than a day are removed whenever another is kept.

One ``Staging`` per kind of upload: each has its own session key and folder.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings

MAX_AGE = 24 * 60 * 60
SUFFIX = ".upload"


class Staging:
    def __init__(self, session_key, setting, default_folder):
        self.session_key = session_key
        self.setting = setting  # the name of a setting that may name the folder
        self.default_folder = default_folder  # under the temp folder otherwise

    def folder(self):
        path = Path(
            getattr(settings, self.setting, "") or Path(tempfile.gettempdir()) / self.default_folder
        )
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    def _path(self, token):
        return self.folder() / f"{token}{SUFFIX}"

    def _sweep(self, folder):
        cutoff = time.time() - MAX_AGE
        for old in folder.glob(f"*{SUFFIX}"):
            try:
                if old.stat().st_mtime < cutoff:
                    old.unlink()
            except OSError:  # pragma: no cover - another process removed it first
                pass

    def _entries(self, request):
        return request.session.get(self.session_key, {})

    def keep(self, request, data, **entry):
        """Keep ``data`` and ``entry`` (JSON-able values); return the new token."""
        folder = self.folder()
        self._sweep(folder)
        token = secrets.token_urlsafe(18)
        (folder / f"{token}{SUFFIX}").write_bytes(data)
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
