"""What other parts of the product ask about an action's evidence of impact."""

from improvement.lib.dates import end_of_day

from .models import Evidence


def impact_evidence_count(action) -> int:
    """How many evidence items (files and links, not removed) ``action`` has. One query.

    The update form asks before a move from "Complete but need to evidence impact" to a
    level that counts as complete."""
    action_id = getattr(action, "pk", action)
    return Evidence.objects.live().filter(action_id=action_id).count()


def evidenced_action_ids(actions, day=None) -> set:
    """The ids of those of ``actions`` (action ids, or a query of them) that had evidence
    items at the end of ``day`` (None: now, not removed). One query, however many
    actions: the data-quality flag "Complete without evidence" asks it for a whole page.

    An item counts from when it was added until it was removed (``added_at`` and
    ``removed_at``, not the evidence's own date), as the action page's past days list it."""
    moment = end_of_day(day) if day else None
    return set(
        Evidence.objects.as_at(moment)
        .filter(action_id__in=actions)
        .order_by()  # no ordering columns in the DISTINCT
        .values_list("action_id", flat=True)
        .distinct()
    )
