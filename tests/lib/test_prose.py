"""One prose splitter for the pages and the committee PDFs (improvement.lib.prose)."""

import re

from django.template import Context, Template

from improvement.lib.prose import blocks
from improvement.plans.models import Area


def page_html(text):
    """What a plan page prints for ``text`` (the ``prose`` filter of its templates)."""
    return Template("{% load plans_extras %}{{ text|prose }}").render(Context({"text": text}))


def page_blocks(html):
    """The page's paragraphs and lists as (kind, lines), read back from its HTML."""
    found = re.findall(r'<(p|ul) class="govuk-[^"]+">(.*?)</\1>', html)
    return [
        (kind, re.findall(r"<li>(.*?)</li>", body) if kind == "ul" else body.split("<br>"))
        for kind, body in found
    ]


def test_the_page_and_the_pdf_split_senior_leaders_assessment_text_the_same_way(plan):
    area = Area.objects.get(chapter__plan=plan, key="1-1")
    expected = [
        ("p", ["The pace and impact of changes will be evaluated through:"]),
        (
            "ul",
            [
                "monthly reports against the improvement plan",
                "monthly performance indicators in the vital signs performance report",
                "practice review audits which assess the quality of practice across services",
                "thematic audits to understand our support to specific cohorts/ within "
                "specific areas",
                "feedback from children and young people from our participation groups and "
                "through audits.",
                "Ofsted monitoring visits will demonstrate whether our understanding of "
                "improvements are accurate.",
            ],
        ),
    ]
    assert [(b.kind, b.lines) for b in blocks(area.how_we_assess)] == expected
    assert page_blocks(page_html(area.how_we_assess)) == expected


def test_each_bullet_an_officer_may_type_starts_a_list_item_on_the_page_too():
    text = "Done so far:\n• Briefings\n○ Audits\n* Training\n- Supervision"
    expected = [("p", ["Done so far:"]), ("ul", ["Briefings", "Audits", "Training", "Supervision"])]
    assert [(b.kind, b.lines) for b in blocks(text)] == expected
    assert page_blocks(page_html(text)) == expected


def test_a_line_of_spaces_ends_a_paragraph_on_the_page_as_in_the_pdf():
    text = "First paragraph.\r\n   \r\nSecond paragraph,\r\nsecond line."
    expected = [("p", ["First paragraph."]), ("p", ["Second paragraph,", "second line."])]
    assert [(b.kind, b.lines) for b in blocks(text)] == expected
    assert page_blocks(page_html(text)) == expected


def test_text_is_printed_as_words_never_as_html():
    html = page_html('<script>alert("x")</script>\n- <b>bold</b> & more')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt; &amp; more</li>" in html


def test_no_text_prints_nothing():
    assert blocks("") == [] and blocks(None) == []
    assert page_html("") == "" and page_html(None) == ""
