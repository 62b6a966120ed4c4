"""Benchmark: importing a 1,000-action tracker workbook as a new plan.

Prints, from one run, side by side on the same file (runs alternate, so both see the
same machine load; medians):

- openpyxl's own read-only pass (load + iterate every row's values): the floor;
- the full import: ``read_plan_file`` (checks, read, plan made) and ``apply_plan`` into
  a fresh plan, every object created with its history and sealed in the history
  chain when the import commits;
- the ratio import ÷ openpyxl (target: at most 3), and the import's query count.

Run:  IMPROVEMENT_DEMO=1 .venv/bin/python bench/bench_plan_import.py [--repeat 7]

It works in a throwaway SQLite database and never touches db.sqlite3.
"""

import argparse
import datetime as dt
import gc
import io
import statistics
import time

import scratch

scratch.setup("bench-plan-import-")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from improvement.planfiles.apply import apply_plan  # noqa: E402
from improvement.planfiles.reading import read_plan_file  # noqa: E402

ACTIONS = 1000
HEADERS = ["Ref", "Priority", "Workstream", "Action", "Lead officer", "Due date", "RAG"]
HEADERS += ["Progress update", "Evidence of impact"]
WORDS = ["Blue", "Green", "Amber", "Red", "Grey"]
OWNERS = [f"Head of Service {n}" for n in range(1, 31)]


def tracker_bytes():
    """Ten priorities of ten workstreams of ten actions; varied owners, dates, words."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(HEADERS)
    for i in range(ACTIONS):
        owners = OWNERS[i % 30] + ("\n" + OWNERS[(i + 7) % 30] if i % 3 == 0 else "")
        due = dt.datetime(2025 + i % 3, i % 12 + 1, 28) if i % 4 else "June 2025 / Sept 2026"
        ws.append(
            [
                f"{i // 100 + 1}.{i % 100 + 1}",
                f"Priority {i // 100 + 1}: a realistic heading for the priority",
                f"Workstream {i // 10 + 1}: what the council will improve",
                f"Action {i + 1}: do the work that the inspection asked for, and show it "
                "has made a difference to children and families.",
                owners,
                due,
                WORDS[i % 5],
                "Progress this month: meetings held, audits completed, next steps agreed.",
                "Audit results and feedback from children and families.",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def openpyxl_pass(data):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _row in wb.active.iter_rows(values_only=True):
        pass
    wb.close()


def full_import(data, user, slug, parts=None):
    start = time.perf_counter()
    read = read_plan_file("bench.xlsx", data, title="Bench plan", organisation="Bench")
    assert not read.problems, read.problems[:3]
    if parts is not None:
        parts.append(time.perf_counter() - start)
    # Committed, as a real import is: the history chain seals the new history rows when
    # the transaction commits, and that is part of the cost.
    with transaction.atomic():
        return apply_plan(read.plan, slug=slug, user=user, source_name="bench.xlsx")


def timed(fn):
    # Each run starts from a collected heap, so neither pays for the other's garbage.
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench-admin", password="x")
    data = tracker_bytes()
    print(f"Tracker: {ACTIONS} actions, {len(data) / 1024:.0f} KB")
    with CaptureQueriesContext(connection) as queries:
        result = full_import(data, user, "bench-count")
    print(f"Import: {result.writes} writes, {len(queries)} queries")

    floor_runs, import_runs, read_runs = [], [], []
    for n in range(args.repeat):
        floor_runs.append(timed(lambda: openpyxl_pass(data)))
        import_runs.append(timed(lambda n=n: full_import(data, user, f"bench-{n}", read_runs)))
    floor, full = statistics.median(floor_runs), statistics.median(import_runs)
    print(f"openpyxl read-only pass:   {floor * 1000:8.1f} ms")
    print(f"full import (read+apply):  {full * 1000:8.1f} ms")
    print(f"  of which reading:        {statistics.median(read_runs) * 1000:8.1f} ms")
    saving = statistics.median(i - r for i, r in zip(import_runs, read_runs, strict=True))
    print(f"  of which saving:         {saving * 1000:8.1f} ms")
    print(f"ratio import ÷ openpyxl:   {full / floor:8.2f}  (target ≤ 3)")


if __name__ == "__main__":
    main()
