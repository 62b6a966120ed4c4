"""The demo's inspections, transcribed from the seeds (../shared/seeds/): the 2024
inspection with the plan's Chapter 1 areas as its findings, and the monitoring visit
letter of 13 November 2025 (004_976f15b699dd51c2.txt)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from improvement.demo.findings import load_demo_findings
from improvement.findings.models import Finding, Inspection


@pytest.fixture
def inspection(plan):
    return Inspection.objects.get(plan=plan, kind=Inspection.Kind.INSPECTION)


@pytest.fixture
def visit(plan):
    return Inspection.objects.get(plan=plan, kind=Inspection.Kind.MONITORING_VISIT)


def test_the_demo_plan_has_the_2024_inspection_and_the_monitoring_visit(plan):
    assert Inspection.objects.filter(plan=plan).count() == 2


def test_the_2024_inspection_has_no_made_up_day(inspection):
    # 001 line 44: "the Ofsted inspection ... which took place in February and March 2024"
    # (no day given anywhere in the seeds).
    assert inspection.date is None
    assert inspection.held == "February and March 2024"
    assert "(ILACS)" in inspection.title
    assert inspection.letter_url == ""  # the seeds' links are "(#)"


def test_the_2024_inspection_has_one_area_for_improvement_per_chapter_one_area(inspection):
    # 001 line 119: "The first chapter of the plan is structured under the seven areas for
    # improvement highlighted in the 2024 Ofsted inspection report."
    findings = list(inspection.findings.all())
    assert len(findings) == 7
    assert {f.kind for f in findings} == {Finding.Kind.AREA_FOR_IMPROVEMENT}
    assert [f.heading for f in findings] == [
        "1. Senior Leaders' Oversight",
        "2. Care Leavers",
        "3. Quality of plans",
        "4. Quality and frequency of visits",
        "5. Management Oversight and Supervision",
        "6. Effectiveness of IROs",
        "7. Sufficiency of placements",
    ]


def test_each_2024_finding_quotes_what_inspectors_found_or_the_title(inspection):
    first, care_leavers = inspection.findings.all()[:2]
    # 001 line 255, the first bullet of area 1's "What inspectors found".
    assert first.text.startswith(
        "- Senior leaders had not recognised, until this inspection, the extent of "
        "improvement required in services for care leavers."
    )
    # Care Leavers has its text in sub-areas A–E, none of its own.
    assert care_leavers.text == "Care Leavers"


def test_each_2024_finding_is_linked_to_its_area_and_all_its_actions(inspection):
    care_leavers = inspection.findings.get(order=2)
    assert [a.title for a in care_leavers.areas.all()] == ["Care Leavers"]
    # 003 Appendix 1 (lines ~2811–2857): CLA 6, CLB 10, CLC 4, CLD 9, CLE 6 actions.
    assert care_leavers.actions.count() == 35
    visits = inspection.findings.get(order=4)
    assert sorted(visits.actions.values_list("ref", flat=True)) == [
        "V1",
        "V2",
        "V3",
        "V4",
        "V5",
        "V7",
    ]


def test_the_monitoring_visit_is_dated_as_the_letter(visit):
    assert visit.date == dt.date(2025, 11, 13)  # 004 line 1
    assert visit.held == "14 and 15 October 2025"  # 004 lines 17–18
    assert visit.focus.startswith(
        "Inspectors reviewed the progress made in the following areas of concern identified "
        "at the last inspection:"
    )
    assert "- The quality of management oversight and supervision." in visit.focus  # line 36


def test_the_letter_has_twenty_five_findings_transcribed(visit):
    # 004: "Headline findings" (line 41) has 4 paragraphs (lines 43–62); "Findings and
    # evaluation of progress" (line 64) has 21 (lines 66–201, counting the paragraphs
    # that start a new page at lines 94, 138 and 182).
    findings = list(visit.findings.all())
    assert len(findings) == 25
    assert [f.heading for f in findings].count("Headline findings") == 4
    assert {f.kind for f in findings} == {Finding.Kind.FINDING}


def test_the_letter_is_quoted_word_for_word(visit):
    fourth = visit.findings.get(order=4)
    # 004 lines 58–62, joined.
    assert fourth.text == (
        "The quality of practice for children in care, including disabled children, remains "
        "inconsistent. Nevertheless, improvements are being made in specific areas of "
        "practice, such as the quality of children’s care plans, the focus and oversight of "
        "early permanence and the impact of the IRO service. Leaders have appropriate plans "
        "in place to further develop and embed improvements in this area of practice."
    )
    healthy = visit.findings.get(order=18)
    assert "Most children have up-to-date dental checks" in healthy.text  # lines 147–148


def test_five_letter_findings_are_not_yet_linked_to_the_plan(visit):
    unlinked = visit.findings.filter(areas__isnull=True)
    # Unregistered homes (line 87), risks and missing (107), discharge of care orders
    # (127), unaccompanied children's homes (144), hobbies (153).
    assert [f.text.split(" ")[:4] for f in unlinked] == [
        ["A", "small", "number", "of"],
        ["Risks", "to", "children", "in"],
        ["Delays", "in", "the", "discharge"],
        ["Most", "unaccompanied", "asylum-seeking", "children"],
        ["Cared-for", "children", "have", "a"],
    ]


def test_letter_findings_link_only_where_the_words_name_the_area(visit):
    iro = visit.findings.get(text__startswith="Work has been completed with the IRO service")
    assert [a.title for a in iro.areas.all()] == ["Effectiveness of IROs"]
    tracker = visit.findings.get(text__startswith="Oversight of all children in care")
    assert [a.title for a in tracker.areas.all()] == ["Management Oversight and Supervision"]
    assert list(tracker.actions.values_list("ref", flat=True)) == ["MO5"]


def test_loading_the_findings_again_writes_nothing(plan):
    before = Finding.history.count() + Inspection.history.count()
    manager = get_user_model().objects.get(username="manager")
    assert load_demo_findings(plan, user=manager) == 0
    assert Finding.history.count() + Inspection.history.count() == before


def test_each_demo_finding_is_transcribed_then_linked_in_its_history(visit):
    finding = visit.findings.get(order=1)
    transcribed, linked = finding.history.order_by("history_date", "history_id")
    assert transcribed.history_type == "+" and linked.history_type == "~"
    assert {transcribed.history_user.username, linked.history_user.username} == {"manager"}
    assert transcribed.history_date.date() == dt.date(2025, 11, 13)
    assert "monitoring visit letter of 13 November 2025" in transcribed.history_change_reason
    assert list(transcribed.areas.all()) == []
    assert linked.history_date > transcribed.history_date
    assert "only where its words name the area" in linked.history_change_reason
    assert [row.area.title for row in linked.areas.all()] == ["Workforce"]
