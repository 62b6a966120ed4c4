"""The plan at two dates side by side.

Counts per rating are the ones counted by hand from the seed documents (see
tests/plans/test_demo_fixture_integrity.py); movements and differences are worked out
from the transcribed documents in the test itself.
"""

import re
from collections import Counter

import pytest
from django.urls import reverse

from improvement.plans.due import format_due, parse_due

from .conftest import add_rounds

MAY_RATINGS = {
    "Complete": 44,
    "Complete but need to evidence impact": 65,
    "On track": 26,
    "Closed": 6,
    "Reviewing": 2,
    "Delayed": 0,
    "Not started": 0,
}
NOVEMBER_RATINGS = {
    "Complete": 82,
    "Complete but need to evidence impact": 39,
    "On track": 8,
    "Closed": 8,
    "Reviewing": 5,
    "Delayed": 1,
    "Not started": 0,
}
LONG = {"Amber E": "Complete but need to evidence impact"}


def rating(action):
    word = " ".join(action["rows"][0]["rating"].split())
    return LONG.get(word, word)


def compare(client, plan, day_from="2025-05-08", day_to="2025-11-12"):
    url = reverse("governance:compare", args=[plan.slug])
    return client.get(f"{url}?from={day_from}&to={day_to}")


def table(html, caption_start):
    """Rows of the table whose caption starts with the given words, as lists of cell text."""
    for block in re.findall(r"<table.*?</table>", html, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", block, re.S)
        if caption and caption.group(1).strip().startswith(caption_start):
            rows = re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S)
            return [
                [
                    re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
                    for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                ]
                for row in rows
            ]
    raise AssertionError(f"no table captioned {caption_start!r}")


def strip_hidden(text):
    return re.sub(r"\s+", " ", text.replace("kept this rating", "")).strip()


def test_counts_by_rating_are_the_documents_counts(login, plan, board):
    html = compare(login(board), plan).content.decode()
    rows = table(html, "Actions by rating at each date")[1:]
    counted = {name: (int(before), int(after)) for name, before, after in rows}
    for name in MAY_RATINGS:
        assert counted[name] == (MAY_RATINGS[name], NOVEMBER_RATINGS[name]), name
    assert counted["All actions"] == (143, 143)


def test_the_movement_matrix_counts_each_actions_move(login, plan, board, may_doc, november_doc):
    moves = Counter((rating(may_doc[ref]), rating(november_doc[ref])) for ref in may_doc)
    assert moves[("On track", "Delayed")] == 1  # SL17
    html = compare(login(board), plan).content.decode()
    rows = table(html, "How ratings moved")
    short = {"Amber E": "Complete but need to evidence impact"}
    columns = [short.get(c, c) for c in rows[0][1:-1]]
    for row in rows[1:]:
        source = short.get(row[0], row[0])
        for column, cell in zip(columns, row[1:-1], strict=True):
            assert int(strip_hidden(cell)) == moves[(source, column)], (source, column)
        assert int(row[-1]) == MAY_RATINGS[source]


def test_changed_actions_are_listed_under_their_area(login, plan, board, may_doc, november_doc):
    html = compare(login(board), plan).content.decode()

    def due(action):
        return format_due(*parse_due(action["rows"][0]["due"]))

    changed = {
        ref
        for ref in may_doc
        if rating(may_doc[ref]) != rating(november_doc[ref])
        or may_doc[ref]["text"] != november_doc[ref]["text"]
        or may_doc[ref]["rows"][0]["owners"] != november_doc[ref]["rows"][0]["owners"]
        or due(may_doc[ref]) != due(november_doc[ref])
    }
    listed = set(
        re.findall(r'<a class="govuk-link" href="/plans/[^/]+/actions/([^/]+)/history/">', html)
    )
    # Appendix 1's operative month can stand in for a worded due date; every document
    # difference must be listed, and the page lists nothing the documents agree on
    # except where the plan's operative month moved.
    assert changed - listed == set()
    assert "SM4" in listed and "SL1" not in listed
    heading = html.index("3. Quality of plans")
    assert heading < html.index('/actions/P7/history/"', heading)


def test_old_values_are_struck_through_and_new_ones_marked(login, plan, board):
    html = compare(login(board), plan).content.decode()
    p7 = html[html.index('/actions/P7/history/"') :]
    p7 = p7[: p7.index("</tbody>")]
    assert re.search(
        r'<del class="app-change__old"><span class="govuk-visually-hidden">was </span>September 2025</del>',
        p7,
    )
    assert re.search(
        r'<ins class="app-change__new"><span class="govuk-visually-hidden">now </span>January 2026</ins>',
        p7,
    )


def test_dates_the_wrong_way_round_are_explained(login, plan, board):
    response = compare(login(board), plan, "2025-11-12", "2025-05-08")
    assert response.status_code == 400
    assert (
        "The second date must be the same as or after the first date" in response.content.decode()
    )


def test_a_date_that_is_not_a_date_is_explained(login, plan, board):
    response = compare(login(board), plan, "12/11/2025", "2025-13-40")
    html = response.content.decode()
    assert response.status_code == 400
    assert "The first date must be a real date" in html
    assert "The second date must be a real date" in html


def test_without_dates_the_page_asks_for_them(login, plan, board):
    response = login(board).get(reverse("governance:compare", args=[plan.slug]))
    assert response.status_code == 200
    assert "Choose two dates" in response.content.decode()


def test_outsiders_get_not_found(login, plan, outsider):
    assert compare(login(outsider), plan).status_code == 404


@pytest.mark.parametrize("extra_rounds", [0, 10])
def test_the_page_costs_the_same_queries_for_a_ten_times_longer_history(
    login, plan, manager, board, django_assert_num_queries, extra_rounds
):
    add_rounds(plan, manager, extra_rounds)
    client = login(board)
    # Session, user, plan, membership; ratings, roles, areas, actions (vocabulary);
    # at each of the two dates the snapshot's actions, further rows, owners and roles;
    # the header's counts of proposed changes.
    with django_assert_num_queries(17):
        assert compare(client, plan).status_code == 200
