"""Rating scales a plan can start from, and the one way a whole scale is written.

A plan's scale is data (``RatingLevel``): its words, colours and meanings belong to the
plan and its managers change them on the rating scale page. A new plan starts from one
of ``PRESETS``:

- ``"demo"``: the seven levels of the demo plan, exactly as ``improvement.demo.plan``
  loads them (the demo's own definitions come from its documents' keys, so the preset
  leaves them empty);
- ``"bgar"``: Blue/Green/Amber/Red, where Blue is complete;
- ``"gar"``: Green/Amber/Red. Plans using it usually print Green as "complete or on
  track", but the committee's percentage needs exactly one level that means complete,
  so this preset adds a fourth level, "Complete" (a darker green), and Green means on
  track only.

The levels below "on track" (late, not started, under review) need a short reason with
each update (``needs_reason``: "Reason for Amber").

Every preset's fill gives its text a contrast of at least 4.5:1 (WCAG AA) with the text
colour the product prints on it (``RatingLevel.text_colour``).

``levels_with_uses`` reads a scale for its editor: each level with how many actions and
further rows are rated at it (a level in use is never removed).
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from improvement.lib.history import save_tracked
from improvement.planfiles.data import LevelData

from .models import Action, ActionRow, RatingLevel

Colour = RatingLevel.Colour

# GOV.UK Frontend's palette, as the demo uses it.
GREY, RED, ORANGE, YELLOW = "#b1b4b6", "#d4351c", "#f47738", "#ffdd00"
GREEN, DARK_GREEN, BLUE = "#00703c", "#005a30", "#1d70b8"

_DEMO = [
    # name (Appendix 2), short name (Appendix 1), key colour, fill, meanings
    LevelData("Not started", "Not started", Colour.GREY, GREY, needs_reason=True),
    LevelData("Delayed", "Delayed", Colour.RED, RED, is_delayed=True, needs_reason=True),
    LevelData("On track", "On track", Colour.AMBER, ORANGE),
    # "Amber E" is lighter than Amber so the two stay apart in print.
    LevelData(
        "Complete but need to evidence impact", "Amber E", Colour.AMBER_E, YELLOW, is_finished=True
    ),
    LevelData(
        "Complete", "Complete", Colour.GREEN, GREEN, counts_as_complete=True, is_finished=True
    ),
    LevelData("Reviewing", "Reviewing", Colour.GREY, GREY, is_under_review=True, needs_reason=True),
    # Closed: replaced by a new action, so its work is no longer asked for.
    LevelData("Closed", "Closed", Colour.GREY, GREY, is_finished=True),
]

# Amber and Red mean the same in Blue/Green/Amber/Red and Green/Amber/Red plans.
_LATE = [
    LevelData(
        "At risk",
        "Amber",
        Colour.AMBER,
        ORANGE,
        definition="Some slippage: the action is at risk of missing its timescale.",
        overview_definition="Some slippage / at risk",
        needs_reason=True,
    ),
    LevelData(
        "Off track",
        "Red",
        Colour.RED,
        RED,
        definition="The action is off track and will not be completed within its timescale.",
        overview_definition="Off track",
        is_delayed=True,
        needs_reason=True,
    ),
]

_BGAR = [
    LevelData(
        "Complete",
        "Blue",
        Colour.BLUE,
        BLUE,
        definition="The action is complete and its impact is evidenced.",
        overview_definition="Complete",
        counts_as_complete=True,
        is_finished=True,
    ),
    LevelData(
        "On track",
        "Green",
        Colour.GREEN,
        GREEN,
        definition="The action is on track to be completed within its timescale.",
        overview_definition="On track",
    ),
    *_LATE,
]

_GAR = [
    LevelData(
        "Complete",
        "Complete",
        Colour.GREEN,
        DARK_GREEN,
        definition="The action is complete and its impact is evidenced.",
        overview_definition="Complete",
        counts_as_complete=True,
        is_finished=True,
    ),
    LevelData(
        "On track",
        "Green",
        Colour.GREEN,
        GREEN,
        definition="The action is not yet complete but is on track to be completed within "
        "its timescale.",
        overview_definition="On track",
    ),
    *_LATE,
]

PRESETS: dict[str, tuple[str, list[LevelData]]] = {
    "demo": ("The demo plan's seven levels (Not started to Closed)", _DEMO),
    "bgar": ("Blue, Green, Amber, Red (Blue is complete)", _BGAR),
    "gar": ("Green, Amber, Red, with a separate Complete level", _GAR),
}


@transaction.atomic
def create_scale(plan, levels, *, user, reason, when=None):
    """Write ``levels`` (``LevelData``, in order) as the rating scale of ``plan``, which
    has none yet; each level's history row carries ``user``, ``reason`` and ``when``.
    Returns the saved ``RatingLevel`` objects."""
    if plan.rating_levels.exists():
        raise ValueError(f"{plan.name} already has a rating scale.")
    saved = []
    for order, data in enumerate(levels, 1):
        level = RatingLevel(plan=plan, order=order, **data.values())
        saved.append(save_tracked(level, user=user, reason=reason, when=when))
    return saved


def apply_scale_preset(plan, key, *, user, reason, when=None):
    """Give ``plan`` (with no scale yet) the preset ``key`` of ``PRESETS``."""
    return create_scale(plan, PRESETS[key][1], user=user, reason=reason, when=when)


def _uses(model):
    counted = model.objects.filter(rating=OuterRef("pk")).order_by().values("rating")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


def levels_with_uses(plan):
    """The plan's levels in order, each with how many actions (``action_uses``) and
    further rows (``row_uses``) are rated at it, in words (``uses_words``). One query."""
    levels = list(
        RatingLevel.objects.filter(plan=plan)
        .annotate(action_uses=_uses(Action), row_uses=_uses(ActionRow))
        .order_by("order", "pk")
    )
    for level in levels:
        level.uses_words = uses_in_words(level)
    return levels


def uses_in_words(level):
    parts = []
    if level.action_uses:
        parts.append(f"{level.action_uses} action{'' if level.action_uses == 1 else 's'}")
    if level.row_uses:
        parts.append(f"{level.row_uses} further row{'' if level.row_uses == 1 else 's'}")
    return " and ".join(parts)
