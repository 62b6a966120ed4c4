from improvement.lib.admin import register

from .models import Evidence

# Evidence is added and removed on the action's pages, where a file's type is checked by
# its content; the admin cannot add files, and shows the stored file's facts read-only
# (never the file itself: its storage has no public address, so it has no link).
register(
    Evidence,
    list_display=["title", "action", "kind", "date", "added_by", "removed_at"],
    list_filter=["kind"],
    list_select_related=["action", "added_by"],
    search_fields=["title", "action__ref"],
    exclude=["file"],
    readonly_fields=["original_name", "content_type", "size", "kind", "action"],
    has_add_permission=lambda self, request: False,
)
