"""Appendix 1 as at 12 November 2025 says what the council's own Appendix 1 says
(seeds/003, lines 2769–3008), row for row: ref, short title, due by and RAG for all 143
actions, on the HTML and once on the real PDF's text. The table below is transcribed
from the seed text, not from the app's data.

Appendix 1 abbreviates months inconsistently ("Jun 25" and "June 25", "April 24" and
"Apr 24"), so due dates are compared as month and year. Where the seed's Appendix 1
disagrees with the plan itself (Appendix 2 and 3 of the same pack), the export follows
the plan, and each such row is listed in DISAGREEMENTS with the reason.
"""

from tests.reports.conftest import NOV
from tests.reports.htmltext import appendix1_rows, table_rows, text
from tests.reports.pdftext import appendix1_rows as pdf_appendix1_rows
from tests.reports.pdftext import month_year

# seeds/003 Appendix 1 "Ratings as at 12 November 2025": Ref | Action | Due by | RAG
SEED_APPENDIX_1 = """
SL1 | Reporting and governance arrangements | Jan 25 | Complete
SL2a | Internal Family Feedback Strategy | Apr 25 | Amber E
SL2b | Partnership Family Feedback Strategy | Mar 25 | Amber E
SL3 | Improvement Board | July 24 | Complete
SL4 | Children's Services Strategic Quartet | July 24 | Complete
SL5 | Corporate parenting strategic board | Nov 24 | Amber E
SL6 | Corporate parenting training | Sept 25 | Amber E
SL7 | Care leaver champions | Apr 25 | Amber E
SL8 | Cared for children and care leavers strategy | TBC | Reviewing
SL9 | Quality assurance activity against improvement plan | Feb 25 | Amber E
SL10 | Service manager thematic audit group | Aug 24 | Complete
SL11 | Share audit findings with teams | Sept 24 | Complete
SL12 | Vital signs performance report | Sept 24 | Complete
SL13 | Councillor oversight of frontline practice | Sept 25 | Complete
SL14 | Children's social care national framework implications | Feb 25 | Complete
SL15a | Practice guidance on timescales | Jun 25 | Amber E
SL15b | Embed practice standards | Apr 25 | Amber E
SL16 | Examples of good practice | Aug 24 | Amber E
SL17 | Strengthen the audit process | Nov 25 | Delayed
SL18 | Family feedback implementation plan | Oct 25 | Reviewing
CLA1 | Practice standards | June 24 | Complete
CLA2 | Mandatory training plan | June 25 | Complete
CLA3 | Management structure | April 24 | Complete
CLA4 | New pathway plan format | May 24 | Complete
CLA6 | Arrangements for young adults where there are safeguarding concerns | Sept 24 | Complete
CLA7 | Recruit Care Leaver Ambassadors | Oct 24 | Complete
CLB2 | Review Ignition Panel | Sept 24 | Complete
CLB3 | Preparing for adulthood in practice standards | June 24 | Complete
CLB4 | Care leaver hubs | July 24 | Amber E
CLB6 | Health histories development | July 25 | Complete
CLB7 | PA training on health histories | June 24 | Complete
CLB8 | Local offer app | Aug 24 | Complete
CLB9 | Review the local offer | Dec 24 | Complete
CLB10 | PA training on the local offer | July 24 | Complete
CLB11 | Participation opportunities at hubs | July 24 | Complete
CLB12 | Free bus pass for care leavers | Oct 24 | Complete
CLC1 | EET plans for young people | Sept 24 | Complete
CLC2 | Offer of EET opportunities | Mar 25 | Complete
CLC3 | Work with local businesses and organisations | Mar 25 | Complete
CLC4 | Support on employment preparation | Oct 24 | Complete
CLD1 | Emergency accommodation protocol | Aug 24 | Complete
CLD2 | Review all young people who are/ at risk of being homeless or in emergency accommodation | June 24 | Complete
CLD3 | Temporary and emergency accommodation meeting | June 24 | Complete
CLD4 | PA training on housing support | July 24 | Complete
CLD5 | Project group for accommodation | July 24 | Complete
CLD6 | Review temporary and emergency options | Sept 24 | Complete
CLD7 | Proposals to address accommodation shortages | July 24 | Complete
CLD8 | Flexibilities in current contracts for 16-18 year olds' accommodation | Oct 24 | Complete
CLD9 | 18-25 accommodation offer | July 26 | On track
CLE1 | Contact all 209 care leavers over 21 | Mar 24 | Complete
CLE2 | 21+ offer protocol | July 24 | Complete
CLE3 | Review care leavers 21+ with a disability | June 24 | Amber E
CLE4 | Tracker for care leavers 21+ | May 24 | Complete
CLE5 | Quality assurance of care leavers 21+ | Aug 24 | Complete
CLE6 | Review the impact of 21+ offer with young adults | Mar 25 | Complete
P1 | Restorative practice model | Dec 24 | Amber E
P2 | Masterclasses | Apr 25 | Complete
P3 | Management session on planning | Sept 24 | Complete
P4 | Reflective case discussions for CP | July 24 | Complete
P5 | Permanence action plan | TBC | Reviewing
P6 | Best practice guidance on care planning | June 25 | Amber E
P7 | Review children's panels | Jan 26 | On track
P8 | Training on partnership challenge | Dec 24 | Complete
P9 | New forms in line with families first | Feb 26 | On track
P10 | Single assessment | Mar 26 | On track
P11 | Training plan for lead practitioners | Apr 25 | Amber E
P12 | Central place for resources | Sept 25 | Reviewing
V1 | Performance framework | Sept 24 | Complete
V2 | Masterclasses on visiting | Sept 24 | Complete
V3 | Visiting template | July 24 | Amber E
V4 | e-learning on visiting | Aug 24 | Complete
V5 | Training on recording | May 25 | Amber E
V7 | Review visiting in supervision | Jan 25 | Amber E
MO1 | Leadership development programme | June 25 | Complete
MO2 | CSC management programme | Apr 25 | Closed
MO3 | Supervision policy and guidance | Sept 24 | Complete
MO4 | Supervision training | Oct 25 | Amber E
MO5 | Permanence tracker | Oct 24 | Amber E
MO6 | Review plans for cared for children who are not in foster care or planning to return home | July 24 | Amber E
MO7 | Include children's views in the supervision form | Oct 24 | Complete
IR1 | IRO performance management framework | Sept 24 | Complete
IR2 | IROs on management programme | April 24 | Complete
IR3 | IRO practice standards | Sept 24 | Complete
IR4 | Quarterly IRO development days | June 24 | Complete
IR5 | IRO quality assurance alert guidance | Aug 24 | Complete
IR6 | Challenge permanence performance | July 24 | Amber E
IR7 | Consult with children on the impact of the cared for IRO service | Mar 25 | Amber E
S1 | Family led decision making | TBC | Closed
S2 | Join Foster4 | May 24 | Complete
S3 | Build Foster4 offer and front door | Oct 24 | Complete
S4 | Opportunities for fostering marketing | Oct 24 | Complete
S5 | Specialist foster carers to support step down from residential | TBC | Reviewing
S6 | Third Mockingbird constellation | Sept 24 | Complete
S7 | Two council residential homes | Jun 25 | Complete
S9 | Joint commissioning high needs placements | Feb 26 | On track
S10 | Young people influence recruitment of foster carers | Sept 24 | Complete
S11 | Homes for cared for children workstream | Apr 25 | Amber E
FD1 | Contact guidance | July 24 | Amber E
FD2 | Review LA MASH arrangements | Aug 24 | Complete
FD3 | Multi-agency workshop reviewing front door arrangements | Jan 25 | Complete
FD4 | Chapter 3 Working Together | Apr 25 | Amber E
FD5 | Establish a MASH | Mar 26 | On track
SM1 | Workshop on strategy meetings | Aug 24 | Closed
SM2 | Minute-taking training | Aug 24 | Closed
SM3 | Management analysis box | June 24 | Complete
SM4 | Partnership and managers training | Oct 24 | Amber E
LS1 | Commission training | Mar 25 | Amber E
LS3 | Monitoring for life-story work and later life letters | Aug 24 | Amber E
H1 | Prioritisation for vulnerable children for CYPMHS support | Mar 25 | Amber E
H2 | Waiting well initiatives | Mar 25 | Amber E
H3 | Review emotional support for UASC | Aug 25 | Amber E
H4 | Joint health and CSC reviews of health assessments timeliness | May 24 | Closed
H5 | LA single point of contact | May 24 | Closed
H6 | Quarterly reporting to NHS England | May 24 | Closed
H7 | Health and wellbeing workstream | Jun 25 | Amber E
H8 | Review and streamline health assessment process | May 25 | Amber E
ED1 | Education advisor attendance meetings | Apr 24 | Complete
ED2 | Attendance forum | Apr 24 | Complete
ED3 | Multi-disciplinary attendance meetings | Apr 24 | Complete
ED4 | PEP training | Dec 24 | Amber E
ED5 | Review PEP form | Sept 24 | Amber E
ED6 | Benchmark cared for attainment against their peers | Feb 25 | Amber E
ED7 | Audit young adults who are NEET at 20 | Mar 25 | Complete
ED8 | Use RONI to identify at risk of NEET | Nov 24 | Complete
W1 | Financial support for the plan | July 24 | Complete
W2 | Capacity for the care leaver service | July 24 | Complete
W3 | Review IRO capacity | July 24 | Complete
W4 | Recruitment and retention group | Sept 24 | Amber E
W5 | Recruitment and retention strategy | Dec 24 | Amber E
W6 | Recruitment campaign | Nov 25 | On track
W7 | Reporting on caseloads | Aug 24 | Complete
W8 | Masters apprenticeship scheme | Mar 25 | Complete
W9 | Seek practitioner views | Qrtly review | Complete
W10 | Communicate improvement progress | Qrtly review | Complete
W11 | Seek children's views through audit | Monthly | Complete
W12 | Base build children's services | Mar 26 | On track
C1 | Review children's experiences to see if early help could have been offered | Feb 25 | Amber E
C2 | Early Help Strategy | June 25 | Complete
C3 | Joint protocol for police protection | July 25 | Closed
C4 | Neglect Strategy | June 25 | Complete
CH1 | Weekly management reviews | Mar 25 | Complete
CH2 | Strengthen reg 44 visits | Mar 25 | Complete
CH3 | Review the recording system for residential provision | Mar 25 | Complete
"""

# Rows where the export rightly prints something else than the seed's Appendix 1.
DISAGREEMENTS = {
    # Appendix 1 prints "Oct 24", but Appendix 2 gives SM4 "October 2025" and
    # Appendix 3 lists its original timescale as October 2025: the plan's date wins.
    ("SM4", "due"): ("Oct 24", "Oct 25"),
}

# The same words, written two ways by the seed's Appendix 1 and the plan.
SAME_WORDS = {"Qrtly review": "Quarterly review"}


def seed_rows():
    rows = []
    for line in SEED_APPENDIX_1.strip().splitlines():
        ref, title, due, rag = (cell.strip() for cell in line.split("|"))
        rows.append({"ref": ref, "title": title, "due": due, "rag": rag})
    return rows


def same_due(seed, printed):
    seed_month, printed_month = month_year(seed), month_year(printed)
    if seed_month or printed_month:
        return seed_month == printed_month
    return SAME_WORDS.get(seed, seed) == printed


def test_the_transcription_holds_all_143_actions_with_82_complete():
    rows = seed_rows()
    assert len(rows) == 143
    assert len({r["ref"] for r in rows}) == 143
    assert sum(r["rag"] == "Complete" for r in rows) == 82  # the report's "57%"


def differences(printed_rows):
    """(ref, what, seed's, printed) for every cell that differs from the seed."""
    printed = {r["ref"]: r for r in printed_rows}
    problems = []
    for seed in seed_rows():
        row = printed[seed["ref"]]
        if " ".join(row["title"].split()) != seed["title"]:
            problems.append((seed["ref"], "title", seed["title"], row["title"]))
        expected_due = DISAGREEMENTS.get((seed["ref"], "due"), (seed["due"], None))
        if expected_due[1] is not None:
            assert seed["due"] == expected_due[0], "the listed disagreement is out of date"
            if row["due"] != expected_due[1]:
                problems.append((seed["ref"], "due", expected_due[1], row["due"]))
        elif not same_due(seed["due"], row["due"]):
            problems.append((seed["ref"], "due", seed["due"], row["due"]))
        if row["rag"] != seed["rag"]:
            problems.append((seed["ref"], "rag", seed["rag"], row["rag"]))
    return problems


def test_appendix_1_as_at_12_november_2025_lists_the_seeds_actions_in_order(appendix):
    printed = appendix1_rows(appendix("1", NOV))
    assert [r["ref"] for r in printed] == [r["ref"] for r in seed_rows()]


def test_appendix_1_as_at_12_november_2025_matches_the_seed_row_for_row(appendix):
    assert differences(appendix1_rows(appendix("1", NOV))) == []


def test_the_printed_pdf_of_appendix_1_matches_the_seed_row_for_row(exported):
    """The one content check made on a real PDF: what a reader of the printed page sees
    (pdftotext's words, placed in columns by their position) is the seed, in order."""
    printed = pdf_appendix1_rows(exported("1", NOV))
    assert [r["ref"] for r in printed] == [r["ref"] for r in seed_rows()]
    assert differences(printed) == []


def test_appendix_1_prints_the_heading_the_date_and_the_key(appendix):
    document = appendix("1", NOV)
    assert [text(h) for h in document.iter("h1")] == ["Improvement Plan Rating Overview"]
    assert "Ratings as at 12 November 2025" in text(document)
    key = table_rows(document, ["Colour", "Action Definition"])
    assert [(r["Colour"], r["Action Definition"]) for r in key] == [
        ("Grey", "Not started yet/ action closed and replaced with new action"),
        ("Red", "Not on track"),
        ("Amber", "On track to be completed within timescales"),
        ("Amber E", "Completed but we need to embed and evidence impact"),
        ("Green", "Completed and embedded with evidence of impact"),
    ]
    assert [text(h) for h in document.iter("h2")] == ["Key", "Chapter 1", "Chapter 2", "Chapter 3"]
