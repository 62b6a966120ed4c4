"""Benchmark: the dashboard with ten times the history ÷ with the demo's (target ≤ 1.5).

On a throwaway SQLite database (never db.sqlite3) with two copies of the demo plan,
loaded the same way (the 8 May and 12 November 2025 plans and the scorecard): the demo
itself, and a copy whose action history is then made ten times as long (progress
updates between the two reports, ratings unchanged: tests/dashboard/support.py). Both
dashboards are asked for through the real view (``django.test.Client``, signed in, DEBUG
off), today and as at 12 November 2025, in turn, round after round after a warm-up
round that counts each one's queries; each figure is a median, so other load on the
machine falls on both sides of the ratio. The percentage-complete line alone
(``progress.completion_series``) is timed the same way, for information.

    .venv/bin/python bench/bench_dashboard.py [--repeat 15]
"""

import argparse
import datetime as dt

import scratch

scratch.setup("bench-dashboard-")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from improvement.dashboard.progress import completion_series  # noqa: E402
from improvement.demo.management.commands.load_demo import SCORECARD, STATES  # noqa: E402
from improvement.demo.plan import PlanDocumentLoader, read_document  # noqa: E402
from improvement.demo.scorecard import load_scorecard  # noqa: E402
from improvement.plans.models import Action, Plan  # noqa: E402
from tests.dashboard.support import add_history  # noqa: E402

COPY = "ten-times-history"
AS_AT = "2025-11-12"


def build():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    for fixture, when, author, reason in STATES:
        doc = read_document(settings.FIXTURES_DIR / fixture)
        PlanDocumentLoader(doc, slug=COPY, user=users[author], when=when, reason=reason).load()
    copy = Plan.objects.get(slug=COPY)
    fixture, when, author, reason = SCORECARD
    doc = read_document(settings.FIXTURES_DIR / fixture)
    load_scorecard(doc, copy, user=users[author], when=when, reason=reason)
    add_history(copy, users["admin"], times=10)
    return Plan.objects.get(slug="childrens-services"), copy, users["admin"]


def page(client, plan, query):
    url = reverse("dashboard:dashboard", args=[plan.slug])

    def run():
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    demo, copy, admin = build()
    client = Client()
    client.force_login(admin)
    rows = {p.slug: Action.history.filter(plan_id=p.pk).count() for p in (demo, copy)}
    print(
        f"Action history rows: demo {rows[demo.slug]:,}, copy {rows[copy.slug]:,} "
        f"({rows[copy.slug] / rows[demo.slug]:.1f}×); 143 actions each"
    )
    day = dt.date.fromisoformat(AS_AT)
    cases = {}
    for label, query in (("today", {}), (f"as at {AS_AT}", {"as_at": AS_AT})):
        cases[(f"dashboard page, {label}", "1×")] = page(client, demo, query)
        cases[(f"dashboard page, {label}", "10×")] = page(client, copy, query)
    cases[(f"percentage line only, as at {AS_AT}", "1×")] = lambda: completion_series(demo, day)
    cases[(f"percentage line only, as at {AS_AT}", "10×")] = lambda: completion_series(copy, day)
    result = scratch.measure(cases, args.repeat)
    print(f"median of {args.repeat} interleaved rounds (ms; queries)")
    for what in dict.fromkeys(name for name, _ in cases):
        one, one_q = result[(what, "1×")]
        ten, ten_q = result[(what, "10×")]
        print(
            f"{what:42} 1× {1000 * one:7.1f} ({one_q:2})  10× {1000 * ten:7.1f} ({ten_q:2})"
            f"  ratio {ten / one:5.2f}"
        )
    print("target: dashboard page 10× ÷ 1× ≤ 1.5, the same number of queries")


if __name__ == "__main__":
    main()
