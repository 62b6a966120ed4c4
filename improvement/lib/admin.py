"""Admin pages that write history with a reason, like every other write path."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the history with your name and the time.",
    )


class TrackedAdmin(SimpleHistoryAdmin):
    """A model admin whose saves and deletes record who, when and why."""

    form = ReasonForm

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "change_reason"]
        return [*fields, "change_reason"]

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
        return super().history_form_view(request, object_id, version_id, extra_context)


def register(model, **options):
    admin.site.register(model, type(f"{model.__name__}Admin", (TrackedAdmin,), options))
