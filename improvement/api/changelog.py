"""The plan's change log for the API: the change log page's own entries and filters
(``governance.changes``, which also filters by action), as rows.

A page costs what the change log page's does: the union counted and cut in SQL, then two
queries per kind of history row on the page (``changes.load``).
"""

from django.utils import timezone

from improvement.governance import changes, records
from improvement.governance.filters import start_of_day
from improvement.lib.dates import end_of_day

BATCH = 500  # history rows read at a time for the CSV, as the change log's workbook does


def criteria(*, since=None, until=None, user_id=None, field=None):
    """The change log page's criteria (``ChangeLogFilter.criteria``) from the API's
    parameters: a day's start and end in the council's time zone."""
    return {
        "start": start_of_day(since) if since else None,
        "end": end_of_day(until) if until else None,
        "user": user_id,
        "areas": None,
        "field": field or None,
        "rating_from": None,
        "rating_to": None,
    }


def _common(change):
    user = change.user
    return {
        "when": timezone.localtime(change.when),
        "who": change.who,
        "person": user.get_username() if user else "",
        "kind": change.source,
        "ref": change.ref,
        "subject": change.subject,
        "area": records.area_label(change.area),
        "reason": change.reason,
    }


def change_row(change):
    return {
        **_common(change),
        "note": change.note,
        "fields": [
            {
                "field": str(item.field),
                "label": item.label,
                "before": item.old_text,
                "after": item.new_text,
            }
            for item in change.fields
        ],
    }


class Paged:
    """The entries as a sequence ninja's paginator counts and slices: only the page
    taken is loaded (``changes.load``) and made into rows."""

    def __init__(self, found, lookups):
        self.found = found
        self.lookups = lookups

    def __len__(self):
        return self.found.count()

    def __getitem__(self, index):
        return [change_row(c) for c in changes.load(list(self.found[index]), self.lookups)]


def lines(lookups, found):
    """The CSV's lines, one per changed field (a change with none, such as a deletion,
    is one line with its note), newest first, read in batches."""
    total = found.count()
    for offset in range(0, total, BATCH):
        for change in changes.load(list(found[offset : offset + BATCH]), lookups):
            common = _common(change)
            for item in change.fields or [None]:
                yield {
                    **common,
                    "what_changed": item.label if item else change.note,
                    "field": str(item.field) if item else "",
                    "before": item.old_text if item else "",
                    "after": item.new_text if item else "",
                }
