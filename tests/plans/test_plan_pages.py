"""The plan as leaders read it: the plans list, the plan (summary, then chapters → areas →
actions), an area with its whole narrative, and one action. Expected values are the
seed documents' (Appendix 1 as at 12 November 2025: 143 actions, 82 Complete, 57%)."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text(markup):
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    markup = markup[1:] if markup.startswith(">") else markup
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def plan_page(client, plan, board):
    client.force_login(board)
    return client.get(reverse("plans:detail", args=[plan.slug])).content.decode()


def test_the_plans_list_shows_the_plans_i_have_a_role_in(client, plan, board, outsider):
    client.force_login(board)
    body = text(client.get(reverse("plans:index")).content.decode())
    assert "Children's Services Improvement Plan Cheshire East Council 143 57%" in body
    client.force_login(outsider)
    assert (
        "There are no plans you can see yet" in client.get(reverse("plans:index")).content.decode()
    )


def test_the_summary_counts_actions_by_rating_with_their_words(plan_page):
    summary = text(plan_page.split('id="summary-heading"')[1].split("</section>")[0])
    assert "143 actions" in summary
    assert "57% complete (82 of 143 rated Complete)" in summary
    for word, count in [
        ("Delayed", 1),
        ("On track", 8),
        ("Complete but need to evidence impact", 39),
        ("Complete", 82),
        ("Reviewing", 5),
        ("Closed", 8),
    ]:
        assert f"{word} {count}" in summary


def test_the_summary_counts_overdue_actions(plan_page):
    overdue = plan_page.count('app-flag--overdue"')
    summary = text(plan_page.split('id="summary-heading"')[1].split("</section>")[0])
    assert f"{overdue} overdue" in summary
    assert overdue > 0


def test_ratings_are_coloured_and_always_carry_their_word(plan_page):
    # The colour is an SVG fill (the Content-Security-Policy refuses style attributes).
    chips = re.findall(
        r'<span class="app-rating app-rating--(\w+) app-rating--(?:light|dark)-text">'
        r'<svg class="app-rating__fill"[^>]*><rect [^>]*fill="(#[0-9a-f]{6})"/></svg>'
        r"(.*?)</span></span>",
        plan_page,
    )
    assert len(chips) > 143
    for _colour, fill, inner in chips:
        assert fill.startswith("#")
        assert text(inner)


def test_the_plan_reads_chapters_then_areas_then_action_tables(plan_page):
    headings = re.findall(r'<h([234])[^>]*id="(chapter-\d|area-[\w-]+)"', plan_page)
    assert headings[:4] == [
        ("2", "chapter-1"),
        ("3", "area-1-1"),
        ("3", "area-1-2"),
        ("4", "area-1-2-a"),
    ]
    assert [h for h in headings if h[0] == "2"] == [
        ("2", "chapter-1"),
        ("2", "chapter-2"),
        ("2", "chapter-3"),
    ]
    table = plan_page.split('id="area-1-1"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col"[^>]*>(\w[\w ]*)</th>', table) == [
        "Ref",
        "Action",
        "Owner",
        "Due by",
        "Rating",
    ]
    sl1 = text(table.split('id="action-SL1"')[1].split("</tr>")[0])
    assert sl1.startswith("SL1 Ensure there is effective line of sight from frontline practice")
    assert "Executive Director of Children's Services January 2025 Complete" in sl1


def test_an_action_with_two_rows_prints_both_rows(plan_page):
    clb4 = plan_page.split('id="action-CLB4"')[1].split("</tbody>")[0]
    assert 'rowspan="2"' in plan_page.split('id="action-CLB4"')[1][:300]
    assert clb4.count("app-rating app-rating--") >= 2


def test_an_officer_sees_update_links_only_on_their_own_actions(client, plan, owner):
    client.force_login(owner)
    body = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    links = set(re.findall(r"/actions/(\w+)/edit/", body))
    assert "SL14" in links
    assert "SL18" not in links
    assert "SL1" not in links


def test_the_area_page_has_the_whole_narrative(client, plan, board):
    client.force_login(board)
    body = client.get(reverse("plans:area", args=[plan.slug, "1-1"])).content.decode()
    flat = text(body)
    for heading in [
        "What needs to improve",
        "What inspectors found",
        "Actions",
        "How we'll assess if we've addressed this area",
        "What we will see when we've addressed this area",
        "Key improvement activities delivered and what impact we are achieving",
    ]:
        assert heading in flat
    assert "Senior leaders had not recognised, until this inspection" in flat
    assert "Latest: 12 November 2025" in flat
    assert "8 May 2025" in flat.split("Earlier commentary")[1]
    assert "The family feedback strategy was received by PPP in April" in flat


def test_a_parent_area_lists_its_sub_areas(client, plan, board):
    client.force_login(board)
    body = text(client.get(reverse("plans:area", args=[plan.slug, "1-2"])).content.decode())
    for sub in [
        "A. Quality of practice",
        "B. Planning for Adulthood",
        "E. Care leavers aged over 21",
    ]:
        assert sub in body


def test_the_action_page_shows_the_action_in_full(client, plan, board):
    client.force_login(board)
    body = text(client.get(reverse("plans:action", args=[plan.slug, "SL17"])).content.decode())
    assert "Action SL17" in body
    assert "Strengthen the audit process – revise the audit tool" in body
    assert "Rating Delayed" in body
    assert "Due by November 2025" in body
    assert "Owner Quality Assurance Improvement Lead" in body
    assert "Latest changes" in body
    latest = body.split("Latest changes")[1]
    assert "12 November 2025 at 9:00am – Maya Manager" in latest
    assert "Rating On track Delayed" in latest


def test_readers_get_no_update_button(client, plan, board, owner):
    client.force_login(board)
    assert (
        "Update this action"
        not in client.get(reverse("plans:action", args=[plan.slug, "SL14"])).content.decode()
    )
    client.force_login(owner)
    assert (
        "Update this action"
        in client.get(reverse("plans:action", args=[plan.slug, "SL14"])).content.decode()
    )


def test_an_unknown_area_or_action_is_not_found(client, plan, board):
    client.force_login(board)
    assert client.get(reverse("plans:area", args=[plan.slug, "9-9"])).status_code == 404
    assert client.get(reverse("plans:action", args=[plan.slug, "ZZ1"])).status_code == 404
