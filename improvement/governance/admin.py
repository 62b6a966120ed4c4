from improvement.lib.admin import register

from .models import Proposal

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
