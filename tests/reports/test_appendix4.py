"""Appendix 4, the vital signs scorecard: the months it ends with, what each cell prints
and that the text copied out of the PDF reads cleanly. Expected words and figures are
the seed's (003, Appendix 4 lines 3697–3843); content is checked on the HTML WeasyPrint
reads, and one real PDF (the session's, shared with test_appendices_3_4_and_the_pack.py)
for the text copied out of it."""

import datetime as dt
from html.parser import HTMLParser

import tinyhtml5.parser

from improvement.lib.history import save_tracked
from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions
from improvement.scorecard.models import Indicator, IndicatorValue
from improvement.scorecard.months import mark_month
from tests.reports.conftest import NOV
from tests.reports.htmltext import parse, text
from tests.reports.pdftext import pdf_text

OCT = dt.date(2025, 10, 1)
SEP_MONTHS = "Oct-24 Nov-24 Dec-24 Jan-25 Feb-25 Mar-25 Apr-25 May-25 Jun-25 Jul-25 Aug-25 Sep-25"
# Row 1 as the seed prints it (84.0% … 94.7%, target 90.0%, SN av N/A, ▼), each month
# with its RAG symbol from the key: ≈ within 15% of target, ✓ on target.
ROW_1 = (
    "1 Percentage of Early Help Assessments completed within 84.0% ≈ 87.4% ≈ 94.0% ✓ "
    "99.0% ✓ 96.0% ✓ 99.0% ✓ 95.0% ✓ 97.8% ✓ 98.4% ✓ 99.3% ✓ 100% ✓ 94.7% ✓ 90.0% N/A "
    "▼ Declined"
)
HIDDEN_WORDS = ("None", "No figure", "No comparison", ", on target", ", within 15% of target")


def flat(words):
    return " ".join(words.split())


def html_of(plan, as_at=NOV):
    return render_html(plan, "4", PackOptions(as_at=as_at))


def row_cells(document, code):
    row = next(tr for tr in document.iter("tr") if tr.get("id") == f"indicator-{code}")
    return [text(cell) for cell in row]


def add_october(plan, user):
    for code, figure in {"1": "93.1%", "2": "4.0%", "3": "12", "4": "1101"}.items():
        value = IndicatorValue(
            indicator=Indicator.objects.get(plan=plan, code=code),
            month=OCT,
            text=figure,
            value=figure.rstrip("%"),
            status="value",
        )
        save_tracked(value, user=user, reason="Test: October's first figures")


def test_text_copied_from_the_pdf_reads_each_cell_once_with_nothing_hidden(exported):
    lines = [flat(line) for line in pdf_text(exported("4", NOV), layout=True).splitlines()]
    assert ROW_1 in lines
    assert "Figures to September 2025, the latest complete month." in lines
    copied = " ".join(lines)
    for hidden in HIDDEN_WORDS:
        assert hidden not in copied


def test_the_html_holds_no_visually_hidden_text_and_one_text_per_cell(plan):
    markup = html_of(plan)
    # WeasyPrint lays visually hidden text out, and copying brings it back.
    assert "govuk-visually-hidden" not in markup
    document = parse(markup)
    cells = row_cells(document, "1")
    assert cells[2:4] == ["84.0% ≈", "87.4% ≈"]
    assert cells[-3:] == ["90.0%", "N/A", "▼ Declined"]
    # Indicator 40 has no figures and no comparison: its cells are empty, not words.
    assert row_cells(document, "40")[2:14] == [""] * 12
    assert row_cells(document, "40")[-1] == ""


def test_a_missing_sn_average_prints_n_a_as_the_seed_does(plan):
    document = parse(html_of(plan))
    assert row_cells(document, "1")[-2] == "N/A"
    assert row_cells(document, "9")[-2] == "19%"
    assert row_cells(document, "16")[-2] == "38r"
    assert "None" not in text(document.find("body"))


class TagStack(HTMLParser):
    """Every end tag that does not close the element opened last (mis-nesting)."""

    VOID = {"meta", "link", "br", "img", "input", "col", "hr", "wbr", "source"}

    def __init__(self):
        super().__init__()
        self.open, self.wrong = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.wrong.append((tag, self.getpos(), list(self.open[-3:])))


def test_the_appendix_and_its_key_table_are_well_formed(plan):
    markup = html_of(plan)
    stack = TagStack()
    stack.feed(markup)
    assert stack.wrong == [] and stack.open == []
    parser = tinyhtml5.parser.HTMLParser()
    parser.parse(markup)
    assert parser.errors == []
    key = next(t for t in parse(markup).iter("table") if t.get("class") == "app-sc-key__table")
    assert [child.tag for child in key] == ["caption", "tbody"]
    assert text(key.find("caption")) == "Key"
    rows = key.find("tbody").findall("tr")
    assert [[cell.tag for cell in row] for row in rows] == [["th", "td", "td", "td"]] * 2
    assert [text(cell) for cell in rows[0]][1:] == [
        "✓ On target",
        "≈ Within 15% of target",
        "✕ More than 15% from target",
    ]
    assert [text(cell) for cell in rows[1]][1:] == [
        "▲ ▼ Improved",
        "▲ ▼ Declined",
        "◀ ▶ No change",
    ]


def test_after_a_partial_import_appendix_4_still_ends_with_september(plan, manager):
    add_october(plan, manager)
    document = parse(html_of(plan))
    words = text(document.find("body"))
    assert "Indicators of Success: October 2024 to September 2025" in words
    assert SEP_MONTHS in words and "Oct-25" not in words
    assert (
        "Figures to September 2025, the latest complete month. October 2025 has 4 of 91 "
        "figures so far." in words
    )


def test_a_month_a_manager_marked_complete_ends_appendix_4(plan, manager):
    add_october(plan, manager)
    mark_month(plan, OCT, True, user=manager, reason="Test: October is final")
    words = text(parse(html_of(plan)).find("body"))
    assert "Indicators of Success: November 2024 to October 2025" in words
    assert "Figures to October 2025, the latest month a plan manager marked complete." in words


def test_months_after_the_ratings_date_are_left_out(plan, manager):
    add_october(plan, manager)
    mark_month(plan, OCT, True, user=manager, reason="Test: October is final")
    words = text(parse(html_of(plan, dt.date(2025, 9, 30))).find("body"))
    assert "Indicators of Success: October 2024 to September 2025" in words
    assert "Figures to September 2025, the latest complete month." in words
    assert "October 2025" not in words
