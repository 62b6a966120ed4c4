"""Appendix 3 of the committee report: changes agreed through governance, from the record.

``appendix3_changes(plan, since=…, as_at=…)`` is the contract with the committee PDFs
(TEAM.md §5). Nothing in it is typed in; it is read from:

- approved proposals decided after the end of ``since`` and by the end of ``as_at``:
  "revised_timescales" (new due dates) and "revised_wording" (new wording);
- the rating history: "delayed" and "under_review" are the actions rated Delayed (or
  under review) at the end of ``as_at`` whose rating moved there within the period. The
  reason is that of the approved proposal that made the move, else the reason recorded
  with the rating change itself.

Each list holds dicts shaped like ``fixtures/changes_2025-11-12.json``'s entries, in the
plan's order: ``ref``, ``action`` (the action's wording at ``as_at``), ``original`` and
``revised`` (due dates as the plan prints them), ``old`` and ``new`` (wording), ``reason``.
"""

from collections import defaultdict

from django.db.models import Q

from improvement.plans.due import format_due
from improvement.plans.models import Action, RatingLevel
from improvement.plans.status import end_of_day

from .models import Proposal

# The plan's words for the two statuses the oversight group reports on (Appendix 3's
# "delayed" and "under review/ scoping"), matched without regard to case.
DELAYED_WORDS = ("Delayed",)
UNDER_REVIEW_WORDS = ("Reviewing", "Under review")

KEYS = ("revised_timescales", "delayed", "revised_wording", "under_review")


def _named(words):
    query = Q()
    for word in words:
        query |= Q(name__iexact=word) | Q(short_name__iexact=word)
    return query


def status_levels(plan_id):
    """The rating levels a "delayed or under review" proposal may set."""
    return RatingLevel.objects.filter(
        _named(DELAYED_WORDS) | _named(UNDER_REVIEW_WORDS), plan_id=plan_id
    ).order_by("order")


def _status_key(level):
    names = {level.name.lower(), level.short_name.lower()}
    if names & {w.lower() for w in DELAYED_WORDS}:
        return "delayed"
    if names & {w.lower() for w in UNDER_REVIEW_WORDS}:
        return "under_review"
    return None


def appendix3_changes(plan, *, since, as_at):
    """The changes agreed between the end of ``since`` and the end of ``as_at``. Four queries."""
    start, end = end_of_day(since), end_of_day(as_at)
    approved = list(
        Proposal.objects.filter(
            plan=plan,
            status=Proposal.Status.APPROVED,
            decided_at__gt=start,
            decided_at__lte=end,
        ).order_by("decided_at", "pk")
    )
    then = {a.pk: a for a in Action.history.as_of(end).filter(plan_id=plan.pk)}
    levels = {r.pk: r for r in RatingLevel.objects.filter(plan=plan)}
    result = {key: [] for key in KEYS}

    by_kind = defaultdict(lambda: defaultdict(list))
    for proposal in approved:
        if proposal.action_id in then:
            by_kind[proposal.kind][proposal.action_id].append(proposal)

    for action_id, proposals in by_kind[Proposal.Kind.DUE].items():
        action, first, last = then[action_id], proposals[0], proposals[-1]
        result["revised_timescales"].append(
            {
                "ref": action.ref,
                "action": action.text,
                "original": first.old_due,
                "revised": last.new_due,
                "reason": _reasons(proposals),
            }
        )
    for action_id, proposals in by_kind[Proposal.Kind.WORDING].items():
        action, first, last = then[action_id], proposals[0], proposals[-1]
        result["revised_wording"].append(
            {
                "ref": action.ref,
                "old": first.old_text,
                "new": last.new_text,
                "original": format_due(action.due_date, action.due_text),
                "reason": _reasons(proposals),
            }
        )

    # Delayed and under review: where the rating history moved the action there.
    watched = {pk: _status_key(level) for pk, level in levels.items() if _status_key(level)}
    candidates = [a for a in then.values() if a.rating_id in watched]
    moves = _latest_moves(candidates, end)
    status_reasons = by_kind[Proposal.Kind.STATUS]
    for action in candidates:
        move = moves.get(action.pk)
        if move is None or move["history_date"] <= start:
            continue
        agreed = [
            p for p in status_reasons.get(action.pk, []) if p.new_rating_id == action.rating_id
        ]
        reason = _reasons(agreed) if agreed else (move["history_change_reason"] or "")
        key = watched[action.rating_id]
        entry = {"ref": action.ref, "action": action.text}
        if key == "delayed":
            entry["original"] = format_due(action.due_date, action.due_text)
        entry["reason"] = reason
        result[key].append(entry)

    order = {a.ref: a.order for a in then.values()}
    for key in KEYS:
        result[key].sort(key=lambda e: order[e["ref"]])
    return result


def _latest_moves(actions, end):
    """For each action, the history row (date, reason) where its rating last changed to the
    rating it holds at ``end``. One query."""
    rows = (
        Action.history.filter(id__in=[a.pk for a in actions], history_date__lte=end)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "rating_id", "history_change_reason")
    )
    moves, previous = {}, {}
    for row in rows:
        # A move needs a rating before it: an action created in that state did not move.
        if row["id"] in previous and previous[row["id"]] != row["rating_id"]:
            moves[row["id"]] = row
        previous[row["id"]] = row["rating_id"]
    return moves


def _reasons(proposals):
    """One reason, or each distinct reason in the order agreed."""
    seen = []
    for proposal in proposals:
        if proposal.reason not in seen:
            seen.append(proposal.reason)
    return "\n\n".join(seen)
