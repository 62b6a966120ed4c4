from django.contrib import admin

from improvement.lib.admin import register

from .models import HistoryLayout, HistorySeal, Meeting, Proposal, SealHead

# Decisions are made on the manager's queue, which applies approved changes to the
# action; the admin lists proposals with their history (superusers may correct one).
register(
    Proposal,
    list_display=["action", "kind", "status", "proposed_by", "proposed_at", "meeting"],
    list_filter=["plan", "status", "kind"],
    list_select_related=["action", "proposed_by"],
    search_fields=["action__ref", "reason"],
    has_add_permission=lambda self, request: False,
    has_change_permission=lambda self, request, obj=None: request.user.is_superuser,
)

# Meetings are recorded on the plan's meetings page; superusers may correct one here (with
# a reason), never delete one a decision names (PROTECT).
register(
    Meeting,
    list_display=["name", "date", "plan", "minutes_url"],
    list_filter=["plan"],
    search_fields=["name"],
    has_change_permission=lambda self, request, obj=None: request.user.is_superuser,
)


class ChainAdmin(admin.ModelAdmin):
    """The history chain, to look at only: its rows are written by sealing (lib/seal.py)
    and checked by verify_history; an edit here would be the tampering it reports."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(HistorySeal, ChainAdmin, list_display=["seq", "model", "history_id", "hash"])
admin.site.register(HistoryLayout, ChainAdmin, list_display=["model", "fields"])
admin.site.register(SealHead, ChainAdmin, list_display=["seq", "hash"])
