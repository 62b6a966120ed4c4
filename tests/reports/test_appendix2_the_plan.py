"""Appendix 2 prints the whole plan as it stood at the chosen date: front matter, plan
on a page, timeline, then every area with its findings, actions (owners, due dates and
ratings in long words, all as at that date), how it is assessed and the commentary of
that date. Expected words come from the seeds (003 Appendix 2; 001 for 8 May 2025).
Content is checked on the HTML the PDF is drawn from; the contents' page numbers, which
only a laid-out PDF has, on the real PDF."""

import re

from tests.reports.conftest import MAY, NOV
from tests.reports.htmltext import table_rows, text
from tests.reports.pdftext import pdf_text
from tests.reports.test_appendix1_matches_the_seed import seed_rows

A2_HEADINGS = ["Ref", "Action", "Action Owner", "Due by", "Action Rating"]


def action_row(document, ref):
    """One action's printed row(s) of Appendix 2, as {heading: words}."""
    return next(r for r in table_rows(document, A2_HEADINGS) if r["Ref"] == ref)


def section_titled(document, title):
    return next(
        s
        for s in document.iter("section")
        if s.find("h2") is not None and text(s.find("h2")) == title
    )


def test_appendix_2_opens_with_the_plans_front_matter_in_order(appendix):
    document = appendix("2", NOV)
    assert "All ratings are accurate as at 12 November 2025" in text(document)
    # seeds/003 Appendix 2's headings, in the order the council printed them.
    assert [text(h) for h in document.iter("h2")] == [
        "Contents", "Introduction", "Context", "Coproduction", "Support and Challenge",
        "Monitoring Impact", "Governance and Accountability", "Glossary",
        "Children's Services Improvement Plan on a Page",
        "Children's Services Improvement Plan Timeline", "Improvement Plan",
        "Chapter 1", "Chapter 2", "Chapter 3",
    ]  # fmt: skip
    assert text(section_titled(document, "Introduction")).startswith(
        "Introduction This is our action plan to address the findings from the Ofsted"
    )
    # The plan's key sits in "Monitoring Impact", after "rated using the following:".
    assert re.search(
        r"rated using the following: Colour Definition Grey Action not started yet",
        text(section_titled(document, "Monitoring Impact")),
    )
    glossary = table_rows(document, ["Abbreviation", "Expansion"])
    assert {"Abbreviation": "UASC", "Expansion": "Unaccompanied asylum-seeking children"} in (
        glossary
    )
    timeline = section_titled(document, "Children's Services Improvement Plan Timeline")
    assert [text(h) for h in timeline.iter("h3")] == [
        "What we achieved by the end of June 2024",
        "What we achieved by the end of September 2024",
        "What we achieved by the end of December 2024",
        "What we achieved by the end of March 2025",
    ]


def test_the_contents_give_page_numbers(exported):
    """Page numbers exist only once the PDF is laid out, so this reads the real PDF."""
    contents = pdf_text(exported("2", NOV), layout=True, first=2, last=2)
    assert re.search(r"Glossary\s*\.+\s*\d+", contents)
    assert re.search(r"7\. Sufficiency of placements\s*\.+\s*\d+", contents)


def test_every_action_of_the_plan_is_printed_in_order(appendix):
    printed = [row["Ref"] for row in table_rows(appendix("2", NOV), A2_HEADINGS)]
    assert printed == [r["ref"] for r in seed_rows()]


def test_actions_print_owner_due_and_long_rating_as_at_12_november_2025(appendix):
    document = appendix("2", NOV)
    sl1 = action_row(document, "SL1")
    assert sl1["Action"].startswith("Ensure there is effective line of sight from frontline")
    assert sl1["Action Owner"] == "Executive Director of Children's Services"
    assert (sl1["Due by"], sl1["Action Rating"]) == ("January 2025", "Complete")
    sl2a = action_row(document, "SL2a")
    assert sl2a["Action Owner"] == "Head of Service Children's Development and Partnerships"
    assert sl2a["Action Rating"] == "Complete but need to evidence impact"
    sl17 = action_row(document, "SL17")
    assert (sl17["Due by"], sl17["Action Rating"]) == ("November 2025", "Delayed")
    clb4 = action_row(document, "CLB4")  # two printed rows, each with its own due and rating
    assert clb4["Due by"] == (
        "Interim hubs in Crewe and Macclesfield by July 2024 "
        "Consider suitable options for a long-term care leaver hub in Crewe by the end of 2025"
    )
    assert clb4["Action Rating"] == "Complete but need to evidence impact On track"
    assert clb4["Action Owner"] == (
        "Service Manager Care Leavers Area Delivery Manager Targeted Youth Work "
        "Head of Service for Education Participation and Pupil Support"
    )


def test_the_commentary_is_the_one_reported_on_that_date(appendix):
    words = text(appendix("2", NOV))
    assert (
        "The third monitoring visit in October 2025 found that the senior leadership team" in words
    )
    assert "The family feedback strategy was received by PPP in April" not in words


def test_appendix_2_as_at_8_may_2025_reads_owners_ratings_and_commentary_of_that_date(appendix):
    document = appendix("2", MAY)
    words = text(document)
    assert "All ratings are accurate as at 8 May 2025" in words
    sl2a = action_row(document, "SL2a")  # seeds/001: owned by the Principal Social Worker then
    assert sl2a["Action Owner"] == "Principal Social Worker"
    sl17 = action_row(document, "SL17")
    assert (sl17["Due by"], sl17["Action Rating"]) == ("July 2025", "On track")
    assert "The family feedback strategy was received by PPP in April" in words
    assert "The third monitoring visit in October 2025" not in words
