"""Uploaded workbooks waiting between preview and confirm.

The file is kept on disk under a random token that only the uploading session knows,
with the fingerprint of the preview it produced; confirming re-reads it and applies only
if the fingerprint still matches. Files older than a day are removed on every upload.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "scorecard_imports"
MAX_AGE = 24 * 60 * 60


def folder():
    path = Path(
        getattr(settings, "SCORECARD_UPLOAD_DIR", "")
        or Path(tempfile.gettempdir()) / "improvement-scorecard-uploads"
    )
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _sweep(path):
    cutoff = time.time() - MAX_AGE
    for old in path.glob("*.xlsx"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:  # pragma: no cover - another process removed it first
            pass


def keep(request, plan, name, data, fingerprint):
    path = folder()
    _sweep(path)
    token = secrets.token_urlsafe(18)
    (path / f"{token}.xlsx").write_bytes(data)
    kept = request.session.get(SESSION_KEY, {})
    kept[token] = {"plan": plan.pk, "name": name, "fingerprint": fingerprint}
    request.session[SESSION_KEY] = kept
    return token


def fetch(request, plan, token):
    """(name, data, fingerprint) for a token this session holds for this plan, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if (
        not entry
        or entry["plan"] != plan.pk
        or not token.replace("-", "").replace("_", "").isalnum()
    ):
        return None
    path = folder() / f"{token}.xlsx"
    if not path.exists():
        return None
    return entry["name"], path.read_bytes(), entry["fingerprint"]


def forget(request, token):
    kept = request.session.get(SESSION_KEY, {})
    if kept.pop(token, None) is None:
        return
    request.session[SESSION_KEY] = kept
    path = folder() / f"{token}.xlsx"
    if token and path.exists():
        path.unlink()
