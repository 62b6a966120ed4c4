"""Import the month's figures from an Excel workbook, as the import page does."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from improvement.plans.models import Plan
from improvement.scorecard.import_checks import MAX_BYTES, ImportRefused
from improvement.scorecard.importing import apply_import, plan_import


class Command(BaseCommand):
    help = (
        "Import scorecard figures from an .xlsx workbook laid out like the template. "
        "Prints what would change; nothing is saved if any cell has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook.")
        parser.add_argument("--plan", help="The plan's slug (needed when there are several).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument(
            "--user",
            default="",
            help="Username recorded in the history (default: the only superuser, if one).",
        )

    def handle(self, *args, file, plan=None, dry_run=False, user="", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{path.name} is {path.stat().st_size / (1024 * 1024):.1f} MB; the largest "
                f"workbook accepted is {MAX_BYTES // (1024 * 1024)} MB."
            )
        target = self._plan(plan)
        try:
            result = plan_import(target, path.name, path.read_bytes())
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for e in result.errors:
                self.stderr.write(f"{e.sheet}!{e.cell or '-'}  {e.value!r}  {e.why}")
            raise CommandError(f"{path.name}: {len(result.errors)} problem(s); nothing was saved.")
        for change in result.writes:
            old = change.old or "blank"
            self.stdout.write(
                f"{change.cell:>6}  {change.indicator.code:>4}  {change.month:%b-%y}  "
                f"{old} -> {change.new or 'blank'}"
            )
        summary = (
            f"{len(result.new)} new, {len(result.changed)} changed, "
            f"{len(result.unchanged)} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was saved.")
            return
        author = self._user(user)
        written = apply_import(result, user=author)
        done = f"Imported {path.name}: {summary} ({written} written)."
        self.stdout.write(self.style.SUCCESS(done))

    def _plan(self, slug):
        if slug:
            found = Plan.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"No plan with the slug {slug!r}.")
            return found
        plans = list(Plan.objects.all()[:2])
        if len(plans) != 1:
            raise CommandError("Name the plan with --plan SLUG (there is not exactly one).")
        return plans[0]

    def _user(self, username):
        users = get_user_model().objects
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"No user called {username!r}.")
            return found
        admins = list(users.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("Name the user recorded in the history with --user USERNAME.")
        return admins[0]
