"""Build synthetic plans with a long change history, for the history benchmark.

    python manage.py generate_history                       # about 1,000,000 history rows
    python manage.py generate_history --plans 2 --actions 5 --rounds 3   # a tiny one

Each plan gets the demo's rating scale, three chapters of areas, owner roles, actions
with owners, and then ``--rounds`` rounds of monthly-style updates: every action's
rating, due date or progress commentary changes, some owners change and each area gets
an impact commentary. Every row goes through simple-history's history-aware bulk helpers
(``bulk_create_with_history`` / ``bulk_update_with_history``), so each history row
carries an author, a date and a reason like any other write. Nothing here is demo data:
the plans' slugs start with ``--prefix`` and the command refuses to add to existing ones.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from improvement.accounts.models import Membership
from improvement.demo.plan import RATING_SCALE
from improvement.plans.models import (
    Action,
    ActionOwner,
    Area,
    Chapter,
    ImpactCommentary,
    OwnerRole,
    Plan,
    RatingLevel,
)

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2022, 1, 3, 9, 0, tzinfo=LONDON)
WORDS = [
    "audit",
    "visits",
    "plans",
    "supervision",
    "permanence",
    "leaders",
    "training",
    "practice",
    "guidance",
    "review",
    "children",
    "families",
    "partners",
    "court",
    "care",
    "leavers",
    "placements",
    "assessment",
    "quality",
    "oversight",
    "workforce",
    "recruitment",
    "panel",
    "strategy",
    "feedback",
    "carers",
    "health",
    "education",
    "advocacy",
]
BATCH = 2000


def sentence(rng, words=18):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


class Command(BaseCommand):
    help = "Generate synthetic plans with a long history (about 1,000,000 rows by default)."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=20)
        parser.add_argument("--actions", type=int, default=240, help="Actions per plan.")
        parser.add_argument("--areas", type=int, default=12, help="Areas per plan.")
        parser.add_argument(
            "--rounds", type=int, default=200, help="Rounds of updates to every action."
        )
        parser.add_argument(
            "--days-between-rounds",
            type=float,
            default=7,
            help="Days from one round to the next (the benchmark packs 10× the rounds "
            "into the same years with 0.7).",
        )
        parser.add_argument("--prefix", default="synthetic")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, plans, actions, areas, rounds, prefix, seed, **options):
        step = dt.timedelta(days=options["days_between_rounds"])
        if Plan.objects.filter(slug__startswith=f"{prefix}-").exists():
            raise CommandError(f"Plans named '{prefix}-…' exist already; use another --prefix.")
        rng = random.Random(seed)
        total = 0
        for number in range(1, plans + 1):
            with transaction.atomic():
                total += Generator(
                    rng,
                    f"{prefix}-{number:02d}",
                    actions=actions,
                    areas=areas,
                    rounds=rounds,
                    step=step,
                ).run()
            self.stdout.write(f"{prefix}-{number:02d}: {total} history rows so far")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum would do soon after: statistics for the planner, and the
            # visibility map that lets counts use index-only scans. (VACUUM cannot run
            # inside a transaction, as in a test.)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(self.style.SUCCESS(f"Wrote {total} history rows for {plans} plans."))


class Generator:
    def __init__(self, rng, slug, *, actions, areas, rounds, step=dt.timedelta(days=7)):
        self.rng = rng
        self.step = step
        self.slug = slug
        self.n_actions = actions
        self.n_areas = areas
        self.rounds = rounds
        self.rows = 0

    def create(self, model, objs, *, user, when, reason):
        created = bulk_create_with_history(
            objs,
            model,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
        self.rows += len(created)
        return created

    def update(self, model, objs, fields):
        """Objects carry their own _history_user, _history_date and _change_reason."""
        bulk_update_with_history(objs, model, fields, batch_size=BATCH)
        self.rows += len(objs)

    def users(self):
        User = get_user_model()
        people = []
        for role, count in (("manager", 1), ("officer", 4)):
            for i in range(1, count + 1):
                name = f"{self.slug}-{role}-{i}"
                user = User.objects.filter(username=name).first() or User(
                    username=name, first_name=role.title(), last_name=f"{self.slug[-2:]}-{i}"
                )
                if user.pk is None:
                    user.set_unusable_password()
                    user.save()
                people.append((user, role))
        return people

    def run(self):
        rng = self.rng
        reason = f"Synthetic plan for the history benchmark ({self.slug})."
        people = self.users()
        manager = people[0][0]
        officers = [u for u, role in people if role == "officer"]
        plan = self.create(
            Plan,
            [Plan(name=f"Synthetic plan {self.slug}", organisation="Benchmark", slug=self.slug)],
            user=manager,
            when=START,
            reason=reason,
        )[0]
        self.create(
            Membership,
            [Membership(user=u, plan=plan, role=role) for u, role in people],
            user=manager,
            when=START,
            reason=reason,
        )
        levels = self.create(
            RatingLevel,
            [
                RatingLevel(
                    plan=plan,
                    order=i,
                    name=name,
                    short_name=short,
                    colour=colour,
                    hex_colour=fill,
                    **meaning,
                )
                for i, (name, short, colour, fill, meaning) in enumerate(RATING_SCALE, 1)
            ],
            user=manager,
            when=START,
            reason=reason,
        )
        chapters = self.create(
            Chapter,
            [Chapter(plan=plan, number=n, title=f"Chapter {n}") for n in (1, 2, 3)],
            user=manager,
            when=START,
            reason=reason,
        )
        area_list = self.create(
            Area,
            [
                Area(
                    chapter=chapters[i % 3],
                    number=str(i + 1),
                    key=f"{i % 3 + 1}-{i + 1}",
                    title=f"Area {i + 1}: {sentence(rng, 4)}",
                    order=i,
                )
                for i in range(self.n_areas)
            ],
            user=manager,
            when=START,
            reason=reason,
        )
        roles = self.create(
            OwnerRole,
            [OwnerRole(plan=plan, title=f"Role {i + 1} ({self.slug})") for i in range(20)],
            user=manager,
            when=START,
            reason=reason,
        )
        action_list = self.create(
            Action,
            [
                Action(
                    plan=plan,
                    area=area_list[i % self.n_areas],
                    ref=f"A{i + 1}",
                    short_title=sentence(rng, 4),
                    text=sentence(rng, 30),
                    due_date=dt.date(2022 + rng.randrange(4), rng.randrange(1, 13), 28),
                    rating=levels[2],
                    rating_changed_at=START,
                    order=i,
                )
                for i in range(self.n_actions)
            ],
            user=manager,
            when=START,
            reason=reason,
        )
        owners = self.create(
            ActionOwner,
            [
                ActionOwner(action=a, role=roles[(i + k) % len(roles)], row=1, order=k)
                for i, a in enumerate(action_list)
                for k in range(1 + i % 2)
            ],
            user=manager,
            when=START,
            reason=reason,
        )

        for r in range(1, self.rounds + 1):
            base = START + self.step * r
            # Each action changes one thing a round; one bulk update per field keeps the
            # UPDATE small (Django builds a CASE per row and field).
            changed = {"rating": [], "due_date": [], "progress": []}
            also = {"rating": ["rating_changed_at"], "due_date": ["due_moves"], "progress": []}
            for i, action in enumerate(action_list):
                choice = rng.random()
                when = base + dt.timedelta(seconds=i)
                if choice < 0.4:
                    action.rating = rng.choice(levels)
                    # Bulk writes skip Action.save, so keep its flag facts here.
                    action.rating_changed_at = when
                    field, why = "rating", "Rating brought up to date at the monthly review."
                elif choice < 0.55:
                    action.due_date = action.due_date + dt.timedelta(days=rng.choice((31, 61, 92)))
                    action.due_moves += 1
                    field, why = "due_date", "Timescale revised with the workstream."
                else:
                    action.progress = sentence(rng, rng.randrange(20, 60))
                    field, why = "progress", "Progress commentary for the month."
                action._history_user = officers[i % len(officers)]
                action._history_date = when
                action._change_reason = f"{why} (round {r})"
                changed[field].append(action)
            for field, group in changed.items():
                if group:
                    self.update(Action, group, [field, *also[field]])

            if r % 8 == 0:
                # Some owners change; one role per action row, as the constraint requires.
                taken = {(o.action_id, o.row, o.role_id) for o in owners}
                moved = []
                for owner in rng.sample(owners, max(1, len(owners) // 20)):
                    role = rng.choice(roles)
                    if (owner.action_id, owner.row, role.pk) in taken:
                        continue
                    # A role freed in this round stays taken until the next one: one
                    # UPDATE checks the constraint row by row, so no swaps.
                    taken.add((owner.action_id, owner.row, role.pk))
                    owner.role = role
                    owner._history_user = manager
                    owner._history_date = base + dt.timedelta(hours=2)
                    owner._change_reason = f"Owner changed after a restructure (round {r})."
                    moved.append(owner)
                if moved:
                    self.update(ActionOwner, moved, ["role"])
            if r % 4 == 0:
                self.create(
                    ImpactCommentary,
                    [
                        ImpactCommentary(
                            area=area,
                            reporting_date=(base + dt.timedelta(days=1)).date(),
                            text=sentence(rng, 80),
                        )
                        for area in area_list
                    ],
                    user=manager,
                    when=base + dt.timedelta(hours=3),
                    reason=f"Impact commentary for the month (round {r}).",
                )
        return self.rows
