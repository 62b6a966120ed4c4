from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from improvement.lib.admin import register
from improvement.lib.limits import ReasonField

from .models import Membership

register(Membership, list_display=["user", "plan", "role"], list_filter=["plan", "role"])


class UserChangeWithReasonForm(UserChangeForm):
    change_reason = ReasonField(
        label="Reason for this change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the history with your name and the time.",
    )


class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Django's user admin, with the account's history and a reason for each change
    (the history, like every other, says who changed a name, an address or whether the
    account is active, and why)."""

    form = UserChangeWithReasonForm
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Why", {"fields": ("change_reason",)}))

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or (
            f"Added in the admin by {request.user.get_username()}."
        )
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = f"Deleted in the admin by {request.user.get_username()}."
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The default bulk delete skips post_delete signals, and with them the history.
        for obj in queryset:
            self.delete_model(request, obj)

    def has_change_history_permission(self, request, obj=None):
        # As for the project's models: only a superuser may revert an account.
        return request.user.is_active and request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
