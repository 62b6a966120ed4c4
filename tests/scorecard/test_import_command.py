"""python manage.py import_scorecard FILE [--plan SLUG] [--dry-run]"""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from improvement.scorecard.models import IndicatorValue

from .conftest import column_of, edit, row_of

SEP = dt.date(2025, 9, 1)


@pytest.fixture
def september_file(tmp_path, exported):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "95.5%"

    path = tmp_path / "September.xlsx"
    path.write_bytes(edit(exported, change))
    return path


def test_a_dry_run_prints_the_changes_and_saves_nothing(september_file, capsys, plan):
    call_command("import_scorecard", str(september_file), "--plan", plan.slug, "--dry-run")
    out = capsys.readouterr().out
    assert "N6     1  Sep-25  94.7% -> 95.5%" in out
    assert "Dry run: 0 new, 1 changed, 1091 unchanged. Nothing was saved." in out
    assert IndicatorValue.objects.get(indicator__code="1", month=SEP).text == "94.7%"


def test_the_import_saves_with_the_named_user_and_the_file_name(
    september_file, capsys, plan, manager
):
    call_command("import_scorecard", str(september_file), "--user", "manager")
    value = IndicatorValue.objects.get(indicator__code="1", month=SEP)
    assert value.text == "95.5%"
    latest = value.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "Scorecard import from September.xlsx",
    )
    assert "Imported September.xlsx: 0 new, 1 changed" in capsys.readouterr().out


def test_cell_errors_are_printed_and_nothing_is_saved(tmp_path, exported, capsys, plan):
    def change(ws):
        ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "lots"

    path = tmp_path / "bad.xlsx"
    path.write_bytes(edit(exported, change))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_scorecard", str(path), "--user", "manager")
    assert "Scorecard!N6  'lots'  1: 'lots' is not a number" in capsys.readouterr().err


def test_a_refused_file_stops_the_command_with_its_message(tmp_path, plan):
    path = tmp_path / "figures.csv"
    path.write_text("ID,Oct-24\n1,84%\n")
    with pytest.raises(CommandError, match="Only Excel workbooks"):
        call_command("import_scorecard", str(path))


def test_an_unknown_plan_or_user_is_an_error(september_file, plan):
    with pytest.raises(CommandError, match="No plan with the slug 'nope'"):
        call_command("import_scorecard", str(september_file), "--plan", "nope")
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("import_scorecard", str(september_file), "--user", "nobody")
