"""The demo plan matches the council's documents, counted from the seeds by hand.

Expected figures come from the seed documents (the plan of 8 May 2025, file 001, and
Appendices 1 and 2 of the committee pack, file 003), not from the loader.
"""

from collections import Counter

import pytest

from improvement.plans.models import (
    Action,
    ActionRow,
    Area,
    Chapter,
    FrontMatterSection,
    GlossaryEntry,
    ImpactCommentary,
    PlanOnAPageEntry,
    TimelineEntry,
)
from improvement.plans.snapshot import PlanSnapshot

# Actions per area, in the plan's order (chapter, area key) -> number of actions.
ACTIONS_PER_AREA = {
    "1-1": 20,  # Senior Leaders' Oversight: SL1 … SL18
    "1-2": 0,  # Care Leavers: actions sit in its sub-areas A–E
    "1-2-a": 6,
    "1-2-b": 10,
    "1-2-c": 4,
    "1-2-d": 9,
    "1-2-e": 6,
    "1-3": 12,  # Quality of plans
    "1-4": 6,  # Quality and frequency of visits
    "1-5": 7,  # Management Oversight and Supervision
    "1-6": 7,  # Effectiveness of IROs
    "1-7": 10,  # Sufficiency of placements
    "2-1": 5,  # The Front Door
    "2-2": 4,  # Strategy Meetings
    "2-3": 2,  # Life-story work and later-life letters
    "2-4": 8,  # Health of Cared for Children
    "2-5": 8,  # Education for Cared for Children
    "2-6": 12,  # Workforce
    "3-1": 4,  # Entries to Care (internal assessment)
    "3-2": 3,  # Children's home inspection
}

# Appendix 1, ratings as at 12 November 2025: 82 of 143 Complete, the report's 57%.
NOVEMBER_RATINGS = {
    "Complete": 82,
    "Complete but need to evidence impact": 39,
    "On track": 8,
    "Closed": 8,
    "Reviewing": 5,
    "Delayed": 1,
}
# The plan as at 8 May 2025, first row of each action (H1 and H2 print "Amber E").
MAY_RATINGS = {
    "Complete": 44,
    "Complete but need to evidence impact": 65,
    "On track": 26,
    "Closed": 6,
    "Reviewing": 2,
}


def test_the_plan_has_three_chapters_and_143_actions(plan):
    assert list(Chapter.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2, 3]
    assert Action.objects.filter(plan=plan).count() == 143


def test_actions_per_chapter_match_the_plan(plan):
    per_chapter = Counter(
        Action.objects.filter(plan=plan).values_list("area__chapter__number", flat=True)
    )
    assert per_chapter == {1: 97, 2: 39, 3: 7}


def test_actions_per_area_match_the_plan(plan):
    areas = Area.objects.for_plan(plan).order_by("chapter__number", "order")
    counted = {a.key: a.actions.count() for a in areas}
    assert counted == ACTIONS_PER_AREA


def test_care_leavers_has_sub_areas_a_to_e(plan):
    care_leavers = Area.objects.get(chapter__plan=plan, key="1-2")
    subs = care_leavers.sub_areas.order_by("order")
    assert [s.number for s in subs] == ["A", "B", "C", "D", "E"]
    assert subs[2].title == "Education, Employment and Training"


def test_every_area_carries_its_narrative(plan):
    for area in Area.objects.for_plan(plan).exclude(key="1-2"):
        assert area.how_we_assess, area
        assert area.what_we_will_see, area
        assert area.inspectors_found or area.source, area


def test_chapter_three_blocks_name_their_source(plan):
    blocks = Area.objects.filter(chapter__plan=plan, chapter__number=3)
    assert blocks.count() == 2
    assert all(b.source for b in blocks)


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-11-12", NOVEMBER_RATINGS), ("2025-05-08", MAY_RATINGS)],
)
def test_ratings_per_level_at_both_dates_match_the_documents(plan, day, expected):
    import datetime as dt

    snapshot = PlanSnapshot(plan, dt.date.fromisoformat(day))
    counted = Counter(snapshot.level_by_id[a.rating_id].name for a in snapshot.actions)
    assert counted == expected


def test_multi_row_actions_keep_each_rows_owner_due_and_rating(plan):
    clb4 = Action.objects.get(plan=plan, ref="CLB4")
    assert clb4.due_text == "Interim hubs in Crewe and Macclesfield by July 2024"
    assert clb4.rating.name == "Complete but need to evidence impact"
    row_one = [o.role.title for o in clb4.owners.filter(row=1)]
    assert row_one == ["Service Manager Care Leavers", "Area Delivery Manager Targeted Youth Work"]
    second = ActionRow.objects.get(action=clb4, row=2)
    assert second.due_text == (
        "Consider suitable options for a long-term care leaver hub in Crewe by the end of 2025"
    )
    assert second.rating.name == "On track"
    assert [o.role.title for o in clb4.owners.filter(row=2)] == [
        "Head of Service for Education Participation and Pupil Support"
    ]


def test_due_text_is_kept_when_it_is_not_a_plain_month(plan):
    expected = {
        "W11": "Monthly",
        "W9": "Quarterly review",
        "SL16": "Start sharing practice by August 2024 and continue throughout the year",
        "S1": "TBC",
        "SL1": "",  # "January 2025": a plain month, kept as a date only
    }
    got = dict(Action.objects.filter(plan=plan, ref__in=expected).values_list("ref", "due_text"))
    assert got == expected


def test_front_matter_glossary_and_timeline_are_loaded(plan):
    titles = list(FrontMatterSection.objects.filter(plan=plan).values_list("title", flat=True))
    assert titles == [
        "Introduction",
        "Context",
        "Coproduction",
        "Support and Challenge",
        "Monitoring Impact",
        "Governance and Accountability",
    ]
    assert GlossaryEntry.objects.filter(plan=plan, term="CINCP").get().meaning == (
        "Child in Need and Child Protection"
    )
    assert PlanOnAPageEntry.objects.filter(plan=plan).count() == 7
    periods = TimelineEntry.objects.filter(plan=plan).values_list("period", flat=True)
    assert "What we achieved by the end of June 2024" in set(periods)
    # The timeline numbers its achievements 1 to 32.
    assert TimelineEntry.objects.filter(plan=plan).count() == 32


def test_the_key_keeps_both_documents_wording(plan):
    amber_e = plan.rating_levels.get(short_name="Amber E")
    assert amber_e.name == "Complete but need to evidence impact"
    assert amber_e.definition == "Action completed but we need to embed and evidence impact"
    assert amber_e.overview_definition == "Completed but we need to embed and evidence impact"
    # The key's Grey line describes "Not started", not the other Grey words.
    grey = plan.rating_levels.filter(colour="grey").order_by("order")
    assert [(g.name, g.definition) for g in grey] == [
        ("Not started", "Action not started yet, no risk to implementation anticipated"),
        ("Reviewing", ""),
        ("Closed", ""),
    ]
    assert list(plan.rating_levels.filter(counts_as_complete=True)) == [
        plan.rating_levels.get(name="Complete")
    ]


def test_impact_commentary_is_kept_for_both_reporting_dates(plan):
    import datetime as dt

    dates = set(
        ImpactCommentary.objects.filter(area__chapter__plan=plan).values_list(
            "reporting_date", flat=True
        )
    )
    assert dates == {dt.date(2025, 5, 8), dt.date(2025, 11, 12)}
    sl = Area.objects.get(chapter__plan=plan, key="1-1")
    may = sl.commentaries.get(reporting_date=dt.date(2025, 5, 8))
    assert may.text.startswith(
        "The family feedback strategy was received by PPP in April and is now being finalised."
    )
