"""Admin pages that write history with a reason, like every other write path."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .dates import long_date
from .limits import ReasonField


class ReasonForm(forms.ModelForm):
    change_reason = ReasonField(
        label="Reason for this change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the history with your name and the time.",
    )


class VersionedForm(ReasonForm):
    """The admin form of a model whose ``version`` goes up on every save (Action).

    Like the officers' update form, it carries the version it was opened on and refuses
    a save made from an older one, writing nothing, with the reason at the top of the
    form: otherwise a form opened before someone else's save silently undoes it. The
    check reads the version under the row's lock, held by the admin's transaction until
    the save is written.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            # The stored version, not the instance's: a revert form starts from an old
            # history row, whose version is long gone.
            self.initial["opened_version"] = self._stored_version(lock=False)

    def _stored_version(self, *, lock):
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored = self._stored_version(lock=True)
        if stored is not None and cleaned.get("opened_version") != stored:
            raise ValidationError(self._stale_message(), code="stale")
        return cleaned

    def _stale_message(self):
        name = f"{self.instance._meta.verbose_name} {self.instance}"
        latest = self.instance.history.select_related("history_user").first()
        by = ""
        if latest is not None:
            who = latest.history_user
            who = (who.get_full_name() or who.get_username()) if who else "someone"
            by = f" by {who} on {long_date(timezone.localdate(latest.history_date))}"
        return (
            f"Nothing was saved: {name} was changed{by} after you opened this form. "
            "Open it again to see that change, then make yours."
        )


class TrackedAdmin(SimpleHistoryAdmin):
    """A model admin whose saves and deletes record who, when and why."""

    form = ReasonForm

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # The reason last; the version a versioned form was opened on, hidden, after it.
        last = [f for f in ("change_reason", "opened_version") if f in fields]
        return [*(f for f in fields if f not in last), *last]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = f"Deleted in the admin by {request.user.get_username()}."
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The default bulk delete skips post_delete signals, and with them the history.
        for obj in queryset:
            self.delete_model(request, obj)

    # The history is the record: its admin pages are read-only for anyone but a
    # superuser (no "Revert" button, and a posted revert is refused). Historical
    # models have no admin of their own, so no one edits or deletes a history row here.
    def has_change_history_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied("Only a superuser may revert to an earlier version.")
        # A revert is a save like any other: one transaction, as the change form has, so
        # a versioned form's row lock lasts until the reverted row is written.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


def register(model, **options):
    admin.site.register(model, type(f"{model.__name__}Admin", (TrackedAdmin,), options))
