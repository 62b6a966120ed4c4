"""The demo plan's improvement budget: the finance table of the Improvement Plan
Progress Report to the Children and Families Committee of 19 January 2026
(../shared/seeds/000_7178dec8a5c2704f.txt, "Section 151 Officer/Finance"), transcribed
line by line: 2025/26, reporting point FR3, actuals to the end of October 2025.

What the text leaves out, left out here:

- The seed's colour key (original / amended / added) is lost in the text. The origin
  of each line is read from its own words only: "amended" where the line says it was
  changed ("initial plan 6.00 FTE …", "originally 4 FTE, increased to 6 FTE"),
  "original" where it has an original planned budget, "added" where its budget is £0
  and it does not say it was amended.
- The report's own figures — £1.987m approved across 2024/25 and 2025/26, £0.013m more
  making £2.000m, combined two-year costs of £2.305m, an overspend of £0.305m — span
  two years and a funding total, and the report gives no 2024/25 lines; the model holds
  lines per year, so they are not recorded (the 2025/26 table's own totals are).
- FR1 and FR2 figures are not in the report, so only FR3 is loaded.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from improvement.finance.models import Budget, BudgetLine, FinanceFigure, ReportingPoint
from improvement.lib.history import assign_changed, save_tracked

YEAR = "2025/26"
POINT = "FR3"
ACTUALS_TO = "End of October 25"
WHEN = dt.datetime(2026, 1, 19, 9, 0, tzinfo=ZoneInfo("Europe/London"))
REASON = (
    "Improvement spend 2025/26 at FR3, actuals to the end of October 2025 (Improvement "
    "Plan Progress Report, Children and Families Committee 19 January 2026, Section 151 "
    "Officer/Finance)."
)
ORIG, AMEND, ADD = (
    BudgetLine.Origin.ORIGINAL,
    BudgetLine.Origin.AMENDED,
    BudgetLine.Origin.ADDED,
)

# Expenditure group, origin (inferred, see above), budget, actual, forecast: whole £.
LINES = [
    ("Edge of Care Support Workers (5 FTE)", ORIG, 208_100, 0, 0),
    ("Team Leader (2 FTE)", ORIG, 133_434, 26_714, 70_624),
    ("QA Officer (1 FTE)", ORIG, 66_717, 15_273, 59_800),
    (
        "Project Manager (grade 11) to lead 18-25 accommodation recommitment (1 FTE)",
        ORIG, 66_717, 30_680, 35_591,
    ),
    ("Connected Care Assessor (2 FTE)", ORIG, 114_702, 43_783, 103_944),
    ("Independent Reviewing Officer (2 FTE)", ORIG, 133_434, 66_725, 151_339),
    ("Personal Advisor (3 FTE)", ORIG, 124_860, 86_067, 131_806),
    (
        "2.00 FTE Agency Social Worker (initial plan 6.00 FTE Direct Employees)",
        AMEND, 344_106, 81_075, 126_315,
    ),
    ("2.00 FTE Agency Team Managers", ADD, 0, 108_190, 180_333),
    (
        "Family Group Conference Support Worker (originally 4 FTE, increased to 6 FTE)",
        AMEND, 166_480, 105_088, 287_491,
    ),
    ("Childrens Commissioning Event", ADD, 0, 186, 186),
    (
        "Children's Home for Children with Complex Mental Health Needs and Challenging "
        "Behaviour - design costs and programme document",
        ADD, 0, -1_292, -1_292,
    ),
    ("Head of Service - Integrated Front Door (1 FTE)", ADD, 0, 108_110, 172_503),
    ("Project Lead (1 FTE)", ADD, 0, 85_206, 85_206),
    ("Relationship Support Service", ADD, 0, 15_000, 15_000),
    ("Safeguarding Quality Assurance Manager (1 FTE)", ADD, 0, 69_048, 123_944),
    ("Service Manager - Children with Disabilities (1 FTE)", ADD, 0, 96_418, 134_278),
    (
        "Specialist Expert Support - External Consultant to work on Health programmes",
        ADD, 0, 54_416, 54_416,
    ),
    ("Childrens Staff Event", ADD, 0, 250, 250),
    ("Corporate Exc Workstream", ADD, 0, 0, 30_000),
]  # fmt: skip


def _upsert(model, lookup, values, *, user):
    """Create the row or bring it up to date: ``(row, 1)`` when something was written,
    ``(row, 0)`` when it was already so."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        found = model(**lookup, **values)
    elif not assign_changed(found, values):
        return found, 0
    save_tracked(found, user=user, reason=REASON, when=WHEN)
    return found, 1


def load_finance(plan, *, user):
    """Load the table; returns the rows written (none on a second run)."""
    point, writes = _upsert(
        ReportingPoint, {"plan": plan, "year": YEAR, "point": POINT},
        {"actuals_to": ACTUALS_TO}, user=user,
    )  # fmt: skip
    for order, (group, origin, budget, actual, forecast) in enumerate(LINES, start=1):
        line, wrote = _upsert(
            BudgetLine, {"plan": plan, "expenditure_group": group},
            {"origin": origin, "order": order}, user=user,
        )  # fmt: skip
        writes += wrote
        writes += _upsert(
            Budget, {"line": line, "year": YEAR}, {"amount": budget * 100}, user=user
        )[1]
        writes += _upsert(
            FinanceFigure, {"line": line, "point": point},
            {"actual": actual * 100, "forecast": forecast * 100}, user=user,
        )[1]  # fmt: skip
    return writes
