from django.apps import AppConfig


class ApiConfig(AppConfig):
    """A read-only API for BI tools, with per-person tokens."""

    name = "improvement.api"
    label = "api"
    verbose_name = "Data API"
