"""Fixtures for the plan page and update form tests."""

import pytest

from improvement.plans.models import Action


@pytest.fixture
def owned_action(plan, owner):
    """SL14: owned by the Principal Social Worker role, which the demo officer holds."""
    action = Action.objects.get(plan=plan, ref="SL14")
    assert action.owners.filter(role__users=owner).exists()
    return action


@pytest.fixture
def others_action(plan, owner):
    """SL18: the Participation Lead's action, not the demo officer's."""
    action = Action.objects.get(plan=plan, ref="SL18")
    assert not action.owners.filter(role__users=owner).exists()
    return action
