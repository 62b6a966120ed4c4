"""The finance table: each budget line's budget, actual to date, forecast and over- or
underspend at a reporting point, with totals — one plain dict for the page, the PDFs,
the Word cover report, the dashboard and the API.

``finance_table(plan, point=None)`` reads four queries whatever the number of lines
(the reporting points, the lines, their budgets for the year, their figures at the
point). Amounts are integer pence; ``pounds()`` prints them.
"""

from .models import Budget, BudgetLine, FinanceFigure, ReportingPoint

MINUS = "\u2212"  # a real minus sign: read as "minus", and never lost at a line break


def pounds(pence):
    """£ with thousands separators and pence only when there are some: "£1,358,550",
    "£12.50"; a negative amount with the minus sign before the pound sign ("−£1,292",
    GOV.UK style, where the seed printed "£-1,292")."""
    if pence is None:
        return ""
    sign = MINUS if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


def variance_words(pence):
    """Forecast − budget in words: "£403,184 overspend", "£208,100 underspend", "£0"."""
    if not pence:
        return "£0"
    return f"{pounds(abs(pence))} {'overspend' if pence > 0 else 'underspend'}"


def latest_point(points):
    """The latest reporting point: the last year, its last FR."""
    return max(points, key=lambda p: (p.year, p.point), default=None)


def find_point(points, key):
    """The point whose ``key`` ("2025-26-FR3") or pk is given, else None."""
    return next((p for p in points if key in (p.key, str(p.pk))), None)


def _amounts(budget, actual, forecast):
    return {
        "budget": budget,
        "actual": actual,
        "forecast": forecast,
        "variance": forecast - budget,
    }


def finance_table(plan, point=None):
    """The finance table of ``plan`` at ``point`` (a ReportingPoint, its key
    "2025-26-FR3", or None for the latest).

    Returns ``{"point": {"key", "year", "point", "actuals_to", "id"} or None,
    "points": [the same for each point, oldest first], "headings": {"budget",
    "actual", "forecast", "variance"}, "lines": [{"id", "order", "expenditure_group",
    "origin", "origin_label", "budget", "actual", "forecast", "variance"}],
    "totals": {"budget", "actual", "forecast", "variance"}, "empty"}``. Amounts are
    pence; a line with no budget for the year has budget 0, one with no figures at the
    point actual and forecast 0 (``has_figures`` says which). Variance is forecast −
    budget: positive is an overspend.
    """
    points = list(ReportingPoint.objects.filter(plan=plan).order_by("year", "point"))
    if isinstance(point, str):
        chosen = find_point(points, point)
    elif point is not None:
        chosen = next((p for p in points if p.pk == point.pk), None)
    else:
        chosen = latest_point(points)
    described = [_describe(p) for p in points]
    lines = list(BudgetLine.objects.filter(plan=plan).order_by("order", "pk"))
    budgets, figures = {}, {}
    if chosen is not None:
        budgets = dict(
            Budget.objects.filter(line__plan=plan, year=chosen.year).values_list(
                "line_id", "amount"
            )
        )
        figures = {
            f["line_id"]: f
            for f in FinanceFigure.objects.filter(point=chosen).values(
                "line_id", "actual", "forecast"
            )
        }
    rows = []
    for line in lines:
        figure = figures.get(line.pk)
        rows.append(
            {
                "id": line.pk,
                "order": line.order,
                "expenditure_group": line.expenditure_group,
                "origin": line.origin,
                "origin_label": line.get_origin_display(),
                "has_figures": figure is not None,
                **_amounts(
                    budgets.get(line.pk, 0),
                    figure["actual"] if figure else 0,
                    figure["forecast"] if figure else 0,
                ),
            }
        )
    totals = _amounts(*(sum(r[k] for r in rows) for k in ("budget", "actual", "forecast")))
    return {
        "point": _describe(chosen) if chosen else None,
        "points": described,
        "headings": _headings(chosen),
        "lines": rows,
        "totals": totals,
        "empty": not rows or chosen is None,
    }


def _describe(point):
    return {
        "id": point.pk,
        "key": point.key,
        "year": point.year,
        "point": point.point,
        "actuals_to": point.actuals_to,
        "label": f"{point.year} {point.point}"
        + (f" (actuals to {point.actuals_to[0].lower()}{point.actuals_to[1:]})"
           if point.actuals_to else ""),
    }  # fmt: skip


def _headings(point):
    """The column headings as the seed's table prints them."""
    if point is None:
        return {"budget": "Budget", "actual": "Actuals", "forecast": "Forecast total",
                "variance": "Over or underspend"}  # fmt: skip
    actuals = f"{point.year} Actuals" + (f" {point.actuals_to}" if point.actuals_to else "")
    return {
        "budget": f"{point.year} Budget",
        "actual": actuals,
        "forecast": f"{point.year} Forecast Total",
        "variance": "Over or underspend",
    }
