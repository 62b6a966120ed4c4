from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The board's view of the plan as at any day: progress over time, slippage, ratings."""

    name = "improvement.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
