"""Replace the database with a backup made by manage.py backup.

    python manage.py restore backups/improvement-20260119-0900.sqlite3 --yes

Everything written since the backup is lost: stop the site (web server and worker)
first. Refuses without --yes, and refuses a file of the other database's kind.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from improvement.governance.backups import BackupError, check_kind, restore


class Command(BaseCommand):
    help = "Replace the database with a backup file (asks for --yes)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Really replace the database.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, yes, database, **options):
        connection = connections[database]
        name = connection.settings_dict["NAME"]
        try:
            check_kind(Path(file), connection.vendor)
            if not yes:
                raise CommandError(
                    f"This replaces everything in the database {name} with {file}; "
                    "stop the site first, then run again with --yes."
                )
            restore(connection, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file} into {name}. Run manage.py verify_history to check it.")
