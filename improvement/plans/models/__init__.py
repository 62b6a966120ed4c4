from .actions import Action, ActionOwner, ActionRow, OwnerRole
from .plan import (
    FrontMatterSection,
    GlossaryEntry,
    Plan,
    PlanOnAPageEntry,
    RatingLevel,
    TimelineEntry,
)
from .structure import Area, Chapter, ImpactCommentary

__all__ = [
    "Action",
    "ActionOwner",
    "ActionRow",
    "Area",
    "Chapter",
    "FrontMatterSection",
    "GlossaryEntry",
    "ImpactCommentary",
    "OwnerRole",
    "Plan",
    "PlanOnAPageEntry",
    "RatingLevel",
    "TimelineEntry",
]
