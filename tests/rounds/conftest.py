"""Fixtures for the update round tests: a round opened on the demo plan.

Numbers the tests expect come from fixtures/plan_2025-11-12.json (the plan as at 12
November 2025): 143 actions, 8 of them rated Closed (MO2, S1, SM1, SM2, H4, H5, H6, C3),
so 135 go into a round; the Principal Social Worker (the demo officer) owns 19 actions,
one of them Closed (MO2), so 18; the Participation Lead owns 4 (SL18, CLA7, CLB11, S10).
"""

import datetime as dt

import pytest
from django.utils import timezone

from improvement.rounds.cycle import open_round

IN_ROUND = 135
CLOSED_REFS = ["MO2", "S1", "SM1", "SM2", "H4", "H5", "H6", "C3"]
PSW_OPEN = 18
PARTICIPATION_LEAD = ["CLA7", "CLB11", "S10", "SL18"]
AS_AT = dt.date(2025, 12, 12)
DEADLINE = dt.date(2025, 12, 5)


@pytest.fixture
def december(plan, manager):
    """The "December 2025 update": deadline 5 December, ratings as at 12 December."""
    return open_round(
        plan,
        name="December 2025 update",
        as_at=AS_AT,
        deadline=DEADLINE,
        remind_days_before=5,
        user=manager,
        when=timezone.now(),
    )
