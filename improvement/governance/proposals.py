"""Proposing, approving and rejecting changes to an action: the only code that does it.

Pages, the admin and the demo loader all call these functions, so every approval writes
the action's history the same way: the approving manager as author, and as reason the
proposal's reason followed by the approval naming the meeting.

A decision is made at a recorded ``Meeting`` of the proposal's plan (chosen from a list,
never typed): the proposal keeps the link and, as printed, the meeting's name and date.
"""

from django.db import transaction
from django.utils import timezone

from improvement.lib.history import save_tracked
from improvement.plans.due import format_due
from improvement.plans.models import Action

from .models import Meeting, Proposal
from .records import person

Kind = Proposal.Kind
Status = Proposal.Status


class ProposalError(Exception):
    """A proposal cannot be made or decided; the message says why, for the user."""


def propose(action, *, user, kind, reason, new_due=None, new_text="", new_rating=None, when=None):
    """Record a proposed change to ``action`` and return it (not yet applied).

    ``new_due`` is a ``(due_date, due_text)`` pair as ``improvement.plans.due.parse_due``
    returns it. A STATUS proposal may carry the due date the action is delayed against.
    """
    when = when or timezone.now()
    proposal = Proposal(
        plan_id=action.plan_id,
        action=action,
        kind=kind,
        reason=reason.strip(),
        old_due_date=action.due_date,
        old_due_text=action.due_text,
        old_text=action.text,
        old_rating_id=action.rating_id,
        proposed_by=user,
        proposed_at=when,
    )
    if kind == Kind.DUE:
        if new_due is None:
            raise ProposalError("Give the new due date.")
        proposal.new_due_date, proposal.new_due_text = new_due
        if (proposal.new_due_date, proposal.new_due_text) == (action.due_date, action.due_text):
            raise ProposalError("The new due date is the same as the current one.")
    elif kind == Kind.WORDING:
        proposal.new_text = new_text.strip()
        if not proposal.new_text:
            raise ProposalError("Give the new wording.")
        if proposal.new_text == action.text:
            raise ProposalError("The new wording is the same as the current wording.")
    elif kind == Kind.STATUS:
        if new_rating is None:
            raise ProposalError("Choose delayed or under review.")
        proposal.new_rating = new_rating
        if new_due is not None:
            proposal.new_due_date, proposal.new_due_text = new_due
    else:
        raise ProposalError(f"Unknown kind of proposal: {kind!r}.")
    if Proposal.objects.filter(action=action, kind=kind, status=Status.PENDING).exists():
        raise ProposalError(
            f"There is already a proposal for {proposal.get_kind_display().lower()} "
            f"of {action.ref} waiting for a decision."
        )
    save_tracked(
        proposal,
        user=user,
        reason=f"Proposed: {proposal.get_kind_display().lower()}. {proposal.reason}",
        when=when,
    )
    return proposal


def approval_reason(proposal):
    """The action's history reason: the proposal's reason, then the approval."""
    lines = [
        proposal.reason,
        "",
        f"Approved: {proposal.meeting_label}. Proposed by {person(proposal.proposed_by)}; "
        f"approval recorded by {person(proposal.decided_by)}.",
    ]
    if proposal.decision_note:
        lines.append(proposal.decision_note)
    return "\n".join(lines)


def _stale(proposal, action):
    """What changed on the action since the proposal was made, or ""."""
    due = (action.due_date, action.due_text)
    if proposal.kind == Kind.DUE and due != (proposal.old_due_date, proposal.old_due_text):
        return f"its due date is now {format_due(*due)}"
    if proposal.kind == Kind.WORDING and action.text != proposal.old_text:
        return "its wording has changed"
    if proposal.kind == Kind.STATUS and action.rating_id != proposal.old_rating_id:
        return f"its rating is now {action.rating.name}"
    return ""


def _decide(proposal, *, user, meeting, note, when):
    if not isinstance(meeting, Meeting):
        raise ProposalError("Choose the meeting that decided from the plan's meetings.")
    if meeting.plan_id != proposal.plan_id:
        raise ProposalError("That meeting is not one of this plan's meetings.")
    if meeting.date > timezone.localdate(when):
        raise ProposalError("The meeting date cannot be in the future.")
    proposal.decided_by = user
    proposal.decided_at = when
    proposal.meeting_record = meeting
    # Kept as printed, so a page or appendix names the meeting without reading the record.
    proposal.meeting = meeting.name
    proposal.meeting_date = meeting.date
    proposal.decision_note = note.strip()


def apply_to(proposal, action):
    """Set the proposed values on ``action`` (not saved)."""
    if proposal.kind in (Kind.DUE, Kind.STATUS) and (
        proposal.new_due_date or proposal.new_due_text
    ):
        action.due_date, action.due_text = proposal.new_due_date, proposal.new_due_text
    if proposal.kind == Kind.WORDING:
        action.text = proposal.new_text
    if proposal.kind == Kind.STATUS:
        action.rating = proposal.new_rating
    return action


def is_applied(proposal, action):
    """Whether ``action`` holds what the proposal proposed."""
    if proposal.kind == Kind.WORDING:
        return action.text == proposal.new_text
    if proposal.kind == Kind.STATUS and action.rating_id != proposal.new_rating_id:
        return False
    if proposal.kind == Kind.DUE or proposal.new_due_date or proposal.new_due_text:
        return (action.due_date, action.due_text) == (proposal.new_due_date, proposal.new_due_text)
    return True


@transaction.atomic
def approve(proposal, *, user, meeting, note="", when=None, apply=True):
    """Record the approval at ``meeting`` (a ``Meeting`` of the plan) and apply the
    proposal to its action. Returns the action.

    With ``apply=False`` only the decision is recorded: the caller writes the change
    itself in the same transaction, with ``approval_reason(proposal)`` in its reason
    (the demo loader does, so that an agreed change and the plan document that first
    shows it are one history row).
    """
    when = when or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ProposalError(f"This proposal has already been {proposal.status}.")
    action = Action.objects.select_for_update().get(pk=proposal.action_id)
    stale = _stale(proposal, action)
    if stale:
        raise ProposalError(
            f"{action.ref} has changed since this was proposed ({stale}). Reject this proposal "
            "and ask for a new one."
        )
    _decide(proposal, user=user, meeting=meeting, note=note, when=when)
    if apply:
        apply_to(proposal, action).clean()
        save_tracked(action, user=user, reason=approval_reason(proposal), when=when)
    proposal.status = Status.APPROVED
    save_tracked(proposal, user=user, reason=f"Approved: {proposal.meeting_label}.", when=when)
    return action


@transaction.atomic
def reject(proposal, *, user, meeting, reason, when=None):
    """Keep the proposal, rejected at ``meeting`` (a ``Meeting`` of the plan), with the
    reason; the action is unchanged."""
    when = when or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ProposalError(f"This proposal has already been {proposal.status}.")
    if not reason.strip():
        raise ProposalError("Say why the proposal is rejected.")
    _decide(proposal, user=user, meeting=meeting, note=reason, when=when)
    proposal.status = Status.REJECTED
    save_tracked(
        proposal,
        user=user,
        reason=f"Rejected: {proposal.meeting_label}. {proposal.decision_note}",
        when=when,
    )
    return proposal


def describe_change(proposal):
    """(label, current, proposed) for a page or a message."""
    if proposal.kind == Kind.DUE:
        return ("Due date", proposal.old_due, proposal.new_due)
    if proposal.kind == Kind.WORDING:
        return ("Wording", proposal.old_text, proposal.new_text)
    new = proposal.new_rating.name if proposal.new_rating else ""
    if proposal.new_due_date or proposal.new_due_text:
        new = f"{new}, due {proposal.new_due}"
    return ("Status", proposal.old_rating.name if proposal.old_rating else "", new)
