"""What every appendix prints the same way: a rating level with a checked fill colour,
the rating scale's key, and the plan's chapters and areas, from the day's snapshot."""

import re
from dataclasses import dataclass

from improvement.plans.models import RatingLevel

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_FILL = "#b1b4b6"


def fill(level):
    return level.hex_colour if HEX.match(level.hex_colour or "") else FALLBACK_FILL


@dataclass(frozen=True)
class PrintedLevel:
    """A rating level as the PDFs print it (what includes/rating.html reads), with its
    fill checked to be a "#rrggbb" colour before it goes into a style attribute."""

    pk: int
    name: str
    short_name: str
    colour: str
    hex_colour: str
    text_colour: str


def _printed(level):
    return PrintedLevel(
        pk=level.pk,
        name=level.name,
        short_name=level.short_name,
        colour=level.colour,
        hex_colour=fill(level),
        text_colour=level.text_colour,
    )


def rating_scale(snapshot):
    """The scale of the snapshot's day by id, and its key: one row per colour in scale
    order."""
    stored = snapshot.levels
    levels = [_printed(level) for level in stored]
    definitions = {level.pk: (level.overview_definition, level.definition) for level in stored}
    key, seen = [], set()
    for level in levels:
        if level.colour in seen:
            continue
        seen.add(level.colour)
        key.append(
            {
                "level": level,
                "colour": dict(RatingLevel.Colour.choices).get(level.colour, level.colour),
                "fill": fill(level),
                "overview_definition": definitions[level.pk][0],
                "definition": definitions[level.pk][1],
            }
        )
    return {level.pk: level for level in levels}, key


def overview_title(area, snapshot):
    parent = snapshot.parent_of(area)
    return f"{parent.title}: {area.title}" if parent else area.title


def area_heading(area):
    return f"{area.number}. {area.title}" if area.number else area.title
