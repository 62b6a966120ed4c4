"""scorecard_context and _scorecard_table.html: what Appendix 4 prints from."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

from improvement.scorecard.tables import month_window, scorecard_context

SEPTEMBER = dt.date(2025, 9, 1)


def row(context, code):
    for section in context["sections"]:
        for item in section["indicators"]:
            if item["code"] == code:
                return item
    raise KeyError(code)


def test_the_default_window_is_the_twelve_months_to_the_latest_stored(plan):
    context = scorecard_context(plan)
    labels = [m["label"] for m in context["months"]]
    assert labels[0] == "Oct-24"
    assert labels[-1] == "Sep-25"
    assert len(labels) == 12
    assert [len(s["indicators"]) for s in context["sections"]] == [16, 13, 30, 5, 10, 17]


def test_cells_keep_the_printed_text_with_their_rag_and_label(plan):
    one = row(scorecard_context(plan), "1")
    assert one["cells"][0]["text"] == "84.0%"
    assert one["cells"][0]["rag"] == "within_15"
    assert one["cells"][-1]["text"] == "94.7%"
    assert one["cells"][-1]["rag_label"] == "On target"
    assert one["target_text"] == "90.0%"
    assert one["direction"] == {"arrow": "▼", "judgement": "declined", "label": "Declined"}


def test_missing_nya_counts_and_rates_show_as_what_they_are(plan):
    context = scorecard_context(plan)
    nya = row(context, "37a")["cells"][-1]
    assert (nya["text"], nya["status"], nya["rag"]) == ("NYA", "nya", None)
    blank = row(context, "33")["cells"][-1]
    assert (blank["text"], blank["status"], blank["rag"]) == ("", "missing", None)
    counted = row(context, "54")["cells"][-1]
    assert (counted["text"], counted["count"], counted["rag"]) == ("37% (11)", 11, "beyond_15")
    rate = row(context, "15")["cells"][-1]
    assert rate["text"] == "107.7r"


def test_a_window_past_the_stored_months_shows_blank_cells(plan):
    context = scorecard_context(plan, months=3, end=dt.date(2025, 11, 1))
    assert [m["label"] for m in context["months"]] == ["Sep-25", "Oct-25", "Nov-25"]
    one = row(context, "1")
    assert [c["status"] for c in one["cells"]] == ["value", "missing", "missing"]
    assert one["direction"]["arrow"] == ""


def test_a_one_month_window_still_compares_with_the_month_before(plan):
    one = row(scorecard_context(plan, months=1), "1")
    assert [c["text"] for c in one["cells"]] == ["94.7%"]
    assert one["direction"]["arrow"] == "▼"


def test_each_section_carries_its_narrative_for_the_end_month(plan):
    context = scorecard_context(plan)
    first = context["sections"][0]
    assert first["narrative_paragraphs"][0]["lead"] == "ID 4:"
    assert first["narrative_paragraphs"][0]["body"].startswith("All contacts are now being loaded")
    assert len(first["narrative_paragraphs"]) == 2
    # One printed paragraph naming three IDs reads as three.
    second = context["sections"][1]["narrative_paragraphs"]
    assert [p["lead"] for p in second] == ["ID 16:", "ID 18a-c:", "ID 23:"]
    assert second[1]["codes"] == ["18a", "18b", "18c"]
    earlier = scorecard_context(plan, end=dt.date(2025, 8, 1))
    assert earlier["sections"][0]["narrative"] == ""


@pytest.mark.parametrize("months", [1, 12, 60])
def test_the_context_takes_six_queries_whatever_the_number_of_months(
    plan, months, django_assert_num_queries
):
    # stored span, heading, sections, indicators, values, narratives
    with django_assert_num_queries(6):
        scorecard_context(plan, months=months)
    with django_assert_num_queries(6):
        scorecard_context(plan, months=months, end=SEPTEMBER)


def test_month_window_crosses_the_year_end():
    assert month_window(dt.date(2025, 2, 14), 3) == [
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]


def test_the_table_template_renders_headers_ratings_in_words_and_the_key(plan):
    html = render_to_string(
        "scorecard/_scorecard_table.html", {"scorecard": scorecard_context(plan)}
    )
    assert '<th scope="col" class="app-sc-th app-sc-num">Sep-25</th>' in html
    assert html.count('<th scope="row"') >= 91
    assert "More than 15% from target" in html
    assert ", on target</span>" in html
    assert '<abbr title="Not yet available">NYA</abbr>' in html
    assert "Direction of travel shown between current and previous month" in html
    assert "<strong>ID 4:</strong> All contacts are now being loaded" in html
    assert "<script" not in html


def test_the_table_can_leave_out_links_for_print(plan):
    context = scorecard_context(plan)
    linked = render_to_string("scorecard/_scorecard_table.html", {"scorecard": context})
    assert 'href="/plans/childrens-services/scorecard/1/"' in linked
    context["links"] = False
    plain = render_to_string("scorecard/_scorecard_table.html", {"scorecard": context})
    assert "href=" not in plain
