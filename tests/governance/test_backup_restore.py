"""manage.py backup and restore: a backup restored into a fresh database holds the same
plan, actions and history, and puts the evidence files back in the evidence folder (a
folder of the test's own). The SQLite half runs on SQLite test runs, the PostgreSQL half
(pg_dump / pg_restore into a database the test creates) on PostgreSQL runs.

The round trips commit the demo plan (``demo_plan_committed``): SQLite's backup API
waits for the test's own open transaction on the in-memory test database, and pg_dump,
another process, sees only committed rows anyway."""

import datetime as dt
import io
import os
import tarfile
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from improvement.evidence.writing import add_evidence
from improvement.governance.backups import restore
from improvement.plans.models import Action, Plan

# The demo plan: fixtures/plan_2025-11-12.json has 143 actions.
DEMO_ACTIONS = 143
COUNTED = ["plans_plan", "plans_action", "plans_historicalaction", "governance_historyseal"]
# A small file as an officer would attach it (its bytes are what must come back).
AUDIT = b"%PDF-1.4\n% Audit of supervision, January 2026\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    """The evidence folder (EVIDENCE_DIR, the "evidence" storage) of each test's own."""
    folder = tmp_path / "evidence"
    settings.EVIDENCE_DIR = str(folder)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "improvement.evidence.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


def files_in(folder):
    """Every entry under ``folder`` but folders: relative name → bytes (a link: its target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def counts(db):
    with db.cursor() as cursor:
        found = {}
        for table in COUNTED:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            found[table] = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM plans_plan")
        found["names"] = sorted(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT seq, hash FROM governance_sealhead")
        found["head"] = cursor.fetchall()
    return found


@pytest.fixture
def fresh_database(tmp_path):
    """A connection to a new, empty database of the same kind. Built outside
    ``django.db.connections``, which the test case allows only its own aliases."""
    settings = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "fresh.sqlite3")
    else:
        settings["NAME"] = f"test_restore_{uuid.uuid4().hex[:8]}"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    db = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "fresh")
    yield db
    db.close()
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def back_up(tmp_path, evidence_files=0):
    """manage.py backup: the database's file and the evidence archive beside it."""
    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    files = sorted((tmp_path / "backups").iterdir(), key=lambda p: p.name.endswith(".tar"))
    assert len(files) == 2, files
    database, archive = files
    assert archive.name == database.stem + ".evidence.tar"
    assert f"Wrote {database}" in out.getvalue()
    assert f"Wrote {archive} ({evidence_files} evidence file" in out.getvalue()
    return database


def restored_counts(tmp_path, db):
    source = counts(connection)
    assert Action.objects.filter(plan__slug="childrens-services").count() == DEMO_ACTIONS
    backup = back_up(tmp_path)
    # What manage.py restore --yes does, into the fresh database.
    restore(db, backup)
    return source, counts(db), backup


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite half")
def test_a_sqlite_backup_restored_into_a_new_file_holds_the_same_plan_and_history(
    demo_plan_committed, tmp_path, fresh_database
):
    plan = demo_plan_committed
    source, restored, backup = restored_counts(tmp_path, fresh_database)
    assert backup.name.startswith("improvement-") and backup.suffix == ".sqlite3"
    assert restored == source
    assert restored["plans_action"] == DEMO_ACTIONS and restored["head"]
    assert restored["names"] == [plan.name]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL half")
def test_a_postgresql_backup_restored_into_a_new_database_holds_the_same_plan_and_history(
    demo_plan_committed, tmp_path, fresh_database
):
    plan = demo_plan_committed
    source, restored, backup = restored_counts(tmp_path, fresh_database)
    assert backup.suffix == ".pgdump"
    assert restored == source
    assert restored["plans_action"] == DEMO_ACTIONS and restored["head"]
    assert restored["names"] == [plan.name]


def a_backup_file(tmp_path):
    """A file that starts as this database's backups do (restore stops before reading on)."""
    path = tmp_path / "improvement-20260119-090000.bin"
    path.write_bytes(b"SQLite format 3\x00" if connection.vendor == "sqlite" else b"PGDMP\x01")
    return path


def test_restore_refuses_without_yes_and_leaves_the_database_alone(plan, tmp_path):
    backup = a_backup_file(tmp_path)
    with pytest.raises(CommandError, match="run again with --yes"):
        call_command("restore", str(backup))
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_restore_refuses_a_backup_of_the_other_kind_of_database(plan, tmp_path):
    other = tmp_path / "other"
    other.write_bytes(b"PGDMP\x01\x0e" if connection.vendor == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(CommandError, match="restore it into a database of the same kind"):
        call_command("restore", str(other), "--yes")


def test_restore_refuses_a_file_that_is_not_a_backup(plan, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(CommandError, match=r"is not a backup made by manage\.py backup"):
        call_command("restore", str(other), "--yes")


def test_backup_never_overwrites_a_file(plan, tmp_path, monkeypatch):
    from improvement.governance import backups

    monkeypatch.setattr(backups, "backup_name", lambda vendor, now=None: "same-name.bin")
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "same-name.bin").write_text("an earlier backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--to", str(tmp_path / "backups"))
    assert (tmp_path / "backups" / "same-name.bin").read_text() == "an earlier backup"


# -- the evidence files ---------------------------------------------------------------------


def evidence_round_trip(plan, tmp_path, fresh_database, evidence_dir):
    """An officer's file and a link planted in the folder; a backup; then the file lost
    and another added since; the backup restored. What the folder and the database hold."""
    action = Action.objects.get(plan=plan, ref="SL15b")
    officer = plan.memberships.get(user__username="officer").user
    data = {
        "title": "Audit of supervision, January 2026",
        "date": dt.date(2026, 1, 19),
        "kind": "file",
        "file": SimpleUploadedFile("audit.pdf", AUDIT),
    }
    item = add_evidence(action, data, user=officer, content_type="application/pdf")
    stored = evidence_dir / item.file.name
    assert stored.read_bytes() == AUDIT
    (tmp_path / "secret.txt").write_text("not evidence")
    (stored.parent / "link.pdf").symlink_to(tmp_path / "secret.txt")

    err = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "first"), stdout=io.StringIO(), stderr=err)
    assert "Left out 1 entry of" in err.getvalue()  # the link
    backup = back_up(tmp_path, evidence_files=1)

    stored.unlink()
    (stored.parent / "added-since.pdf").write_bytes(b"%PDF-1.4 added after the backup")
    assert restore(fresh_database, backup) == 1
    with fresh_database.cursor() as cursor:
        cursor.execute("SELECT file FROM evidence_evidence")
        rows = [row[0] for row in cursor.fetchall()]
    return item.file.name, rows, files_in(evidence_dir), oct(stored.stat().st_mode & 0o777)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite half")
def test_a_sqlite_backup_restored_puts_the_evidence_files_back_and_nothing_else(
    demo_plan_committed, tmp_path, fresh_database, evidence_dir
):
    name, rows, files, mode = evidence_round_trip(
        demo_plan_committed, tmp_path, fresh_database, evidence_dir
    )
    assert rows == [name]
    assert files == {name: AUDIT}
    assert mode == "0o600"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL half")
def test_a_postgresql_backup_restored_puts_the_evidence_files_back_and_nothing_else(
    demo_plan_committed, tmp_path, fresh_database, evidence_dir
):
    name, rows, files, mode = evidence_round_trip(
        demo_plan_committed, tmp_path, fresh_database, evidence_dir
    )
    assert rows == [name]
    assert files == {name: AUDIT}
    assert mode == "0o600"


def test_a_backup_without_an_evidence_archive_leaves_the_evidence_folder_alone(
    demo_plan_committed, tmp_path, fresh_database, evidence_dir
):
    """As one made before evidence existed: the database is restored, the folder kept."""
    backup = back_up(tmp_path)
    (tmp_path / "backups" / (backup.stem + ".evidence.tar")).unlink()
    (evidence_dir / "plan-1").mkdir(parents=True)
    (evidence_dir / "plan-1" / "kept.pdf").write_bytes(AUDIT)
    assert restore(fresh_database, backup) is None
    assert counts(fresh_database)["plans_action"] == DEMO_ACTIONS
    assert files_in(evidence_dir) == {"plan-1/kept.pdf": AUDIT}


def archive_beside(backup, *members):
    """The evidence archive beside ``backup``, made by hand: a good file first, then
    ``members`` as (name, kind, link target)."""
    with tarfile.open(backup.with_name(backup.stem + ".evidence.tar"), "w") as tar:
        for name, kind, target in [("plan-1/fine.pdf", "file", None), *members]:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(AUDIT)
                tar.addfile(info, io.BytesIO(AUDIT))
            else:
                info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
                info.linkname = target
                tar.addfile(info)


@pytest.mark.parametrize(
    ("members", "refusal"),
    [
        ([("../outside.txt", "file", None)], "'../outside.txt' would land outside"),
        ([("plan-1/../../outside.txt", "file", None)], "would land outside the evidence folder"),
        ([("/etc/cron.d/outside", "file", None)], "'/etc/cron.d/outside' would land outside"),
        ([("plan-1/.hidden.pdf", "file", None)], "would land outside the evidence folder"),
        ([("plan-1/link.pdf", "symlink", "../../outside.txt")], "is not a plain file (a link?)"),
        ([("plan-1/link.pdf", "symlink", "/etc/passwd")], "'plan-1/link.pdf' is not a plain file"),
        ([("plan-1/hard.pdf", "hardlink", "../../outside.txt")], "is not a plain file (a link?)"),
        ([("plan-1/fine.pdf", "file", None)], "'plan-1/fine.pdf' appears twice"),
    ],
)
def test_restore_refuses_an_archive_member_that_would_land_outside_the_folder(
    plan, tmp_path, evidence_dir, members, refusal
):
    backup = a_backup_file(tmp_path)
    archive_beside(backup, *members)
    (evidence_dir / "plan-1").mkdir(parents=True)
    (evidence_dir / "plan-1" / "kept.pdf").write_bytes(AUDIT)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), "--yes")
    assert refusal in str(refused.value)
    assert "Nothing was restored; move the archive aside" in str(refused.value)
    # Nothing written anywhere, the folder as it was, the database untouched.
    assert not (tmp_path / "outside.txt").exists()
    assert files_in(evidence_dir) == {"plan-1/kept.pdf": AUDIT}
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_restore_refuses_an_evidence_archive_that_is_not_a_tar(plan, tmp_path, evidence_dir):
    backup = a_backup_file(tmp_path)
    backup.with_name(backup.stem + ".evidence.tar").write_text("not a tar")
    with pytest.raises(CommandError, match="is not an evidence archive made by backup"):
        call_command("restore", str(backup), "--yes")
    assert not evidence_dir.exists()
