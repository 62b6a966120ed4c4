"""Reminder e-mails for open rounds (run daily by ``manage.py send_reminders``).

For each open round, at two points: ``remind_days_before`` days before the deadline (or
on the first run after that, should a day be missed) and on the deadline day (or the
first run after it):

- each owner with actions still Not updated gets one plain-text e-mail listing them, each
  with a link straight to its update form;
- each plan manager gets a digest of what is outstanding, by owner role and by area.

Nobody gets the same e-mail twice: a ``ReminderSent`` row is written before sending, and
its unique constraint (round, person, kind) turns away a second run, even one running at
the same moment. If sending fails the row is removed, so the next run tries again.
People who turned reminders off (``ReminderPreference``) get nothing.
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from improvement.accounts.models import Membership
from improvement.lib.dates import long_date
from improvement.plans.models import OwnerRole, Plan

from .chasing import chase
from .models import ReminderSent, UpdateRound, wants_reminders

log = logging.getLogger(__name__)
Kind = ReminderSent.Kind
BEFORE, DEADLINE = "before", "deadline"
KINDS = {
    BEFORE: (Kind.OWNER_BEFORE, Kind.DIGEST_BEFORE),
    DEADLINE: (Kind.OWNER_DEADLINE, Kind.DIGEST_DEADLINE),
}
# Who can follow the link to an action's update form: its owners who are the plan's
# officers or managers (and admins).
EDITORS = (Membership.Role.OFFICER, Membership.Role.MANAGER)


@dataclass
class Report:
    """What a run did (or, with ``dry_run``, would do): one line per e-mail."""

    sent: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def stage_on(round_, day):
    """BEFORE, DEADLINE or None: which reminders are due for ``round_`` on ``day``."""
    days_left = (round_.deadline - day).days
    if days_left <= 0:
        return DEADLINE
    if days_left <= round_.remind_days_before:
        return BEFORE
    return None


def send_reminders(*, today, site_url, dry_run=False):
    report = Report()
    rounds = (
        UpdateRound.objects.filter(status=UpdateRound.Status.OPEN)
        .exclude(plan__status=Plan.Status.CLOSED)
        .select_related("plan")
        .order_by("plan__name")
    )
    with mail.get_connection() as connection:
        for round_ in rounds:
            stage = stage_on(round_, today)
            if stage is not None:
                Run(round_, stage, today, site_url, dry_run, connection, report).send()
    return report


class Run:
    """The reminders of one round at one stage."""

    def __init__(self, round_, stage, today, site_url, dry_run, connection, report):
        self.round, self.plan, self.stage = round_, round_.plan, stage
        self.today, self.site_url, self.dry_run = today, site_url, dry_run
        self.connection, self.report = connection, report
        self.done = set(ReminderSent.objects.filter(round=round_).values_list("user_id", "kind"))

    def link(self, name, *args):
        return f"{self.site_url}{reverse(name, args=args)}"

    def context(self, user):
        return {
            "user": user,
            "plan": self.plan,
            "round": self.round,
            "deadline": long_date(self.round.deadline),
            "on_deadline": self.stage == DEADLINE,
            "days_left": (self.round.deadline - self.today).days,
            "my_actions_url": self.link("plans:my_actions"),
            "preference_url": self.link("rounds:reminders"),
        }

    def send(self):
        owner_kind, digest_kind = KINDS[self.stage]
        # The chasing page's reading of the round serves the owners' e-mails too.
        summary = chase(self.round)
        for user, actions in self.owners_with_outstanding(summary.not_updated):
            context = {**self.context(user), "actions": actions}
            self.send_once(user, owner_kind, len(actions), "owner", context)
        if not summary.not_updated:
            return
        managers = (
            Membership.objects.filter(
                plan=self.plan, role=Membership.Role.MANAGER, user__is_active=True
            )
            .select_related("user__reminder_preference")
            .order_by("user__username")
        )
        for membership in managers:
            context = {
                **self.context(membership.user),
                "chase": summary,
                "by_role": [t for t in summary.by_role if t.not_updated],
                "by_area": [t for t in summary.by_area if t.not_updated],
                "chasing_url": self.link("rounds:detail", self.plan.slug, self.round.pk),
            }
            count = len(summary.not_updated)
            self.send_once(membership.user, digest_kind, count, "digest", context)

    def owners_with_outstanding(self, not_updated):
        """[(user, [actions with ``update_url``])]: each active person who may update an
        outstanding action they own (``chase``'s Not updated entries, in plan order, with
        ``owner_role_ids``), with those actions in plan order."""
        if not not_updated:
            return []
        holders = defaultdict(list)  # role id -> users
        links = OwnerRole.users.through.objects.filter(
            ownerrole__plan=self.plan, user__is_active=True
        ).select_related("user__reminder_preference")
        for link in links:
            holders[link.ownerrole_id].append(link.user)
        editors = set(
            Membership.objects.filter(plan=self.plan, role__in=EDITORS).values_list(
                "user_id", flat=True
            )
        )
        people, theirs = {}, defaultdict(list)
        for action in (entry.action for entry in not_updated):
            action.update_url = self.link("plans:action_edit", self.plan.slug, action.ref)
            seen = set()
            for role_id in action.owner_role_ids:
                for user in holders[role_id]:
                    if user.pk in seen or not (user.is_superuser or user.pk in editors):
                        continue
                    seen.add(user.pk)
                    people[user.pk] = user
                    theirs[user.pk].append(action)
        ordered = sorted(people.values(), key=lambda u: u.username)
        return [(user, theirs[user.pk]) for user in ordered]

    def send_once(self, user, kind, count, template, context):
        label = f"{Kind(kind).label} to {user.username} ({count} action{'s' * (count != 1)})"
        line = f"{self.plan.name}, {self.round.name}: {label}"
        if (user.pk, kind) in self.done:
            return
        if not user.email:
            self.report.skipped.append(f"{line}: no e-mail address")
            return
        if not wants_reminders(user):
            self.report.skipped.append(f"{line}: reminders turned off")
            return
        if self.dry_run:
            self.report.sent.append(f"{line} (dry run: not sent)")
            return
        try:
            with transaction.atomic():
                record = ReminderSent.objects.create(
                    round=self.round, user=user, kind=kind, actions=count
                )
        except IntegrityError:  # another run has just sent it
            return
        message = mail.EmailMessage(
            subject=" ".join(
                render_to_string(f"rounds/email/{template}_subject.txt", context).split()
            ),
            body=render_to_string(f"rounds/email/{template}_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            connection=self.connection,
        )
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            record.delete()  # not sent: the next run tries again
            log.warning("Reminder not sent: %s: %s", line, error)
            self.report.failed.append(f"{line}: {error}")
            return
        self.report.sent.append(line)
