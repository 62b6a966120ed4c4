"""Appendix 3, the changes to the plan's actions agreed since the previous report."""

from improvement.lib.dates import long_date

from .text import blocks


def _appendix3_heading(key, count):
    """The seed's sentence before each table, singular or plural as the count needs."""
    one = count == 1
    if key == "revised_timescales":
        return "The timescales for the following have been revised to ensure these are suitable:"
    if key == "delayed":
        return f"The following {'action is' if one else 'actions are'} delayed:"
    if key == "revised_wording":
        return (
            f"The following {'action has' if one else 'actions have'} been revised "
            "to reflect activity:"
        )
    return f"The following {'action is' if one else 'actions are'} under review/ scoping:"


APPENDIX3_KEYS = ("revised_timescales", "delayed", "revised_wording", "under_review")


def appendix3_context(plan, since, as_at):
    """The changes agreed since the previous report, from the recorded changes
    (helper-5's ``appendix3_changes``); reasons split into paragraphs as plain text."""
    from improvement.governance.appendix3 import appendix3_changes

    changes = appendix3_changes(plan, since=since, as_at=as_at)
    sections = []
    for key in APPENDIX3_KEYS:
        entries = []
        for entry in changes.get(key, []):
            entries.append(
                {
                    **entry,
                    "reason_blocks": blocks(entry.get("reason", "")),
                    "old_blocks": blocks(entry.get("old", "")),
                    "new_blocks": blocks(entry.get("new", "")),
                }
            )
        sections.append(
            {"key": key, "heading": _appendix3_heading(key, len(entries)), "entries": entries}
        )
    return {
        "since": since,
        "since_long": long_date(since),
        "sections": sections,
        "empty": not any(s["entries"] for s in sections),
    }
