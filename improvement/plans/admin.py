from improvement.lib.admin import VersionedForm, register

from .models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    FrontMatterSection,
    GlossaryEntry,
    ImpactCommentary,
    OwnerRole,
    Plan,
    PlanOnAPageEntry,
    RatingLevel,
    RatingSubmission,
    TimelineEntry,
)

register(Plan, list_display=["name", "organisation", "slug", "status"], prepopulated_fields={})
register(RatingLevel, list_display=["name", "short_name", "colour", "plan", "order"])
register(FrontMatterSection, list_display=["title", "plan", "order"])
register(GlossaryEntry, list_display=["term", "meaning", "plan"])
register(PlanOnAPageEntry, list_display=["area", "plan", "order"])
register(TimelineEntry, list_display=["period", "text", "plan"])
register(Chapter, list_display=["title", "number", "plan"])
register(
    Area,
    list_display=["__str__", "chapter", "parent", "key"],
    list_filter=["chapter__plan", "chapter"],
    search_fields=["title"],
)
register(ImpactCommentary, list_display=["area", "reporting_date"], list_filter=["reporting_date"])
register(
    OwnerRole, list_display=["title", "plan"], search_fields=["title"], filter_horizontal=["users"]
)
register(
    Action,
    # Carries the version it was opened on, so a stale form cannot undo a newer save.
    form=VersionedForm,
    readonly_fields=["version"],
    list_display=["ref", "short_title", "rating", "due_date", "due_text", "area"],
    list_filter=["plan", "rating__name", "area__chapter"],
    search_fields=["ref", "short_title", "text"],
    list_select_related=["rating", "area"],
)
register(ActionRow, list_display=["action", "row", "rating", "due_date", "due_text"])
register(
    ActionOwner, list_display=["action", "row", "role"], list_select_related=["action", "role"]
)
# Submitted ratings are accepted or returned on the sign-off page, which also sets the
# action's rating; the admin lists them with their history.
register(
    RatingSubmission,
    list_display=["action", "rating", "status", "submitted_by", "submitted_at", "decided_by"],
    list_filter=["plan", "status"],
    list_select_related=["action", "rating", "submitted_by", "decided_by"],
    has_add_permission=lambda self, request: False,
)
