"""Reading the Scorecard sheet: every problem is reported per cell (sheet, cell, value,
why), and a workbook with any problem changes nothing."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook

from improvement.scorecard.importing import plan_import
from improvement.scorecard.models import IndicatorValue

from .conftest import TODAY, column_of, edit, row_of

SEP = dt.date(2025, 9, 1)


def run(plan, data, name="figures.xlsx"):
    return plan_import(plan, name, data, today=TODAY)


def errors(result):
    return [(e.sheet, e.cell, e.value, e.why) for e in result.errors]


def test_a_workbook_without_the_scorecard_sheet_names_the_sheets_it_has(plan):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.create_sheet("Data")
    out = io.BytesIO()
    wb.save(out)
    result = run(plan, out.getvalue())
    [(sheet, cell, value, why)] = errors(result)
    assert (sheet, cell, value) == ("Sheet1, Data", "", "")
    assert "no sheet called “Scorecard”" in why
    assert "“Sheet1”, “Data”" in why


def test_a_sheet_without_the_id_heading_is_reported(plan, exported):
    data = edit(exported, lambda ws: setattr(ws["A4"], "value", "Code"))
    [(_, cell, _, why)] = errors(run(plan, data))
    assert cell == "A"
    assert "No heading row starting with “ID”" in why


def test_an_unknown_indicator_is_reported_at_its_id_cell(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "7b"), 1).value = "7z"

    result = run(plan, edit(exported, change))
    [(sheet, cell, value, why)] = errors(result)
    assert (sheet, value) == ("Scorecard", "7z")
    assert cell.startswith("A")
    assert why == "There is no indicator 7z in this plan."


def test_a_bad_number_is_reported_with_its_cell_value_and_reason(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "94..7%"

    [(sheet, cell, value, why)] = errors(run(plan, edit(exported, change)))
    assert (sheet, cell, value) == ("Scorecard", "N6", "94..7%")
    assert why == "1: '94..7%' is not a number, a percentage, a rate, NYA or blank."


def test_words_dates_errors_and_too_many_decimals_are_each_reported(plan, exported):
    def change(ws):
        r = row_of(ws, "4")
        ws.cell(r, 3).value = "about 900"
        ws.cell(r, 4).value = dt.datetime(2024, 11, 5)
        ws.cell(r, 5).value = "#DIV/0!"
        ws.cell(r, 6).value = "933.125"

    whys = [e[3] for e in errors(run(plan, edit(exported, change)))]
    assert len(whys) == 4
    assert "is not a number" in whys[0]
    assert "a date is not a figure" in whys[1]
    assert "is an Excel error" in whys[2]
    assert "at most two decimal places" in whys[3]


def test_a_month_in_the_future_is_reported_at_the_heading_and_each_figure(plan, exported):
    def change(ws):
        ws.insert_cols(15)  # a new column after Sep-25, before Target
        ws.cell(4, 15).value = dt.datetime(2025, 12, 1)
        ws.cell(4, 15).number_format = "mmm-yy"
        ws.cell(row_of(ws, "1"), 15).value = "95.0%"
        ws.cell(row_of(ws, "2"), 15).value = "4.0%"

    got = errors(run(plan, edit(exported, change)))
    assert got[0][1:] == ("O4", "01/12/2025", "Dec-25 is in the future.")
    assert [e[1] for e in got[1:]] == ["O6", "O7"]
    assert got[1][3] == (
        "1 for Dec-25: Dec-25 is in the future. Only Oct-24 to Oct-25 can be imported."
    )


def test_a_month_before_the_scorecard_starts_is_reported(plan, exported):
    def change(ws):
        ws.cell(4, 3).value = "Sep-24"
        ws.cell(row_of(ws, "3"), 3).value = 12

    got = errors(run(plan, edit(exported, change)))
    assert got[0][1:] == ("C4", "Sep-24", "Sep-24 is before the scorecard's first month, Oct-24.")
    # Then every figure in that column, each at its own cell.
    printed = IndicatorValue.objects.filter(
        indicator__plan=plan, month=dt.date(2024, 10, 1)
    ).exclude(status="missing")
    assert len(got) == 1 + printed.count()
    assert got[3][:3] == ("Scorecard", "C8", "12")
    assert all(e[1].startswith("C") and "before the scorecard's first" in e[3] for e in got)


def test_a_heading_that_is_not_a_month_is_reported(plan, exported):
    data = edit(exported, lambda ws: setattr(ws.cell(4, 5), "value", "Notes"))
    assert errors(run(plan, data)) == [("Scorecard", "E4", "Notes", "This heading is not a month.")]


def test_the_same_month_twice_is_reported(plan, exported):
    data = edit(exported, lambda ws: setattr(ws.cell(4, 4), "value", "Oct-24"))
    [(_, cell, value, why)] = errors(run(plan, data))
    assert (cell, value) == ("D4", "Oct-24")
    assert why == "Oct-24 is already the heading of C4."


def test_a_duplicate_indicator_row_is_reported_with_the_first_row(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "3"), 1).value = "2"

    [(_, cell, value, why)] = errors(run(plan, edit(exported, change)))
    assert (cell, value) == ("A8", "2")
    assert why == "Indicator 2 appears twice: first on row 7."


def test_figures_in_a_row_without_an_id_are_reported(plan, exported):
    def change(ws):
        ws.cell(5, 3).value = "12"  # the first section's heading row

    [(_, cell, value, why)] = errors(run(plan, edit(exported, change)))
    assert (cell, value) == ("C5", "12")
    assert "no ID in column A" in why


def test_any_error_means_nothing_is_planned_or_saved(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "99.9%"
        ws.cell(row_of(ws, "2"), column_of(ws, SEP)).value = "lots"

    result = run(plan, edit(exported, change))
    assert len(result.errors) == 1
    assert result.changes == []
    assert IndicatorValue.objects.get(indicator__code="1", month=SEP).text == "94.7%"


def test_every_value_form_is_read_as_printed(plan, exported):
    def change(ws):
        col = column_of(ws, SEP)
        ws.cell(row_of(ws, "1"), col).value = "95.1%"  # text percentage
        ws.cell(row_of(ws, "4"), col).value = 1270  # a plain count
        ws.cell(row_of(ws, "15"), col).value = "108.0r"  # a rate per 10,000
        ws.cell(row_of(ws, "54"), col).value = "38% (12)"  # a percentage with its count
        ws.cell(row_of(ws, "6"), col).value = "NYA"
        cell = ws.cell(row_of(ws, "8a"), col)
        cell.value, cell.number_format = 0.571, "0.0%"  # typed as 57.1% in Excel
        cell = ws.cell(row_of(ws, "8b"), col)
        cell.value, cell.number_format = 81.5, "General"  # a plain number, percentage row

    result = run(plan, edit(exported, change))
    assert result.errors == []
    got = {c.indicator.code: (c.new, c.fields) for c in result.changed}
    assert got["1"][1]["value"] == Decimal("95.1")
    assert got["4"] == (
        "1270",
        {"text": "1270", "value": 1270, "count": None, "status": "value"},
    )
    assert got["15"][0] == "108.0r"
    assert (got["54"][0], got["54"][1]["count"]) == ("38% (12)", 12)
    assert got["6"][1] == {"text": "NYA", "value": None, "count": None, "status": "nya"}
    assert got["8a"][0] == "57.1%"
    assert got["8b"][0] == "81.5%"
    assert len(result.changed) == 7
    assert len(result.unchanged) == 91 * 12 - 7


def test_a_blank_cell_where_a_figure_is_stored_clears_it_and_says_so(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = None

    [change_] = run(plan, edit(exported, change)).changed
    assert (change_.old, change_.new, change_.fields["status"]) == ("94.7%", "", "missing")


def test_a_new_month_column_adds_new_figures_and_leaves_other_months_alone(plan, exported):
    def change(ws):
        ws.delete_cols(3, 11)  # keep only Sep-25 (now column C), then add Oct-25 as D
        ws.insert_cols(4)
        ws.cell(4, 4).value = "Oct-25"
        ws.cell(row_of(ws, "1"), 4).value = "96.0%"
        ws.cell(row_of(ws, "37a"), 4).value = "NYA"

    result = run(plan, edit(exported, change))
    assert result.errors == []
    assert result.months == [SEP, dt.date(2025, 10, 1)]
    assert [(c.indicator.code, c.new) for c in result.new] == [("1", "96.0%"), ("37a", "NYA")]
    assert result.changed == []
    assert len(result.unchanged) == 91


def test_a_percentage_over_100_is_refused_with_the_likely_slip(plan, exported):
    def change(ws):
        ws.cell(row_of(ws, "8b"), column_of(ws, SEP)).value = 81.5  # the cell shows 8150.0%

    [(_, cell, value, why)] = errors(run(plan, edit(exported, change)))
    assert (cell, value) == ("N15", "81.5")
    assert "8150.0% is more than 100%" in why


def test_a_formula_is_refused_at_its_cell_whether_or_not_excel_kept_its_value(plan, exported):
    import re
    import zipfile

    from .conftest import rezip

    def change(ws):
        # openpyxl writes no cached value: read as a blank, it would wipe 37a's figure.
        ws.cell(row_of(ws, "37a"), column_of(ws, SEP)).value = "=N6*0"
        ws.cell(row_of(ws, "4"), 1).value = '="4"'  # an ID made by a formula

    edited = edit(exported, change)
    with zipfile.ZipFile(io.BytesIO(edited)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # As Excel saves it: the formula and its cached result, 94.7% (what N6 holds now).
    xml, found = re.subn(
        r'<c r="N6"([^>]*) t="n"><v>0.947</v></c>',
        r'<c r="N6"\1><f>0.9+0.047</f><v>0.947</v></c>',
        xml,
    )
    assert found == 1
    result = run(plan, rezip(edited, replace={"xl/worksheets/sheet1.xml": xml}))
    found = {cell: (value, why) for _sheet, cell, value, why in errors(result)}
    assert found == {
        "N6": ("=0.9+0.047", "1: this cell is a formula; type the figure itself."),
        "N55": ("=N6*0", "37a: this cell is a formula; type the figure itself."),
        "A9": ('="4"', "This ID is a formula; type the ID itself."),
    }
    assert result.changes == []
