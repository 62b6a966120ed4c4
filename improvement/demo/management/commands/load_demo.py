"""Load the demo plan: the real plan as at 8 May 2025, then as at 12 November 2025,
and the vital-signs scorecard, each as dated changes in the history."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from improvement.demo.agreed_changes import agree_changes, check_applied
from improvement.demo.cycle import set_cycle_settings
from improvement.demo.finance import load_finance
from improvement.demo.findings import load_demo_findings
from improvement.demo.people import ensure_demo_memberships, ensure_demo_users
from improvement.demo.plan import PlanDocumentLoader, read_document
from improvement.demo.scorecard import load_scorecard
from improvement.plans.models import OwnerRole, Plan

DEMO_SLUG = "childrens-services"
LONDON = ZoneInfo("Europe/London")

STATES = [
    # fixture, history date, author, reason
    (
        "plan_2025-05-08.json",
        dt.datetime(2025, 5, 8, 9, 0, tzinfo=LONDON),
        "admin",
        "Improvement plan as at 8 May 2025 (the plan document, ratings accurate as at 8 May 2025).",
    ),
    (
        "plan_2025-11-12.json",
        dt.datetime(2025, 11, 12, 9, 0, tzinfo=LONDON),
        "manager",
        "Ratings, due dates, owners and commentary as at 12 November 2025 (Improvement "
        "Plan Progress Report, Children and Families Committee 19 January 2026, "
        "Appendices 1 and 2).",
    ),
]
# Appendix 3's changes agreed through governance: approved proposals recorded after the
# 8 May 2025 plan; the 12 November 2025 plan writes them with the approval in the reason
# (improvement/demo/agreed_changes.py).
AGREED_CHANGES = ("changes_2025-11-12.json", "plan_2025-11-12.json")
SCORECARD = (
    "scorecard_2025-09.json",
    dt.datetime(2025, 11, 12, 9, 30, tzinfo=LONDON),
    "manager",
    "Vital signs scorecard October 2024 to September 2025 (Improvement Plan Progress "
    "Report, Children and Families Committee 19 January 2026, Appendix 4).",
)
# The demo officer holds this role, so owns the actions the plan gives to it.
OFFICER_ROLE = "Principal Social Worker"


class Command(BaseCommand):
    help = "Load the demo improvement plan, its history and its scorecard."

    def handle(self, *args, **options):
        # Read at run time (not import time), so tests can turn demo mode off.
        if not settings.DEMO:
            raise CommandError(
                "load_demo creates users with a published password, so it runs only in "
                "demo mode (IMPROVEMENT_DEMO=1). On a real installation, bring in a plan "
                "with the plan import and its people with import_people."
            )
        users = ensure_demo_users()
        if Plan.objects.filter(slug=DEMO_SLUG).exists():
            # Loading again would rewrite history; to start afresh, use a new database.
            self.stdout.write(f"The demo plan '{DEMO_SLUG}' is already loaded; nothing to do.")
            return
        with transaction.atomic():
            writes = 0
            plan = None
            for fixture, when, author, reason in STATES:
                agreed = {}
                if fixture == AGREED_CHANGES[1]:
                    written, agreed = agree_changes(
                        plan,
                        read_document(settings.FIXTURES_DIR / AGREED_CHANGES[0]),
                        manager=users["manager"],
                    )
                    writes += written
                doc = read_document(settings.FIXTURES_DIR / fixture)
                loader = PlanDocumentLoader(
                    doc,
                    slug=DEMO_SLUG,
                    user=users[author],
                    when=when,
                    reason=reason,
                    action_reasons=agreed,
                )
                plan = loader.load()
                writes += loader.writes
            check_applied(plan)
            fixture, when, author, reason = SCORECARD
            doc = read_document(settings.FIXTURES_DIR / fixture)
            writes += load_scorecard(doc, plan, user=users[author], when=when, reason=reason)
            writes += set_cycle_settings(plan, user=users["manager"])
            writes += load_demo_findings(plan, user=users["manager"])
            writes += load_finance(plan, user=users["manager"])
            first_when, first_author, first_reason = STATES[0][1], STATES[0][2], STATES[0][3]
            ensure_demo_memberships(
                plan, users, by=users[first_author], when=first_when, reason=first_reason
            )
            role = OwnerRole.objects.get(plan=plan, title=OFFICER_ROLE)
            role._history_user = users["admin"]
            role._change_reason = (
                "Demo: the officer account holds the Principal Social Worker role."
            )
            role.users.add(users["officer"])
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo plan '{DEMO_SLUG}' ({writes} rows written).")
        )
