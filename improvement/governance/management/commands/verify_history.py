"""Check the history chain: every link's hash recomputed from the history row as stored.

    python manage.py verify_history

Exits 0 when the chain is intact and every history row has a link; otherwise prints the
first broken link (model, history id, date) and any rows with no link, and exits 1.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.lib.seal import chain_head, unsealed, verify

SHOWN = 10


class Command(BaseCommand):
    help = "Check the tamper-evident history chain; exit 1 at the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        checked, broken = verify(using=database)
        loose = unsealed(using=database)
        problems = []
        if broken:
            when = timezone.localtime(broken.when).strftime("%d %B %Y %H:%M") if broken.when else ""
            problems.append(
                f"Broken at link #{broken.seq}: {broken.model} history row {broken.history_id}"
                + (f" ({when})" if when else "")
                + f": {broken.problem}. The {checked} links before it are intact."
            )
        for label, rows in loose.items():
            shown = ", ".join(str(hid) for hid, _ in rows[:SHOWN])
            more = f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
            problems.append(f"{len(rows)} {label} history rows have no link: {shown}{more}.")
        if problems:
            raise CommandError("\n".join(problems))
        seq, digest = chain_head(using=database)
        self.stdout.write(
            self.style.SUCCESS(f"History chain intact: {checked} links, head #{seq} {digest[:12]}.")
        )
