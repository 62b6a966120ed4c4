"""Backing up and restoring the database (manage.py backup / restore).

SQLite goes through the sqlite3 online backup API on Django's own connection: a
consistent copy while the site runs, WAL included (copying the file would miss pages
still in the -wal file). PostgreSQL goes through pg_dump's custom format and pg_restore,
with the connection settings of DATABASES and the password in PGPASSWORD, never on a
command line that ``ps`` shows.

The evidence files (EVIDENCE_DIR) go in a tar beside the database's file, restored with
it (``evidence_archive``). The database is copied first: a file added meanwhile is then
in the archive without a row (harmless), and only a file removed in those seconds (its
removal committed after the copy) can be missing beside its row.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from .evidence_archive import (
    ArchiveError,
    archive_path,
    discard,
    evidence_folder,
    stage,
    swap_in,
    write_archive,
)

# The first bytes of each kind of file, so a restore refuses the wrong one.
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
SUFFIX = {"sqlite": "sqlite3", "postgresql": "pgdump"}


class BackupError(Exception):
    pass


@dataclass
class Backup:
    database: Path
    evidence: Path | None  # None: the evidence storage is not a folder on this machine
    evidence_folder: Path | None = None
    evidence_files: int = 0
    left_out: int = 0  # entries of the evidence folder that are not stored files


def backup_name(vendor, now=None):
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return f"improvement-{stamp}.{SUFFIX[vendor]}"


def backup(connection, folder):
    """Write a new backup of ``connection``'s database, and an archive of the evidence
    files beside it, into ``folder``: a ``Backup``. Neither file appears unless both
    were written."""
    vendor = _vendor(connection)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / backup_name(vendor)
    evidence = evidence_folder()
    done = Backup(path, archive_path(path) if evidence else None, evidence)
    targets = [t for t in (path, done.evidence) if t]
    for target in targets:
        if target.exists():
            raise BackupError(f"{target} exists already; backups never overwrite one.")
    parts = []
    try:
        for target in targets:
            part = target.with_name(target.name + ".part")
            try:
                # O_EXCL: two backups started in the same second cannot share the file.
                os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                raise BackupError(f"{part} exists: is another backup running?") from None
            parts.append(part)
        if vendor == "sqlite":
            _sqlite_backup(connection, parts[0])
        else:
            _run(["pg_dump", "--format=custom", "--no-password", f"--file={parts[0]}"], connection)
        if evidence:
            with open(parts[1], "wb") as fh:
                done.evidence_files, done.left_out = write_archive(evidence, fh)
        # link, not rename: it fails rather than replace a file that appeared meanwhile.
        linked = []
        try:
            for part, target in zip(parts, targets, strict=True):
                os.link(part, target)
                linked.append(target)
        except BaseException:
            for target in linked:
                target.unlink()
            raise
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return done


def restore(connection, path):
    """Replace ``connection``'s database with the backup at ``path``, and the evidence
    folder's contents with the archive beside it if there is one: the number of evidence
    files restored, or None (no archive: the folder is left as it is). A refused
    archive stops everything before the database is touched."""
    vendor = _vendor(connection)
    path = Path(path)
    check_kind(path, vendor)
    archive, evidence, staging, count = archive_path(path), evidence_folder(), None, None
    if archive.exists():
        if evidence is None:
            raise BackupError(
                f"{archive} holds evidence files, but the evidence storage is not a folder "
                "here. Nothing was restored; move the archive aside to restore the "
                "database alone."
            )
        try:
            staging, count = stage(archive, evidence)
        except ArchiveError as error:
            raise BackupError(
                f"{error} Nothing was restored; move the archive aside to restore the "
                "database alone."
            ) from None
    try:
        _restore_database(connection, vendor, path)
    except BaseException:
        if staging:
            discard(staging)
        raise
    if staging:
        swap_in(staging, evidence)
    return count


def _restore_database(connection, vendor, path):
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
