"""The traceability page: a finding → its areas → their actions and ratings → the areas'
vital signs → their latest impact commentary; and the list and inspection pages."""

import re

import pytest
from django.urls import reverse

from improvement.findings.models import Finding, Inspection
from improvement.findings.records import save_finding
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, Area

# Session and user (2), plan and role (2), the finding with its inspection, its area ids
# and action ids (3), the plan snapshot: scale, roles, chapters, areas, actions, further
# rows, owners, commentary (8), the vital signs: latest month, indicators, their areas,
# their values (4); for a plan manager, the header's counts of proposed changes and
# sign-offs (1).
TRACE_PAGE = 20
PAST_TRACE_PAGE = 19  # the vital signs' month is the day's: no latest-month query
INSPECTION_PAGE = 9  # 5 + the inspection, its findings, their areas and their actions
LIST_PAGE = 6  # 5 + the inspections with their counts


@pytest.fixture
def care_leavers(plan):
    """The 2024 inspection's area for improvement 2, Care Leavers."""
    return Finding.objects.get(inspection__plan=plan, inspection__kind="inspection", order=2)


def trace_url(plan, finding, as_at=None):
    url = reverse("findings:finding", args=[plan.slug, finding.pk])
    return f"{url}?as_at={as_at}" if as_at else url


def row_of(html, ref):
    """The table row of one action on the page."""
    match = re.search(
        rf'<tr class="govuk-table__row">\s*<th[^>]*><a[^>]*>{ref}</a>.*?</tr>', html, re.S
    )
    assert match, f"no row for {ref}"
    return match.group(0)


def rating_in(row):
    return re.findall(r'<span class="app-rating__word">([^<]+)</span>', row)


def test_care_leavers_traces_to_its_sub_areas_actions_and_ratings(
    client, plan, board, care_leavers
):
    client.force_login(board)
    html = client.get(trace_url(plan, care_leavers)).content.decode()
    for title in (
        "Quality of practice",
        "Planning for Adulthood",
        "Education, Employment and Training",
        "Accommodation",
        "Care leavers aged over 21",
    ):
        assert title in html
    # 003 Appendix 1, ratings as at 12 November 2025 (lines ~2811–2857).
    assert rating_in(row_of(html, "CLA1")) == ["Complete"]
    assert rating_in(row_of(html, "CLD9")) == ["On track"]
    assert rating_in(row_of(html, "CLE3")) == ["Complete but need to evidence impact"]
    assert rating_in(row_of(html, "CLB6")) == ["Complete"]
    # Appendix 1's CL rows: 32 Complete, CLB4 and CLE3 Amber E, CLD9 On track.
    assert "1 On track, 2 Complete but need to evidence impact, 32 Complete" in html
    # It names every action of its area, so none is singled out.
    assert "Named for this finding" not in html


def test_care_leavers_shows_each_sub_areas_vital_signs_and_latest_commentary(
    client, plan, board, care_leavers
):
    client.force_login(board)
    html = client.get(trace_url(plan, care_leavers)).content.decode()
    # fixtures/scorecard_area_links.json: 1-2-c → 46a, 47a; 1-2-d → 46b, 47b.
    for code in ("46a", "47a", "46b", "47b"):
        assert f">{code}. " in html
    # 1-2-d's commentary as at 12 November 2025 (003 Appendix 2), not 8 May 2025's.
    assert "Reported 12 November 2025" in html
    assert "Plans for procurement" in html


def test_a_past_day_shows_the_ratings_of_that_day(client, plan, board, care_leavers):
    client.force_login(board)
    html = client.get(trace_url(plan, care_leavers, "2025-05-08")).content.decode()
    assert "as it stood at the end of 8 May 2025" in html
    # 001 line 355: CLB6 "On track" as at 8 May 2025 (Complete by 12 November 2025).
    assert rating_in(row_of(html, "CLB6")) == ["On track"]
    assert "Plans for procurement" not in html  # 1-2-d's November commentary


def test_an_unlinked_letter_finding_says_so(client, plan, board):
    client.force_login(board)
    finding = Finding.objects.get(
        inspection__kind="monitoring_visit", text__startswith="Cared-for children have"
    )
    html = client.get(trace_url(plan, finding)).content.decode()
    assert "Not yet linked to the plan" in html


def test_an_action_named_for_the_finding_is_marked(client, plan, board):
    client.force_login(board)
    finding = Finding.objects.get(text__startswith="Oversight of all children in care")
    html = client.get(trace_url(plan, finding)).content.decode()
    assert "Named for this finding" in row_of(html, "MO5")
    assert "Named for this finding" not in row_of(html, "MO1")


def test_the_inspection_page_lists_findings_with_their_links(client, plan, board):
    client.force_login(board)
    visit = Inspection.objects.get(plan=plan, kind="monitoring_visit")
    html = client.get(reverse("findings:inspection", args=[plan.slug, visit.pk])).content.decode()
    assert html.count('class="app-finding"') == 25
    assert html.count("Not yet linked to the plan") == 5
    assert "Headline findings" in html and "Findings and evaluation of progress" in html


def test_the_list_page_counts_findings_and_unlinked_ones(client, plan, clerk):
    client.force_login(clerk)
    html = client.get(reverse("findings:list", args=[plan.slug])).content.decode()
    cells = re.findall(r"govuk-table__cell--numeric\">(\d+)<", html)
    assert cells == ["25", "5", "7", "0"]  # the visit (newest) first, then the inspection


def _grow(plan, finding, manager):
    """Ten times the links: every Chapter 1 and 2 area, more actions, ten more findings."""
    areas = list(Area.objects.filter(chapter__plan=plan, chapter__number__in=[1, 2]))
    actions = list(Action.objects.filter(plan=plan, area__in=areas))
    save_finding(finding, user=manager, reason="Test: 10×.", areas=areas, actions=actions)
    for n in range(10):
        extra = Finding(inspection=finding.inspection, order=100 + n, text=f"Extra {n}")
        save_finding(extra, user=manager, reason="Test: 10×.", areas=areas[:3])
    return len(areas)


@pytest.mark.parametrize(
    ("as_at", "queries"), [(None, TRACE_PAGE), ("2025-05-08", PAST_TRACE_PAGE)]
)
def test_the_trace_page_makes_the_same_queries_for_ten_times_the_links(
    client, plan, manager, django_assert_num_queries, as_at, queries
):
    client.force_login(manager)
    finding = Finding.objects.get(inspection__kind="monitoring_visit", order=4)  # 3 areas
    with django_assert_num_queries(queries):
        assert client.get(trace_url(plan, finding, as_at)).status_code == 200
    assert _grow(plan, finding, manager) == 7 + 5 + 6  # Chapter 1's areas, sub-areas, Chapter 2's
    with django_assert_num_queries(queries):
        assert client.get(trace_url(plan, finding, as_at)).status_code == 200


def test_the_inspection_and_list_pages_make_the_same_queries_for_ten_times_the_findings(
    client, plan, manager, django_assert_num_queries
):
    client.force_login(manager)
    visit = Inspection.objects.get(plan=plan, kind="monitoring_visit")
    pages = [reverse("findings:inspection", args=[plan.slug, visit.pk])]
    for url, count in (
        (pages[0], INSPECTION_PAGE),
        (reverse("findings:list", args=[plan.slug]), LIST_PAGE),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    _grow(plan, visit.findings.get(order=4), manager)
    for n in range(10):  # and ten more visits
        save_tracked(
            Inspection(plan=plan, kind="monitoring_visit", title=f"Visit {n}"),
            user=manager,
            reason="Test: 10×.",
        )
    for url, count in (
        (pages[0], INSPECTION_PAGE),
        (reverse("findings:list", args=[plan.slug]), LIST_PAGE),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
