"""Helpers that make every write carry its author, time and reason into the history log.

django-simple-history reads ``_history_user``, ``_change_reason`` and ``_history_date``
from the instance being saved; these helpers set them in one place so no write path
forgets one.
"""

from django.db import models
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from improvement.lib import seal


def tracked(**kwargs):
    """The project's history log: who, when and a free-text reason of any length.

    The reason column is nullable because simple-history writes NULL when a caller
    gives none (for example a raw admin action); every path in this project gives one.
    """
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True, blank=True))
    kwargs.setdefault("history_manager", SealingHistoryManager)
    return SealedHistoricalRecords(**kwargs)


class SealedHistoricalRecords(HistoricalRecords):
    """History whose every row is sealed into the hash chain (lib/seal.py)."""

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        seal.register(history_model)
        return history_model


class SealingHistoryManager(HistoryManager):
    """The bulk helpers' one way in: ``bulk_create_with_history`` and
    ``bulk_update_with_history`` write their rows here, and send no signal."""

    def bulk_history_create(self, objs, *args, **kwargs):
        created = super().bulk_history_create(objs, *args, **kwargs)
        seal.seal_later(self.model, [row.pk for row in created or ()])
        return created


def _seal_saved(sender, history_instance, **kwargs):
    # Every single save or delete of a tracked object (after its m2m snapshot).
    seal.seal_later(sender, [history_instance.pk])


post_create_historical_record.connect(_seal_saved, dispatch_uid="improvement.seal_saved")


def stamp(instance, *, user, reason, when=None):
    """Attach author, reason and (optionally) a back-dated time to the next save."""
    instance._history_user = user
    instance._change_reason = reason
    if when is not None:
        instance._history_date = when
    return instance


def save_tracked(instance, *, user, reason, when=None, **save_kwargs):
    stamp(instance, user=user, reason=reason, when=when)
    instance.save(**save_kwargs)
    _forget(instance)
    return instance


def delete_tracked(instance, *, user, reason, when=None):
    stamp(instance, user=user, reason=reason, when=when)
    instance.delete()


def _forget(instance):
    # simple-history leaves these attributes on the instance; a later save of the same
    # object must not silently reuse an old reason or date.
    for attr in ("_history_user", "_change_reason", "_history_date", "_source"):
        if hasattr(instance, attr):
            delattr(instance, attr)


def assign_changed(instance, values):
    """Set only the fields whose value differs; return the names that changed.

    Saving an unchanged object would still write a history row, so callers save only
    when this returns something.
    """
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
