"""Back up the database, and the evidence files beside it, to new, timestamped files.

    python manage.py backup                 # into ./backups/
    python manage.py backup --to /var/backups/improvement

SQLite: a consistent copy through the online backup API, safe while the site runs.
PostgreSQL: pg_dump's custom format (restore with manage.py restore). The evidence files
(EVIDENCE_DIR): a tar of the same name ending ``.evidence.tar``. Never overwrites.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from improvement.evidence.storage import evidence_storage
from improvement.governance.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the evidence files to new timestamped files."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder for the files (./backups).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, to, database, **options):
        try:
            done = backup(connections[database], to)
        except BackupError as error:
            raise CommandError(str(error)) from None
        path = done.database
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
        if done.evidence is None:
            kind = evidence_storage.__class__.__name__  # the backend, through the lazy object
            self.stdout.write(
                f"Evidence files are kept in a {kind} storage, not a folder here: "
                "back them up where they are kept."
            )
            return
        files = "file" if done.evidence_files == 1 else "files"
        self.stdout.write(
            f"Wrote {done.evidence} ({done.evidence_files:,} evidence {files} from "
            f"{done.evidence_folder}, {done.evidence.stat().st_size:,} bytes)."
        )
        if done.left_out:
            entries = "entry" if done.left_out == 1 else "entries"
            self.stderr.write(
                f"Left out {done.left_out:,} {entries} of {done.evidence_folder} that the "
                "product did not store (links, or other names): look at them."
            )
