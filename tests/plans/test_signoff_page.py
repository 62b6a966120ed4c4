"""The plan manager's list of ratings waiting for sign-off: what it shows, and a fixed
number of queries whether one rating waits or ten."""

import pytest
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans import signoff
from improvement.plans.models import Action

from .support import rating

pytestmark = pytest.mark.django_db

# Session and user (2), plan and role (2), the waiting submissions with their actions,
# ratings and people (1), and the header's count of proposals waiting (1).
SIGNOFF_PAGE = 6
# Ten of the demo plan's actions (fixtures/plan_2025-11-12.json).
REFS = ["SL14", "SL15b", "SL16", "SL1", "SL2a", "SL2b", "SL3", "SL4", "SL5", "SL6"]


@pytest.fixture
def signoff_plan(plan, admin_user):
    plan.ratings_need_signoff = True
    return save_tracked(plan, user=admin_user, reason="Test: ratings need sign-off.")


def submit(plan, owner, refs):
    on_track = rating(plan, "On track")
    for ref in refs:
        action = Action.objects.get(plan=plan, ref=ref)
        signoff.submit(action, rating=on_track, reason="", comment=f"{ref} restarted.", user=owner)


def test_the_page_lists_each_rating_waiting_with_its_reason_and_who_submitted_it(
    client, signoff_plan, owner, manager
):
    submit(signoff_plan, owner, ["SL14"])
    client.force_login(manager)
    body = client.get(reverse("plans:signoff", args=[signoff_plan.slug])).content.decode()
    row = body.split('id="submission-')[1].split("</tr>")[0]
    assert ">SL14</a>" in row
    assert row.index("Complete") < row.index("On track")
    assert "SL14 restarted." in row
    assert "Olivia Officer" in row
    assert "Accept or return" in row


@pytest.mark.parametrize("refs", [REFS[:1], REFS], ids=["one", "ten"])
def test_the_sign_off_page_makes_the_same_queries_for_one_rating_or_ten(
    client, signoff_plan, owner, manager, django_assert_num_queries, refs
):
    submit(signoff_plan, owner, refs)
    client.force_login(manager)
    url = reverse("plans:signoff", args=[signoff_plan.slug])
    with django_assert_num_queries(SIGNOFF_PAGE):
        response = client.get(url)
    assert response.content.decode().count('id="submission-') == len(refs)
