"""The change log through the API: the page's entries, filtered as the page filters.
Expected sets come from the transcribed documents (fixtures/plan_*.json)."""

from tests.conftest import fixture_actions

from .conftest import SLUG


def every(call, token, **query):
    items, page = [], 1
    while True:
        body = call(token, f"plans/{SLUG}/changes", page=page, page_size=500, **query).json()
        items += body["items"]
        if len(items) >= body["count"]:
            return items
        page += 1


def test_the_wording_filter_finds_the_actions_reworded_between_the_documents(
    call, token_for, board
):
    may, november = fixture_actions("plan_2025-05-08.json"), fixture_actions("plan_2025-11-12.json")
    reworded = {ref for ref in may if may[ref]["text"] != november[ref]["text"]}
    assert "SM4" in reworded  # Appendix 3's revised wording
    found = every(call, token_for(board), since="2025-05-09", until="2025-11-12", field="wording")
    assert {c["subject"] for c in found} == reworded
    assert len(found) == len(reworded)
    assert all("wording" in [f["field"] for f in c["fields"]] for c in found)


def test_the_action_filter_keeps_that_actions_changes(call, token_for, board):
    found = every(call, token_for(board), action="SL17", since="2025-05-09")
    assert {c["ref"] for c in found} == {"SL17"}
    rating = [f for c in found for f in c["fields"] if f["field"] == "rating"]
    assert [(f["before"], f["after"]) for f in rating] == [("On track", "Delayed")]


def test_the_person_filter_keeps_only_their_changes(call, token_for, board):
    token = token_for(board)
    found = every(call, token, person="admin")
    assert found
    assert {c["person"] for c in found} == {"admin"}
    assert all(c["when"].startswith("2025-05-08") for c in found)
    assert every(call, token, person="nobody-by-this-name") == []


def test_until_before_since_is_refused(call, token_for, board):
    response = call(
        token_for(board), f"plans/{SLUG}/changes", since="2025-11-12", until="2025-05-08"
    )
    assert response.status_code == 422


def test_an_unknown_field_is_refused(call, token_for, board):
    response = call(token_for(board), f"plans/{SLUG}/changes", field="colour")
    assert response.status_code == 422


def test_an_unknown_action_has_no_changes(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}/changes", action="NOPE").json()
    assert body == {"items": [], "count": 0}


def test_a_change_says_who_when_and_why(call, token_for, board):
    first = call(token_for(board), f"plans/{SLUG}/changes").json()["items"][0]
    assert set(first) == {
        "when", "who", "person", "kind", "ref", "subject", "area", "note", "reason", "fields",
    }  # fmt: skip
    assert first["when"].startswith("2025-11-12T09:00")
    assert first["reason"]
