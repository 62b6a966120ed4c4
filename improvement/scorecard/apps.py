from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "improvement.scorecard"
    label = "scorecard"
    verbose_name = "Vital signs scorecard"

    def ready(self):
        from improvement.plans.panels import register_area_panel

        from .tables import area_panel

        register_area_panel(area_panel)
