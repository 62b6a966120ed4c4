"""Give a plan's people their accounts, roles and owner roles from a CSV file."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from improvement.accounts.people import apply_change, send_password_email
from improvement.accounts.people_csv import read_people
from improvement.plans.models import Plan

DEMO_SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Import people from a CSV file with the columns name, e-mail, role (officer, "
        "manager, clerk or board) and owner roles (titles as the plan writes them, "
        "separated by ';'). Nothing is saved if any row has a problem; a second run "
        "changes nothing. New accounts are e-mailed a link to set their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, as Excel's 'CSV UTF-8').")
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument("--by", default="", help="User name recorded in the history.")
        parser.add_argument(
            "--reason", default="", help="Reason recorded in the history (default: the file)."
        )
        parser.add_argument("--no-email", action="store_true", help="Send no password-set e-mails.")
        parser.add_argument(
            "--site-url",
            default="",
            help="The address people open, for the e-mailed links, e.g. "
            f"https://plans.example.gov.uk (default in demo mode: {DEMO_SITE}).",
        )

    def handle(self, *args, file, plan, dry_run, by, reason, no_email, site_url, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(
                f"{path.name} is not UTF-8 text. Save it from the spreadsheet as 'CSV UTF-8'."
            ) from None
        target = Plan.objects.filter(slug=plan).first()
        if target is None:
            raise CommandError(f"No plan with the slug {plan!r}.")
        if target.status == Plan.Status.CLOSED:
            raise CommandError(f"The plan {plan!r} is closed; its people no longer change.")
        author = self._author(by)
        site = None if (dry_run or no_email) else self._site(site_url)

        reading = read_people(text, target)
        if reading.problems:
            for problem in reading.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path.name}: {len(reading.problems)} problem(s); nothing was saved."
            )
        for number, change in reading.changes:
            self.stdout.write(f"Row {number}: {change.describe()}")
        changing = [c for _n, c in reading.changes if c.changes_anything]
        to_email = [c for c in changing if c.gets_password_email]
        summary = (
            f"{len(reading.changes)} people, {len(changing)} changed, "
            f"{sum(c.new_account for c in changing)} new accounts"
        )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was saved and no e-mail was sent.")
            return
        why = reason or f"People imported from {path.name}."
        with transaction.atomic():
            for change in changing:
                apply_change(change, target, by=author, reason=why)
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))
        if site is not None:
            self._send(to_email, target, author, site)

    def _send(self, changes, plan, author, site):
        sent = 0
        for change in changes:
            try:
                send_password_email(
                    change.user, plan, role=change.role, added_by=author, site_url=site
                )
                sent += 1
            except Exception as error:  # any backend's failure: the rest still go
                self.stderr.write(
                    f"The e-mail to {change.user.email} could not be sent ({error}). They "
                    "can use 'Forgotten your password?' on the sign-in page."
                )
        self.stdout.write(f"Sent {sent} password-set e-mail(s).")

    def _author(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the user name {username!r} (--by).")
        return user

    def _site(self, site_url):
        site_url = site_url or (DEMO_SITE if settings.DEMO else "")
        if not site_url:
            raise CommandError(
                "Give --site-url (the address people open, for the links in the e-mails), "
                "or --no-email."
            )
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(
                f"--site-url must look like https://plans.example.gov.uk, got {site_url!r}"
            )
        return site_url
