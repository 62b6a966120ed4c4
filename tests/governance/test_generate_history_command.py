"""The synthetic-history generator, at a tiny scale (the million-row run is for bench/)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from improvement.plans.models import Action, ActionOwner, ImpactCommentary, Plan


def generate(**options):
    out = StringIO()
    call_command("generate_history", stdout=out, **options)
    return out.getvalue()


def test_a_tiny_run_writes_the_rows_it_reports(plan):
    out = generate(plans=2, actions=4, areas=3, rounds=8, prefix="tiny")
    plans = Plan.objects.filter(slug__startswith="tiny-")
    assert sorted(p.slug for p in plans) == ["tiny-01", "tiny-02"]
    for generated in plans:
        # Each action: created, then one change per round.
        assert Action.history.filter(plan_id=generated.pk).count() == 4 * (1 + 8)
        # Each area: a commentary every fourth round.
        assert ImpactCommentary.objects.filter(area__chapter__plan=generated).count() == 3 * 2
        assert ActionOwner.objects.filter(action__plan=generated).count() == 6
    assert "Wrote" in out


def test_each_action_row_moves_one_thing_with_a_reason(plan):
    generate(plans=1, actions=3, areas=3, rounds=4, prefix="why")
    generated = Plan.objects.get(slug="why-01")
    for record in Action.history.filter(plan_id=generated.pk, history_type="~"):
        changed = record.diff_against(record.prev_record).changed_fields
        assert len(changed) == 1, changed
        assert record.history_change_reason.endswith(")")


def test_it_refuses_to_add_to_plans_it_made_before(plan):
    generate(plans=1, actions=2, rounds=1, prefix="again")
    with pytest.raises(CommandError, match="exist already"):
        generate(plans=1, actions=2, rounds=1, prefix="again")
