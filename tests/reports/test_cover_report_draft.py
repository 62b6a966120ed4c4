"""The committee cover report drafted from the demo plan's data, as the seed's progress
report (000_7178dec8a5c2704f.txt) words it. Expected figures are the seeds'."""

import datetime as dt

import pytest

from improvement.findings.models import Finding, Inspection
from improvement.lib.history import save_tracked
from improvement.reports.appendices import render_html
from improvement.reports.cache import cache_key
from improvement.reports.cover import cover_context, draft_sections, new_draft
from improvement.reports.forms import PackOptions

NOV, MAY = dt.date(2025, 11, 12), dt.date(2025, 5, 8)


@pytest.fixture
def drafted(plan):
    return draft_sections(plan, as_at=NOV, since=MAY, committee="Children and Families Committee")


def test_the_executive_summary_says_57_percent_complete_at_12_november_2025(drafted):
    # Appendix 1 as at 12 November 2025: 82 of 143 actions Complete, "57% actions now complete".
    assert drafted["executive_summary"] == (
        "We are continuing to make progress in delivering our improvement plan, with 57% "
        "actions now complete (82 of 143 actions as at 12 November 2025)."
    )


def test_the_background_counts_appendix_3s_changes_since_the_last_report(drafted):
    text = drafted["background"]
    # The seed's Appendix 3: P7, P10, W12 revised; SL17 delayed; SM4 reworded; five under review.
    assert (
        "Since 8 May 2025, the timescales of 3 actions have been revised; 1 action is delayed; "
        "the wording of 1 action has been revised; 5 actions are under review."
    ) in text
    assert "- Revised timescales: P7, P10, W12 (3 of 3 agreed through governance)" in text
    assert (
        "- Under review/ scoping: SL8, SL18, P5, P12, S5 (5 of 5 agreed through governance)" in text
    )
    assert "included in Appendix 3 for transparency" in text


def test_key_improvement_activity_quotes_the_areas_impact_commentary(drafted):
    text = drafted["progress"]
    assert (
        "Key improvement activity which has taken place since the last update to committee includes:"
        in text
    )
    # Chapter 1 area 1's commentary as at 12 November 2025 (Appendix 2) opens so.
    assert (
        "The third monitoring visit in October 2025 found that the senior leadership team is "
        "sharply focused on improving the quality of social work practice."
    ) in text


def test_the_finance_section_gives_the_seeds_fr3_figures(drafted):
    assert drafted["finance_commentary"] == (
        "The 2025/26 forecast at FR3 is £1,761,734 as detailed in the table, against a budget "
        "of £1,358,550: a forecast £403,184 overspend. Actual spend to date (end of October 25) "
        "is £990,937."
    )


def test_the_monitoring_visit_findings_come_from_the_recorded_visit(plan, manager):
    visit = save_tracked(
        Inspection(
            plan=plan,
            kind="monitoring_visit",
            date=dt.date(2025, 11, 13),
            title="Monitoring visit to Cheshire East children's services",
        ),
        user=manager,
        reason="test",
    )  # the letter of 13 November 2025 (004_976f15b699dd51c2.txt)
    save_tracked(
        Finding(inspection=visit, order=1, text="Senior leaders are sharply focused on "
                "improving the quality of social work practice."),
        user=manager, reason="test",
    )  # fmt: skip
    # The seed's report: ratings as at 12 November 2025, meeting 19 January 2026.
    drafted = draft_sections(plan, as_at=NOV, since=MAY, meeting_date=dt.date(2026, 1, 19))
    assert drafted["monitoring_findings"].startswith(
        "The Monitoring visit to Cheshire East children's services, 13 November 2025 found:"
    )
    assert "- Senior leaders are sharply focused" in drafted["monitoring_findings"]
    assert "- Note the findings from the Monitoring visit" in drafted["recommendations"]
    # A report with no meeting date, as at a day before the letter, does not print it.
    earlier = draft_sections(plan, as_at=NOV, since=MAY)["monitoring_findings"]
    assert "13 November 2025" not in earlier


def test_paragraphs_are_numbered_through_the_report_and_the_finance_table_follows(plan):
    c = cover_context(new_draft(plan, as_at=NOV, since=MAY))
    numbers = [b["number"] for s in c["sections"] for b in s["blocks"] if b.get("number")]
    assert numbers == list(range(1, len(numbers) + 1))
    recommendations = next(s for s in c["sections"] if s["key"] == "recommendations")
    assert [b["kind"] for b in recommendations["blocks"]] == ["p", "ol"]
    assert c["finance"]["totals"]["forecast"] == 1_761_734_00


def test_the_pack_starts_with_the_cover_report_only_when_asked(plan):
    with_cover = render_html(plan, "pack", PackOptions(as_at=NOV, since=MAY, cover_report=True))
    assert with_cover.index("Improvement Plan Progress Report") < with_cover.index(
        "committee appendices"
    )
    assert "57% actions now complete" in with_cover
    assert "£1,761,734" in with_cover
    assert "no plan manager has reviewed this report yet" in with_cover
    without = render_html(plan, "pack", PackOptions(as_at=NOV, since=MAY))
    assert "Improvement Plan Progress Report" not in without


def test_the_pack_prints_the_saved_report_and_its_edits_make_a_new_pdf(plan, manager):
    options = PackOptions(as_at=NOV, since=MAY, cover_report=True)
    report = save_tracked(new_draft(plan, as_at=NOV, since=MAY), user=manager, reason="Drafted.")
    before = cache_key(plan, "pack", options)
    report.purpose = "A purpose the manager wrote."
    save_tracked(report, user=manager, reason="Purpose reworded.")
    assert cache_key(plan, "pack", options) != before
    html = render_html(plan, "pack", options)
    assert "A purpose the manager wrote." in html
    assert "no plan manager has reviewed" not in html
