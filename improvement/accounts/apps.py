from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save

# Saves that touch only these fields write no history row: the sign-in time (saved at
# every sign-in) and a password hash upgraded at sign-in. Neither field is in the
# history (models.py), so such a row would show nothing but noise. Setting a password
# through the forms saves the whole account, so that is recorded, with its reason.
UNRECORDED_FIELDS = {"last_login", "password"}


def _skip_history_for_sign_in_saves(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= UNRECORDED_FIELDS:
        instance.skip_history_when_saving = True


def _forget_skip(sender, instance, update_fields=None, **kwargs):
    # Runs after simple-history's own receiver (connected when the models loaded).
    if update_fields and set(update_fields) <= UNRECORDED_FIELDS:
        instance.__dict__.pop("skip_history_when_saving", None)


class AccountsConfig(AppConfig):
    name = "improvement.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from django.contrib.auth.models import User

        pre_save.connect(_skip_history_for_sign_in_saves, sender=User, dispatch_uid="acc-pre")
        post_save.connect(_forget_skip, sender=User, dispatch_uid="acc-post")
        # Session idle and absolute timeouts: their clocks start at sign-in (operations).
        from django.contrib.auth.signals import user_logged_in

        from improvement.lib.session_timeout import start_the_clocks

        user_logged_in.connect(start_the_clocks, dispatch_uid="session-clocks")
