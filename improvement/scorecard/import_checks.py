"""Checks on an uploaded scorecard workbook before openpyxl sees it.

``check_file`` refuses anything that is not a plain .xlsx workbook of sensible size: the
extension, the size, the zip's entry count and declared uncompressed size, encrypted
entries, macros, and XML document type declarations (billion laughs). Each refusal is one
clear message for the person uploading.
"""

import re
import zipfile
from io import BytesIO

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 100
MAX_UNCOMPRESSED = 50 * 1024 * 1024
PROLOG_BYTES = 64 * 1024

XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_START_TAG = re.compile(rb"<[A-Za-z_]")


class ImportRefused(Exception):
    """The file was refused before reading: one clear message for the person uploading."""


def _megabytes(n):
    return f"{n / (1024 * 1024):.1f} MB"


def check_file(name, data):
    """Refuse a file that is not a plain .xlsx workbook within the limits."""
    lower = (name or "").lower()
    if lower.endswith(".xlsm"):
        raise ImportRefused(
            f"{name} is a macro-enabled workbook (.xlsm). Macros are not accepted: save it "
            "as an Excel Workbook (.xlsx) and upload that."
        )
    if not lower.endswith(".xlsx"):
        ext = lower.rsplit(".", 1)[-1] if "." in lower else "no extension"
        raise ImportRefused(
            f"Only Excel workbooks (.xlsx) can be imported; {name or 'the file'} has "
            f"{'a .' + ext + ' extension' if ext != 'no extension' else 'no extension'}."
        )
    if not data:
        raise ImportRefused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"{name} is {_megabytes(len(data))}; the largest workbook accepted is "
            f"{_megabytes(MAX_BYTES)}."
        )
    if data.startswith(OLE2_MAGIC):
        raise ImportRefused(
            f"{name} is an Excel 97–2003 (.xls) or password-protected workbook renamed to "
            ".xlsx. Open it in Excel, remove any password and save it as an Excel Workbook "
            "(.xlsx)."
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportRefused(
            f"{name} is not an Excel workbook: an .xlsx file is a zip archive and this is "
            "not one (was another kind of file renamed to .xlsx?)."
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"{name} is a damaged zip archive ({exc}).") from exc
    if len(entries) > MAX_ENTRIES:
        raise ImportRefused(
            f"{name} holds {len(entries)} parts; a scorecard workbook has a few dozen at "
            f"most and the limit is {MAX_ENTRIES}."
        )
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_UNCOMPRESSED:
        raise ImportRefused(
            f"{name} would expand to {_megabytes(expanded)} when opened (the limit is "
            f"{_megabytes(MAX_UNCOMPRESSED)}); it looks like a zip bomb and was not opened."
        )
    names = {e.filename for e in entries}
    if any(e.flag_bits & 0x1 for e in entries):
        raise ImportRefused(f"{name} has encrypted parts; remove the password and save again.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportRefused(
            f"{name} contains macros. Macros are not accepted: save it as an Excel Workbook "
            "(.xlsx) without macros."
        )
    if "[Content_Types].xml" not in names:
        raise ImportRefused(f"{name} is a zip archive but not an Excel workbook.")
    with archive.open("[Content_Types].xml") as fh:
        types = fh.read(PROLOG_BYTES * 4)
    if MACRO_MAIN in types:
        raise ImportRefused(
            f"{name} is a macro-enabled workbook renamed to .xlsx; save it as an Excel "
            "Workbook (.xlsx)."
        )
    if XLSX_MAIN not in types:
        raise ImportRefused(f"{name} is a zip archive but not an Excel workbook.")
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_doctype(name, archive, entry)
    return archive


def _refuse_doctype(name, archive, entry):
    """Excel never writes a DOCTYPE; one is how billion-laughs and external-entity
    attacks start. Only the prolog (before the first element) can hold one."""
    with archive.open(entry) as fh:
        head = fh.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode()
    start = _START_TAG.search(head)
    prolog = head if start is None else head[: start.start()]
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise ImportRefused(
            f"{name} contains an XML document type declaration in {entry.filename}, which "
            "Excel never writes; it can be used to make a file expand without limit "
            "(a “billion laughs” attack), so it was not opened."
        )
    if start is None and len(head) >= PROLOG_BYTES:
        raise ImportRefused(
            f"{name}: {entry.filename} has no content in its first "
            f"{PROLOG_BYTES // 1024} KB, which Excel never writes; it was not opened."
        )
