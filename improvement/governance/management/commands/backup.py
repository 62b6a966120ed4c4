"""Back up the database to a new, timestamped file.

    python manage.py backup                 # into ./backups/
    python manage.py backup --to /var/backups/improvement

SQLite: a consistent copy through the online backup API, safe while the site runs.
PostgreSQL: pg_dump's custom format (restore with manage.py restore). Never overwrites.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from improvement.governance.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to a new timestamped file (SQLite or PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder for the file (./backups).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, to, database, **options):
        try:
            path = backup(connections[database], to)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
