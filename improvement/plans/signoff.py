"""Ratings that need sign-off: submitting, accepting and returning them, and which
actions wait for sign-off on a day.

With ``Plan.ratings_need_signoff`` an officer's new rating does not change the action:
it becomes a ``RatingSubmission`` (one open per action; a second before the decision
replaces the first's rating and reasons). A plan manager accepts it — the action's
rating and rating reason are saved with a history reason naming the officer and the
manager — or returns it with a comment, and the action keeps its accepted rating. Pages
and appendices print the accepted rating and mark the action "pending sign-off".
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from improvement.accounts.models import Membership
from improvement.governance.records import person
from improvement.lib.dates import long_date
from improvement.lib.history import save_tracked

from .models import Action, RatingSubmission

Status = RatingSubmission.Status


class SignoffError(Exception):
    """A submission cannot be decided; the message says why, for the manager."""


def needs_signoff(plan, role):
    """Whether a rating change by someone with ``role`` in ``plan`` waits for sign-off:
    an officer's does when the plan asks for it; a manager's or admin's never."""
    return plan.ratings_need_signoff and role == Membership.Role.OFFICER


def submit(action, *, rating, reason, comment, user, when=None):
    """Submit ``rating`` (with its rating ``reason``) for ``action``, which the caller has
    locked. Replaces the open submission's values if there is one. Returns it."""
    when = when or timezone.now()
    found = RatingSubmission.objects.filter(action=action, status=Status.SUBMITTED).first()
    values = {"rating": rating, "reason": reason, "comment": comment, "submitted_by": user}
    if found is None:
        found = RatingSubmission(
            plan_id=action.plan_id,
            action=action,
            old_rating_id=action.rating_id,
            submitted_at=when,
            **values,
        )
        why = f"Submitted for sign-off: {rating.name}. {comment}"
    else:
        for name, value in values.items():
            setattr(found, name, value)
        why = f"Submitted again before sign-off: {rating.name}. {comment}"
    return save_tracked(found, user=user, reason=why, when=when)


def accepted_reason(submission):
    """The action's history reason on acceptance: the officer's reason, then who
    submitted and who accepted."""
    return (
        f"{submission.comment}\n\nSubmitted by {person(submission.submitted_by)} on "
        f"{long_date(timezone.localdate(submission.submitted_at))}; accepted by "
        f"{person(submission.decided_by)}."
    )


def _open(submission):
    submission = RatingSubmission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_open:
        raise SignoffError(f"This rating has already been {submission.get_status_display()}.")
    return submission


@transaction.atomic
def accept(submission, *, user, when=None):
    """Make the submitted rating the action's. Returns the action."""
    when = when or timezone.now()
    submission = _open(submission)
    action = Action.objects.select_for_update().get(pk=submission.action_id)
    if action.rating_id != submission.old_rating_id:
        raise SignoffError(
            f"{action.label}'s rating has changed since this was submitted. Return it and "
            "ask for a new rating."
        )
    submission.status = Status.ACCEPTED
    submission.decided_by, submission.decided_at = user, when
    action.rating_id = submission.rating_id
    action.rating_reason = submission.reason
    save_tracked(action, user=user, reason=accepted_reason(submission), when=when)
    save_tracked(submission, user=user, reason=f"Accepted: {submission.rating.name}.", when=when)
    return action


@transaction.atomic
def return_to_officer(submission, *, user, comment, when=None):
    """Keep the action's rating; the submission is returned with ``comment``."""
    when = when or timezone.now()
    comment = (comment or "").strip()
    if not comment:
        raise SignoffError("Say why the rating is returned")
    submission = _open(submission)
    submission.status = Status.RETURNED
    submission.decided_by, submission.decided_at = user, when
    submission.return_comment = comment
    save_tracked(submission, user=user, reason=f"Returned: {comment}", when=when)
    return submission


def pending_action_ids(snapshot):
    """The ids of actions waiting for sign-off at the snapshot's day (now, or the end of
    a past day, from the submissions' dates). No query when the plan does not ask for
    sign-off; else one, kept on the snapshot so its pages and appendices share it."""
    found = getattr(snapshot, "_pending_signoff", None)
    if found is not None:
        return found
    found = set()
    if snapshot.plan.ratings_need_signoff:
        if snapshot.moment is None:
            submissions = RatingSubmission.objects.filter(status=Status.SUBMITTED)
        else:
            submissions = RatingSubmission.objects.filter(
                Q(decided_at__isnull=True) | Q(decided_at__gt=snapshot.moment),
                submitted_at__lte=snapshot.moment,
            )
        found = set(
            submissions.filter(plan_id=snapshot.plan.pk).values_list("action_id", flat=True)
        )
    snapshot._pending_signoff = found
    return found


def latest_for(action):
    """The action's latest submission with who submitted and decided, or None. One query."""
    return (
        RatingSubmission.objects.with_people()
        .filter(action=action)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def latest_submission(plan, action, as_at=None):
    """For the action's page today: its latest submission when the plan asks for
    sign-off (no query otherwise, nor for a past day)."""
    if as_at is not None or not plan.ratings_need_signoff:
        return None
    return latest_for(action)
