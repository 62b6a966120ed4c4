"""Evidence tests: a storage folder of the test's own (tmp_path), the demo plan's SL14
(owned by the Principal Social Worker role, which the demo officer holds), and small
real files of each type made here, so nothing depends on files outside the test."""

import datetime as dt
import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement.evidence.models import Evidence
from improvement.plans.models import Action

DAY = dt.date(2025, 11, 3)


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    """Every evidence test stores its files in a folder of its own."""
    folder = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "improvement.evidence.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def action(plan, owner):
    found = Action.objects.get(plan=plan, ref="SL14")
    assert found.owners.filter(role__users=owner).exists()
    return found


def pdf_bytes():
    """A one-page PDF, as small as a valid one gets."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def png_bytes():
    """A 1×1 white PNG."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, format="JPEG")
    return out.getvalue()


def docx_bytes(text="Audit of supervision"):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Visits within timescale"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def file_post(name, content, *, title="Audit of supervision", day=DAY, **extra):
    """What the add page posts for a file."""
    return {
        "kind": "file",
        "file": upload(name, content),
        "title": title,
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        **extra,
    }


def link_post(url, *, title="Practice week report", day=DAY):
    return {
        "kind": "link",
        "url": url,
        "title": title,
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
    }


def add_url(action):
    return reverse("evidence:add", args=[action.plan.slug, action.ref])


def download_url(item):
    return reverse("evidence:download", args=[item.action.plan.slug, item.action.ref, item.pk])


def remove_url(item):
    return reverse("evidence:remove", args=[item.action.plan.slug, item.action.ref, item.pk])


@pytest.fixture
def add_file(client, action, owner):
    """Add a file to SL14 as the demo officer, through the page; returns the Evidence."""

    def add(name="audit.pdf", content=None, **extra):
        client.force_login(owner)
        response = client.post(add_url(action), file_post(name, content or pdf_bytes(), **extra))
        errors = re.findall(r'govuk-error-message".*?</p>', response.content.decode())
        assert response.status_code == 302, errors
        return Evidence.objects.filter(action=action).latest("pk")

    return add
