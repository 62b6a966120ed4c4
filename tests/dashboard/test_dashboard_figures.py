"""The dashboard's figures as at the seeds' two reporting days, read from the rendered
page's data tables; expected values from the seeds (../shared/seeds/)."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.rounds.models import UpdateRound

from .support import table, text


def dashboard(client, plan, as_at):
    url = reverse("dashboard:dashboard", args=[plan.slug])
    response = client.get(url, {"as_at": as_at})
    assert response.status_code == 200
    return response.content.decode()


def points(body):
    """The line's data table: [day, point, complete, per cent] per point (no header)."""
    return table(body, "Percentage complete at each point")[1:]


@pytest.fixture
def signed_in(client, board):
    client.force_login(board)
    return client


def test_the_line_says_31_per_cent_complete_as_at_8_may_2025(signed_in, plan):
    rows = points(dashboard(signed_in, plan, "2025-05-08"))
    # The plan's first day is the as-at day: one point.
    assert rows == [
        ["8 May 2025", "First recorded day; As at", "44 of 143", "31% complete as at 8 May 2025"]
    ]


def test_the_line_says_57_per_cent_complete_as_at_12_november_2025(signed_in, plan):
    rows = points(dashboard(signed_in, plan, "2025-11-12"))
    # 82 of 143 Complete: Appendix 1 of the 19 January 2026 report ("57% actions now complete").
    assert rows[-1][:3] == ["12 November 2025", "As at", "82 of 143"]
    assert rows[-1][3].startswith("57%")
    # Each month end between the two reports reads the 8 May 2025 plan.
    assert [r[0] for r in rows] == [
        "8 May 2025",
        "31 May 2025",
        "30 June 2025",
        "31 July 2025",
        "31 August 2025",
        "30 September 2025",
        "31 October 2025",
        "12 November 2025",
    ]
    assert {r[3].split()[0] for r in rows[:-1]} == {"31%"}


def test_ratings_by_chapter_as_at_12_november_2025_are_appendix_1s(signed_in, plan):
    """Counted by hand from Appendix 1 (seed 003, lines ~2769-3008)."""
    rows = table(dashboard(signed_in, plan, "2025-11-12"), "Actions by rating and chapter")
    head, body = rows[0], rows[1:]
    assert head == [
        "Chapter",
        "Not started",
        "Delayed",
        "On track",
        "Amber E",
        "Complete",
        "Reviewing",
        "Closed",
        "Total",
    ]
    figures = [[r[0]] + [cell.split()[0] for cell in r[1:]] for r in body]
    assert figures == [
        ["Chapter 1", "0", "1", "5", "23", "61", "5", "2", "97"],
        ["Chapter 2", "0", "0", "3", "15", "16", "0", "5", "39"],
        ["Chapter 3", "0", "0", "0", "1", "5", "0", "1", "7"],
    ]


def test_each_figure_links_to_the_plan_page_filtered_as_at_the_day(signed_in, plan):
    body = dashboard(signed_in, plan, "2025-11-12")
    chapter_2 = plan.chapters.get(number=2)
    amber_e = plan.rating_levels.get(short_name="Amber E")
    expected = (
        f"/plans/{plan.slug}/?as_at=2025-11-12&amp;rating={amber_e.pk}"
        f"&amp;chapter={chapter_2.pk}#actions"
    )
    assert f'href="{expected}">15<' in body


def test_a_closed_update_round_is_a_point_on_the_line(signed_in, plan, manager):
    """Rounds: improvement.rounds.models.UpdateRound with status "closed"."""
    round_ = UpdateRound(
        plan=plan,
        name="August 2025 update",
        as_at=dt.date(2025, 8, 15),
        deadline=dt.date(2025, 8, 20),
        status=UpdateRound.Status.CLOSED,
        opened_by=manager,
    )
    save_tracked(round_, user=manager, reason="Test: a closed round.")
    rows = points(dashboard(signed_in, plan, "2025-11-12"))
    assert ["15 August 2025", "Round closed: August 2025 update", "44 of 143"] in [
        r[:3] for r in rows
    ]


def test_the_dashboard_counts_overdue_and_amber_e_as_at_12_november_2025(signed_in, plan):
    body = dashboard(signed_in, plan, "2025-11-12")
    waited = table(body, "Amber E actions by time waited")
    # Appendix 1 rates 39 actions Amber E on 12 November 2025 (23 + 15 + 1).
    assert waited[-1][0] == "All" and waited[-1][1].split()[0] == "39"
    assert "Vital signs, September 2025" in text(body)
