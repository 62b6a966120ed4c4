from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """The improvement budget: lines, budgets per financial year, actuals and forecasts
    at each reporting point."""

    name = "improvement.finance"
    label = "finance"
    verbose_name = "Finance"
