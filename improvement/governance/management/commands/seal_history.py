"""Seal history rows that have no link yet, oldest first.

    python manage.py seal_history

Run once after upgrading to a version with the history chain (rows written before it
have no link). Rows that verify_history reports as having no link on a running
installation (a crash between a save and its sealing) should be looked at first:
sealing vouches for their content as it is now.
"""

from django.core.management.base import BaseCommand

from improvement.lib.seal import chain_head, seal_unsealed


class Command(BaseCommand):
    help = "Seal every history row that has no link in the history chain."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        count = seal_unsealed(using=database)
        seq, digest = chain_head(using=database)
        self.stdout.write(f"Sealed {count} history rows; head #{seq} {digest[:12]}.")
