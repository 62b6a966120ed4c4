"""Evidence files in a backup: a tar of the evidence folder beside the database's file.

``manage.py backup`` writes ``improvement-<stamp>.evidence.tar`` next to
``improvement-<stamp>.sqlite3`` (or ``.pgdump``), so the nightly clean-up of
``improvement-*`` files keeps or removes the pair together, and a backup made before
evidence existed (no archive) still restores. The archive holds only what the evidence
storage could have made: regular files whose names are stored names
(``evidence.storage.SAFE_NAME``); a link or an odd name in the folder is left out.

A restore reads the archive as untrusted: every member must be a regular file (or a
folder) whose name is a stored name, so it lands inside the evidence folder; a link, a
device, ``..``, an absolute path or a name met twice refuses the whole restore before the
database is touched. The files are written into a new hidden folder inside the evidence
folder (hidden names are never stored names, so nothing serves them), and only once the
database is restored do they replace the folder's contents. Files the backup did not hold
(added since, so without a row after the restore, and possibly holding personal data)
are deleted with the old contents.
"""

import os
import shutil
import stat
import tarfile
import tempfile
from pathlib import Path

from improvement.evidence.storage import SAFE_NAME, evidence_storage

SUFFIX = ".evidence.tar"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    pass


def archive_path(database_path):
    """The evidence archive that goes with a database backup file."""
    database_path = Path(database_path)
    return database_path.with_name(database_path.stem + SUFFIX)


def evidence_folder():
    """The evidence storage's folder, or None when that storage is not a folder on this
    machine (an object store is backed up where it lives)."""
    try:
        return Path(evidence_storage.path(""))
    except NotImplementedError:
        return None


# -- backing up ---------------------------------------------------------------------------
def write_archive(folder, fileobj):
    """Tar the stored files of ``folder`` into ``fileobj``: (files written, entries left
    out because they are links or not stored names)."""
    written = left_out = 0
    with tarfile.open(fileobj=fileobj, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, full in _entries(Path(folder)):
            opened = _open_regular(full) if SAFE_NAME.fullmatch(name) else None
            if opened is None:
                left_out += 1
                continue
            with opened as fh:
                info = tarfile.TarInfo(name)
                found = os.fstat(fh.fileno())
                info.size, info.mtime, info.mode = found.st_size, int(found.st_mtime), 0o600
                tar.addfile(info, fh)
            written += 1
    return written, left_out


def _entries(folder):
    """(name relative to ``folder``, full path) of every entry but folders, in name order;
    links to folders are listed, never followed."""
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        here = Path(top)
        linked = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in linked]
        for entry in sorted(files + linked):
            full = here / entry
            yield full.relative_to(folder).as_posix(), full


def _open_regular(path):
    """``path`` opened for reading if it is a regular file (never through a link), or
    None (a link, a device, or a file removed since the folder was listed)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


# -- restoring ----------------------------------------------------------------------------
def check_archive(path):
    """The archive's files, checked (see the module's docstring); ArchiveError names the
    first member refused."""
    try:
        with tarfile.open(path, mode="r:") as tar:
            members = tar.getmembers()
    except (OSError, tarfile.TarError) as error:
        raise ArchiveError(f"{path} is not an evidence archive made by backup: {error}") from None
    files, seen = [], set()
    for member in members:
        name = member.name.rstrip("/") if member.isdir() else member.name
        if not (member.isreg() or member.isdir()):
            raise ArchiveError(f"{path}: {member.name!r} is not a plain file (a link?); refused.")
        if not SAFE_NAME.fullmatch(name):
            raise ArchiveError(
                f"{path}: {member.name!r} would land outside the evidence folder; refused."
            )
        if name in seen:
            raise ArchiveError(f"{path}: {member.name!r} appears twice; refused.")
        seen.add(name)
        if member.isreg():
            files.append(name)
    return files


def stage(path, folder):
    """Write the checked archive's files into a new hidden folder inside ``folder``,
    files 0600 and folders 0700 whatever the archive says: (that folder, files written)."""
    names = set(check_archive(path))
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=folder))
    try:
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                if member.isreg() and member.name in names:
                    _write(tar.extractfile(member), staging, member.name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, len(names)


def _write(source, staging, name):
    # Inside a folder made here, by checked names: no link can be in the way.
    here = staging
    for part in name.split("/")[:-1]:
        here = here / part
        here.mkdir(mode=0o700, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(staging / name, flags, 0o600), "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def swap_in(staging, folder):
    """Make ``staging``'s files the contents of ``folder``; what was there goes."""
    folder, staging = Path(folder), Path(staging)
    old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=folder))
    for entry in list(folder.iterdir()):
        if entry not in (staging, old):
            entry.rename(old / entry.name)
    for entry in list(staging.iterdir()):
        entry.rename(folder / entry.name)
    staging.rmdir()
    shutil.rmtree(old)


def discard(staging):
    shutil.rmtree(staging, ignore_errors=True)
