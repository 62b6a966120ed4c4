"""How the plan stands: the committee's percentage complete, the one rule for it."""


def completion(levels, counts):
    """The committee's count: ``(total, complete, percent)`` from actions per rating id.

    Complete is the actions whose rating counts as complete; the percentage is that
    share of all actions, rounded to a whole number (0 for a plan with no actions).
    """
    total = sum(counts.values())
    complete = sum(counts.get(level.pk, 0) for level in levels if level.counts_as_complete)
    return total, complete, percent_complete(complete, total)


def percent_complete(complete, total):
    """``complete`` as a whole-number share of ``total`` (0 for no actions)."""
    return round(100 * complete / total) if total else 0
