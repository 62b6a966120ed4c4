"""Print how a plan stands: total actions, actions per rating, percentage complete."""

import json

from django.core.management.base import BaseCommand, CommandError

from improvement.lib.dates import DayError, long_date, parse_day
from improvement.plans.models import Plan
from improvement.plans.snapshot import PlanSnapshot


def iso_date(text):
    """The day of ``--as-at`` by the product's one rule (a real date, not in the future)."""
    try:
        return parse_day(text, label="--as-at")
    except DayError as error:
        raise CommandError(f"{error}, not {text!r}.", returncode=2) from None


def plan_summary(plan, day=None):
    """Totals for the plan as it stood at the end of ``day`` (today when None), with the
    rating words of that day; None when it had no actions then. Two queries."""
    snapshot = PlanSnapshot(plan, day)
    summary = snapshot.summary()
    if summary["total"] == 0:
        return None
    return {
        "plan": plan.slug,
        "as_at": snapshot.day.isoformat(),
        "total": summary["total"],
        "complete": summary["complete"],
        "percent_complete": summary["percent_complete"],
        "by_rating": {row["level"].name: row["count"] for row in summary["by_rating"]},
    }


class Command(BaseCommand):
    help = "Show a plan's actions per rating and percentage complete, now or at a date."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="The plan's slug (needed if there is more than one).")
        parser.add_argument("--as-at", dest="as_at", help="YYYY-MM-DD: the end of that day.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, plan=None, as_at=None, format="text", **options):
        day = iso_date(as_at) if as_at else None
        plan_obj = self._plan(plan)
        summary = plan_summary(plan_obj, day)
        if summary is None:
            when = f"at {long_date(day)}" if day else "yet"
            raise CommandError(f"There is no plan '{plan_obj.slug}' {when}: no actions.")
        if format == "json":
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(f"{plan_obj.name} ({plan_obj.organisation})")
        self.stdout.write(f"As at {long_date(parse_day(summary['as_at']))}")
        self.stdout.write(f"Actions: {summary['total']}")
        for name, count in summary["by_rating"].items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            f"Complete: {summary['complete']} of {summary['total']} "
            f"({summary['percent_complete']}%)"
        )

    def _plan(self, slug):
        plans = Plan.objects.all()
        if slug:
            plan = plans.filter(slug=slug).first()
            if plan is None:
                raise CommandError(f"There is no plan '{slug}'.")
            return plan
        found = list(plans[:2])
        if not found:
            raise CommandError("There is no plan yet. Load one with: manage.py load_demo")
        if len(found) > 1:
            raise CommandError("There is more than one plan: choose one with --plan SLUG.")
        return found[0]
