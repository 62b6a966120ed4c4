"""Admin page for the committee cover reports (each save asks for a reason)."""

from improvement.lib.admin import register

from .models import CoverReport

register(CoverReport, list_display=["title", "plan", "as_at", "meeting_date"], list_filter=["plan"])
