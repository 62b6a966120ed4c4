"""Appendix 2 prints the whole plan as it stood at the chosen date: front matter, plan
on a page, timeline, then every area with its findings, actions (owners, due dates and
ratings in long words, all as at that date), how it is assessed and the commentary of
that date. Expected words come from the seeds (003 Appendix 2; 001 for 8 May 2025)."""

import re

from tests.reports.conftest import MAY, NOV
from tests.reports.pdftext import pdf_text, table_rows
from tests.reports.test_appendix1_matches_the_seed import seed_rows


def flat(pdf):
    return " ".join(pdf_text(pdf).split())


A2_HEADINGS = ["Ref", "Action", "Action Owner", "Due by", "Action Rating"]


def action_row(pdf, ref):
    """One action's printed row(s) of Appendix 2, as {heading: words}."""
    return next(r for r in table_rows(pdf, A2_HEADINGS) if r["Ref"] == ref)


def test_appendix_2_opens_with_the_plans_front_matter_in_order(exported):
    text = flat(exported("2", NOV))
    assert "All ratings are accurate as at 12 November 2025" in text
    headings = [
        "Introduction", "Context", "Coproduction", "Support and Challenge", "Monitoring Impact",
        "Governance and Accountability", "Glossary", "Children's Services Improvement Plan on a Page",
        "Children's Services Improvement Plan Timeline", "Chapter 1", "Chapter 2", "Chapter 3",
    ]  # fmt: skip
    body = text[text.index("Governance and Accountability Progress against") :]
    positions = [text.index("This is our action plan")]
    positions += [body.index(h) for h in headings[6:]]
    assert positions[1:] == sorted(positions[1:])
    # The plan's key sits in "Monitoring Impact", after "rated using the following:".
    assert re.search(
        r"rated using the following: Colour Definition Grey Action not started yet", text
    )
    assert "UASC Unaccompanied asylum-seeking children" in text
    assert "What we achieved by the end of March 2025" in text


def test_the_contents_give_page_numbers(exported):
    contents = pdf_text(exported("2", NOV), layout=True, first=2, last=2)
    assert re.search(r"Glossary\s*\.+\s*\d+", contents)
    assert re.search(r"7\. Sufficiency of placements\s*\.+\s*\d+", contents)


def test_every_action_of_the_plan_is_printed(exported):
    text = pdf_text(exported("2", NOV), layout=True)
    printed = re.findall(r"^\s*([A-Z]{1,3}\d{1,2}[a-z]?)\s{2,}", text, re.M)
    refs = [r["ref"] for r in seed_rows()]
    assert [ref for ref in printed if ref in refs] == refs


def test_actions_print_owner_due_and_long_rating_as_at_12_november_2025(exported):
    pdf = exported("2", NOV)
    sl1 = action_row(pdf, "SL1")
    assert sl1["Action"].startswith("Ensure there is effective line of sight from frontline")
    assert sl1["Action Owner"] == "Executive Director of Children's Services"
    assert (sl1["Due by"], sl1["Action Rating"]) == ("January 2025", "Complete")
    sl2a = action_row(pdf, "SL2a")
    assert sl2a["Action Owner"] == "Head of Service Children's Development and Partnerships"
    assert sl2a["Action Rating"] == "Complete but need to evidence impact"
    sl17 = action_row(pdf, "SL17")
    assert (sl17["Due by"], sl17["Action Rating"]) == ("November 2025", "Delayed")
    clb4 = action_row(pdf, "CLB4")  # two printed rows, each with its own due and rating
    assert clb4["Due by"].startswith("Interim hubs in Crewe and Macclesfield by July 2024")
    assert "Consider suitable options for a long-term care leaver hub" in clb4["Due by"]


def test_the_commentary_is_the_one_reported_on_that_date(exported):
    text = flat(exported("2", NOV))
    assert (
        "The third monitoring visit in October 2025 found that the senior leadership team" in text
    )
    assert "The family feedback strategy was received by PPP in April" not in text


def test_appendix_2_as_at_8_may_2025_reads_owners_ratings_and_commentary_of_that_date(exported):
    pdf = exported("2", MAY)
    text = flat(pdf)
    assert "All ratings are accurate as at 8 May 2025" in text
    sl2a = action_row(pdf, "SL2a")  # seeds/001: owned by the Principal Social Worker then
    assert sl2a["Action Owner"] == "Principal Social Worker"
    sl17 = action_row(pdf, "SL17")
    assert (sl17["Due by"], sl17["Action Rating"]) == ("July 2025", "On track")
    assert "The family feedback strategy was received by PPP in April" in text
    assert "The third monitoring visit in October 2025" not in text
