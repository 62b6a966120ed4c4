"""Every appendix is a tagged PDF/UA-1 document with its title and language set, real
table headers, A4 pages (Appendix 4 landscape) numbered "Page X of Y", the plan and the
date in every footer, table headers repeated after a page break and rows kept whole.
These read real PDFs (one render per appendix, shared through ``exported``): only a
PDF has tags, pages and footers. Ratings in words are content, read from the HTML."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.reports.conftest import MAY, NOV
from tests.reports.htmltext import text as html_text
from tests.reports.pdftext import pages_text, structure_types

A4 = (595, 842)
TITLES = {
    "1": "Appendix 1: RAG rating overview",
    "2": "Appendix 2: Improvement plan",
    "3": "Appendix 3: Changes to the improvement plan actions",
    "4": "Appendix 4: Vital signs scorecard",
}


def pdf_of(exported, key):
    return exported(key, NOV, since=MAY if key == "3" else None)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_each_appendix_is_tagged_pdf_ua_1_with_its_title_and_language(exported, key):
    pdf = pdf_of(exported, key)
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert pdf.startswith(b"%PDF-1.7")
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean)
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title.startswith(TITLES[key])
    assert "12 November 2025" in reader.metadata.title
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]{1,3}1", xmp)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_tables_are_tagged_with_data_cells_tied_to_their_header_cells(exported, key):
    counts, header_ids, headed = structure_types(pdf_of(exported, key))
    assert counts.get("/Table", 0) >= 1
    assert counts.get("/TH", 0) >= 3 and counts.get("/TD", 0) >= 3
    assert len(headed) == counts["/TD"]
    assert all(set(ids) <= header_ids for ids in headed)
    assert counts.get("/H1", 0) >= 1


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_every_page_is_a4_and_numbered_with_the_plan_and_date_in_its_footer(exported, key):
    pdf = pdf_of(exported, key)
    reader = PdfReader(io.BytesIO(pdf))
    pages = pages_text(pdf)
    total = len(reader.pages)
    assert len(pages) == total
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), 1):
        size = tuple(round(float(v)) for v in page.mediabox.upper_right)
        expected = (A4[1], A4[0]) if key == "4" else A4
        if key == "2" and size != A4:
            expected = (A4[1], A4[0])  # the plan on a page is printed landscape
            assert "on a Page" in text
        assert size == expected, number
        flat = " ".join(text.split())
        assert f"Page {number} of {total}" in flat
        assert f"Children's Services Improvement Plan · Appendix {key} ·" in flat
        assert "12 November 2025" in flat


def test_appendix_4_is_landscape_throughout(exported):
    reader = PdfReader(io.BytesIO(pdf_of(exported, "4")))
    assert {tuple(round(float(v)) for v in p.mediabox.upper_right) for p in reader.pages} == {
        (842, 595)
    }


def test_a_table_that_runs_onto_another_page_repeats_its_header_and_splits_no_row(exported):
    """Appendix 2's actions tables run over pages: each continued page starts with the
    header row again, and the next line is a new action (no row was cut in two)."""
    header = re.compile(r"^\s*Ref\s+Action\s+Action Owner\s+Due by\s+Action Rating\s*$")
    row = re.compile(r"^\s*[A-Z]{1,3}\d{1,2}[a-z]?\s{2,}\S")
    continued = 0
    for text in pages_text(pdf_of(exported, "2")):
        lines = [line for line in text.split("\n") if line.strip()]
        for at, line in enumerate(lines):
            if header.match(line):
                assert row.match(lines[at + 1]), lines[at + 1]
                if at == 0:
                    continued += 1
    assert continued >= 3


def test_ratings_are_words_as_well_as_colours(appendix):
    words = html_text(appendix("4", NOV))
    for rating in ("On target", "Within 15% of target", "More than 15% from target"):
        assert rating in words
    assert "Improved" in words and "Declined" in words
