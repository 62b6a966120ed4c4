from django.apps import AppConfig


class FindingsConfig(AppConfig):
    """Inspections and monitoring visits, their findings, and what answers each."""

    name = "improvement.findings"
    label = "findings"
    verbose_name = "Inspection findings"
