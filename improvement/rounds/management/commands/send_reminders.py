"""E-mail the reminders of open update rounds that are due today (run daily)."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from improvement.lib.dates import today
from improvement.rounds.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminder e-mails of open update rounds: to owners of actions not yet "
        "updated, a set number of days before the deadline and on it, and a digest of "
        "what is outstanding to plan managers. Nothing is sent twice, however often it "
        "runs; people who turned reminders off get none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            default="",
            help="Act as if today were this day, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would be e-mailed; send nothing."
        )

    def handle(self, *args, today: str, dry_run: bool, **options):
        day = self._day(today)
        site_url = settings.SITE_URL
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(
                "Set SITE_URL (or CSRF_TRUSTED_ORIGINS) to the address people open, e.g. "
                "https://tracker.example.gov.uk: the e-mails link to it."
            )
        report = send_reminders(today=day, site_url=site_url, dry_run=dry_run)
        for line in report.sent:
            self.stdout.write(f"Sent: {line}" if not dry_run else f"Would send: {line}")
        for line in report.skipped:
            self.stdout.write(f"Not sent: {line}")
        for line in report.failed:
            self.stderr.write(f"Failed: {line}")
        verb = "would be sent" if dry_run else "sent"
        count = len(report.sent)
        self.stdout.write(f"{count} e-mail{'s' * (count != 1)} {verb} for {day.isoformat()}.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} e-mail(s) could not be sent; see above.")

    def _day(self, text):
        if not text:
            return today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--today must be a date written YYYY-MM-DD, got {text!r}") from None
