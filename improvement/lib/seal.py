"""Seal every history row into one hash chain, and check the chain.

Every history row is written by one of two paths, both made in ``lib.history.tracked``:
a single save or delete (simple-history's ``create_historical_record``, which sends
``post_create_historical_record``) and the bulk helpers (``bulk_create_with_history`` /
``bulk_update_with_history`` call the history manager's ``bulk_history_create``, which
sends no signal; the project's manager overrides it). Both hand the new rows' ids to
``seal_later``, so no caller (plan import, scorecard import, load_demo, generate_history,
the admin) has to remember anything.

Sealing runs when the transaction commits (``on_commit``), in a short transaction of its
own that locks the chain head: the hash is computed from the row as stored, a rolled-back
save leaves no link, and a request that has written (and row-locked) actions never waits
for the head while holding them, so two requests cannot deadlock on it. Rows of one
transaction are sealed together (about five queries however many rows).
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.db import models, router, transaction

from .gcpause import cycle_collection_paused

# History models made by ``tracked()``: label -> model (filled as models are built).
SEALED = {}
CHUNK = 500


def register(history_model):
    SEALED[history_model._meta.label] = history_model


# -- what a link's hash covers ----------------------------------------------------------
AS_IS = (str, int, bool, type(None))


def _plain(value):
    """A value as the same text whatever the database or the Python object read back."""
    if type(value) in AS_IS:  # most columns: nothing to do, checked first
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return "D" + format(value.normalize(), "f")
    if isinstance(value, float):
        return "F" + repr(value)
    if isinstance(value, (UUID, dt.timedelta)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def layout_names(history_model):
    """The columns a new link covers: every concrete column, then each m2m snapshot."""
    names = [f.attname for f in history_model._meta.concrete_fields]
    names += [f"m2m:{f.name}" for f in getattr(history_model, "_history_m2m_fields", [])]
    return names


def _m2m_model(history_model, name):
    # simple-history puts a manager of the m2m snapshot model on the history model.
    return getattr(history_model, name).model


def read_rows(history_model, names, ids, using):
    """history_id -> the row's values for ``names`` (rows that no longer exist are absent)."""
    pk = history_model._meta.pk.attname
    known = {f.attname for f in history_model._meta.concrete_fields}
    columns = [n for n in names if not n.startswith("m2m:")]
    rows = {}
    ids = sorted(ids)
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        manager = history_model._default_manager.using(using)
        found = {
            values[pk]: [values[c] if c in values else _Gone(c) for c in columns]
            for values in manager.filter(pk__in=part).values(pk, *((known & set(columns)) - {pk}))
        }
        for name in names:
            if name.startswith("m2m:"):
                snaps = _m2m_snapshots(history_model, name[4:], part, using)
                for hid, row in found.items():
                    row.append(snaps.get(hid, []))
        rows.update(found)
    return rows


class _Gone(str):
    """A column a link covered that the table no longer has: never matches its hash."""

    def __new__(cls, name):
        return super().__new__(cls, f"<column {name} removed>")


def _m2m_snapshots(history_model, name, ids, using):
    m2m = _m2m_model(history_model, name)
    skip = {m2m._meta.pk.attname, "history_id"}
    cols = [f.attname for f in m2m._meta.concrete_fields if f.attname not in skip]
    snaps = {}
    for values in (
        m2m._default_manager.using(using)
        .filter(history_id__in=ids)
        .values_list("history_id", *cols)
    ):
        snaps.setdefault(values[0], []).append([_plain(v) for v in values[1:]])
    return {hid: sorted(rows) for hid, rows in snaps.items()}


def link_hash(previous, label, history_id, values):
    payload = json.dumps(
        [label, history_id, [_plain(v) for v in values]],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(f"{previous}|{payload}".encode()).hexdigest()


# -- sealing ----------------------------------------------------------------------------
@dataclass
class _Batch:
    using: str
    rows: dict = field(default_factory=dict)  # label -> [history ids], in write order

    def add(self, label, ids):
        self.rows.setdefault(label, []).extend(ids)

    def run(self):
        seal(self.rows, using=self.using)


def seal_later(history_model, ids):
    """Seal these new rows of ``history_model`` when the current transaction commits."""
    ids = [i for i in ids if i is not None]
    if not ids or history_model._meta.label not in SEALED:
        return
    using = router.db_for_write(history_model)
    conn = transaction.get_connection(using)
    batch = getattr(conn, "_history_seal_batch", None)
    # A batch whose callback is gone was run already, or discarded by a rollback.
    pending = conn.in_atomic_block and batch is not None
    if pending and not any(func == batch.run for _, func, _ in conn.run_on_commit):
        pending = False
    if not pending:
        batch = conn._history_seal_batch = _Batch(using)
    batch.add(history_model._meta.label, ids)
    if not pending:
        # robust: a failure here must not turn a committed save into an error page;
        # the row is then reported by verify_history as having no link.
        transaction.on_commit(batch.run, using=using, robust=True)


def seal(rows_by_label, *, using="default"):
    """Append links for these history rows (label -> ids) to the chain; returns how many."""
    from improvement.governance.chain import HistoryLayout, HistorySeal, SealHead

    with transaction.atomic(using=using), cycle_collection_paused():
        head, _ = SealHead.objects.using(using).select_for_update().get_or_create(pk=1)
        seq, previous = head.seq, head.hash
        links = []
        for label, ids in rows_by_label.items():
            model = SEALED[label]
            names = layout_names(model)
            layout, _ = HistoryLayout.objects.using(using).get_or_create(
                model=label, fields=",".join(names)
            )
            rows = read_rows(model, names, set(ids), using)
            for hid in sorted(rows):
                seq += 1
                digest = link_hash(previous, label, hid, rows[hid])
                links.append(HistorySeal(seq, label, hid, layout.pk, digest, previous))
                previous = digest
        if links:
            HistorySeal.objects.using(using).bulk_create(links, batch_size=CHUNK)
            head.seq, head.hash = seq, previous
            head.save(using=using, update_fields=["seq", "hash"])
    return len(links)


def chain_head(using="default"):
    """(sequence, hash) of the last link, for the committee pack's footer."""
    from improvement.governance.chain import SealHead

    head = SealHead.objects.using(using).filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, "")


def unsealed(using="default", limit=None):
    """History rows that have no link: label -> [(history_id, history_date)]."""
    from improvement.governance.chain import HistorySeal

    found = {}
    # Every history table, not only the registered ones: a model tracked some other way
    # than tracked() shows here as rows with no link.
    every = {
        m._meta.label: m
        for m in apps.get_models()
        if hasattr(m, "instance_type") and "history_type" in {f.name for f in m._meta.fields}
    }
    for label, model in sorted({**every, **SEALED}.items()):
        linked = HistorySeal.objects.using(using).filter(
            model=label, history_id=models.OuterRef(model._meta.pk.attname)
        )
        rows = (
            model._default_manager.using(using)
            .filter(~models.Exists(linked))
            .order_by("history_date", "pk")
            .values_list("pk", "history_date")
        )
        rows = list(rows[:limit] if limit else rows)
        if rows:
            found[label] = rows
    return found


def seal_unsealed(using="default"):
    """Seal every row with no link, oldest first (an installation upgraded to the chain;
    rows a crash left unsealed, once someone has checked them)."""
    keys = sorted(
        (when, label, hid) for label, rows in unsealed(using).items() for hid, when in rows
    )
    count = 0
    for i in range(0, len(keys), 20 * CHUNK):
        rows = {}
        for _, label, hid in keys[i : i + 20 * CHUNK]:
            rows.setdefault(label, []).append(hid)
        count += seal(rows, using=using)
    return count


# -- checking ---------------------------------------------------------------------------
@dataclass
class Break:
    seq: int
    model: str
    history_id: int
    when: object  # the row's history_date, None when the row is gone
    problem: str


def verify(using="default"):
    """Walk the chain from its first link; returns (links checked, first Break or None)."""
    from improvement.governance.chain import HistoryLayout, HistorySeal, SealHead

    layouts = {lay.pk: lay.names for lay in HistoryLayout.objects.using(using)}
    expected_seq, previous, checked = 1, "", 0
    links = HistorySeal.objects.using(using).order_by("seq")
    last = 0
    while True:
        chunk = list(links.filter(seq__gt=last)[: 4 * CHUNK])
        if not chunk:
            break
        last = chunk[-1].seq
        rows = {}
        for label in {s.model for s in chunk}:
            wanted = [s for s in chunk if s.model == label]
            model = SEALED.get(label)
            for layout in {s.layout_id for s in wanted}:
                ids = [s.history_id for s in wanted if s.layout_id == layout]
                found = read_rows(model, layouts[layout], ids, using) if model else {}
                rows.update({(label, hid): values for hid, values in found.items()})
        for link in chunk:
            values = rows.get((link.model, link.history_id))
            problem = None
            if link.seq != expected_seq:
                problem = f"links #{expected_seq} to #{link.seq - 1} are missing"
            elif link.previous != previous:
                problem = "the link's record of the previous hash was altered"
            elif values is None:
                problem = "the history row was deleted"
            elif link_hash(previous, link.model, link.history_id, values) != link.hash:
                problem = "the history row was changed after it was sealed"
            if problem:
                return checked, _break(link, problem, using)
            expected_seq, previous, checked = link.seq + 1, link.hash, checked + 1
    head = SealHead.objects.using(using).filter(pk=1).first()
    if ((head.seq, head.hash) if head else (0, "")) != (checked, previous):
        return checked, Break(checked, "", 0, None, "the chain head does not match its last link")
    return checked, None


def _break(link, problem, using):
    model = SEALED.get(link.model)
    when = None
    if model is not None:
        when = (
            model._default_manager.using(using)
            .filter(pk=link.history_id)
            .values_list("history_date", flat=True)
            .first()
        )
    return Break(link.seq, link.model, link.history_id, when, problem)
