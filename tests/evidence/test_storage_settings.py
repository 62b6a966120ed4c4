"""Evidence files live in a private folder named by the settings (EVIDENCE_DIR, default
beside UPLOAD_DIR), through the "evidence" storage of STORAGES; nothing serves that
folder but the download view: the storage has no address and nginx serves no folder."""

import os
import re
import subprocess
import sys

from django.conf import settings


def settings_say(env, expression):
    clean = {k: v for k, v in os.environ.items() if k not in ("IMPROVEMENT_DEMO", "EVIDENCE_DIR")}
    return subprocess.run(
        [sys.executable, "-c", f"import improvement.settings as s; print({expression})"],
        cwd=settings.BASE_DIR,
        env={**clean, "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "tracker.example", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_folder_defaults_to_evidence_beside_the_upload_folder():
    proc = settings_say(
        {"UPLOAD_DIR": "/var/lib/improvement/uploads"},
        "s.STORAGES['evidence']['OPTIONS']['location'], s.STORAGES['evidence']['BACKEND']",
    )
    assert proc.stdout.strip() == (
        "/var/lib/improvement/evidence improvement.evidence.storage.PrivateFileStorage"
    ), proc.stderr


def test_evidence_dir_names_the_folder():
    proc = settings_say({"EVIDENCE_DIR": "/srv/evidence"}, "s.STORAGES['evidence']['OPTIONS']")
    assert proc.stdout.strip() == "{'location': '/srv/evidence'}", proc.stderr


def test_a_relative_folder_is_refused_outside_demo_mode():
    proc = settings_say({"EVIDENCE_DIR": "evidence"}, "1")
    assert proc.returncode != 0
    assert "EVIDENCE_DIR must be an absolute path, got 'evidence'" in proc.stderr


def test_a_folder_inside_the_static_files_is_refused():
    proc = settings_say({"STATIC_ROOT": "/srv/static", "EVIDENCE_DIR": "/srv/static/evidence"}, "1")
    assert proc.returncode != 0
    assert "EVIDENCE_DIR must not be inside the static files' folders." in proc.stderr


def test_nginx_serves_no_folder_only_the_application():
    conf = (settings.BASE_DIR / "deploy" / "nginx" / "improvement.conf").read_text()
    directives = [line.split("#")[0].strip() for line in conf.splitlines()]
    assert not [d for d in directives if re.match(r"(root|alias|try_files|internal)\b", d)]
    assert [d for d in directives if d.startswith("location")] == ["location / {", "location / {"]


def test_nginx_lets_the_largest_evidence_file_through():
    conf = (settings.BASE_DIR / "deploy" / "nginx" / "improvement.conf").read_text()
    limit = re.search(r"^\s*client_max_body_size (\d+)m;", conf, re.M)
    assert int(limit.group(1)) * 1024 * 1024 > 20 * 1024 * 1024
