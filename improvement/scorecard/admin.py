from improvement.lib.admin import register

from .models import (
    Indicator,
    IndicatorValue,
    Scorecard,
    ScorecardMonth,
    ScorecardSection,
    SectionNarrative,
)

register(Scorecard, list_display=["plan", "title"])
register(ScorecardSection, list_display=["title", "scope", "plan", "order"])
register(
    Indicator,
    list_display=["code", "title", "target_text", "target_kind", "better", "section"],
    list_filter=["plan", "section", "target_kind", "better"],
    search_fields=["code", "title"],
    filter_horizontal=["areas"],
)
register(
    IndicatorValue,
    list_display=["indicator", "month", "text", "status"],
    list_filter=["month", "status"],
    list_select_related=["indicator"],
)
register(SectionNarrative, list_display=["section", "month"])
register(ScorecardMonth, list_display=["plan", "month", "complete"], list_filter=["plan"])
