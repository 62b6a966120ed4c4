"""Settings fail loudly outside demo mode rather than run with a default secret."""

import os
import subprocess
import sys

from django.conf import settings


def run_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("IMPROVEMENT_DEMO", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import improvement.settings"],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_a_secret_key_outside_demo_mode_start_up_fails():
    proc = run_settings({})
    assert proc.returncode != 0
    assert "SECRET_KEY is not set" in proc.stderr


def test_without_allowed_hosts_outside_demo_mode_start_up_fails():
    proc = run_settings({"SECRET_KEY": "s" * 50})
    assert proc.returncode != 0
    assert "ALLOWED_HOSTS is not set" in proc.stderr


def test_a_configured_production_environment_starts():
    proc = run_settings({"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "tracker.example"})
    assert proc.returncode == 0, proc.stderr


def test_a_nonsense_boolean_is_refused():
    proc = run_settings({"IMPROVEMENT_DEMO": "perhaps"})
    assert "IMPROVEMENT_DEMO must be a boolean" in proc.stderr


def test_database_url_chooses_the_database():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import improvement.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "IMPROVEMENT_DEMO": "1", "DATABASE_URL": "postgres://u@127.0.0.1/x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.strip() == "django.db.backends.postgresql"
