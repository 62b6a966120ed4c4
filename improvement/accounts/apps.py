from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "improvement.accounts"
    label = "accounts"
    verbose_name = "People and roles"
