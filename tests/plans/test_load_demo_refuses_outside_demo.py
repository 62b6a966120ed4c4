"""load_demo makes accounts with the README's published password, so outside demo mode
(IMPROVEMENT_DEMO unset) it refuses, before writing anything."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from improvement.accounts.models import Membership
from improvement.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_outside_demo_mode_and_writes_nothing(plan):
    users = get_user_model()
    users.objects.filter(username="board").delete()  # one it would otherwise make again
    before = (users.objects.count(), Membership.objects.count(), Plan.objects.count())
    with override_settings(DEMO=False), pytest.raises(CommandError) as refused:
        call_command("load_demo", verbosity=0)
    assert str(refused.value).startswith(
        "load_demo creates users with a published password, so it runs only in demo mode "
        "(IMPROVEMENT_DEMO=1)."
    )
    assert not users.objects.filter(username="board").exists()
    assert (users.objects.count(), Membership.objects.count(), Plan.objects.count()) == before


def test_load_demo_runs_in_demo_mode(plan):
    with override_settings(DEMO=True):
        call_command("load_demo", verbosity=0)  # already loaded: nothing to do, no error
