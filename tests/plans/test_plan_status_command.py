import json

import pytest
from django.core.management import CommandError, call_command


def status(*args):
    from io import StringIO

    out = StringIO()
    call_command("plan_status", *args, stdout=out)
    return out.getvalue()


def test_status_as_at_12_november_2025_is_the_committee_reports_57_percent(plan):
    result = json.loads(status("--as-at", "2025-11-12", "--format", "json"))
    assert result["plan"] == "childrens-services"
    assert result["as_at"] == "2025-11-12"
    assert (result["total"], result["complete"], result["percent_complete"]) == (143, 82, 57)
    assert result["by_rating"]["Complete"] == 82
    assert sum(result["by_rating"].values()) == 143


def test_status_as_at_8_may_2025_counts_that_documents_ratings(plan):
    result = json.loads(status("--as-at", "2025-05-08", "--format", "json"))
    assert (result["total"], result["complete"], result["percent_complete"]) == (143, 44, 31)
    assert result["by_rating"]["On track"] == 26


def test_status_without_a_date_is_the_latest(plan):
    result = json.loads(status("--format", "json", "--plan", "childrens-services"))
    assert result["complete"] == 82


def test_text_format_names_the_plan_and_the_percentage(plan):
    text = status("--as-at", "2025-11-12")
    assert "Children's Services Improvement Plan" in text
    assert "As at 12 November 2025" in text
    assert "Complete: 82 of 143 (57%)" in text


def test_a_malformed_date_exits_2_with_one_line(plan):
    with pytest.raises(CommandError) as error:
        status("--as-at", "12/11/2025")
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    assert "YYYY-MM-DD" in str(error.value)


def test_an_impossible_date_is_malformed_too(plan):
    with pytest.raises(CommandError) as error:
        status("--as-at", "2025-02-30")
    assert error.value.returncode == 2


def test_a_date_before_any_data_says_there_is_no_plan_then(plan):
    with pytest.raises(CommandError, match="no plan 'childrens-services' at 1 January 2020"):
        status("--as-at", "2020-01-01")


def test_an_unknown_plan_is_named(plan):
    with pytest.raises(CommandError, match="no plan 'nope'"):
        status("--plan", "nope")


def test_the_command_exits_2_from_the_shell(plan, tmp_path):
    # The real process, as a clerk would run it: exit status and a one-line message.
    import os
    import subprocess
    import sys

    from django.conf import settings

    proc = subprocess.run(
        [sys.executable, "manage.py", "plan_status", "--as-at", "not-a-date"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "IMPROVEMENT_DEMO": "1", "SQLITE_PATH": str(tmp_path / "x.db")},
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
