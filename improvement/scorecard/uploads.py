"""Uploaded workbooks waiting between preview and confirm (``improvement.lib.staging``).

The file is kept on disk under a random token that only the uploading session knows,
with the plan and the fingerprint of the preview it produced; confirming re-reads it and
applies only if the fingerprint still matches.
"""

from improvement.lib.staging import MAX_AGE, Staging  # noqa: F401 - MAX_AGE is the rule

SESSION_KEY = "scorecard_imports"
STAGING = Staging(SESSION_KEY, "SCORECARD_UPLOAD_DIR", "improvement-scorecard-uploads")


def folder():
    return STAGING.folder()


def keep(request, plan, name, data, fingerprint):
    return STAGING.keep(request, data, plan=plan.pk, name=name, fingerprint=fingerprint)


def fetch(request, plan, token):
    """(name, data, fingerprint) for a token this session holds for this plan, or None."""
    kept = STAGING.fetch(request, token)
    if kept is None or kept[0].get("plan") != plan.pk:
        return None
    entry, data = kept
    return entry["name"], data, entry["fingerprint"]


def forget(request, token):
    STAGING.forget(request, token)
