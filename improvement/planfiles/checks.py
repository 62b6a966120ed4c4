"""Checks on an uploaded plan file before anything reads it.

An .xlsx goes through the scorecard import's checks (size, zip bomb, macros,
encryption, XML document type declarations): one set of defences for every workbook the
product opens. A .csv is checked here: size, emptiness, binary content, its encoding
(UTF-8, with or without a byte-order mark, else Windows-1252, which is what Excel's
"CSV" saves on a UK Windows machine) and its number of rows and columns.
"""

import csv
import io

from improvement.scorecard.import_checks import MAX_BYTES, ImportRefused, check_file

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "ImportRefused", "check_upload", "csv_rows"]

MAX_ROWS = 10_000  # a plan has tens or hundreds of actions; a tracker a few thousand at most
MAX_COLUMNS = 100
MAX_CELL = 32_767  # Excel's own limit on the characters in a cell
ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"


def _megabytes(n):
    return f"{n / (1024 * 1024):.1f} MB"


def check_upload(name, data):
    """ "xlsx" or "csv" for a file that may be read; ``ImportRefused`` otherwise."""
    lower = (name or "").lower()
    if lower.endswith((".xlsx", ".xlsm")):
        check_file(name, data)  # its .xlsm message names the macros
        return "xlsx"
    if lower.endswith(".csv"):
        csv_rows(name, data)
        return "csv"
    ext = f"a .{lower.rsplit('.', 1)[-1]} extension" if "." in lower else "no extension"
    raise ImportRefused(
        f"Only Excel workbooks (.xlsx) and comma-separated files (.csv) can be imported; "
        f"{name or 'the file'} has {ext}."
    )


def decode_csv(name, data):
    """The text of a .csv file; ``ImportRefused`` for anything that is not text."""
    if not data:
        raise ImportRefused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"{name} is {_megabytes(len(data))}; the largest file accepted is "
            f"{_megabytes(MAX_BYTES)}."
        )
    if data.startswith(ZIP_MAGIC):
        raise ImportRefused(
            f"{name} is an Excel workbook or other zip archive renamed to .csv; upload it "
            "as .xlsx, or save it from Excel as CSV."
        )
    if b"\0" in data:
        raise ImportRefused(
            f"{name} is not a text file (it holds binary data); save the tracker from "
            "Excel as CSV (comma delimited), or upload the .xlsx itself."
        )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused(
                f"{name} is in a text encoding the product cannot read; save it from "
                "Excel as “CSV UTF-8 (comma delimited)”."
            ) from None
    if not text.strip():
        raise ImportRefused(f"{name} is empty.")
    return text


def csv_rows(name, data):
    """The rows of a .csv file as lists of strings, within the row and column limits."""
    text = decode_csv(name, data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise ImportRefused(
                    f"{name} has {len(row)} columns on line {reader.line_num}; the most "
                    f"accepted is {MAX_COLUMNS}."
                )
            if any(len(cell) > MAX_CELL for cell in row):
                raise ImportRefused(
                    f"{name} has a cell of more than {MAX_CELL:,} characters on line "
                    f"{reader.line_num} (an unclosed quotation mark?)."
                )
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise ImportRefused(f"{name} has more than {MAX_ROWS:,} rows.")
    except csv.Error as exc:
        raise ImportRefused(f"{name} could not be read as CSV ({exc}).") from None
    return rows
