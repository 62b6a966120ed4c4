from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "improvement.scorecard"
    label = "scorecard"
    verbose_name = "Vital signs scorecard"
