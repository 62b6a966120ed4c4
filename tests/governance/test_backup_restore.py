"""manage.py backup and restore: a backup restored into a fresh database holds the same
plan, actions and history. The SQLite half runs on SQLite test runs, the PostgreSQL half
(pg_dump / pg_restore into a database the test creates) on PostgreSQL runs.

The round trips commit the demo plan (``demo_plan_committed``): SQLite's backup API
waits for the test's own open transaction on the in-memory test database, and pg_dump,
another process, sees only committed rows anyway."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from improvement.governance.backups import restore
from improvement.plans.models import Action, Plan

# The demo plan: fixtures/plan_2025-11-12.json has 143 actions.
DEMO_ACTIONS = 143
COUNTED = ["plans_plan", "plans_action", "plans_historicalaction", "governance_historyseal"]


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


def back_up(tmp_path):
    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1 and f"Wrote {files[0]}" in out.getvalue()
    return files[0]


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
