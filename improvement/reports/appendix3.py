"""Appendix 3, the changes to the plan's actions since the previous report: each agreed
one names its meeting, and each made directly says plainly that it was not agreed."""

from improvement.governance.appendix3 import appendix3_changes
from improvement.lib.dates import long_date
from improvement.lib.prose import blocks


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


NOT_AGREED = "Not agreed through governance"


def governance_lines(entry):
    """How the change was made, as the appendix prints it under the reason: the meeting
    that agreed it, and each change in it made directly, who made it and when."""
    lines = []
    if entry.get("agreed"):
        line = {"agreed": True, "text": f"Agreed: {entry['meeting']}."}
        # Each meeting's label, linked to its minutes where they are recorded; the
        # separators stay inside the pieces so the printed words read as the text does.
        meetings = entry.get("meetings") or []
        line["meetings"] = [
            {"text": m["label"] + (";" if n < len(meetings) - 1 else "."), "url": m["minutes_url"]}
            for n, m in enumerate(meetings)
        ]
        lines.append(line)
    direct = entry.get("direct", [])
    for move in direct:
        when = f"by {move['by']} on {long_date(move['on'])}"
        if entry.get("agreed") or len(direct) > 1:
            # Several moves (or one beside an agreed one): say which dates each moved.
            before, after = move["original"] or "no date", move["revised"] or "no date"
            text = f"moved from {before} to {after} {when}."
        else:
            text = f"changed directly {when}."
        lines.append({"agreed": False, "label": NOT_AGREED, "text": text})
    return lines


def appendix3_context(snapshot, since):
    """The changes between ``since`` and the snapshot's day, from the record
    (``appendix3_changes``), with the snapshot's rating scale; reasons split into
    paragraphs as plain text."""
    changes = appendix3_changes(
        snapshot.plan, since=since, as_at=snapshot.day, levels=snapshot.level_by_id
    )
    # The ref as the plan printed it that day (the pack's snapshot has read the actions).
    labels = {action.ref: action.label for action in snapshot.actions}
    sections = []
    for key in APPENDIX3_KEYS:
        entries = []
        for entry in changes.get(key, []):
            entries.append(
                {
                    **entry,
                    "label": labels.get(entry["ref"], entry["ref"]),
                    "reason_blocks": blocks(entry.get("reason", "")),
                    "old_blocks": blocks(entry.get("old", "")),
                    "new_blocks": blocks(entry.get("new", "")),
                    "governance": governance_lines(entry),
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
        "not_agreed": any(e["direct"] for s in sections for e in s["entries"]),
    }
