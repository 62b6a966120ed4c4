"""Backing up and restoring the database (manage.py backup / restore).

SQLite goes through the sqlite3 online backup API on Django's own connection: a
consistent copy while the site runs, WAL included (copying the file would miss pages
still in the -wal file). PostgreSQL goes through pg_dump's custom format and pg_restore,
with the connection settings of DATABASES and the password in PGPASSWORD, never on a
command line that ``ps`` shows.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.utils import timezone

# The first bytes of each kind of file, so a restore refuses the wrong one.
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
SUFFIX = {"sqlite": "sqlite3", "postgresql": "pgdump"}


class BackupError(Exception):
    pass


def backup_name(vendor, now=None):
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return f"improvement-{stamp}.{SUFFIX[vendor]}"


def backup(connection, folder):
    """Write a new backup file of ``connection``'s database into ``folder``; its path."""
    vendor = _vendor(connection)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / backup_name(vendor)
    if path.exists():
        raise BackupError(f"{path} exists already; backups never overwrite one.")
    part = path.with_name(path.name + ".part")
    try:
        # O_EXCL: two backups started in the same second cannot share the file.
        os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise BackupError(f"{part} exists: is another backup running?") from None
    try:
        if vendor == "sqlite":
            _sqlite_backup(connection, part)
        else:
            _run(["pg_dump", "--format=custom", "--no-password", f"--file={part}"], connection)
        # link, not rename: it fails rather than replace a file that appeared meanwhile.
        os.link(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path


def restore(connection, path):
    """Replace ``connection``'s database with the backup at ``path``."""
    vendor = _vendor(connection)
    path = Path(path)
    check_kind(path, vendor)
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        # pg_restore drops and recreates the tables: Django's idle connection must not
        # hold them.
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                str(path),
            ],
            connection,
        )


def check_kind(path, vendor):
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with open(path, "rb") as fh:
        head = fh.read(16)
    for kind, magic in MAGIC.items():
        if head.startswith(magic):
            if kind != vendor:
                raise BackupError(
                    f"{path} is a {kind} backup but this database is {vendor}; "
                    "restore it into a database of the same kind."
                )
            return
    raise BackupError(f"{path} is not a backup made by manage.py backup.")


def _vendor(connection):
    if connection.vendor not in MAGIC:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return connection.vendor


def _sqlite_backup(connection, part):
    connection.ensure_connection()
    target = sqlite3.connect(part)
    try:
        connection.connection.backup(target)
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("The copy failed SQLite's quick_check.")
    finally:
        target.close()


def _run(command, connection):
    """Run a PostgreSQL client for ``connection``'s database, password in PGPASSWORD."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client).")
    db = connection.settings_dict
    env = {**os.environ}
    options = db.get("OPTIONS") or {}
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[var] = str(options[key])
    args = [program, *command[1:], f"--dbname={db['NAME']}"]
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
