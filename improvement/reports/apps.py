from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "improvement.reports"
    label = "reports"
    verbose_name = "Committee reports"
