"""Workbooks for the import tests: the demo scorecard exported, then edited with openpyxl
the way a person would edit it in Excel."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from improvement.scorecard.workbook import workbook_bytes

# The demo scorecard's months are October 2024 to September 2025; imports are judged as
# if on this day, so "the future" means November 2025 onwards.
TODAY = dt.date(2025, 10, 15)


@pytest.fixture
def exported(plan):
    """The demo scorecard as the export writes it (12 months, Oct-24 to Sep-25)."""
    return workbook_bytes(plan)


def edit(data, change):
    """Open workbook bytes, let ``change(sheet)`` edit the Scorecard sheet, return bytes."""
    wb = load_workbook(io.BytesIO(data))
    change(wb["Scorecard"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(sheet, code):
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == code:
            return row[0].row
    raise KeyError(code)


def column_of(sheet, month):
    for cell in sheet[4]:
        if isinstance(cell.value, dt.datetime) and cell.value.date() == month:
            return cell.column
    raise KeyError(month)


def rezip(data, replace=None, add=None, drop=()):
    """The same zip with some parts replaced, added or dropped."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename in drop:
                continue
            body = (replace or {}).get(item.filename, src.read(item.filename))
            dst.writestr(item.filename, body)
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    """Uploaded workbooks waiting for confirmation go to the test's own folder."""
    settings.SCORECARD_UPLOAD_DIR = str(tmp_path / "uploads")
