from io import StringIO

from django.core.management import call_command

from improvement.accounts.models import Membership
from improvement.plans.models import Action, Area, ImpactCommentary, OwnerRole
from improvement.scorecard.models import Indicator, IndicatorValue

TRACKED = [Action, Area, ImpactCommentary, OwnerRole, Indicator, IndicatorValue, Membership]


def snapshot():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in TRACKED}


def test_running_load_demo_twice_changes_nothing_the_second_time(plan):
    before = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert snapshot() == before


def test_demo_users_one_per_role_and_the_officer_owns_the_psw_actions(plan, owner):
    roles = dict(Membership.objects.filter(plan=plan).values_list("user__username", "role"))
    assert roles == {"officer": "officer", "manager": "manager", "clerk": "clerk", "board": "board"}
    owned = Action.objects.filter(plan=plan, owners__role__users=owner).distinct()
    psw = Action.objects.filter(plan=plan, owners__role__title="Principal Social Worker")
    assert set(owned) == set(psw.distinct())
    assert owned.count() == 19  # Appendix 2 names the Principal Social Worker on 19 actions


def test_demo_password_signs_in(client, plan):
    from improvement.demo.people import DEMO_PASSWORD

    assert client.login(username="clerk", password=DEMO_PASSWORD)
