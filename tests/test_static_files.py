"""Outside demo mode static files get content-hashed, compressed copies from collectstatic
(scripts/serve.sh runs it), and pages and committee PDFs find them under those names."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import override_settings

from improvement.reports.pdf import BASE_URL, static_path

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "improvement.lib.staticfiles.HashedStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic run once, as scripts/serve.sh runs it, with production settings."""
    root = tmp_path_factory.mktemp("static")
    clean = {k: v for k, v in os.environ.items() if k != "IMPROVEMENT_DEMO"}
    proc = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env={**clean, "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "x", "STATIC_ROOT": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return root


def test_collectstatic_writes_hashed_and_compressed_copies_of_the_stylesheets(collected):
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(r"app/app\.[0-9a-f]{12}\.css", paths["app/app.css"])
    assert re.fullmatch(
        r"govuk/govuk-council\.min\.[0-9a-f]{12}\.css", paths["govuk/govuk-council.min.css"]
    )
    hashed = collected / paths["app/app.css"]
    assert hashed.is_file()
    assert (collected / (paths["app/app.css"] + ".gz")).is_file()
    assert (collected / (paths["app/app.css"] + ".br")).is_file()


def test_a_committee_pdf_finds_its_stylesheet_under_the_hashed_name(collected):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=collected):
        url = static("reports/pdf.css")
        assert re.fullmatch(r"/static/reports/pdf\.[0-9a-f]{12}\.css", url)
        found = static_path(BASE_URL + url.lstrip("/"))
    assert found is not None
    assert os.path.samefile(found, collected / url.removeprefix("/static/"))
