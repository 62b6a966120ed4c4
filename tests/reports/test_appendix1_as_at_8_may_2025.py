"""Appendix 1 as at 8 May 2025 gives the ratings of the plan of that date (seeds/001,
"accurate as at 8 May 2025"), read back from the history; checked on the HTML the PDF is
drawn from (tests/reports/htmltext.py). The table below is
transcribed from seeds/001's actions tables (Ref | Due by | Action Rating, first row of
each action); the plan prints ratings in long words, Appendix 1 in the key's short ones.
"""

import re

from tests.reports.conftest import MAY, NOV
from tests.reports.htmltext import appendix1_rows, text
from tests.reports.pdftext import month_year
from tests.reports.test_appendix1_matches_the_seed import seed_rows

# The plan's rating words → Appendix 1's (seeds README: "Complete but need to evidence
# impact (= Amber E)"; H1 and H2 print "Amber E" in the plan itself).
SHORT = {
    "Complete but need to evidence impact": "Amber E",
    "Amber E": "Amber E",
    "Complete": "Complete",
    "On track": "On track",
    "Delayed": "Delayed",
    "Reviewing": "Reviewing",
    "Closed": "Closed",
}

# seeds/001: Ref | Due by | Action Rating
SEED_PLAN_8_MAY_2025 = """
SL1 | January 2025 | Complete
SL2a | April 2025 | Complete but need to evidence impact
SL2b | March 2025 | Complete but need to evidence impact
SL3 | July 2024 | Complete
SL4 | July 2024 | Complete but need to evidence impact
SL5 | November 2024 | Complete but need to evidence impact
SL6 | TBC | Reviewing
SL7 | April 2025 | Complete but need to evidence impact
SL8 | September 2025 | On track
SL9 | February 2025 | Complete but need to evidence impact
SL10 | August 2024 | Complete but need to evidence impact
SL11 | September 2024 | Complete but need to evidence impact
SL12 | September 2024 | Complete
SL13 | September 2025 | On track
SL14 | February 2025 | Complete
SL15a | June 2025 | On track
SL15b | April 2025 | Complete but need to evidence impact
SL16 | Start sharing practice by August 2024 and continue throughout the year | Complete but need to evidence impact
SL17 | July 2025 | On track
SL18 | October 2025 | On track
CLA1 | June 2024 | Complete
CLA2 | Launch in June 2024 and deliver over the year | Complete
CLA3 | April 2024 | Complete
CLA4 | May 2024 | Complete but need to evidence impact
CLA6 | September 2024 | Complete
CLA7 | October 2024 | Complete but need to evidence impact
CLB2 | September 2024 | Complete
CLB3 | June 2024 | Complete
CLB4 | Interim hubs in Crewe and Macclesfield by July 2024 | Complete but need to evidence impact
CLB6 | July 2025 | On track
CLB7 | June 2024 | Complete but need to evidence impact
CLB8 | August 2024 | Complete but need to evidence impact
CLB9 | December 2024 | Complete but need to evidence impact
CLB10 | July 2024 | Complete but need to evidence impact
CLB11 | July 2024 | Complete
CLB12 | October 2024 | Complete
CLC1 | September 2024 | Complete
CLC2 | March 2025 | Complete
CLC3 | March 2025 | Complete
CLC4 | October 2024 | Complete
CLD1 | August 2024 | Complete but need to evidence impact
CLD2 | June 2024 | Complete but need to evidence impact
CLD3 | June 2024 | Complete
CLD4 | July 2024 | Complete
CLD5 | July 2024 | Complete
CLD6 | September 2024 | Complete
CLD7 | July 2024 | Complete
CLD8 | October 2024 | Complete but need to evidence impact
CLD9 | March 2026 | On track
CLE1 | March 2024 | Complete
CLE2 | July 2024 | Complete
CLE3 | June 2024 | Complete but need to evidence impact
CLE4 | May 2024 | Complete
CLE5 | August 2024 | Complete but need to evidence impact
CLE6 | March 2025 | Complete
P1 | December 2024 | Complete but need to evidence impact
P2 | Starting in April 2024 and running throughout the year | Complete but need to evidence impact
P3 | September 2024 | Complete but need to evidence impact
P4 | July 2024 | Complete but need to evidence impact
P5 | November 2025 | On track
P6 | May 2025 | On track
P7 | September 2025 | On track
P8 | December 2024 | Complete
P9 | February 2026 | On track
P10 | June 2025 | On track
P11 | April 2025 | Complete but need to evidence impact
P12 | May 2025 | On track
V1 | September 2024 | Complete but need to evidence impact
V2 | September 2024 | Complete but need to evidence impact
V3 | July 2024 | Complete but need to evidence impact
V4 | August 2024 | Complete but need to evidence impact
V5 | May 2025 | Complete but need to evidence impact
V7 | Evaluate in January 2025 | Complete but need to evidence impact
MO1 | Running between March 2024 - June 2025 | Complete but need to evidence impact
MO2 | To commence in April 2024 and run throughout the year | Closed
MO3 | September 2024 | Complete but need to evidence impact
MO4 | Training to be delivered between November and March 2025 Commission a final cohort by end of June 2025 | On track
MO5 | Evaluate impact in October 2024 | Complete but need to evidence impact
MO6 | July 2024 | Complete but need to evidence impact
MO7 | October 2024 | Complete but need to evidence impact
IR1 | September 2024 | Complete but need to evidence impact
IR2 | IROs to be included by April 2024 | Complete
IR3 | Review quarterly at service development days | Complete but need to evidence impact
IR4 | Every 3 months from June 2024 | Complete
IR5 | August 2024 | Complete but need to evidence impact
IR6 | July 2024 | Complete but need to evidence impact
IR7 | March 2025 | Complete but need to evidence impact
S1 | TBC | Reviewing
S2 | May 2024 | Complete
S3 | October 2024 | Complete
S4 | October 2024 | Complete but need to evidence impact
S5 | November 2025 | On track
S6 | September 2024 | Complete
S7 | Flude House to open in April 2024 | Complete
S9 | February 2026 | On track
S10 | September 2024 | Complete
S11 | April 2025 | Complete but need to evidence impact
FD1 | July 2024 | Complete but need to evidence impact
FD2 | August 2024 | Complete
FD3 | January 2025 | Complete
FD4 | April 2025 | Complete but need to evidence impact
FD5 | March 2026 | On track
SM1 | August 2024 | Closed
SM2 | August 2024 | Closed
SM3 | June 2024 | Complete but need to evidence impact
SM4 | June 2024 | On track
LS1 | March 2025 | Complete but need to evidence impact
LS3 | August 2024 | Complete but need to evidence impact
H1 | March 2025 | Amber E
H2 | March 2025 | Amber E
H3 | August 2025 | On track
H4 | May 2024 | Closed
H5 | May 2024 | Closed
H6 | May 2024 | Closed
H7 | June 2025 | On track
H8 | May 2025 | On track
ED1 | April 2024 | Complete but need to evidence impact
ED2 | April 2024 | Complete but need to evidence impact
ED3 | April 2024 | Complete but need to evidence impact
ED4 | Delivery from September - December 2024 | Complete but need to evidence impact
ED5 | September 2024 | Complete but need to evidence impact
ED6 | February 2025 | Complete but need to evidence impact
ED7 | March 2025 | Complete
ED8 | November 2024 | Complete
W1 | July 2024 | Complete
W2 | July 2024 | Complete
W3 | July 2024 | Complete
W4 | September 2024 | Complete but need to evidence impact
W5 | December 2024 | Complete but need to evidence impact
W6 | August 2025 | On track
W7 | August 2024 | Complete
W8 | To start in March 2025 | Complete
W9 | Quarterly review | On track
W10 | Quarterly review | Complete
W11 | Monthly | Complete but need to evidence impact
W12 | December 2025 | On track
C1 | February 2025 | Complete but need to evidence impact
C2 | June 2025 | On track
C3 | July 2025 | On track
C4 | June 2025 | Complete
CH1 | 7 March 2025 | Complete but need to evidence impact
CH2 | March 2025 | Complete but need to evidence impact
CH3 | March 2025 | Complete but need to evidence impact
"""

MONTH_NAMES = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
)


def plan_rows():
    rows = []
    for line in SEED_PLAN_8_MAY_2025.strip().splitlines():
        ref, due, rating = (cell.strip() for cell in line.split("|"))
        rows.append({"ref": ref, "due": due, "rating": rating})
    return rows


def due_matches(plan_due, printed):
    """A plain month ("January 2025") or day ("7 March 2025") must print as that month
    and year; words naming no month ("TBC", "Monthly") print as they are; words naming
    months ("Running between March 2024 - June 2025") print as one of those months."""
    plain = re.fullmatch(rf"(?:\d{{1,2}} )?{MONTH_NAMES} (\d{{4}})", plan_due)
    if plain:
        return month_year(printed) == month_year(f"{plain[1]} {plain[2]}")
    named = [month_year(f"{m} {y}") for m, y in re.findall(rf"{MONTH_NAMES} (\d{{4}})", plan_due)]
    if not named:
        return " ".join(printed.split()) == plan_due
    return month_year(printed) in named


def test_the_transcription_holds_the_same_143_actions_as_november():
    assert [r["ref"] for r in plan_rows()] == [r["ref"] for r in seed_rows()]


def test_appendix_1_as_at_8_may_2025_gives_that_plans_rating_for_every_action(appendix):
    printed = appendix1_rows(appendix("1", MAY))
    assert [r["ref"] for r in printed] == [r["ref"] for r in plan_rows()]
    wrong = [
        (plan["ref"], SHORT[plan["rating"]], row["rag"])
        for plan, row in zip(plan_rows(), printed, strict=True)
        if row["rag"] != SHORT[plan["rating"]]
    ]
    assert wrong == []


def test_appendix_1_as_at_8_may_2025_gives_that_plans_due_dates(appendix):
    printed = appendix1_rows(appendix("1", MAY))
    wrong = [
        (plan["ref"], plan["due"], row["due"])
        for plan, row in zip(plan_rows(), printed, strict=True)
        if not due_matches(plan["due"], row["due"])
    ]
    assert wrong == []


def test_the_two_dates_differ_where_the_history_says_they_should(appendix):
    may = {r["ref"]: r for r in appendix1_rows(appendix("1", MAY))}
    nov = {r["ref"]: r for r in appendix1_rows(appendix("1", NOV))}
    # SL17 was "On track" for July 2025 in May, "Delayed" for November 2025 by November.
    assert (may["SL17"]["rag"], may["SL17"]["due"]) == ("On track", "July 25")
    assert (nov["SL17"]["rag"], nov["SL17"]["due"]) == ("Delayed", "Nov 25")
    # seeds/001: 44 actions rated Complete on 8 May 2025; 82 by 12 November (seeds/003).
    assert sum(r["rag"] == "Complete" for r in may.values()) == 44
    assert sum(r["rag"] == "Complete" for r in nov.values()) == 82
    assert "Ratings as at 8 May 2025" in text(appendix("1", MAY))
