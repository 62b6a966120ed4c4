"""The operations settings read from the environment: ADMINS ("Name <email>, ..."), the
session timeouts, and a refusal to start on a malformed value."""

import os
import subprocess
import sys

from django.conf import settings

PRINT = (
    "import improvement.settings as s; "
    "print(s.ADMINS, s.SESSION_IDLE_SECONDS, s.SESSION_ABSOLUTE_SECONDS, s.SESSION_COOKIE_AGE)"
)


def run_settings(env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ADMINS", "SESSION_IDLE_SECONDS", "SESSION_ABSOLUTE_SECONDS")
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=settings.BASE_DIR,
        env={**clean, "IMPROVEMENT_DEMO": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_admins_are_read_as_names_and_addresses():
    proc = run_settings(
        {"ADMINS": "Ann Lee <ann.lee@council.example>, Service desk <desk@council.example>"}
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(
        "[('Ann Lee', 'ann.lee@council.example'), ('Service desk', 'desk@council.example')] "
    )


def test_without_admins_nobody_is_mailed():
    proc = run_settings({})
    assert proc.stdout.startswith("[] ")


def test_an_admin_without_an_address_stops_start_up():
    proc = run_settings({"ADMINS": "Ann Lee"})
    assert proc.returncode != 0
    assert "ADMINS must read 'Name <email>, ...'" in proc.stderr


def test_the_session_timeouts_come_from_the_environment():
    proc = run_settings({"SESSION_IDLE_SECONDS": "600", "SESSION_ABSOLUTE_SECONDS": "28800"})
    assert proc.stdout.strip() == "[] 600 28800 28800"


def test_the_session_timeouts_default_to_thirty_minutes_and_ten_hours():
    proc = run_settings({})
    assert proc.stdout.strip() == "[] 1800 36000 36000"
