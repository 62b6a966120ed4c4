"""What an uploaded file is, read from its content, never from its name.

``filetype`` reads the file's first bytes (its "magic number"). Word and Excel files
(.docx, .xlsx) are zip archives, so for them the archive's own table of contents is
read too: the part the format must have (``word/document.xml``, ``xl/workbook.xml``)
and the content type it declares, which also tells a macro-enabled file (.docm, .xlsm,
refused) from a plain one whatever its name.

Older Word and Excel files (.doc, .xls) are refused: both are the same "compound file"
container, and telling one from the other (or from any other program's compound file)
means reading the container's directory; ``filetype``'s guess looks for bytes at fixed
offsets that many real files do not have. People are asked to save them as .docx,
.xlsx or PDF instead.
"""

import zipfile

import filetype

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

# Content type → (the stored file's extension, what people call it).
ALLOWED = {
    PDF: ("pdf", "PDF"),
    DOCX: ("docx", "Word document"),
    XLSX: ("xlsx", "Excel workbook"),
    PNG: ("png", "PNG image"),
    JPEG: ("jpg", "JPEG image"),
}

WRONG_TYPE = (
    "The selected file must be a PDF, Word document (.docx), Excel workbook (.xlsx), PNG or JPEG"
)
OLD_OFFICE = (
    "The selected file is an older Word or Excel file (.doc or .xls): save it as a .docx, "
    ".xlsx or PDF and upload that"
)
MACROS = "The selected file contains macros: save it without them (.docx or .xlsx) and upload that"

COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt, .msg …
ZIP = b"PK\x03\x04"
HEAD = 8192
# The archive's table of contents is a few kilobytes; a larger one is not read.
MAX_CONTENT_TYPES = 1024 * 1024


class Refused(ValueError):
    """The file is not one we accept; the message says why, for the file field."""


def detect(upload):
    """The content type of ``upload`` (a Django UploadedFile or any binary file object)
    from its content; ``Refused`` with a message when it is not an allowed type."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    if head.startswith(COMPOUND_FILE):
        raise Refused(OLD_OFFICE)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if head.startswith(ZIP):
        # filetype's guess reads the first entries only; the archive decides.
        mime = _office_type(upload)
    if mime not in ALLOWED:
        raise Refused(WRONG_TYPE)
    return mime


def _office_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)
    if b"macroEnabled" in declared or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise Refused(MACROS)
    if "word/document.xml" in names and b"wordprocessingml.document.main+xml" in declared:
        return DOCX
    if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main+xml" in declared:
        return XLSX
    return None


def extension(content_type):
    return ALLOWED[content_type][0]


def describe(content_type):
    """What people call the type ("PDF"), or the type itself for an unknown one."""
    return ALLOWED.get(content_type, (None, content_type))[1]
