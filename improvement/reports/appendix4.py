"""Appendix 4, the vital signs scorecard."""


def appendix4_context(plan, as_at):
    """The vital-signs scorecard (``scorecard/tables.py``) over the twelve months ending
    with the month the scorecard page opens at (the latest month marked complete, else the
    latest complete month: improvement/scorecard/months.py), counting only months on or
    before ``as_at`` (September 2025 for 12 November 2025), without links and with print's
    markup (one visible text per cell, nothing visually hidden: what is copied is what is
    seen).
    The scorecard's own queries (less the stored span) plus two for the months."""
    from improvement.scorecard.months import month_note, plan_months
    from improvement.scorecard.tables import scorecard_context

    month = as_at.replace(day=1)
    months = plan_months(plan, up_to=month)
    end = months.default or month
    scorecard = scorecard_context(plan, months=12, end=end, span=months.span)
    scorecard["links"] = False
    scorecard["print"] = True
    scorecard["month_note"] = month_note(months, end, scorecard["indicator_count"])
    return {"scorecard": scorecard, "end": end}
