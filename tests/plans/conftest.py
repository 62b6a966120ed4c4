"""Helpers for the plan page and update form tests (helper-3's)."""

import pytest
from django.urls import reverse

from improvement.plans.forms import as_post_data, typed_values
from improvement.plans.models import Action, RatingLevel


def form_data(action, *, version=None, reason="", **changes):
    """What the update form posts for ``action`` with ``changes`` typed over it."""
    data = as_post_data(
        typed_values(action), reason=reason, version=action.version if version is None else version
    )
    data.update({k: str(v) for k, v in changes.items()})
    return data


def rating(plan, name):
    return RatingLevel.objects.get(plan=plan, name=name)


def edit_url(action):
    return reverse("plans:action_edit", args=[action.plan.slug, action.ref])


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
