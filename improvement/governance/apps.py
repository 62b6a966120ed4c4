from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "improvement.governance"
    label = "governance"
    verbose_name = "Change history and governance"
