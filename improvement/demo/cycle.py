"""The demo plan's monthly-cycle settings.

The council's papers say revised timescales are agreed by the Partnership Oversight
Group, not by an officer alone (Improvement Plan Progress Report, Children and Families
Committee 13 January 2025), so the demo plan turns ``changes_need_agreement`` on: an
officer's new due date becomes a proposal for the next meeting. The papers do not say
whether ratings are signed off, so ``ratings_need_signoff`` stays off. The setting is
the product's, not the documents': its history row is dated just after the demo's latest
papers are loaded (12 November 2025, after the scorecard), so the plan's history stays
in date order with its documents and with anything later written into it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from improvement.lib.history import save_tracked

SET_AT = dt.datetime(2025, 11, 12, 9, 45, tzinfo=ZoneInfo("Europe/London"))

REASON = (
    "Demo: revised timescales are agreed by the Partnership Oversight Group (Improvement "
    "Plan Progress Report, Children and Families Committee 13 January 2025), so an "
    "officer's new due date is proposed to the next meeting."
)


def set_cycle_settings(plan, *, user):
    """Turn on agreement of due-date changes for the demo plan; 1 when written."""
    if plan.changes_need_agreement:
        return 0
    plan.changes_need_agreement = True
    save_tracked(plan, user=user, reason=REASON, when=SET_AT)
    return 1
