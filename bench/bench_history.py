"""Benchmark: reading history at about 1,000,000 history rows (PostgreSQL).

Prints, from one run, times measured side by side (interleaved, median of --repeat) and
their ratios:

- the whole plan as at a past date ÷ the whole plan now (governance.asof.plan_rows; the
  target is at most 3), with simple-history's own ``as_of`` anti-join beside it for
  comparison, and the officer pages' PlanReader now and as at the same date;
- the change log's first page, the compare page and an action's history page ÷ the
  plan page as it is now (target: at most 3 for the first two);
- the query count of each, which must not depend on the history's length.

Build the data first (a few minutes), then run the benchmark:

    export IMPROVEMENT_DEMO=1 DATABASE_URL=postgres://postgres@127.0.0.1:54331/bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python manage.py generate_history          # 20 plans, ~1,000,000 rows
    .venv/bin/python bench/bench_history.py [--plan synthetic-10] [--repeat 15]

It only reads; it never writes to the database except a benchmark user's sign-in session.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("IMPROVEMENT_DEMO", "1")
os.environ["DJANGO_DEBUG"] = "0"  # no query log: time the code, not Django's debug cursor
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from improvement.governance.asof import plan_rows  # noqa: E402
from improvement.plans.models import Action, ActionOwner, ActionRow, Plan  # noqa: E402
from improvement.plans.status import end_of_day  # noqa: E402


def history_rows():
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            total += model.objects.count()
    return total


def as_of_simple_history(plan, moment):
    """simple-history's own as_of, for comparison (the anti-join over every row)."""
    return {
        "actions": list(Action.history.as_of(moment).filter(plan_id=plan.pk)),
        "owners": list(ActionOwner.history.as_of(moment).filter(action__plan=plan)),
        "rows": list(ActionRow.history.as_of(moment).filter(action__plan=plan)),
    }


def plan_reader(plan, as_at):
    try:
        from improvement.plans.reading import PlanReader
    except ImportError:
        return None
    return PlanReader(plan, as_at).read_plan()


def measure(cases, repeat):
    """Run every case once per round, in turn, ``repeat`` rounds after a warm-up round;
    return name -> (median seconds, queries)."""
    times = {name: [] for name in cases}
    queries = {}
    for name, run in cases.items():
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[name] = len(captured)
    for _ in range(repeat):
        for name, run in cases.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), queries[name]) for name, t in times.items()}


def page(client, url):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", default="synthetic-10")
    parser.add_argument("--as-at", default="2024-01-15", help="The past date read.")
    parser.add_argument("--compare-to", default="2025-06-30")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    plan = Plan.objects.get(slug=args.plan)
    past = dt.date.fromisoformat(args.as_at)
    moment = end_of_day(past)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-history", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)

    print(f"Database: {connection.vendor}; history rows in all tables: {history_rows():,}")
    print(
        f"Plan {plan.slug}: {Action.objects.filter(plan=plan).count()} actions, "
        f"{Action.history.filter(plan_id=plan.pk).count():,} action history rows, "
        f"{ActionOwner.history.filter(action__plan=plan).count():,} owner history rows"
    )
    print(f"Past date: {past}; compare {past} with {args.compare_to}; median of {args.repeat}\n")

    reads = {
        "plan now (plan_rows)": lambda: plan_rows(plan),
        "plan as at (plan_rows)": lambda: plan_rows(plan, moment),
        "plan as at (simple-history as_of)": lambda: as_of_simple_history(plan, moment),
    }
    if plan_reader(plan, None) is not None:
        reads["plan now (officer pages' PlanReader)"] = lambda: plan_reader(plan, None)
        reads["plan as at (officer pages' PlanReader)"] = lambda: plan_reader(plan, past)
    action = Action.objects.filter(plan=plan).order_by("order").first()
    pages = {
        "plan page now": page(client, reverse("plans:detail", args=[plan.slug])),
        "change log, first page": page(client, reverse("governance:changes", args=[plan.slug])),
        "compare page": page(
            client,
            reverse("governance:compare", args=[plan.slug]) + f"?from={past}&to={args.compare_to}",
        ),
        "action history page": page(
            client, reverse("governance:action_history", args=[plan.slug, action.ref])
        ),
    }
    results = measure({**reads, **pages}, args.repeat)

    def line(name, base=None):
        seconds, count = results[name]
        ratio = f"{seconds / results[base][0]:6.2f}×" if base else "   1.00×"
        print(f"  {name:45} {seconds * 1000:9.1f} ms {count:4d} queries  {ratio}")

    print("Whole plan (data only), ratio to the plan now:")
    line("plan now (plan_rows)")
    line("plan as at (plan_rows)", "plan now (plan_rows)")
    line("plan as at (simple-history as_of)", "plan now (plan_rows)")
    if "plan now (officer pages' PlanReader)" in results:
        line("plan now (officer pages' PlanReader)", "plan now (plan_rows)")
        line("plan as at (officer pages' PlanReader)", "plan now (officer pages' PlanReader)")
    print("\nPages (full request), ratio to the plan page now:")
    line("plan page now")
    for name in ("change log, first page", "compare page", "action history page"):
        line(name, "plan page now")

    as_at_ratio = results["plan as at (plan_rows)"][0] / results["plan now (plan_rows)"][0]
    log_ratio = results["change log, first page"][0] / results["plan page now"][0]
    compare_ratio = results["compare page"][0] / results["plan page now"][0]
    print(
        f"\nTargets (≤ 3×): plan as at {as_at_ratio:.2f}×, change log {log_ratio:.2f}×, "
        f"compare {compare_ratio:.2f}× — "
        + ("all met" if max(as_at_ratio, log_ratio, compare_ratio) <= 3 else "NOT MET")
    )


if __name__ == "__main__":
    main()
