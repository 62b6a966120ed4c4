"""Benchmark: reading the plan as at a past day at about 1,000,000 history rows (PostgreSQL).

Every figure comes from one run: all cases are timed in turn, round after round (after a
warm-up round that also counts each case's queries), and each figure is a median, so
load from other work on the machine falls on both sides of every ratio. It prints:

1. for the long-history plan and the demo plan: the plan page (the real view through
   ``django.test.Client``, signed in) and each appendix's HTML (``render_html`` for 1 … 4,
   no WeasyPrint) as at a past day ÷ the same as at today — target ≤ 2 — with the
   query count of each;
2. the plan page of a plan with 10× the history ÷ one with 1× (the same number of actions,
   the same years), today and as at the past day — target ≤ 1.3;
3. the change log's first page, the compare page and an action's history page ÷ the plan
   page today, on a plan like the earlier runs' (``synthetic-10``).

Build the data first (about 25 minutes on a busy two-core machine, the long plan beside
the rest), then run it (``--no-jit`` to run with PostgreSQL's JIT off):

    export IMPROVEMENT_DEMO=1 DATABASE_URL=postgres://postgres@127.0.0.1:54336/bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    # 143 actions (as the demo), 2,000 rounds and 200 rounds over the same 1,780 days
    .venv/bin/python manage.py generate_history --prefix long --plans 1 --actions 143 \\
        --rounds 2000 --days-between-rounds 0.89
    .venv/bin/python manage.py generate_history --prefix short --plans 1 --actions 143 \\
        --rounds 200 --days-between-rounds 8.9
    .venv/bin/python manage.py generate_history --plans 14      # the rest of the million
    .venv/bin/python bench/bench_history.py --repeat 15

It only reads, except a benchmark user's sign-in session.
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import scratch

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
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from improvement.lib.dates import end_of_day, today  # noqa: E402
from improvement.plans.models import Action, Plan  # noqa: E402
from improvement.plans.snapshot import PlanSnapshot  # noqa: E402
from improvement.reports.appendices import render_html  # noqa: E402
from improvement.reports.forms import PackOptions  # noqa: E402

APPENDIX_KEYS = ("1", "2", "3", "4")


def history_rows():
    from django.apps import apps

    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def describe(plan, past, since):
    rows = Action.history.filter(plan_id=plan.pk)
    actions = Action.objects.filter(plan=plan).count()
    print(
        f"  {plan.slug}: {actions} actions, {rows.count():,} action history rows "
        f"({rows.filter(history_date__lte=end_of_day(past)).count():,} by {past}); "
        f"appendix 3 from {since}"
    )


def since_for_today(plan, past, since):
    """Appendix 3 today reads a period as long as the past one, ending today but starting
    that long before the plan's latest change, so both read the same amount of change
    (appendix 3 reads the history at both ends; an empty period would flatter today)."""
    latest = Action.history.filter(plan_id=plan.pk).aggregate(m=Max("history_date"))["m"]
    return min(today(), timezone.localtime(latest).date()) - (past - since)


def period_changes(plan, since, day):
    """Action history rows in appendix 3's period: the work it has to do."""
    return Action.history.filter(
        plan_id=plan.pk, history_date__gt=end_of_day(since), history_date__lte=end_of_day(day)
    ).count()


def page(client, url):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return run


def appendix(plan, key, as_at, since):
    options = PackOptions(as_at=as_at, since=since)
    return lambda: render_html(plan, key, options)


def snapshot_all(plan, day):
    """Every part of the snapshot the plan page and appendices read (data only)."""

    def run():
        snap = PlanSnapshot(plan, day)
        for part in ("plan_then", "levels", "role_titles", "chapters", "areas", "actions"):
            getattr(snap, part)
        snap.further_rows, snap.owner_role_ids, snap.commentary  # noqa: B018

    return run


def as_at_cases(client, plan, past, since_past, since_today):
    """Target 1's cases for one plan: (today, past) pairs by label."""
    url = reverse("plans:detail", args=[plan.slug])
    now = today()
    cases = {
        "plan page": (page(client, url), page(client, f"{url}?as_at={past}")),
        "snapshot, every part (data only)": (snapshot_all(plan, None), snapshot_all(plan, past)),
    }
    for key in APPENDIX_KEYS:
        cases[f"appendix {key} HTML"] = (
            appendix(plan, key, now, since_today),
            appendix(plan, key, past, since_past),
        )
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--long", default="long-01", help="The plan with 10× the history.")
    parser.add_argument("--short", default="short-01", help="The same plan with 1×.")
    parser.add_argument("--as-at", default="2024-06-28", help="The past day (synthetic plans).")
    parser.add_argument("--since-days", type=int, default=28, help="Appendix 3's period.")
    parser.add_argument("--demo", default="childrens-services")
    parser.add_argument("--demo-as-at", default="2025-11-12")
    parser.add_argument("--demo-since", default="2025-05-08")
    parser.add_argument("--log-plan", default="synthetic-10", help="For the change log &c.")
    parser.add_argument("--compare-to", default="2025-06-30")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="SET jit = off for the run (PostgreSQL): the change log's count is costed high "
        "enough for JIT compilation, which takes most of its time.",
    )
    args = parser.parse_args()
    if args.no_jit:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")

    now = today()
    past = dt.date.fromisoformat(args.as_at)
    period = dt.timedelta(days=args.since_days)
    long, short = Plan.objects.get(slug=args.long), Plan.objects.get(slug=args.short)
    demo = Plan.objects.filter(slug=args.demo).first()
    log_plan = Plan.objects.filter(slug=args.log_plan).first()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-history", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)

    print(f"Database: {connection.vendor}; history rows in all tables: {history_rows():,}")
    jit = " (jit = off)" if args.no_jit else ""
    print(f"Today {now}; median of {args.repeat} interleaved rounds{jit}")
    describe(long, past, past - period)
    describe(short, past, past - period)
    if demo:
        describe(demo, dt.date.fromisoformat(args.demo_as_at), args.demo_since)

    # -- every case, timed together ---------------------------------------------------
    periods = {long.slug: (past, past - period)}
    if demo:
        demo_past = dt.date.fromisoformat(args.demo_as_at)
        periods[demo.slug] = (demo_past, dt.date.fromisoformat(args.demo_since))
    groups = {}
    for slug, (day, since) in periods.items():
        plan = Plan.objects.get(slug=slug)
        since_now = since_for_today(plan, day, since)
        groups[slug] = as_at_cases(client, plan, day, since, since_now)
        periods[slug] = (day, since, since_now)
    short_url = reverse("plans:detail", args=[short.slug])
    groups[short.slug] = {
        "plan page": (page(client, short_url), page(client, f"{short_url}?as_at={past}"))
    }
    cases = {}
    for slug, pairs in groups.items():
        for label, (at_today, at_past) in pairs.items():
            cases[(slug, label, "today")] = at_today
            cases[(slug, label, "past")] = at_past
    if log_plan:
        action = Action.objects.filter(plan=log_plan).order_by("order").first()
        log_url = reverse("plans:detail", args=[log_plan.slug])
        compare = reverse("governance:compare", args=[log_plan.slug])
        extra = {
            "plan page today": log_url,
            "change log, first page": reverse("governance:changes", args=[log_plan.slug]),
            "compare page": f"{compare}?from={args.as_at}&to={args.compare_to}",
            "action history page": reverse(
                "governance:action_history", args=[log_plan.slug, action.ref]
            ),
        }
        for label, url in extra.items():
            cases[(log_plan.slug, label, "")] = page(client, url)
    results = scratch.measure(cases, args.repeat)

    def ms(key):
        return f"{results[key][0] * 1000:8.1f} ms {results[key][1]:4d} q"

    # -- 1. past ÷ today ----------------------------------------------------------------
    worst = 0.0
    for slug, (day, since_past, since_now) in periods.items():
        pairs, plan = groups[slug], Plan.objects.get(slug=slug)
        print(f"\n1. {slug}: as at {day} ÷ as at today ({now})")
        print(f"   {'':34} {'today':>17} {'past day':>17}    ratio")
        for label in pairs:
            a, b = (slug, label, "today"), (slug, label, "past")
            ratio = results[b][0] / results[a][0]
            if not label.startswith("snapshot"):
                worst = max(worst, ratio)
            print(f"   {label:34} {ms(a)} {ms(b)}  {ratio:6.2f}×")
        print(
            f"   appendix 3's period: {period_changes(plan, since_past, day):,} action history "
            f"rows from {since_past} to {day}; {period_changes(plan, since_now, now):,} "
            f"from {since_now} to today"
        )
    print(f"   Target (≤ 2×): worst {worst:.2f}× — " + ("met" if worst <= 2 else "NOT MET"))

    # -- 2. 10× the history ÷ 1× ----------------------------------------------------------
    print(f"\n2. Plan page, {long.slug} (10× the history) ÷ {short.slug} (1×)")
    ratios = []
    for when, label in (("today", "today"), ("past", f"as at {past}")):
        a, b = (short.slug, "plan page", when), (long.slug, "plan page", when)
        ratios.append(results[b][0] / results[a][0])
        print(f"   {label:34} {ms(a)} {ms(b)}  {ratios[-1]:6.2f}×")
    print(
        f"   Target (≤ 1.3×): {max(ratios):.2f}× — " + ("met" if max(ratios) <= 1.3 else "NOT MET")
    )

    # -- 3. other history pages ÷ the plan page -----------------------------------------
    if log_plan:
        print(f"\n3. {log_plan.slug}: history pages ÷ its plan page today")
        base = results[(log_plan.slug, "plan page today", "")][0]
        for label in extra:
            key = (log_plan.slug, label, "")
            print(f"   {label:34} {ms(key)}  {results[key][0] / base:6.2f}×")


if __name__ == "__main__":
    main()
