"""The change log of a plan, read straight from simple-history's tables.

Nothing is copied: each entry of the change log is one history row (of an action, an
owner of an action, a further row of an action, or an area's impact commentary — see
``sources``) compared with the row before it for the same object. Filtering by field or
by rating movement is done in SQL by comparing each row with its predecessor (see
``predecessor``), so a page costs a fixed number of queries however long the history is.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Subquery, Value

from .predecessor import previous
from .sources import SOURCES

ORDER = ("-history_date", "-history_id")


class Entries:
    """The matching history rows as {history_date, history_id, src}, newest first.

    A paginator counts it (one unordered query over the union of the parts) and slices
    it. On PostgreSQL each part is ordered and cut at the end of the page first, so each
    reads its newest rows through its (…, history_date, history_id) index and stops,
    instead of the whole union being sorted for one page (the planner does not merge the
    parts' index scans by itself); SQLite cannot order the parts of a union, and sorts.
    """

    def __init__(self, parts):
        self.parts = parts

    @staticmethod
    def _union(parts):
        first, *rest = parts
        return first.union(*rest, all=True) if rest else first

    def count(self):
        if not self.parts:
            return 0
        return self._union([p.order_by() for p in self.parts]).count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        # A part known to be empty is left out: union() would otherwise hand back one of
        # the other parts, already cut, and ordering it raises "Cannot reorder a query
        # once a slice has been taken".
        parts = [p.order_by() for p in self.parts if not p.query.is_empty()]
        if isinstance(index, slice):
            # The paginator asks for [0:0] when nothing matches; cutting each part at 0
            # would make every part empty, so there is nothing to ask the database.
            if index.stop is not None and index.stop <= (index.start or 0):
                return []
        if not parts:
            return []
        if len(parts) == 1:
            return list(parts[0].order_by(*ORDER)[index])
        if isinstance(index, slice) and index.stop is not None:
            if connection.features.supports_slicing_ordering_in_compound:
                parts = [p.order_by(*ORDER)[: index.stop] for p in parts]
        return list(self._union(parts).order_by(*ORDER)[index])


def entries(lookups, *, action_id=None, **filters):
    """Every matching history row (see Entries): one lazy union of the sources' rows.
    With ``action_id``, only that action's own rows, its further rows and its owners
    (area commentary belongs to no action)."""
    parts = []
    for source in SOURCES.values():
        qs = source.filtered(lookups, **filters)
        if qs is None:
            continue
        if action_id is not None:
            if source.key == "commentary":
                continue
            qs = qs.filter(**{"id" if source.key == "action" else "action_id": action_id})
        parts.append(qs.values("history_date", "history_id").annotate(src=Value(source.key)))
    return Entries(parts)


def load(page_entries, lookups):
    """The Change for each entry of a page, in the page's order. Two queries per kind of
    history row present on the page (the rows with their authors, then their predecessors)."""
    wanted = defaultdict(list)
    for entry in page_entries:
        wanted[entry["src"]].append(entry["history_id"])
    found = {}
    for key, ids in wanted.items():
        source = SOURCES[key]
        hist = source.hist
        rows = list(
            hist.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(prev_history_id=Subquery(previous(hist).values("history_id")[:1]))
        )
        prev_ids = [r.prev_history_id for r in rows if r.prev_history_id]
        prev_rows = {p.history_id: p for p in hist.objects.filter(history_id__in=prev_ids)}
        for row in rows:
            found[(key, row.history_id)] = source.change(
                row, prev_rows.get(row.prev_history_id), lookups
            )
    return [found[(e["src"], e["history_id"])] for e in page_entries]
