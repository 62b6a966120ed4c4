"""Update rounds, vital signs and finance through the API, against the seeds' figures."""

import datetime as dt

from django.utils import timezone

from improvement.plans.models import Action
from improvement.rounds.cycle import open_round
from improvement.rounds.marking import confirm_unchanged, note_update, open_entry

from .conftest import SLUG


def test_a_round_is_listed_with_how_many_actions_are_in_each_state(
    call, token_for, plan, manager, owner, board
):
    round_ = open_round(
        plan,
        name="December 2025 update",
        as_at=dt.date(2025, 12, 31),
        deadline=dt.date(2026, 1, 9),
        remind_days_before=5,
        user=manager,
    )
    now = timezone.now()
    note_update(Action.objects.get(plan=plan, ref="SL17"), user=owner, when=now)
    confirm_unchanged(open_entry(Action.objects.get(plan=plan, ref="SL1")), user=owner, when=now)
    body = call(token_for(board), f"plans/{SLUG}/rounds").json()
    assert body["count"] == 1
    listed = body["items"][0]
    assert (listed["name"], listed["status"]) == (round_.name, "open")
    assert (listed["as_at"], listed["deadline"]) == ("2025-12-31", "2026-01-09")
    # 143 actions, 8 of them rated Closed and so left out of a round (tests/rounds).
    assert (listed["updated"], listed["unchanged"], listed["not_updated"]) == (1, 1, 133)


def test_a_plan_without_rounds_lists_none(call, token_for, board):
    assert call(token_for(board), f"plans/{SLUG}/rounds").json() == {"items": [], "count": 0}


def indicator(call, token, code, **query):
    body = call(token, f"plans/{SLUG}/scorecard", page_size=500, **query).json()
    return {v["month"]: v for v in body["items"] if v["indicator"] == code}


def test_scorecard_values_carry_the_printed_figure_target_and_rag(call, token_for, board):
    # Indicator 1 (scorecard_2025-09.json): 84.0% in October 2024, 94.7% in September
    # 2025, against a target of 90.0% where higher is better.
    months = indicator(call, token_for(board), "1")
    assert len(months) == 12
    september, october = months["2025-09-01"], months["2024-10-01"]
    assert (september["text"], september["value"], september["target"]) == ("94.7%", 94.7, "90.0%")
    assert september["rag"] == "on_target"
    # 84 is below 90 but within 15% of it (at least 76.5).
    assert (october["value"], october["rag"]) == (84.0, "within_15")
    assert october["rag_label"] == "Within 15% of target"


def test_scorecard_months_can_be_narrowed(call, token_for, board):
    months = indicator(call, token_for(board), "1", month_from="2025-07-01", month_to="2025-09-30")
    assert sorted(months) == ["2025-07-01", "2025-08-01", "2025-09-01"]


def test_finance_lines_are_the_seeds_table_at_fr3_in_pence(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}/finance").json()
    assert body["count"] == 20
    lines = {line["expenditure_group"]: line for line in body["items"]}
    team_leader = next(v for k, v in lines.items() if k.startswith("Team Leader (2 FTE)"))
    assert team_leader["point"] == "2025-26-FR3"
    assert (
        team_leader["budget_pence"],
        team_leader["actual_pence"],
        team_leader["forecast_pence"],
        team_leader["variance_pence"],
    ) == (133_434_00, 26_714_00, 70_624_00, 70_624_00 - 133_434_00)
    assert sum(line["budget_pence"] for line in body["items"]) == 1_358_550_00


def test_an_unknown_reporting_point_is_refused(call, token_for, board):
    response = call(token_for(board), f"plans/{SLUG}/finance", point="1999-00-FR9")
    assert response.status_code == 422
