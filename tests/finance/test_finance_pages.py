"""The finance page (any reader of the plan) and a plan manager's change to a line."""

import pytest
from django.urls import reverse

from improvement.finance.models import Budget, BudgetLine, FinanceFigure


def page(plan):
    return reverse("finance:table", args=[plan.slug])


def edit_url(line):
    return reverse("finance:line_edit", args=[line.plan.slug, line.pk])


@pytest.fixture
def team_leader(plan):
    return BudgetLine.objects.get(plan=plan, expenditure_group="Team Leader (2 FTE)")


def form_data(**changes):
    data = {
        "point": "2025-26-FR3",
        "expenditure_group": "Team Leader (2 FTE)",
        "origin": "original",
        "budget": "£133,434",
        "actual": "£26,714",
        "forecast": "£70,624",
        "reason": "",
    }
    return {**data, **changes}


def test_an_officer_reads_the_table_with_the_seeds_totals(client, plan, owner):
    client.force_login(owner)
    response = client.get(page(plan))
    html = response.content.decode()
    assert response.status_code == 200
    for total in ("£1,358,550", "£990,937", "£1,761,734", "£403,184 overspend"):
        assert total in html
    assert "\u2212£1,292" in html
    assert "/finance/lines/" not in html  # no change links for an officer


def test_someone_without_a_role_in_the_plan_gets_not_found(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(page(plan)).status_code == 404


def test_an_unknown_reporting_point_is_not_found(client, plan, owner):
    client.force_login(owner)
    assert client.get(page(plan) + "?point=2025-26-FR1").status_code == 404


def test_a_manager_sees_change_links(client, plan, manager, team_leader):
    client.force_login(manager)
    html = client.get(page(plan)).content.decode()
    assert edit_url(team_leader) + "?point=2025-26-FR3" in html


@pytest.mark.parametrize("who", ["owner", "clerk", "board"])
def test_only_plan_managers_change_a_line(client, request, who, team_leader):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(team_leader)).status_code == 403
    response = client.post(edit_url(team_leader), form_data(actual="£1", reason="x"))
    assert response.status_code == 403
    assert FinanceFigure.objects.get(line=team_leader).actual == 26_714_00


def test_a_manager_changes_the_figures_with_a_reason_kept_in_the_history(
    client, manager, team_leader
):
    client.force_login(manager)
    response = client.post(
        edit_url(team_leader),
        form_data(actual="£30,000", forecast="75,000.50", reason="FR3 actuals corrected."),
    )
    assert response.status_code == 302
    figure = FinanceFigure.objects.get(line=team_leader)
    assert (figure.actual, figure.forecast) == (30_000_00, 75_000_50)
    latest = figure.history.latest()
    assert latest.history_user == manager
    assert latest.history_change_reason == "FR3 actuals corrected."
    assert Budget.history.filter(line_id=team_leader.pk).count() == 1  # budget unchanged
    history = client.get(edit_url(team_leader)).content.decode()
    assert "FR3 actuals corrected." in history
    assert "Actual to date: £26,714 → £30,000" in history


def test_a_change_needs_a_reason(client, manager, team_leader):
    client.force_login(manager)
    response = client.post(edit_url(team_leader), form_data(actual="£30,000"))
    assert response.status_code == 400
    assert "Enter the reason for the change" in response.content.decode()
    assert FinanceFigure.objects.get(line=team_leader).actual == 26_714_00


def test_an_amount_that_is_not_money_is_refused_next_to_its_field(client, manager, team_leader):
    client.force_login(manager)
    response = client.post(edit_url(team_leader), form_data(forecast="lots", reason="x"))
    assert response.status_code == 400
    assert "must be an amount in pounds" in response.content.decode()


def test_saving_unchanged_figures_writes_no_history(client, manager, team_leader):
    client.force_login(manager)
    before = FinanceFigure.history.count(), BudgetLine.history.count(), Budget.history.count()
    client.post(edit_url(team_leader), form_data(reason="Checked."))
    after = FinanceFigure.history.count(), BudgetLine.history.count(), Budget.history.count()
    assert after == before


def test_the_csv_has_every_line_and_the_seeds_totals(client, plan, clerk):
    client.force_login(clerk)
    response = client.get(reverse("finance:csv", args=[plan.slug]))
    rows = response.content.decode().splitlines()
    assert len(rows) == 22  # heading, 20 lines, grand total
    assert rows[-1] == "Grand total,,1358550,990937,1761734,403184"


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, plan, owner, django_assert_num_queries
):
    client.force_login(owner)
    client.get(page(plan))
    # session, user, plan, role, then the table's four.
    with django_assert_num_queries(8):
        client.get(page(plan))
