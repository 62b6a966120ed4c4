"""The demo's governance record: Appendix 3's changes as proposals approved at a meeting.

Appendix 3 of the Improvement Plan Progress Report (Children and Families Committee,
19 January 2026; fixtures/changes_2025-11-12.json) lists the changes "agreed through
improvement plan governance arrangements" since the last report. ``load_demo`` records
each one as the product records such a change: a proposal carrying the appendix's reason,
approved by the plan manager at the Partnership Oversight Group (the group the
13 January 2025 report, seed 002, names as the forum that decides revised timescales).

Judgement calls (docs/history-demo.md gives the reasoning):

- The papers give no date for the meeting. The demo dates it 12 November 2025, the day
  the committee's appendices give the plan "as at": the latest day the changes are known
  to have been agreed by, so no earlier meeting is invented. It is recorded once, as a
  ``Meeting`` every approval names; the papers publish no minutes of it, so it has no
  link to minutes.
- The papers do not say when each agreed change was typed into the plan; the plan of
  12 November 2025 is the first document that shows them. So each agreed change is
  written in its action's 12 November 2025 history row, whose reason starts with the
  proposal's reason and the approval, followed by the document's reason.
- P10's "original timescale" in Appendix 3 is October 2025; the plan of 8 May 2025 says
  June 2025. The demo records the October 2025 timescale first, saying where it comes
  from and that the papers do not record when or why it moved.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from improvement.governance import meetings, proposals
from improvement.governance.models import Proposal
from improvement.lib.history import save_tracked
from improvement.plans.due import format_due, parse_due
from improvement.plans.models import Action, RatingLevel

LONDON = ZoneInfo("Europe/London")
MEETING = "Partnership Oversight Group"
MEETING_DAY = dt.date(2025, 11, 12)
EARLIER_AT = dt.datetime(2025, 11, 12, 7, 30, tzinfo=LONDON)
RECORDED_AT = dt.datetime(2025, 11, 12, 7, 45, tzinfo=LONDON)
PROPOSED_AT = dt.datetime(2025, 11, 12, 8, 0, tzinfo=LONDON)
DECIDED_AT = dt.datetime(2025, 11, 12, 8, 30, tzinfo=LONDON)
SOURCE = (
    "Appendix 3 of the Improvement Plan Progress Report, Children and Families Committee "
    "19 January 2026"
)
EARLIER_TIMESCALE_REASON = (
    "Timescale {original}, as {source} gives it before the Partnership Oversight Group "
    "revised it. The committee papers do not record when or why it moved from {may}."
)
MEETING_REASON = (
    "The Partnership Oversight Group decides revised timescales (Improvement Plan Progress "
    "Report, Children and Families Committee 13 January 2025). The papers give no date for "
    f"the meeting that agreed the changes in {SOURCE}, and publish no minutes of it: dated "
    "12 November 2025, the day that report gives the plan as at."
)
# Appendix 3's headings → the rating the change sets, as the plan's scale names it.
STATUS_WORDS = {"delayed": "Delayed", "under_review": "Reviewing"}


def agree_changes(plan, doc, *, manager):
    """Propose and approve each change of ``doc`` (not yet applied to the actions).

    Returns ``(rows written, {ref: approval reason})``; the caller writes the changes with
    those reasons (``load_demo`` does it with the 12 November 2025 plan) and then calls
    ``check_applied``.
    """
    levels = {r.name: r for r in RatingLevel.objects.filter(plan=plan)}
    actions = {a.ref: a for a in Action.objects.filter(plan=plan)}
    meeting = meetings.record(
        plan,
        user=manager,
        name=MEETING,
        date=MEETING_DAY,
        reason=MEETING_REASON,
        when=RECORDED_AT,
    )
    writes, reasons = 1, {}

    def agree(entry, **change):
        nonlocal writes
        action = actions[entry["ref"]]
        proposal = proposals.propose(
            action, user=manager, reason=entry["reason"], when=PROPOSED_AT, **change
        )
        proposals.approve(
            proposal,
            user=manager,
            meeting=meeting,
            note=f"Source: {SOURCE}.",
            when=DECIDED_AT,
            apply=False,
        )
        proposal.refresh_from_db()
        reasons[action.ref] = "\n\n".join(
            r for r in (reasons.get(action.ref), proposals.approval_reason(proposal)) if r
        )
        writes += 2  # the proposal, then its approval

    for entry in doc["revised_timescales"]:
        writes += _earlier_timescale(actions[entry["ref"]], entry["original"], manager)
        agree(entry, kind=Proposal.Kind.DUE, new_due=parse_due(entry["revised"]))
    for entry in doc["delayed"]:
        agree(entry, kind=Proposal.Kind.STATUS, new_rating=levels[STATUS_WORDS["delayed"]])
    for entry in doc["revised_wording"]:
        if actions[entry["ref"]].text != entry["old"]:
            raise ValueError(f"{entry['ref']}: the plan's wording is not Appendix 3's old wording")
        agree(entry, kind=Proposal.Kind.WORDING, new_text=entry["new"])
    for entry in doc["under_review"]:
        agree(entry, kind=Proposal.Kind.STATUS, new_rating=levels[STATUS_WORDS["under_review"]])
    return writes, reasons


def check_applied(plan):
    """Every approved proposal's change is in its action (the plan document wrote it)."""
    approved = Proposal.objects.filter(plan=plan, status=Proposal.Status.APPROVED)
    missing = [
        p.action.ref
        for p in approved.select_related("action")
        if not proposals.is_applied(p, p.action)
    ]
    if missing:
        raise ValueError(f"Approved changes not in the plan document: {', '.join(missing)}")


def _earlier_timescale(action, original, manager):
    due = parse_due(original)
    if (action.due_date, action.due_text) == due:
        return 0
    may = format_due(action.due_date, action.due_text)
    action.due_date, action.due_text = due
    reason = EARLIER_TIMESCALE_REASON.format(original=original, source=SOURCE, may=may)
    action._source = Action.Source.DOCUMENT  # the committee papers' record
    save_tracked(action, user=manager, reason=reason, when=EARLIER_AT)
    return 1
