"""Which indicators a narrative names, and the trend chart's geometry."""

import datetime as dt
from decimal import Decimal

import pytest

from improvement.scorecard.charts import sparkline, trend_chart
from improvement.scorecard.models import Indicator
from improvement.scorecard.narratives import pieces, resolve
from improvement.scorecard.tables import add_months, indicator_row, month_window

ORDER = [
    "16",
    "17",
    "18a",
    "18b",
    "18c",
    "19",
    "28",
    "29",
    "46a",
    "46b",
    "47a",
    "47b",
    "53",
    "54",
    "55",
    "56",
    "57",
    "64",
    "69",
]


@pytest.mark.parametrize(
    ("refs", "codes"),
    [
        ("16", ["16"]),
        ("18a-c", ["18a", "18b", "18c"]),
        ("28 & 29", ["28", "29"]),
        ("46a-47b", ["46a", "46b", "47a", "47b"]),
        ("55-57", ["55", "56", "57"]),
        ("64 & 69", ["64", "69"]),
        ("99", []),
    ],
)
def test_narrative_references_resolve_in_scorecard_order(refs, codes):
    assert resolve(refs, ORDER) == codes


def test_a_paragraph_naming_several_ids_is_split_at_each():
    text = "ID 16: The rate is low. ID 18a-c: There has been a drop. ID 99: Elsewhere."
    assert pieces(text, ORDER) == [
        (["16"], "ID 16: The rate is low."),
        (["18a", "18b", "18c"], "ID 18a-c: There has been a drop."),
        ([], "ID 99: Elsewhere."),
    ]


def test_a_narrative_naming_no_id_is_kept_whole():
    assert pieces("A general comment.", ORDER) == [([], "A general comment.")]


def row_for(plan, code, months=12, end=dt.date(2025, 9, 1)):
    window = month_window(end, months)
    item = Indicator.objects.with_values(add_months(window[0], -1), window[-1]).get(
        plan=plan, code=code
    )
    return indicator_row(item, window)


def test_the_chart_breaks_its_line_at_blank_months(plan):
    chart = trend_chart(row_for(plan, "57"))  # August 2025 is blank
    assert len(chart["lines"]) == 1  # Oct-24 to Jul-25; September stands alone
    assert len(chart["points"]) == 11
    assert [g["label"] for g in chart["gaps"]] == ["–"]


def test_nya_months_are_labelled_on_the_chart(plan):
    chart = trend_chart(row_for(plan, "37a"))
    assert chart["gaps"][-1]["label"] == "NYA"


def test_the_target_line_and_sn_line_sit_where_their_values_are(plan):
    chart = trend_chart(row_for(plan, "18a"))  # target 90%, SN av 87%
    assert chart["target"]["kind"] == "line"
    assert chart["sn"]["y"] > chart["target"]["y"]  # 87 is drawn below 90
    ticks = [t["label"] for t in chart["ticks"]]
    assert ticks[0] == "60%" and ticks[-1] == "100%"  # 65.2% to 91.2%: no need for zero


def test_figures_far_from_zero_get_an_axis_that_does_not_start_at_zero(plan):
    chart = trend_chart(row_for(plan, "15"))  # 100.4r to 135.9r, target 105-135
    assert chart["ticks"][0]["label"] == "100"
    assert chart["target"]["kind"] == "band"


def test_no_figures_means_an_empty_chart_not_a_failure(plan):
    chart = trend_chart(row_for(plan, "40"))
    assert chart["has_figures"] is False
    assert chart["lines"] == [] and chart["points"] == []


def test_the_sparkline_ends_at_the_latest_figure(plan):
    spark = sparkline(row_for(plan, "46a"))
    assert spark["last"]["rag"] == "beyond_15"
    assert len(spark["lines"]) == 1
    assert sparkline(row_for(plan, "33"))["last"] is None


def test_a_flat_series_still_draws(plan):
    spark = sparkline(row_for(plan, "45"))  # twelve zeros
    assert spark["lines"] and spark["last"]["y"] == Decimal(spark["height"]) / 2
