"""Checks on an uploaded scorecard workbook before openpyxl sees it.

``check_file`` refuses anything that is not a plain .xlsx workbook of sensible size: the
extension, the size, the zip's entry count and declared uncompressed size, encrypted
entries, macros, and XML document type declarations (billion laughs), including ones
hidden in an encoding the check could not read (UTF-16 or UTF-32 without a byte order
mark, or an exotic declared encoding). Each refusal is one clear message for the person
uploading.

Every part whose content starts like XML is checked, whatever its name: openpyxl parses
the parts the content types and relationships point to, so a workbook part renamed
xl/workbook.bin is parsed all the same. Only the first few KB of each part are read to
tell; binary parts (images, printer settings) never start with "<".
"""

import re
import zipfile
from io import BytesIO

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 100
MAX_UNCOMPRESSED = 50 * 1024 * 1024
PROLOG_BYTES = 64 * 1024
SNIFF_BYTES = 4 * 1024

XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
UTF8_BOM = b"\xef\xbb\xbf"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Whitespace, and the NULs that pad it in UTF-16 or UTF-32 without a byte order mark.
_LEADING = b" \t\r\n\x00"
_SPACE = re.compile(rb"[ \t\r\n]*")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The encodings whose bytes spell "<!DOCTYPE" as ASCII does (so the check can see it).
ASCII_COMPATIBLE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


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
        head = _xml_head(entry, archive)
        if head is not None:
            _refuse_doctype(name, entry, head)
    return archive


def _xml_head(entry, archive):
    """The first PROLOG_BYTES of a part that is XML by name or starts like XML, or None
    for a binary part; only SNIFF_BYTES are read to tell (more only while they are all
    whitespace, which may pad a prolog)."""
    named_xml = entry.filename.lower().endswith((".xml", ".rels", ".vml"))
    with archive.open(entry) as fh:
        head = fh.read(SNIFF_BYTES)
        looks = named_xml or _starts_like_xml(head)
        if looks is None and len(head) == SNIFF_BYTES:
            head += fh.read(PROLOG_BYTES - len(head))
            looks = _starts_like_xml(head)
            if looks is None:  # 64 KB of whitespace: refused as a prolog with no end
                looks = len(head) >= PROLOG_BYTES
        if not looks:
            return None
        return head + fh.read(PROLOG_BYTES - len(head))


def _starts_like_xml(head):
    """Whether "<" comes first after any byte order mark and whitespace (in UTF-8, or
    UTF-16 or UTF-32 whose ASCII characters come with NULs); None if only whitespace
    was read. Images, printer settings and other binary parts start otherwise."""
    for bom in (*UTF32_BOMS, *UTF16_BOMS, UTF8_BOM):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if not head.strip(b"\x00"):
        return False  # empty, or NULs only: not XML in any encoding
    first = head.lstrip(_LEADING)[:1]
    return None if not first else first == b"<"


def _as_ascii_compatible(name, entry, head):
    """The prolog in bytes where "<!DOCTYPE" reads as in ASCII: UTF-16 with a byte order
    mark is decoded; any other encoding in which it would not (UTF-16 or UTF-32 without
    a mark, which the XML parser still detects from the NUL bytes; UTF-32; an exotic
    encoding declared) is refused, since Excel only ever writes UTF-8."""
    if head.startswith(UTF32_BOMS) or (b"\x00" in head and not head.startswith(UTF16_BOMS)):
        raise ImportRefused(
            f"{name}: {entry.filename} is written in UTF-16 or UTF-32"
            f"{'' if head.startswith(UTF32_BOMS) else ' without a byte order mark'}, which "
            "Excel never writes; it could hide an XML document type declaration (a "
            "“billion laughs” attack) from this check, so it was not opened."
        )
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", errors="replace").encode()
    declared = _DECLARED.match(head)
    if declared and declared[1].decode("ascii", "replace").lower() not in ASCII_COMPATIBLE:
        raise ImportRefused(
            f"{name}: {entry.filename} declares the encoding "
            f"“{declared[1].decode('ascii', 'replace')}”, which Excel never writes; it was "
            "not opened."
        )
    return head


def _refuse_doctype(name, entry, raw):
    """Excel never writes a DOCTYPE; one is how billion-laughs and external-entity
    attacks start. XML allows one only in the prolog, before the root element, among
    the XML declaration, comments, processing instructions and whitespace: those are
    skipped by their own syntax (a "<a" inside a comment is not the root element), and
    any markup declaration ("<!" other than a comment) found among them is refused."""
    head = _as_ascii_compatible(name, entry, raw)
    at = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
    while at < len(head):
        at = _SPACE.match(head, at).end()
        if head.startswith((b"<!--", b"<?"), at):
            opener, close = (b"<!--", b"-->") if head[at + 1] == ord("!") else (b"<?", b"?>")
            end = head.find(close, at + len(opener))
            if end < 0:
                break  # runs past what was read
            at = end + len(close)
        elif head.startswith(b"<!", at):
            raise ImportRefused(
                f"{name} contains an XML document type declaration in {entry.filename}, "
                "which Excel never writes; it can be used to make a file expand without "
                "limit (a “billion laughs” attack), so it was not opened."
            )
        elif at + 1 < len(head):
            return  # the root element, or text the parser refuses before any DOCTYPE
        else:
            break  # what follows was not read
    if len(raw) >= PROLOG_BYTES:
        raise ImportRefused(
            f"{name}: {entry.filename} has no content in its first "
            f"{PROLOG_BYTES // 1024} KB, which Excel never writes; it was not opened."
        )
