from improvement.lib.admin import register

from .models import Finding, Inspection

# Inspections and findings have their own pages for plan managers; the admin lists them
# with their history, and every save there asks for a reason too.
register(Inspection, list_display=["title", "kind", "date", "plan"], list_filter=["plan", "kind"])
register(
    Finding,
    list_display=["inspection", "order", "kind"],
    list_filter=["kind"],
    list_select_related=["inspection"],
    filter_horizontal=["areas", "actions"],
)
