"""A budget line's history: every change to its words, budgets and figures, newest
first, each with who, when, why and what moved. Three queries."""

from .models import Budget, BudgetLine, FinanceFigure
from .tables import pounds

LABELS = {
    "expenditure_group": "Expenditure group",
    "origin": "Origin",
    "order": "Order",
    "amount": "Budget",
    "actual": "Actual to date",
    "forecast": "Forecast total",
}
MONEY = {"amount", "actual", "forecast"}
ORIGINS = dict(BudgetLine.Origin.choices)


def _shown(field, value):
    if field in MONEY:
        return pounds(value)
    if field == "origin":
        return ORIGINS.get(value, value)
    return "" if value is None else str(value)


def _events(records, fields, subject):
    """One event per history row of one object, oldest first, with its changes."""
    events = []
    previous = None
    for record in records:
        changes = []
        for field in fields:
            before = getattr(previous, field) if previous is not None else None
            after = getattr(record, field)
            if previous is None or before != after:
                changes.append(
                    {
                        "label": LABELS[field],
                        "before": _shown(field, before) if previous is not None else "",
                        "after": _shown(field, after),
                    }
                )
        previous = record
        user = record.history_user
        events.append(
            {
                "when": record.history_date,
                "who": (user.get_full_name() or user.get_username()) if user else "Unknown",
                "reason": record.history_change_reason or "",
                "subject": subject(record),
                "changes": changes if record.history_type != "-" else [],
                "deleted": record.history_type == "-",
                "id": record.history_id,
            }
        )
    return events


def line_history(line):
    def ordered(model, **lookup):
        rows = model.history.filter(**lookup).select_related("history_user")
        return list(rows.order_by("history_date", "history_id"))

    events = _events(
        ordered(BudgetLine, id=line.pk),
        ("expenditure_group", "origin"),
        lambda r: "The line",
    )
    budgets = ordered(Budget, line_id=line.pk)
    for year in sorted({r.year for r in budgets}):
        events += _events(
            [r for r in budgets if r.year == year], ("amount",), lambda r: f"Budget {r.year}"
        )
    figures = list(
        FinanceFigure.history.filter(line_id=line.pk)
        .select_related("history_user", "point")
        .order_by("history_date", "history_id")
    )
    for point_id in sorted({r.point_id for r in figures}):
        events += _events(
            [r for r in figures if r.point_id == point_id],
            ("actual", "forecast"),
            lambda r: f"Figures at {r.point}" if r.point else "Figures",
        )
    return sorted(events, key=lambda e: (e["when"], e["id"]), reverse=True)
