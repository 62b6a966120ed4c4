"""Owners add files as evidence: the type is read from the content, never the name; the
size is limited; the stored name is made up, the uploaded one kept only as data."""

import datetime as dt
import re
import stat

import pytest

from improvement.evidence.models import Evidence

from .conftest import (
    add_url,
    docx_bytes,
    file_post,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("name", "make", "content_type", "suffix"),
    [
        ("Supervision audit.pdf", pdf_bytes, PDF, ".pdf"),
        ("Practice week.docx", docx_bytes, DOCX, ".docx"),
        ("Visits.xlsx", xlsx_bytes, XLSX, ".xlsx"),
        ("Chart.png", png_bytes, "image/png", ".png"),
        ("Photo.jpeg", jpeg_bytes, "image/jpeg", ".jpg"),
    ],
)
def test_an_owner_adds_a_file_of_each_allowed_type(
    add_file, action, owner, evidence_dir, name, make, content_type, suffix
):
    content = make()
    item = add_file(name, content)
    assert (item.kind, item.title, item.date) == (
        "file",
        "Audit of supervision",
        dt.date(2025, 11, 3),
    )
    assert (item.original_name, item.content_type, item.size) == (name, content_type, len(content))
    assert item.added_by == owner
    # A made-up name in the plan's folder: nothing of the uploaded name reaches the disk.
    assert re.fullmatch(rf"plan-{action.plan_id}/[0-9a-f]{{32}}\{suffix}", item.file.name)
    stored = evidence_dir / item.file.name
    assert stored.read_bytes() == content
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700


def test_a_pdf_named_as_an_image_is_kept_as_the_pdf_it_is(add_file):
    item = add_file("scan.png", pdf_bytes())
    assert item.content_type == PDF
    assert item.file.name.endswith(".pdf")
    assert item.original_name == "scan.png"


def test_a_text_file_named_pdf_is_refused_and_nothing_is_kept(client, action, owner, evidence_dir):
    client.force_login(owner)
    post = file_post("report.pdf", b"Just some notes, not a PDF at all.\n")
    response = client.post(add_url(action), post)
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "The selected file must be a PDF, Word document (.docx), Excel workbook (.xlsx), "
        "PNG or JPEG" in body
    )
    assert 'href="#id_file"' in body  # the error summary links to the field
    assert not Evidence.objects.filter(action=action).exists()
    assert not evidence_dir.exists() or not any(evidence_dir.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("tool.docx", b"MZ\x90\x00" + b"\x00" * 200),  # a Windows program
        ("archive.xlsx", b"PK\x03\x04" + b"\x00" * 200),  # a broken zip
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    ],
)
def test_content_that_is_not_an_allowed_type_is_refused_whatever_its_name(
    client, action, owner, name, content
):
    client.force_login(owner)
    response = client.post(add_url(action), file_post(name, content))
    assert response.status_code == 400
    assert "The selected file must be a PDF" in response.content.decode()
    assert not Evidence.objects.filter(action=action).exists()


def test_an_older_word_or_excel_file_is_refused_with_what_to_do(client, action, owner):
    client.force_login(owner)
    compound = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    response = client.post(add_url(action), file_post("minutes.doc", compound))
    assert response.status_code == 400
    assert (
        "The selected file is an older Word or Excel file (.doc or .xls): save it as a "
        ".docx, .xlsx or PDF and upload that" in response.content.decode()
    )


def test_a_word_file_with_macros_is_refused_even_named_docx(client, action, owner):
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                )
            target.writestr(info, data)
        target.writestr("word/vbaProject.bin", b"\x00" * 16)
    client.force_login(owner)
    response = client.post(add_url(action), file_post("harmless.docx", out.getvalue()))
    assert response.status_code == 400
    assert "The selected file contains macros" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(client, action, owner, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024  # 1 MB, so the test file stays small
    big = pdf_bytes() + b"%" + b"x" * (1024 * 1024)
    client.force_login(owner)
    response = client.post(add_url(action), file_post("big.pdf", big))
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not Evidence.objects.filter(action=action).exists()


def test_the_default_size_limit_is_20_mb(settings):
    assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024


def test_an_empty_file_and_no_file_are_each_explained(client, action, owner):
    client.force_login(owner)
    response = client.post(add_url(action), file_post("empty.pdf", b""))
    assert "The selected file is empty" in response.content.decode()
    post = file_post("x.pdf", b"")
    del post["file"]
    response = client.post(add_url(action), post)
    assert response.status_code == 400
    assert "Select a file" in response.content.decode()


def test_after_another_error_what_was_typed_stays_and_the_file_must_be_chosen_again(
    client, action, owner
):
    client.force_login(owner)
    post = file_post("Supervision audit.pdf", pdf_bytes(), title="Audit of supervision")
    post.update(date_day="31", date_month="2", date_year="2025")
    response = client.post(add_url(action), post)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date of the evidence must be a real date" in body
    assert 'value="Audit of supervision"' in body
    assert 'value="31"' in body and 'value="2"' in body and 'value="2025"' in body
    assert (
        "Supervision audit.pdf was not kept because of the problem above: choose it again." in body
    )
    assert not Evidence.objects.filter(action=action).exists()


def test_a_title_and_a_past_date_are_needed(client, action, owner):
    client.force_login(owner)
    post = file_post("a.pdf", pdf_bytes(), title="   ", day=dt.date(2099, 1, 1))
    body = client.post(add_url(action), post).content.decode()
    assert "Enter a title for the evidence" in body
    assert "The date of the evidence must be today or in the past" in body
