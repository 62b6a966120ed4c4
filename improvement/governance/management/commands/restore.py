"""Replace the database, and the evidence files, with a backup made by manage.py backup.

    python manage.py restore backups/improvement-20260119-0900.sqlite3 --yes

Everything written since the backup is lost: stop the site (web server and worker)
first. The evidence archive beside the file (``…-0900.evidence.tar``), if there is one,
replaces the evidence folder's contents; a backup without one leaves the folder as it
is. Refuses without --yes, a file of the other database's kind, and an archive with a
member that would land outside the evidence folder (before touching anything).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from improvement.governance.backups import BackupError, check_kind, restore
from improvement.governance.evidence_archive import archive_path, evidence_folder


class Command(BaseCommand):
    help = "Replace the database and evidence files with a backup (asks for --yes)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Really replace the database.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, yes, database, **options):
        connection = connections[database]
        name = connection.settings_dict["NAME"]
        archive = archive_path(file)
        try:
            check_kind(Path(file), connection.vendor)
            if not yes:
                also = (
                    f", and everything in the evidence folder {evidence_folder()} with {archive}"
                    if archive.exists()
                    else ""
                )
                raise CommandError(
                    f"This replaces everything in the database {name} with {file}{also}; "
                    "stop the site first, then run again with --yes."
                )
            count = restore(connection, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file} into {name}.")
        if count is None:
            self.stdout.write(
                f"No evidence archive beside it ({archive.name}): the evidence folder "
                "was left as it is."
            )
        else:
            files = "file" if count == 1 else "files"
            self.stdout.write(f"Restored {count:,} evidence {files} into {evidence_folder()}.")
        self.stdout.write("Run manage.py verify_history to check it.")
