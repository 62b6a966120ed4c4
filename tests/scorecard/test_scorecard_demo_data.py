"""The scorecard matches Appendix 4 of the committee pack (file 003), counted by hand."""

import datetime as dt
from collections import Counter
from decimal import Decimal

from improvement.scorecard.models import Indicator, IndicatorValue, ScorecardSection

SECTIONS = [
    ("Early Help and Front Door Responses", "Early Help and Front Door information only", 16),
    ("Robust and effective social work practice", "All of CYPFS", 13),
    (
        "At risk of Care, Cared for and Care Experienced Children and Young People",
        "All of CYPFS",
        30,
    ),
    ("Quality Assurance and Audit (safeguarding)", "All of CYPFS", 5),
    ("Quality Assurance and Audit (auditing)", "All of CYPFS", 10),
    ("A Stable and able workforce", "All of CYPFS", 17),
]


def test_sections_and_indicators_per_section_match_appendix_4(plan):
    sections = ScorecardSection.objects.filter(plan=plan).order_by("order")
    got = [(s.title, s.scope, s.indicators.count()) for s in sections]
    assert got == SECTIONS
    assert Indicator.objects.filter(plan=plan).count() == 91


def test_every_indicator_has_twelve_months_october_2024_to_september_2025(plan):
    per_indicator = Counter(
        IndicatorValue.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True)
    )
    assert len(per_indicator) == 91
    assert set(per_indicator.values()) == {12}
    months = sorted(set(IndicatorValue.objects.values_list("month", flat=True)))
    assert months[0] == dt.date(2024, 10, 1)
    assert months[-1] == dt.date(2025, 9, 1)
    assert len(months) == 12


def test_indicator_one_reads_as_printed(plan):
    one = Indicator.objects.get(plan=plan, code="1")
    assert one.title == (
        "Percentage of Early Help Assessments completed within 45 working days (in month)"
    )
    assert (one.target_text, one.target_kind, one.target_low) == ("90.0%", "at_least", 90)
    assert one.sn_average_text == "N/A"
    assert one.sn_average is None
    printed = list(one.values.order_by("month").values_list("text", flat=True))
    assert printed[:3] == ["84.0%", "87.4%", "94.0%"]
    assert printed[-1] == "94.7%"


def test_targets_keep_their_printed_words_and_parsed_form(plan):
    two = Indicator.objects.get(plan=plan, code="2")
    assert (two.target_text, two.target_kind, two.target_high) == ("Below 8%", "at_most", 8)
    three = Indicator.objects.get(plan=plan, code="3")
    assert (three.target_text, three.target_kind) == ("Monitor", "monitor")
    ranges = Indicator.objects.filter(plan=plan, target_kind="range")
    assert {i.target_text for i in ranges} >= {"105-135", "34-35", "90-95%"}


def test_value_forms_counts_rates_and_nya_are_kept(plan):
    values = IndicatorValue.objects.filter(indicator__plan=plan)
    with_count = values.exclude(count=None).first()
    assert "(" in with_count.text and with_count.value is not None
    rate = values.filter(text__endswith="r").first()
    assert rate.value == Decimal(rate.text[:-1])
    assert values.filter(status="nya").count() == 2
    assert values.filter(status="missing", text="").count() == 65


def test_each_section_has_its_september_narrative(plan):
    for section in ScorecardSection.objects.filter(plan=plan):
        assert section.narratives.filter(month=dt.date(2025, 9, 1)).exists(), section
