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
from improvement.planfiles.words import ratings_for_scale
from improvement.plans.scales import PRESETS

COMMAND_AUTHOR = "manage.py import_plan"


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
        lines += [f"  {problem}" for problem in read.problems]
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
        parser.add_argument(
            "--rating",
            action="append",
            default=[],
            metavar="WORD=LEVEL",
            help='With --scale: the level a rating word means, e.g. --rating "Grey=Not '
            "started\" (repeat for each word whose name is not a level's).",
        )

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
        scale = self._scale(options.get("scale"))
        chosen = self._chosen(options.get("rating"), scale)
        data = path.read_bytes()
        try:
            read = read_plan_file(
                path.name, data, scale=scale, title=title, organisation=organisation
            )
            if chosen and read.shape == "tracker":
                # The words that name a level map to it; --rating says what the others mean.
                words = [word for word, _count in read.rating_words]
                ratings = {**ratings_for_scale(words, scale), **chosen}
                read = read_plan_file(
                    path.name,
                    data,
                    mapping=read.mapping,
                    ratings={word: ratings[word] for word in words if word in ratings},
                    scale=scale,
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

    def _chosen(self, pairs, scale):
        """{word: level name} from the --rating WORD=LEVEL options."""
        if pairs and scale is None:
            raise CommandError("--rating needs --scale: the levels it names are the scale's.")
        levels = ratings_for_scale(
            [word for word in (p.partition("=")[2] for p in pairs)], scale or []
        )
        chosen = {}
        for pair in pairs:
            word, equals, level = (part.strip() for part in pair.partition("="))
            if not equals or level not in levels:
                names = ", ".join(level.name for level in scale)
                raise CommandError(f"--rating {pair!r}: write WORD=LEVEL, a level of: {names}.")
            chosen[word] = levels[level]
        return chosen

    def _scale(self, key):
        if not key:
            return None
        if key not in PRESETS:
            raise CommandError(f"--scale {key!r}: choose one of {', '.join(PRESETS)}.")
        return list(PRESETS[key][1])
