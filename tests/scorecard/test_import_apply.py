"""Applying an import: all or nothing, every figure in the history with the importing
user and the file name, and importing the same file again changes nothing."""

import datetime as dt

import pytest

from improvement.scorecard.importing import apply_import, plan_import
from improvement.scorecard.models import IndicatorValue

from .conftest import TODAY, column_of, edit, row_of

SEP = dt.date(2025, 9, 1)
OCT = dt.date(2025, 10, 1)


def september_edit(ws):
    ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "95.5%"
    ws.cell(row_of(ws, "37a"), column_of(ws, SEP)).value = "41.0%"
    ws.insert_cols(15)
    ws.cell(4, 15).value = "Oct-25"
    ws.cell(row_of(ws, "1"), 15).value = "96.1%"


def test_export_then_import_changes_nothing(plan, exported):
    result = plan_import(plan, "scorecard.xlsx", exported, today=TODAY)
    assert result.errors == []
    assert result.writes == []
    assert len(result.unchanged) == 91 * 12  # every stored month, blank ones included
    assert apply_import(result, user=None) == 0


def test_the_template_reads_back_unchanged_with_its_empty_next_month(plan):
    from improvement.scorecard.workbook import workbook_bytes

    template = workbook_bytes(plan, blank_next_month=True)
    result = plan_import(plan, "template.xlsx", template, today=TODAY)
    assert result.errors == []
    assert result.months[-1] == OCT
    assert result.writes == []


def test_applying_writes_each_figure_with_the_user_and_the_file_name(plan, manager, exported):
    data = edit(exported, september_edit)
    result = plan_import(plan, "September figures.xlsx", data, today=TODAY)
    assert [(c.indicator.code, c.old, c.new) for c in result.changed] == [
        ("1", "94.7%", "95.5%"),
        ("37a", "NYA", "41.0%"),
    ]
    assert [(c.indicator.code, c.month, c.new) for c in result.new] == [("1", OCT, "96.1%")]
    assert apply_import(result, user=manager) == 3

    one_sep = IndicatorValue.objects.get(indicator__plan=plan, indicator__code="1", month=SEP)
    assert (one_sep.text, one_sep.value, one_sep.status) == ("95.5%", 95.5, "value")
    for value in [
        one_sep,
        IndicatorValue.objects.get(indicator__plan=plan, indicator__code="37a", month=SEP),
        IndicatorValue.objects.get(indicator__plan=plan, indicator__code="1", month=OCT),
    ]:
        latest = value.history.order_by("-history_date", "-history_id").first()
        assert latest.history_user == manager
        assert latest.history_change_reason == "Scorecard import from September figures.xlsx"
    earlier = one_sep.history.order_by("history_date").first()
    assert earlier.text == "94.7%"


def test_importing_the_same_file_again_changes_nothing(plan, manager, exported):
    data = edit(exported, september_edit)
    apply_import(plan_import(plan, "a.xlsx", data, today=TODAY), user=manager)
    rows_before = IndicatorValue.history.count()
    again = plan_import(plan, "a.xlsx", data, today=TODAY)
    assert again.writes == []
    assert apply_import(again, user=manager) == 0
    assert IndicatorValue.history.count() == rows_before


def test_an_import_with_errors_cannot_be_applied(plan, manager, exported):
    def change(ws):
        september_edit(ws)
        ws.cell(row_of(ws, "2"), column_of(ws, SEP)).value = "n/a"

    result = plan_import(plan, "bad.xlsx", edit(exported, change), today=TODAY)
    assert result.errors
    with pytest.raises(ValueError, match="cannot be applied"):
        apply_import(result, user=manager)
    assert IndicatorValue.objects.get(indicator__code="1", month=SEP).text == "94.7%"
    assert not IndicatorValue.objects.filter(month=OCT).exists()


def test_a_clear_is_recorded_as_a_blank_month(plan, manager, exported):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = None

    apply_import(plan_import(plan, "c.xlsx", edit(exported, change), today=TODAY), user=manager)
    cleared = IndicatorValue.objects.get(indicator__code="1", month=SEP)
    assert (cleared.text, cleared.value, cleared.status) == ("", None, "missing")
