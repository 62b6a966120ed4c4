"""Appendix 3 of the committee report: the changes to the plan's actions in a period, from
the record, each either agreed through governance or plainly marked as not agreed.

``appendix3_changes(plan, since=…, as_at=…)`` gives what the committee PDFs' Appendix 3
prints (``reports/appendix3.py`` lays it out). The period runs from the end of ``since``
(the previous report) to the end of ``as_at``. Nothing in it is typed in; it is read from
the actions' history in the period and the proposals approved in it:

- "revised_timescales": every action whose due date moved in the period;
- "delayed" and "under_review": the actions whose rating at ``as_at`` means delayed (under
  review) — the level's ``is_delayed`` / ``is_under_review``, never its words — and moved
  there in the period;
- "revised_wording": the approved new-wording proposals.

A change is **agreed** when the history row that made it applied an approved proposal:
the first row at or after the decision that gives the action the proposal's value
(``proposals.approve`` writes that row, or its caller does in the same transaction).
What else that row changed is part of the agreed change: a "delayed or under review"
proposal may carry the date the action is delayed against. A change the plan document
brought in (a loader's save, ``saved_from`` "document") is the record the committee
already has, not a change to report. Any other change was made directly (the update
form, the admin) and was **not agreed through governance**. When the plan's changes need
agreement (``Plan.changes_need_agreement``, its setting now), the appendix lists only the
agreed changes: a change made directly is not one of the plan's changes, and a proposal
waiting or rejected never is; an agreed change still notes any direct move beside it, so
the printed "revised" date is never passed off as agreed when it was not.

Each entry is shaped like ``fixtures/changes_2025-11-12.json``'s, in the plan's order —
``ref``, ``action`` (its wording at ``as_at``), ``original`` and ``revised`` (due dates as
the plan prints them), ``old`` and ``new`` (wording), ``reason`` — and says how it was
made: ``agreed``, ``meeting`` (the approving meetings, "Partnership Oversight Group,
12 November 2025"), ``meetings`` (each approving meeting's ``label`` and ``minutes_url``,
the link to its minutes, "" when none is recorded) and ``direct``, the changes in it made
directly, oldest first, each
``{"by", "on", "original", "revised"}`` (``on`` a date; the values before and after:
due dates, or for "delayed" and "under_review" the ratings' names).

Original timescales: the due date at the start of the period, read from the history; for
an agreed change, the date the meeting agreed to move (revised timescales) or agreed the
action is delayed against (delayed), which a direct move earlier in the period may have
set — that move is then listed in ``direct``.
"""

from collections import defaultdict
from itertools import pairwise

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from improvement.lib.dates import end_of_day
from improvement.plans.due import format_due
from improvement.plans.models import Action, RatingLevel

from .models import Proposal
from .records import person

KEYS = ("revised_timescales", "delayed", "revised_wording", "under_review")
Kind = Proposal.Kind
DUE = ("due_date", "due_text")
# The fields each kind of proposal sets, and the value it sets them to.
FIELDS = {Kind.DUE: DUE, Kind.WORDING: ("text",), Kind.STATUS: ("rating_id",)}
PROPOSED = {
    Kind.DUE: lambda p: (p.new_due_date, p.new_due_text),
    Kind.WORDING: lambda p: (p.new_text,),
    Kind.STATUS: lambda p: (p.new_rating_id,),
}


def status_levels(plan_id):
    """The rating levels a "delayed or under review" proposal may set."""
    return RatingLevel.objects.filter(
        Q(is_delayed=True) | Q(is_under_review=True), plan_id=plan_id
    ).order_by("order")


def _status_key(level):
    if level is None:
        return None
    if level.is_delayed:
        return "delayed"
    if level.is_under_review:
        return "under_review"
    return None


def appendix3_changes(plan, *, since, as_at, direct=True, levels=None):
    """The changes made between the end of ``since`` and the end of ``as_at``. Four queries
    (three when nothing changed; one fewer when ``levels``, the rating scale by id as at
    ``as_at``, comes from the caller's ``PlanSnapshot``).

    With ``direct=False`` only the agreed changes are given (what the committee's own
    papers list), without the direct moves noted beside them.
    """
    start, end = end_of_day(since), end_of_day(as_at)
    approved = list(
        Proposal.objects.filter(
            plan=plan,
            status=Proposal.Status.APPROVED,
            decided_at__gt=start,
            decided_at__lte=end,
        )
        .select_related("meeting_record")
        .order_by("decided_at", "pk")
    )
    if levels is None:
        levels = {r.pk: r for r in RatingLevel.objects.filter(plan=plan).order_by()}
    histories = _histories(plan, start, end)
    # An action deleted by the end of the period is not in the plan it reports on.
    histories = {k: seq for k, seq in histories.items() if seq[-1].history_type != "-"}
    applied = _applied(approved, histories)

    result = {
        "revised_timescales": _timescales(histories, applied),
        "delayed": [],
        "revised_wording": _wording(histories, applied),
        "under_review": [],
    }
    for entry, key in _statuses(histories, applied, levels):
        result[key].append(entry)
    for key in KEYS:
        if not direct:
            result[key] = [{**e, "direct": []} for e in result[key] if e["agreed"]]
        elif plan.changes_need_agreement:
            result[key] = [e for e in result[key] if e["agreed"]]
        result[key].sort(key=lambda e: e["_order"])
        for entry in result[key]:
            del entry["_order"]
    return result


def _histories(plan, start, end):
    """action id → [its row at the start of the period (None if it was created since),
    then its rows in the period, oldest first], for the actions changed in the period.
    Two queries, whatever the length of the history before the period."""
    hist = Action.history.model
    rows = list(
        hist.objects.filter(plan_id=plan.pk, history_date__gt=start, history_date__lte=end)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changed = defaultdict(list)
    for row in rows:
        changed[row.id].append(row)
    # Each action's latest row at the start, found by one index probe per action.
    latest = (
        hist.objects.filter(id=OuterRef("pk"), history_date__lte=start)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    at_start = Action.objects.filter(pk__in=list(changed)).order_by().annotate(h=Subquery(latest))
    before = {r.id: r for r in hist.objects.filter(history_id__in=at_start.values("h"))}
    return {pk: [before.get(pk), *seq] for pk, seq in changed.items()}


def _pairs(seq):
    """(row before, row) for each row of the period that follows another row."""
    return [(prev, row) for prev, row in pairwise(seq) if prev is not None]


def _from_document(row):
    return row.saved_from == Action.Source.DOCUMENT


def _value(row, fields):
    return tuple(getattr(row, name) for name in fields)


def _due(row):
    return format_due(row.due_date, row.due_text)


def _applied(approved, histories):
    """history_id of the row that applied each approved proposal → its proposals."""
    applied = defaultdict(list)
    for proposal in approved:
        fields = FIELDS[proposal.kind]
        for prev, row in _pairs(histories.get(proposal.action_id, [])):
            if row.history_date < proposal.decided_at:
                continue
            if _value(row, fields) != _value(prev, fields):
                # The first change after the decision either applies it or overrides it.
                if _value(row, fields) == PROPOSED[proposal.kind](proposal):
                    applied[row.history_id].append(proposal)
                break
    return applied


def _made_directly(prev, row, show=_due):
    """Who made a change directly and when, and the values before and after it."""
    return {
        "by": person(row.history_user),
        "on": timezone.localtime(row.history_date).date(),
        "original": show(prev),
        "revised": show(row),
    }


def _entry(final, fields, *, proposals=(), direct=()):
    return {
        "ref": final.ref,
        **fields,
        "agreed": bool(proposals),
        "meeting": "; ".join(dict.fromkeys(p.meeting_label for p in proposals)),
        "meetings": _meetings(proposals),
        "direct": list(direct),
        "_order": (final.order, final.ref),
    }


def _meetings(proposals):
    """The approving meetings, each once: label and link to the minutes (decisions made
    before meetings were records have only the label)."""
    found = {}
    for p in proposals:
        record = p.meeting_record
        found.setdefault(p.meeting_label, record.minutes_url if record else "")
    return [{"label": label, "minutes_url": url} for label, url in found.items()]


def _timescales(histories, applied):
    entries = []
    for seq in histories.values():
        final, moves, agreed, direct = seq[-1], [], [], []
        for prev, row in _pairs(seq):
            if _value(prev, DUE) == _value(row, DUE):
                continue
            by = applied.get(row.history_id, [])
            due = [p for p in by if p.kind == Kind.DUE]
            if due:
                agreed.append((prev, due))
            elif not by and not _from_document(row):
                direct.append((prev, row))
            # A due date moved with an agreed delay or rewording is part of that change.
            else:
                continue
            moves.append(row)
        if not moves:
            continue
        if agreed:
            original = _due(agreed[0][0])
            proposals = [p for _, due in agreed for p in due]
            reason = _reasons(p.reason for p in proposals)
        else:
            original = _due(seq[0] or direct[0][0])
            proposals = []
            reason = _reasons(row.history_change_reason for _, row in direct)
            if original == _due(final):
                continue  # moved and moved back: the timescale stands
        fields = {"action": final.text, "original": original, "revised": _due(final)}
        fields["reason"] = reason
        entries.append(
            _entry(
                final,
                fields,
                proposals=proposals,
                direct=[_made_directly(prev, row) for prev, row in direct],
            )
        )
    return entries


def _statuses(histories, applied, levels):
    """(entry, "delayed" or "under_review") for each action moved there in the period."""
    for seq in histories.values():
        final = seq[-1]
        key = _status_key(levels.get(final.rating_id))
        moves = [(p, r) for p, r in _pairs(seq) if p.rating_id != r.rating_id]
        if key is None or not moves:
            continue
        prev, row = moves[-1]  # the move to the rating it holds at the end
        agreed = [p for p in applied.get(row.history_id, []) if p.kind == Kind.STATUS]
        fields = {"action": final.text}
        if key == "delayed":
            # The date it was agreed to be delayed against, else the one it had at the start.
            fields["original"] = _due(row) if agreed else _due(seq[0] or seq[1])
        if agreed:
            fields["reason"] = _reasons(p.reason for p in agreed)
            yield _entry(final, fields, proposals=agreed), key
        elif not _from_document(row):
            fields["reason"] = row.history_change_reason or ""
            move = _made_directly(prev, row, show=lambda r: _level_name(levels, r.rating_id))
            yield _entry(final, fields, direct=[move]), key


def _level_name(levels, pk):
    level = levels.get(pk)
    return level.name if level else "(a rating since removed)"


def _wording(histories, applied):
    by_action = defaultdict(list)
    for proposals in applied.values():
        for proposal in proposals:
            if proposal.kind == Kind.WORDING:
                by_action[proposal.action_id].append(proposal)
    entries = []
    for action_id, proposals in by_action.items():
        proposals.sort(key=lambda p: (p.decided_at, p.pk))
        final, first, last = histories[action_id][-1], proposals[0], proposals[-1]
        fields = {
            "old": first.old_text,
            "new": last.new_text,
            "original": _due(final),
            "reason": _reasons(p.reason for p in proposals),
        }
        entries.append(_entry(final, fields, proposals=proposals))
    return entries


def _reasons(reasons):
    """One reason, or each distinct reason in the order given."""
    return "\n\n".join(r for r in dict.fromkeys(reasons) if r)
