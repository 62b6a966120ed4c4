from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "improvement.demo"
    label = "demo"
    verbose_name = "Demo data"
