"""Lists come a page at a time: 100 by default, up to 500 when asked."""

from .conftest import SLUG


def test_the_first_page_has_100_of_143_actions_and_the_second_the_rest(call, token_for, board):
    token = token_for(board)
    first = call(token, f"plans/{SLUG}/actions", as_at="2025-11-12").json()
    second = call(token, f"plans/{SLUG}/actions", as_at="2025-11-12", page=2).json()
    assert (first["count"], len(first["items"])) == (143, 100)
    assert (second["count"], len(second["items"])) == (143, 43)
    everything = call(token, f"plans/{SLUG}/actions", as_at="2025-11-12", page_size=500).json()
    assert [a["ref"] for a in first["items"] + second["items"]] == [
        a["ref"] for a in everything["items"]
    ]


def test_a_page_size_over_the_limit_is_cut_to_500(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}/changes", page_size=10_000).json()
    assert body["count"] > 500
    assert len(body["items"]) == 500


def test_a_page_past_the_end_is_empty(call, token_for, board):
    body = call(token_for(board), f"plans/{SLUG}/actions", page=99).json()
    assert body == {"items": [], "count": 143}


def test_a_page_size_of_nought_is_refused(call, token_for, board):
    assert call(token_for(board), f"plans/{SLUG}/actions", page_size=0).status_code == 422


def test_change_pages_run_newest_first(call, token_for, board):
    token = token_for(board)
    first = call(token, f"plans/{SLUG}/changes", page_size=50).json()["items"]
    second = call(token, f"plans/{SLUG}/changes", page_size=50, page=2).json()["items"]
    stamps = [c["when"] for c in first + second]
    assert stamps == sorted(stamps, reverse=True)
    assert stamps[0].startswith("2025-11-12T09:00")
