from django.apps import AppConfig


class PlanFilesConfig(AppConfig):
    """Plans in and out as files: a council's tracker or the product's own plan workbook
    imported (with a preview, all or nothing), and the plan exported as at any day."""

    name = "improvement.planfiles"
    label = "planfiles"
    verbose_name = "Plan files"
