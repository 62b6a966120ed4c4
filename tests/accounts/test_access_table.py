"""Who may do what, as one table: URL × role × method → the status the server answers.

The roles are the demo plan's: an officer (owns SL14, not SL18), a plan manager, a
committee clerk, a board member, an admin (superuser), a signed-in user with no role in
the plan ("outsider") and nobody signed in ("anonymous"). A refused request changes
nothing and never shows the form it was refused.
"""

import pytest
from django.test import Client
from django.urls import reverse

from improvement.plans.models import Action, ImpactCommentary
from tests.plans.support import form_data

pytestmark = pytest.mark.django_db

SLUG = "childrens-services"
ROLES = ["anonymous", "outsider", "officer", "manager", "clerk", "board", "admin"]

# (name, method, url): expected status per role, in ROLES order.
TABLE = {
    ("plans", "GET", "/plans/"): (302, 200, 200, 200, 200, 200, 200),
    ("plans", "POST", "/plans/"): (302, 405, 405, 405, 405, 405, 405),
    ("plan", "GET", f"/plans/{SLUG}/"): (302, 404, 200, 200, 200, 200, 200),
    ("plan", "POST", f"/plans/{SLUG}/"): (302, 405, 405, 405, 405, 405, 405),
    ("plan as at", "GET", f"/plans/{SLUG}/?as_at=2025-05-08"): (302, 404, 200, 200, 200, 200, 200),
    ("area", "GET", f"/plans/{SLUG}/areas/1-1/"): (302, 404, 200, 200, 200, 200, 200),
    ("area", "POST", f"/plans/{SLUG}/areas/1-1/"): (302, 405, 405, 405, 405, 405, 405),
    ("action", "GET", f"/plans/{SLUG}/actions/SL14/"): (302, 404, 200, 200, 200, 200, 200),
    ("action", "POST", f"/plans/{SLUG}/actions/SL14/"): (302, 405, 405, 405, 405, 405, 405),
    ("own edit", "GET", f"/plans/{SLUG}/actions/SL14/edit/"): (302, 404, 200, 200, 403, 403, 200),
    ("own edit", "POST", f"/plans/{SLUG}/actions/SL14/edit/"): (302, 404, 302, 302, 403, 403, 302),
    ("other's edit", "GET", f"/plans/{SLUG}/actions/SL18/edit/"): (302, 404, 403, 200, 403, 403, 200),
    ("other's edit", "POST", f"/plans/{SLUG}/actions/SL18/edit/"): (302, 404, 403, 302, 403, 403, 302),
    ("commentary", "GET", f"/plans/{SLUG}/areas/1-1/commentary/"): (302, 404, 403, 200, 403, 403, 200),
    ("commentary", "POST", f"/plans/{SLUG}/areas/1-1/commentary/"): (302, 404, 403, 302, 403, 403, 302),
    ("proposals", "GET", f"/plans/{SLUG}/proposals/"): (302, 404, 403, 200, 200, 200, 200),
    ("proposals", "POST", f"/plans/{SLUG}/proposals/"): (302, 405, 405, 405, 405, 405, 405),
    ("meetings", "GET", f"/plans/{SLUG}/meetings/"): (302, 404, 403, 200, 200, 200, 200),
    ("settings", "GET", f"/plans/{SLUG}/settings/"): (302, 404, 403, 200, 403, 403, 200),
    ("settings", "POST", f"/plans/{SLUG}/settings/"): (302, 404, 403, 200, 403, 403, 200),
    ("my actions", "GET", "/my-actions/"): (302, 200, 200, 200, 200, 200, 200),
    ("my actions", "POST", "/my-actions/"): (302, 405, 405, 405, 405, 405, 405),
    ("sign in", "GET", "/accounts/login/"): (200, 200, 200, 200, 200, 200, 200),
    ("sign out", "GET", "/accounts/logout/"): (405, 405, 405, 405, 405, 405, 405),
    ("sign out", "POST", "/accounts/logout/"): (302, 302, 302, 302, 302, 302, 302),
}  # fmt: skip

CASES = [
    pytest.param(method, url, role, statuses[i], id=f"{name}-{method}-{role}")
    for (name, method, url), statuses in TABLE.items()
    for i, role in enumerate(ROLES)
]


def post_data(plan, url):
    if url.endswith("/edit/"):
        ref = url.split("/actions/")[1].split("/")[0]
        # SL18 is rated Reviewing, a rating whose every update gives its reason.
        return form_data(
            Action.objects.get(plan=plan, ref=ref),
            progress="Checked by the table.",
            rating_reason="Checked by the table.",
        )
    if url.endswith("/commentary/"):
        return {"date_day": "3", "date_month": "3", "date_year": "2026", "text": "Table test."}
    return {}


def written(plan):
    """Rows a request could write: action history and impact commentaries."""
    return (
        Action.history.filter(plan_id=plan.pk).count(),
        ImpactCommentary.history.filter(area__chapter__plan=plan).count(),
    )


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES)
def test_the_server_answers_each_role_as_the_table_says(
    request, plan, owner, method, url, role, expected
):
    client = Client()
    if role != "anonymous":
        user = request.getfixturevalue({"officer": "owner", "admin": "admin_user"}.get(role, role))
        client.force_login(user)
    before = written(plan)
    response = client.post(url, post_data(plan, url)) if method == "POST" else client.get(url)
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if method == "POST" and expected == 302 and role != "anonymous" and "logout" not in url:
        assert written(plan) != before
    else:
        assert written(plan) == before
    if expected in (403, 404, 405):
        body = response.content.decode()
        assert "Save update" not in body
        assert "Save commentary" not in body


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(plan, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    action = Action.objects.get(plan=plan, ref="SL14")
    before = written(plan)
    response = client.post(f"/plans/{SLUG}/actions/SL14/edit/", form_data(action, progress="x"))
    assert response.status_code == 403
    assert written(plan) == before


def test_the_forms_carry_the_csrf_token(client, plan, owner, manager):
    client.force_login(owner)
    edit = client.get(f"/plans/{SLUG}/actions/SL14/edit/").content.decode()
    assert edit.count('name="csrfmiddlewaretoken"') == 2  # the form and the sign-out button
    client.force_login(manager)
    commentary = client.get(f"/plans/{SLUG}/areas/1-1/commentary/").content.decode()
    assert commentary.count('name="csrfmiddlewaretoken"') == 2
