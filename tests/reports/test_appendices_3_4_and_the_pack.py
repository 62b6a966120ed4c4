"""Appendix 3 prints the changes recorded through governance (governance's
``appendix3_changes``), Appendix 4 the vital-signs scorecard, and the pack all four in
one PDF. Expected words are the seed's (003, Appendix 3 lines 3665–3695; Appendix 4
lines 3697–3843)."""

import io
from xml.etree import ElementTree

from pypdf import PdfReader

from improvement.governance.appendix3 import appendix3_changes
from tests.reports.conftest import MAY, NOV
from tests.reports.htmltext import text as html_text
from tests.reports.pdftext import pdf_text, table_rows

# seeds/003 Appendix 3, as at 12 November 2025 since the report of 8 May 2025.
SEED_APPENDIX_3 = {
    "revised_timescales": [
        ("P7", "September 2025", "January 2026", "This review had started but was delayed"),
        ("P10", "October 2025", "March 2026", "The C&F assessment is being aligned"),
        ("W12", "December 2025", "March 2026", "This timeline has been updated in line"),
    ],
    "delayed": [("SL17", "November 2025", "The audit forms are currently being built")],
    "revised_wording": [("SM4", "October 2025", "Internal training on strategy discussions")],
    "under_review": [
        ("SL8", "We will revise the cared for children and care leavers strategy"),
        ("SL18", "An implementation plan has been developed however"),
        ("P5", "This will be reviewed as part of the development of the new"),
        ("P12", "A test environment for the new central resource platform"),
        ("S5", "We are working with a company (Reconnect)"),
    ],
}
HEADINGS = {
    "revised_timescales": ["Ref", "Action", "Original timescale", "Revised timescale", "Reason"],
    "delayed": ["Ref", "Action", "Original timescale", "Reason"],
    "revised_wording": ["Ref", "Action", "Original timescale", "Reason"],
    "under_review": ["Ref", "Action", "Reason"],
}


def flat(pdf):
    return " ".join(pdf_text(pdf).split())


def test_appendix_3_prints_every_change_the_record_gives_in_its_section(plan, exported):
    pdf = exported("3", NOV, since=MAY)
    changes = appendix3_changes(plan, since=MAY, as_at=NOV)
    rows = {key: table_rows(pdf, HEADINGS[key]) for key in HEADINGS}
    # The delayed and revised-wording tables share their header: tell them apart by ref.
    for key, entries in changes.items():
        printed = {r["Ref"]: r for r in rows[key]}
        for entry in entries:
            row = printed[entry["ref"]]
            assert " ".join(entry["reason"].split())[:60] in row["Reason"]
            if "original" in entry:
                assert row["Original timescale"] == entry["original"]
            if "revised" in entry:
                assert row["Revised timescale"] == entry["revised"]
    assert "Changes agreed after 8 May 2025, up to 12 November 2025" in flat(pdf)


def test_appendix_3_as_at_12_november_2025_is_the_seeds_appendix_3(exported):
    pdf = exported("3", NOV, since=MAY)
    text = flat(pdf)
    for key, expected in SEED_APPENDIX_3.items():
        printed = {r["Ref"]: r for r in table_rows(pdf, HEADINGS[key])}
        for ref, *cells, reason in expected:
            row = printed[ref]
            assert reason in row["Reason"], (ref, row["Reason"])
            if cells:
                assert row["Original timescale"] == cells[0]
            if len(cells) == 2:
                assert row["Revised timescale"] == cells[1]
    assert "Has been revised to: Develop managers training to strengthen contributions" in text


def test_appendix_4_prints_the_scorecard_to_september_2025_in_landscape(exported):
    pdf = exported("4", NOV)
    text = flat(pdf)
    assert "Indicators of Success: October 2024 to September 2025" in text
    assert (
        "Oct-24 Nov-24 Dec-24 Jan-25 Feb-25 Mar-25 Apr-25 May-25 Jun-25 Jul-25 Aug-25 Sep-25"
        in text
    )
    for section in (
        "Early Help and Front Door Responses",
        "Robust and effective social work practice",
        "At risk of Care, Cared for and Care Experienced Children and Young People",
        "Quality Assurance and Audit (safeguarding)",
        "Quality Assurance and Audit (auditing)",
        "A Stable and able workforce",
    ):
        assert section in text
    assert "Percentage of Early Help Assessments completed within 45 working days" in text
    assert "ID 4: All contacts are now being loaded at the ChECS front door" in text
    assert {
        tuple(round(float(v)) for v in p.mediabox.upper_right)
        for p in PdfReader(io.BytesIO(pdf)).pages
    } == {(842, 595)}


def test_the_pack_is_a_cover_then_the_four_appendices_each_as_it_prints_alone(appendix):
    """Checked on the HTML the pack's PDF is drawn from: one document, a cover, then
    each appendix exactly as it prints on its own with the same options."""
    options = {"since": MAY, "reference": "CF/24/25-26"}
    cover, *parts = appendix("pack", NOV, **options).find("body").findall("section")
    assert "Report reference: CF/24/25-26" in html_text(cover)
    assert "Ratings as at 12 November 2025. Changes agreed after 8 May 2025." in html_text(cover)
    assert [html_text(next(part.iter("h1"))) for part in parts] == [
        "Improvement Plan Rating Overview",
        "Children's Services Improvement Plan",
        "Appendix 3 – Changes to the improvement plan actions agreed through improvement "
        "plan governance arrangements",  # seeds/003, line 3665
        "Appendix 4 – Vital Signs Scorecard",
    ]
    for key, part in zip("1234", parts, strict=True):
        alone = appendix(key, NOV, **options).find("body").find("section")
        # (the whitespace after each section differs: the pack's template adds lines)
        assert ElementTree.tostring(part).rstrip() == ElementTree.tostring(alone).rstrip(), key
