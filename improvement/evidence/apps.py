from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Evidence of impact attached to actions: files and links, served only to people
    who may read the plan."""

    name = "improvement.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from improvement.plans.panels import register_area_panel

        from .reading import area_panel

        register_area_panel(area_panel)
