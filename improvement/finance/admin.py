"""Admin pages for the budget (adding lines and reporting points; every save asks for a
reason, like the rest of the product)."""

from improvement.lib.admin import register

from .models import Budget, BudgetLine, FinanceFigure, ReportingPoint

register(
    BudgetLine,
    list_display=["expenditure_group", "origin", "plan", "order"],
    list_filter=["plan", "origin"],
)
register(ReportingPoint, list_display=["year", "point", "actuals_to", "plan"], list_filter=["plan"])
register(Budget, list_display=["line", "year", "amount"], list_select_related=["line"])
register(
    FinanceFigure,
    list_display=["line", "point", "actual", "forecast"],
    list_select_related=["line", "point"],
)
