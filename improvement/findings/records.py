"""Writing inspections and findings, each change in the history with who, when and why.

A finding's links (areas, actions) are many-to-many: simple-history would write one
history row per ``add`` and ``remove``. ``save_finding`` changes them with history off
and then saves the finding once, so one edit is one history row holding the fields and
the links as they now stand (a new finding first gets its own "created" row).
"""

from improvement.lib.history import save_tracked

LINKS = ("areas", "actions")


def save_inspection(inspection, *, user, reason, when=None):
    inspection.full_clean()
    return save_tracked(inspection, user=user, reason=reason, when=when)


def save_finding(finding, *, user, reason, when=None, fields_changed=True, **links):
    """Save ``finding`` and set the links given (``areas=[...]``, ``actions=[...]``) to
    exactly those objects. Returns the number of history rows written (0 when nothing
    changed)."""
    writes = 0
    if finding.pk is None:
        save_tracked(finding, user=user, reason=reason, when=when)
        writes, fields_changed = 1, False
    if _set_links(finding, links) or fields_changed:
        save_tracked(finding, user=user, reason=reason, when=when)
        writes += 1
    return writes


def _set_links(finding, links):
    """Make each named relation hold exactly the given objects, writing no history."""
    changed = False
    finding.skip_history_when_saving = True
    try:
        for name in LINKS:
            if name not in links:
                continue
            relation = getattr(finding, name)
            have = set(relation.values_list("pk", flat=True))
            want = {obj.pk for obj in links[name]}
            if have - want:
                relation.remove(*(have - want))
            if want - have:
                relation.add(*(want - have))
            changed = changed or have != want
    finally:
        del finding.skip_history_when_saving
    return changed
