"""Who may see the dashboard: the plan's readers (every role), nobody else."""

import pytest
from django.urls import reverse


def url(plan):
    return reverse("dashboard:dashboard", args=[plan.slug])


@pytest.mark.parametrize("who", ["owner", "manager", "clerk", "board", "admin_user"])
def test_every_reader_of_the_plan_sees_its_dashboard(client, plan, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(plan))
    assert response.status_code == 200
    assert "Percentage complete over time" in response.content.decode()


def test_someone_without_a_role_in_the_plan_is_told_there_is_no_such_plan(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_date_boxes_redirect_to_the_as_at_address(client, plan, board):
    client.force_login(board)
    response = client.get(url(plan), {"as_at_day": "12", "as_at_month": "11", "as_at_year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == f"{url(plan)}?as_at=2025-11-12"


def test_a_future_day_is_refused_beside_the_date_boxes(client, plan, board):
    client.force_login(board)
    response = client.get(url(plan), {"as_at": "2999-01-01"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
