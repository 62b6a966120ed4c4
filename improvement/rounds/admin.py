from django.contrib import admin

from improvement.lib.admin import register

from .models import ReminderPreference, ReminderSent, RoundAction, UpdateRound

# Rounds are opened and closed on the plan's rounds pages and their entries marked by the
# update form and the one-click button; the admin lists them with their history, and
# superusers may correct one (with a reason).
register(
    UpdateRound,
    list_display=["name", "plan", "status", "as_at", "deadline", "opened_by", "closed_at"],
    list_filter=["plan", "status"],
    search_fields=["name"],
    has_add_permission=lambda self, request: False,
    has_change_permission=lambda self, request, obj=None: request.user.is_superuser,
)
register(
    RoundAction,
    list_display=["action", "round", "state", "by", "at"],
    list_filter=["round", "state"],
    list_select_related=["action", "round", "by"],
    search_fields=["action__ref"],
    has_add_permission=lambda self, request: False,
    has_change_permission=lambda self, request, obj=None: request.user.is_superuser,
)
register(
    ReminderPreference,
    list_display=["user", "email_reminders"],
    list_select_related=["user"],
    search_fields=["user__username", "user__email"],
)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """What send_reminders sent, to look at only: a row here is what stops a reminder
    going twice, so it is neither added nor changed by hand."""

    list_display = ["round", "user", "kind", "actions", "sent_at"]
    list_filter = ["kind", "round"]
    list_select_related = ["round", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
