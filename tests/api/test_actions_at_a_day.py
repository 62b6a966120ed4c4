"""Actions as they stood at a day, as the council's two documents print them."""

import datetime as dt

from tests.conftest import fixture_actions

from .conftest import SLUG


def by_ref(call, token, day):
    body = call(token, f"plans/{SLUG}/actions", as_at=day, page_size=500).json()
    return {a["ref"]: a for a in body["items"]}


def test_sl17_was_on_track_for_july_in_may_and_delayed_to_november_by_november(
    call, token_for, board
):
    token = token_for(board)
    may, november = by_ref(call, token, "2025-05-08"), by_ref(call, token, "2025-11-12")
    assert (may["SL17"]["rating"], may["SL17"]["due_date"]) == ("On track", "2025-07-31")
    assert (november["SL17"]["rating"], november["SL17"]["due_date"]) == ("Delayed", "2025-11-30")
    assert november["SL17"]["owners"] == ["Quality Assurance Improvement Lead"]


def test_an_action_carries_its_chapter_area_and_every_rows_owners(call, token_for, board):
    actions = by_ref(call, token_for(board), "2025-11-12")
    assert len(actions) == 143
    sl1 = actions["SL1"]
    assert sl1["short_title"] == "Reporting and governance arrangements"
    assert (sl1["chapter"], sl1["chapter_title"]) == (1, "Chapter 1")
    assert sl1["area"] == "1. Senior Leaders' Oversight"
    assert sl1["owners"] == ["Executive Director of Children's Services"]
    assert (sl1["rating"], sl1["due_date"]) == ("Complete", "2025-01-31")
    assert actions["CLB4"]["owners"] == [
        "Service Manager Care Leavers",
        "Area Delivery Manager Targeted Youth Work",
        "Head of Service for Education Participation and Pupil Support",
    ]
    assert actions["CLB4"]["due_text"] == "Interim hubs in Crewe and Macclesfield by July 2024"


def test_actions_come_in_the_order_the_document_prints_them(call, token_for, board):
    refs = list(by_ref(call, token_for(board), "2025-11-12"))
    assert refs == list(fixture_actions("plan_2025-11-12.json"))


def test_a_past_day_is_read_from_the_history_after_a_change_today(
    call, token_for, board, manager, plan
):
    from improvement.lib.history import save_tracked
    from improvement.plans.models import Action

    action = Action.objects.get(plan=plan, ref="SL17")
    action.progress = "Moved on since November."
    save_tracked(action, user=manager, reason="Monthly update", when=dt.datetime.now(dt.UTC))
    token = token_for(board)
    assert by_ref(call, token, "2025-11-12")["SL17"]["progress"] != "Moved on since November."
    now = call(token, f"plans/{SLUG}/actions", page_size=500).json()["items"]
    assert next(a for a in now if a["ref"] == "SL17")["progress"] == "Moved on since November."
