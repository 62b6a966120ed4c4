"""Uploaded files waiting for confirmation: in this installation's private folder, each
readable by the service's user only, and swept when a day old."""

import io
import os
import stat
import time
from types import SimpleNamespace

from django.core.management import call_command

from improvement.lib.staging import Staging


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_upload_waits_in_a_private_folder_of_the_installation_not_the_temp_folder(
    settings, tmp_path
):
    settings.UPLOAD_DIR = str(tmp_path / "var" / "uploads")
    settings.SCORECARD_UPLOAD_DIR = ""
    kind = Staging("test_uploads", "SCORECARD_UPLOAD_DIR", "scorecard")
    (tmp_path / "var" / "uploads" / "scorecard").mkdir(parents=True, mode=0o755)
    os.chmod(tmp_path / "var" / "uploads" / "scorecard", 0o755)  # as a careless admin left it
    request = SimpleNamespace(session={})
    token = kind.keep(request, b"workbook bytes", name="figures.xlsx")
    kept = tmp_path / "var" / "uploads" / "scorecard" / f"{token}.upload"
    assert kept.read_bytes() == b"workbook bytes"
    assert mode(kept) == 0o600
    assert mode(kept.parent) == 0o700
    assert mode(kept.parent.parent) == 0o700  # UPLOAD_DIR itself
    assert kind.fetch(request, token) == ({"name": "figures.xlsx"}, b"workbook bytes")


def test_sweep_uploads_removes_files_a_day_old_and_keeps_the_rest(settings, tmp_path):
    settings.SCORECARD_UPLOAD_DIR = str(tmp_path / "scorecard")
    settings.PLAN_UPLOAD_DIR = str(tmp_path / "plans")
    folders = [tmp_path / "scorecard", tmp_path / "plans"]
    for folder in folders:
        folder.mkdir(mode=0o700)
        (folder / "old.upload").write_bytes(b"left a day ago")
        (folder / "new.upload").write_bytes(b"being previewed")
        (folder / "notes.txt").write_bytes(b"not an upload")
        day_and_a_minute = time.time() - 24 * 60 * 60 - 60
        os.utime(folder / "old.upload", (day_and_a_minute, day_and_a_minute))
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)
    assert out.getvalue() == "Removed 2 uploaded files.\n"
    for folder in folders:
        assert sorted(p.name for p in folder.iterdir()) == ["new.upload", "notes.txt"]
