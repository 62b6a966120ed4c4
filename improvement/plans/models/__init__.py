from .actions import Action, ActionOwner, ActionRow, OwnerRole
from .plan import (
    FrontMatterSection,
    GlossaryEntry,
    Plan,
    PlanOnAPageEntry,
    RatingLevel,
    TimelineEntry,
)
from .signoff import RatingSubmission
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
    "RatingSubmission",
    "TimelineEntry",
]
