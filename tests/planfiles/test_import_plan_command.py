"""``manage.py import_plan``: a preview, then all or nothing."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from improvement.plans.models import Action, Plan

pytestmark = pytest.mark.django_db
TRACKER = [
    ["Ref", "Theme", "Action", "Lead officer", "Due date", "RAG"],
    ["1", "Leadership", "Set up a board", "DCS", "March 2026", "Green"],
    ["2", None, "Write terms", "DCS", "Ongoing", "Blue"],
    ["3", "Practice", "Audit case files", "PSW", "May 2026", "Red"],
]


def write(tmp_path, rows=TRACKER, name="tracker.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def test_the_command_previews_and_imports_the_tracker(tmp_path):
    output = run(
        write(tmp_path), "--slug", "cmd", "--title", "Our plan", "--organisation", "A Council"
    )
    assert "Levels: 1 chapters, 2 areas, 0 sub-areas" in output
    assert "Actions: 3" in output
    for line in ("  Red (red): 1", "  Green (green): 1", "  Blue (blue): 1"):
        assert line in output
    assert "Created plan cmd from tracker.xlsx" in output
    plan = Plan.objects.get(slug="cmd")
    assert plan.actions.count() == 3
    reason = Action.history.filter(plan_id=plan.pk).first().history_change_reason
    assert reason == "Imported from tracker.xlsx by manage.py import_plan"


def test_a_dry_run_previews_and_saves_nothing(tmp_path):
    output = run(write(tmp_path), "--slug", "dry", "--title", "Our plan", "--dry-run")
    # 1 plan, 3 levels, 1 chapter, 2 areas, 2 owner roles, 3 actions, 3 owner links.
    assert "Dry run: 15 write(s) would be made. Nothing was saved." in output
    assert not Plan.objects.filter(slug="dry").exists()


def test_as_at_and_by_date_and_sign_the_history(tmp_path, manager):
    run(
        write(tmp_path),
        *("--slug", "dated", "--title", "Our plan", "--as-at", "2025-11-12", "--by", "manager"),
    )
    row = Action.history.filter(plan_id=Plan.objects.get(slug="dated").pk).first()
    assert row.history_user == manager
    name = manager.get_full_name() or manager.username
    assert row.history_change_reason == f"Imported from tracker.xlsx by {name}"
    assert row.history_date.astimezone(ZoneInfo("Europe/London")).date() == dt.date(2025, 11, 12)


def test_problems_are_listed_with_row_and_column_and_nothing_is_saved(tmp_path):
    rows = [*TRACKER, ["4", None, None, "PSW", "May 2026", "Green"]]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_plan", str(write(tmp_path, rows)), "--slug", "bad", "--title", "T", stdout=out
        )
    assert "Row 5, column Action: There is no action on this row" in out.getvalue()
    assert not Plan.objects.filter(slug="bad").exists()


def test_a_refused_file_is_a_command_error(tmp_path):
    path = tmp_path / "tracker.docx"
    path.write_bytes(b"not a tracker")
    with pytest.raises(CommandError, match=r"\(.xlsx\) and comma-separated files \(.csv\)"):
        run(path, "--slug", "refused", "--title", "T")


def test_a_preset_scale_maps_the_words_and_an_unmapped_word_is_a_problem(tmp_path):
    pytest.importorskip("improvement.plans.scales")
    output = run(write(tmp_path), "--slug", "preset", "--title", "T", "--scale", "bgar")
    plan = Plan.objects.get(slug="preset")
    assert "Created plan preset" in output
    assert Action.objects.get(plan=plan, ref="2").rating.counts_as_complete
    assert Action.objects.get(plan=plan, ref="3").rating.is_delayed
    rows = [*TRACKER, ["4", None, "Hold weeks", "PSW", "May 2026", "Grey"]]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_plan",
            str(write(tmp_path, rows, "grey.xlsx")),
            *("--slug", "grey", "--title", "T", "--scale", "bgar"),
            stdout=out,
        )
    assert "Row 5, column RAG: “Grey” is not mapped" in out.getvalue()


def test_rating_words_that_name_no_preset_level_are_mapped_with_rating_options(tmp_path):
    rows = [*TRACKER, ["4", "Practice", "Train managers", "PSW", "June 2026", "Grey"]]
    path = write(tmp_path, rows)
    with pytest.raises(CommandError, match="1 problem"):
        run(path, "--slug", "mapped", "--title", "Our plan", "--scale", "bgar")
    output = run(
        path, "--slug", "mapped", "--title", "Our plan", "--scale", "bgar",
        "--rating", "Grey=Red",  # the preset's short word for "Off track"
    )  # fmt: skip
    assert "  Off track (red): 2" in output
    assert "  Complete (blue): 1" in output
    grey = Action.objects.get(plan__slug="mapped", text="Train managers")
    assert grey.rating.name == "Off track"


def test_a_rating_option_naming_no_level_is_refused(tmp_path):
    with pytest.raises(CommandError, match="a level of: Complete, On track, At risk, Off track"):
        run(write(tmp_path), "--slug", "x", "--title", "X", "--scale", "bgar", "--rating", "Grey")
