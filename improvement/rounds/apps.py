from django.apps import AppConfig


class RoundsConfig(AppConfig):
    """The monthly cycle: update rounds, who has updated, the chasing page and reminders."""

    name = "improvement.rounds"
    label = "rounds"
    verbose_name = "Update rounds"
