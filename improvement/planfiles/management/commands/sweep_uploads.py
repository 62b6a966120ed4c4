"""Remove uploaded files left waiting for a confirmation that never came.

A plan file or a scorecard workbook waits on disk between its preview and its
confirmation (``improvement.lib.staging``); someone who walks away leaves it there. Run
daily (the production stack's systemd timer does): files older than a day go.
"""

from django.core.management.base import BaseCommand

from improvement.lib import staging


class Command(BaseCommand):
    help = "Remove uploaded files waiting for confirmation for more than a day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=staging.MAX_AGE / 3600,
            help="Remove files older than this many hours (default 24).",
        )

    def handle(self, *args, hours, **options):
        # Imported for their Staging, so every kind of upload is swept.
        import improvement.planfiles.views
        import improvement.scorecard.uploads  # noqa: F401

        total = 0
        for kind in staging.every():
            removed = kind.sweep(max_age=hours * 3600)
            total += removed
            if options["verbosity"] > 1:
                self.stdout.write(f"{kind.folder()}: {removed} removed")
        self.stdout.write(f"Removed {total} uploaded file{'s' if total != 1 else ''}.")
