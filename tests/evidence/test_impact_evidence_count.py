"""``impact_evidence_count(action)``: the update form's question, "has this action any
evidence of impact?", answered in one query."""

from improvement.evidence.checks import impact_evidence_count
from improvement.evidence.models import Evidence
from improvement.lib.dates import end_of_day
from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .conftest import DAY

DAY_END = end_of_day(DAY)


def link(action, user, title):
    item = Evidence(
        action=action,
        title=title,
        date=DAY,
        kind="link",
        url="https://example.gov.uk/",
        added_by=user,
    )
    return save_tracked(item, user=user, reason="Test: evidence.")


def test_it_counts_the_actions_files_and_links_in_one_query(
    add_file, action, owner, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert impact_evidence_count(action) == 0
    add_file()
    link(action, owner, "Practice week report")
    link(Action.objects.get(plan=action.plan, ref="SL1"), owner, "Another action's")
    with django_assert_num_queries(1):
        assert impact_evidence_count(action) == 2


def test_removed_evidence_does_not_count(action, owner):
    item = link(action, owner, "Practice week report")
    item.removed_at, item.removed_by, item.removal_reason = DAY_END, owner, "Duplicate."
    save_tracked(item, user=owner, reason="Duplicate.")
    assert impact_evidence_count(action) == 0


def test_an_action_id_will_do(action, owner):
    link(action, owner, "Practice week report")
    assert impact_evidence_count(action.pk) == 1
