"""Benchmark: importing a 100-indicator × 60-month scorecard workbook.

Prints, from one run, side by side on the same file:

- openpyxl's own read-only pass (load + iterate every row, values only): the floor;
- the app's import planning (file checks, read-only read with number formats, parsing
  every cell, comparing with the stored figures: what the preview page does), for a
  first import (nothing stored) and a re-import (everything stored, nothing changes);
- the ratio app ÷ openpyxl for each (target: at most 2);
- applying the first import (6,000 new figures with their history), for information;
- the scorecard page's query count for 12 and 60 months, which must be the same.

Run:  IMPROVEMENT_DEMO=1 .venv/bin/python bench/bench_import.py [--repeat 5]

It works in a throwaway SQLite database and never touches db.sqlite3.
"""

import argparse
import datetime as dt
import io
import statistics
import time

import scratch

scratch.setup("bench-import-")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from improvement.plans.models import Plan  # noqa: E402
from improvement.scorecard.importing import apply_import, plan_import  # noqa: E402
from improvement.scorecard.models import Indicator, IndicatorValue, ScorecardSection  # noqa: E402
from improvement.scorecard.tables import add_months  # noqa: E402
from improvement.scorecard.workbook import workbook_bytes  # noqa: E402

INDICATORS = 100
MONTHS = 60
END = dt.date(2025, 9, 1)
FORMS = ["84.0%", "1083", "100.4r", "67% (4)", "NYA", "", "11.26", "97.80%"]
KINDS = [  # printed target, better: every kind of target the scorecard has
    ("90.0%", "higher"),
    ("Monitor", "none"),
    ("105-135", "none"),
    ("80%+", "higher"),
    ("below 8%", "lower"),
    ("6 per month", "higher"),
    ("10", "lower"),
    ("90-95%", "higher"),
]


def printed(i, m):
    """A varied but repeatable figure for indicator i, month m."""
    form = FORMS[(i + m) % len(FORMS)]
    n = (i * 7 + m * 3) % 90 + 5
    return {
        "84.0%": f"{n}.{m % 10}%",
        "1083": str(n * 11),
        "100.4r": f"{n + 50}.{i % 10}r",
        "67% (4)": f"{n}% ({m % 20 + 1})",
        "NYA": "NYA",
        "": "",
        "11.26": f"{n // 5}.{(i + m) % 100:02d}",
        "97.80%": f"{n}.{m % 10}0%",
    }[form]


def build_plan():
    from improvement.scorecard.parsing import parse_target

    plan = Plan.objects.create(name="Bench plan", organisation="Bench", slug="bench")
    sections = [
        ScorecardSection.objects.create(plan=plan, title=f"Section {s}", order=s)
        for s in range(1, 6)
    ]
    indicators = []
    for i in range(1, INDICATORS + 1):
        target, better = KINDS[i % len(KINDS)]
        parsed = parse_target(target, better)
        indicators.append(
            Indicator.objects.create(
                plan=plan,
                section=sections[(i - 1) // 20],
                code=str(i),
                title=f"Indicator {i}: a realistic length of title for a monthly measure",
                unit="number",  # every printed form is valid in a number row
                target_text=target,
                target_kind=parsed.kind,
                target_low=parsed.low,
                target_high=parsed.high,
                better=better,
                order=i,
            )
        )
    return plan, indicators


def store_values(indicators):
    from improvement.scorecard.parsing import parse_value

    months = [add_months(END, -n) for n in range(MONTHS - 1, -1, -1)]
    rows = []
    for i, indicator in enumerate(indicators, 1):
        for m, month in enumerate(months):
            text = printed(i, m)
            parsed = parse_value(text)
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    month=month,
                    text=text,
                    value=parsed.value,
                    count=parsed.count,
                    status=parsed.status,
                )
            )
    bulk_create_with_history(rows, IndicatorValue, default_change_reason="bench")


def openpyxl_pass(data):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _row in wb["Scorecard"].iter_rows(values_only=True):
        pass
    wb.close()


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def page_queries(plan, months):
    user = get_user_model().objects.get(username="bench-admin")
    client = Client()
    client.force_login(user)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/plans/{plan.slug}/scorecard/", {"months": months})
    assert response.status_code == 200, response.status_code
    return len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    get_user_model().objects.create_superuser("bench-admin", password="x")
    plan, indicators = build_plan()
    store_values(indicators)
    data = workbook_bytes(plan, months=MONTHS, end=END)
    name = "bench.xlsx"
    today = dt.date(2025, 9, 15)  # the workbook's last month is the current month
    check = plan_import(plan, name, data, today=today)
    assert not check.errors, check.errors[:3]
    cells = INDICATORS * MONTHS
    print(f"Workbook: {INDICATORS} indicators × {MONTHS} months, {len(data) / 1024:.0f} KB")

    # Runs alternate (openpyxl, app, openpyxl, app …) so both see the same machine load.
    floor_runs, reimport_runs = [], []
    for _ in range(args.repeat):
        floor_runs.append(timed(lambda: openpyxl_pass(data), 1))
        reimport_runs.append(timed(lambda: plan_import(plan, name, data, today=today), 1))
    assert not plan_import(plan, name, data, today=today).writes

    # A first import: the same workbook into an empty scorecard (rolled back after).
    first_runs, applied_runs = [], []
    with transaction.atomic():
        IndicatorValue.objects.filter(indicator__plan=plan).order_by().all()._raw_delete(
            connection.alias
        )  # bench set-up only: no history needed for throwaway rows
        for _ in range(args.repeat):
            floor_runs.append(timed(lambda: openpyxl_pass(data), 1))
            start = time.perf_counter()
            result = plan_import(plan, name, data, today=today)
            first_runs.append(time.perf_counter() - start)
        assert not result.errors and not result.unchanged
        written = len(result.new)
        for _ in range(max(1, args.repeat // 2)):
            with transaction.atomic():
                start = time.perf_counter()
                apply_import(plan_import(plan, name, data, today=today), user=None)
                applied_runs.append(time.perf_counter() - start)
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    floor = statistics.median(floor_runs)
    reimport = statistics.median(reimport_runs)
    first = statistics.median(first_runs)
    applied = statistics.median(applied_runs)

    print(f"openpyxl read-only pass (values only)      {floor * 1000:8.1f} ms")
    print(
        f"app import plan, first import (all new)    {first * 1000:8.1f} ms   "
        f"ratio {first / floor:.2f}"
    )
    print(
        f"app import plan, re-import (all unchanged) {reimport * 1000:8.1f} ms   "
        f"ratio {reimport / floor:.2f}"
    )
    print(f"  (target: ratio at most 2; {cells} cells)")
    print(
        f"first import planned and applied           {applied * 1000:8.1f} ms   "
        f"(for information: {written} figures written with history)"
    )
    q12, q60 = page_queries(plan, 12), page_queries(plan, 60)
    print(
        f"scorecard page queries: 12 months {q12}, 60 months {q60}"
        f" ({'fixed' if q12 == q60 else 'NOT FIXED'})"
    )


if __name__ == "__main__":
    main()
