"""Appendix 4, the vital signs scorecard."""


def appendix4_context(plan, as_at):
    """helper-6's scorecard over the twelve months ending with the latest month that has
    figures on or before ``as_at`` (September 2025 for 12 November 2025), without links.
    The scorecard's own queries plus one for the stored span."""
    from improvement.scorecard.tables import scorecard_context, stored_months

    _first, last = stored_months(plan)
    month = as_at.replace(day=1)
    end = min(last, month) if last else month
    scorecard = scorecard_context(plan, months=12, end=end)
    scorecard["links"] = False
    return {"scorecard": scorecard, "end": end}
