"""Reading the plan back as at 8 May 2025 and 12 November 2025 gives each document.

Expected values are copied from the seed documents' action tables.
"""

import datetime as dt

import pytest

from improvement.lib.dates import end_of_day
from improvement.plans.due import format_due
from improvement.plans.models import Action, ActionOwner, RatingLevel

MAY = dt.date(2025, 5, 8)
NOVEMBER = dt.date(2025, 11, 12)

# ref, date -> (rating, due as printed, owners as printed)
EXPECTED = {
    ("SL8", MAY): ("On track", "September 2025", ["Head of Service Cared for Children and Care Leavers"]),
    ("SL8", NOVEMBER): ("Reviewing", "TBC", ["Head of Service Cared for Children and Care Leavers"]),
    ("SL17", MAY): ("On track", "July 2025", ["Quality Assurance Improvement Lead"]),
    ("SL17", NOVEMBER): ("Delayed", "November 2025", ["Quality Assurance Improvement Lead"]),
    ("P7", MAY): ("On track", "September 2025", ["Director of Children's Social Care"]),
    ("P7", NOVEMBER): ("On track", "January 2026", ["Director of Family Help and Children's Social Care"]),
    ("SM4", MAY): (
        "On track",
        "June 2024",
        ["Partnership Training Manager", "Service Manager Front Door", "Lead Practitioners"],
    ),
    ("SM4", NOVEMBER): ("Complete but need to evidence impact", "October 2025", ["Lead Practitioners"]),
    ("SL6", MAY): ("Reviewing", "TBC", ["Executive Director of Children's Services"]),
    ("SL6", NOVEMBER): (
        "Complete but need to evidence impact",
        "September 2025",
        ["Executive Director of Children's Services"],
    ),
    ("W5", MAY): (
        "Complete but need to evidence impact",
        "December 2024",
        ["Head of HR", "Principal Social Worker"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("ref", "day"), list(EXPECTED))
def test_action_reads_back_as_the_document_of_that_date(plan, ref, day):
    moment = end_of_day(day)
    action = Action.history.as_of(moment).get(plan_id=plan.pk, ref=ref)
    rating = RatingLevel.objects.get(pk=action.rating_id)
    owners = (
        ActionOwner.history.as_of(moment)
        .filter(action_id=action.pk, row=1)
        .order_by("order")
        .select_related("role")
    )
    rating_name, due, owner_titles = EXPECTED[(ref, day)]
    assert rating.name == rating_name
    assert format_due(action.due_date, action.due_text) == due
    assert [o.role.title for o in owners] == owner_titles


def test_sm4_wording_changed_between_the_two_dates(plan):
    may = Action.history.as_of(end_of_day(MAY)).get(plan_id=plan.pk, ref="SM4")
    november = Action.history.as_of(end_of_day(NOVEMBER)).get(plan_id=plan.pk, ref="SM4")
    assert may.text.startswith("Develop partnership and managers training")
    assert november.text.startswith("Develop managers training to strengthen contributions")


def test_history_rows_carry_author_reason_and_the_documents_day(plan):
    records = Action.history.filter(plan_id=plan.pk, ref="SL17").order_by("history_date")
    assert [r.history_date.astimezone(end_of_day(MAY).tzinfo).date() for r in records] == [
        MAY,
        NOVEMBER,
    ]
    assert [r.history_user.username for r in records] == ["admin", "manager"]
    assert all(r.history_change_reason for r in records)
    assert "8 May 2025" in records[0].history_change_reason
    assert "12 November 2025" in records[1].history_change_reason


def test_the_november_record_holds_only_what_changed(plan):
    # SL1 reads the same in both documents (Complete, January 2025); only Appendix 1's
    # short title is new in November.
    may, november = Action.history.filter(plan_id=plan.pk, ref="SL1").order_by("history_date")
    assert [c.field for c in november.diff_against(may).changes] == ["short_title"]


def test_nothing_existed_before_the_first_document(plan):
    assert not Action.history.as_of(end_of_day(dt.date(2025, 5, 7))).filter(plan_id=plan.pk)
