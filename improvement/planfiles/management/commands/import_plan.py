"""Import a plan from a council's tracker (.xlsx or .csv) or the product's own workbook.

Prints a preview (levels, actions per rating, problems with their row and column) and,
unless ``--dry-run``, saves it all or nothing; with any problem nothing is saved.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import transaction

from improvement.lib.dates import DayError, end_of_day, parse_day
from improvement.planfiles.apply import apply_plan
from improvement.planfiles.checks import MAX_BYTES, ImportRefused
from improvement.planfiles.reading import read_plan_file

COMMAND_AUTHOR = "manage.py import_plan"


def where(problem):
    """ "Row 7, column Due date" (``Problem.__str__`` lower-cases the heading)."""
    parts = [f"sheet {problem.sheet}"] if problem.sheet else []
    parts += [f"row {problem.row}"] if problem.row else []
    parts += [f"column {problem.column}"] if problem.column else []
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def preview(read):
    """The lines of the preview: what the file holds and what is wrong with it."""
    lines = []
    plan = read.plan
    if read.shape == "tracker" and read.headers:
        found = f" on sheet {read.sheet}" if read.sheet else ""
        lines.append(f"Header row {read.header_row}{found}:")
        for key, index in sorted(read.mapping.items(), key=lambda item: item[1]):
            heading = read.headers[index] if index < len(read.headers) else ""
            lines.append(f"  {heading or f'column {index + 1}'} → {key}")
    elif read.shape == "workbook":
        lines.append("The product's own plan workbook: its scale and structure come with it.")
    if plan is not None:
        tops = [a for a in plan.areas if not a.parent]
        lines.append(f"Plan: {plan.name} ({plan.organisation or 'no organisation given'})")
        lines.append(
            f"Levels: {len(plan.chapters)} chapters, {len(tops)} areas, "
            f"{len(plan.areas) - len(tops)} sub-areas"
        )
        lines.append(f"Actions: {len(plan.actions)}")
        for level in plan.scale:
            count = sum(1 for a in plan.actions if a.rating == level.name)
            lines.append(f"  {level.name} ({level.colour}): {count}")
    elif read.rating_words:
        lines.append(
            "Rating words: " + ", ".join(f"{w or '(blank)'} × {n}" for w, n in read.rating_words)
        )
    if read.problems:
        lines.append(f"Problems ({len(read.problems)}):")
        lines += [
            f"  {where(p)}: {p.message}" if where(p) else f"  {p.message}" for p in read.problems
        ]
    return lines


class Command(BaseCommand):
    help = (
        "Import a plan from a tracker (.xlsx or .csv, one row per action) or the product's "
        "own plan workbook. Prints a preview; nothing is saved if any row has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument("--slug", required=True, help="The plan's address (new or existing).")
        parser.add_argument("--title", required=True, help="The plan's name.")
        parser.add_argument("--organisation", default="", help="The council's name.")
        parser.add_argument("--dry-run", action="store_true", help="Preview; save nothing.")
        parser.add_argument("--as-at", dest="as_at", help="YYYY-MM-DD: the day the file shows.")
        parser.add_argument("--by", default="", help="Username recorded as the importer.")
        parser.add_argument("--scale", help="A preset scale (demo, bgar, gar) for the words.")

    def handle(self, *args, file, slug, title, organisation="", dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{path.name} is {path.stat().st_size / (1024 * 1024):.1f} MB; the largest "
                f"file accepted is {MAX_BYTES / (1024 * 1024):.1f} MB."
            )
        try:
            validate_slug(slug)
        except Exception:
            raise CommandError(f"--slug {slug!r}: use letters, numbers, hyphens only.") from None
        when = self._when(options.get("as_at"))
        user = self._user(options.get("by"))
        try:
            read = read_plan_file(
                path.name,
                path.read_bytes(),
                scale=self._scale(options.get("scale")),
                title=title,
                organisation=organisation,
            )
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        for line in preview(read):
            self.stdout.write(line)
        if read.problems or read.plan is None:
            raise CommandError(f"{path.name}: {len(read.problems)} problem(s); nothing was saved.")
        with transaction.atomic():
            result = apply_plan(
                read.plan,
                slug=slug,
                user=user,
                source_name=path.name,
                when=when,
                author="" if user else COMMAND_AUTHOR,
            )
            if dry_run:
                transaction.set_rollback(True)
        kept = ", ".join(f"{n} {kind}" for kind, n in result.left_alone_kinds.items())
        left = f"; left as they were (not in the file): {kept}" if kept else ""
        if dry_run:
            self.stdout.write(
                f"Dry run: {result.writes} write(s) would be made{left}. Nothing was saved."
            )
            return
        verb = "Created" if result.created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} plan {slug} from {path.name}: {result.writes} write(s){left}."
            )
        )

    def _when(self, as_at):
        if not as_at:
            return None
        try:
            return end_of_day(parse_day(as_at, label="--as-at"))
        except DayError as error:
            raise CommandError(f"{error}, not {as_at!r}.") from None

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--by {username!r}: no such user.")
        return user

    def _scale(self, key):
        if not key:
            return None
        try:
            from improvement.plans.scales import PRESETS
        except ImportError:
            raise CommandError("--scale: the preset scales are not installed yet.") from None
        if key not in PRESETS:
            raise CommandError(f"--scale {key!r}: choose one of {', '.join(PRESETS)}.")
        return list(PRESETS[key][1])
