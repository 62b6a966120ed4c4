"""A plan as plain data: what every reader produces and the one writer saves.

The council's flat tracker (``tracker.py``), the product's own plan workbook
(``workbook.py``) and the plan as at a day (``export.py``) all become a ``PlanData``;
``apply.apply_plan`` is the only code that turns one into rows, so every way in writes
the same history.
"""

import datetime as dt
from dataclasses import dataclass, field, fields

# What a rating level means (RatingLevel's flags), and an area's narrative fields: named
# once here for every reader and writer of a plan as data.
MEANINGS = (
    "counts_as_complete",
    "is_finished",
    "is_delayed",
    "is_under_review",
    "needs_reason",
)
AREA_TEXTS = (
    "what_needs_to_improve",
    "inspectors_found",
    "source",
    "areas_for_improvement",
    "how_we_assess",
    "what_we_will_see",
    "notes",
)


@dataclass
class LevelData:
    """One level of the rating scale (see ``RatingLevel``)."""

    name: str
    short_name: str
    colour: str  # a RatingLevel.Colour value
    hex_colour: str
    definition: str = ""
    overview_definition: str = ""
    counts_as_complete: bool = False
    is_finished: bool = False
    is_delayed: bool = False
    is_under_review: bool = False
    needs_reason: bool = False  # below "on track": an update gives a short reason

    @classmethod
    def of(cls, level):
        """The data of a ``RatingLevel`` (or anything with the same attributes)."""
        return cls(**{f.name: getattr(level, f.name) for f in fields(cls)})

    def values(self):
        """The fields a ``RatingLevel`` takes, by name (its colour as the plain value)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["colour"] = str(self.colour)
        return values


@dataclass
class ChapterData:
    number: int
    title: str
    introduction: str = ""


@dataclass
class AreaData:
    key: str  # stable, unique in the plan, used in addresses
    chapter: int  # ChapterData.number
    number: str  # as printed
    title: str
    parent: str = ""  # the parent area's key for a sub-area
    order: int = 0
    what_needs_to_improve: str = ""
    inspectors_found: str = ""
    source: str = ""
    areas_for_improvement: str = ""
    how_we_assess: str = ""
    what_we_will_see: str = ""
    notes: str = ""


@dataclass
class RowData:
    """A further printed row of an action (row 2 onwards)."""

    row: int
    due_date: dt.date | None
    due_text: str
    rating: str  # LevelData.name
    owners: list[str] = field(default_factory=list)  # owner role titles, printed order


@dataclass
class ActionData:
    ref: str  # unique in the plan (generated when the document's is missing or repeated)
    area: str  # AreaData.key
    text: str
    rating: str  # LevelData.name
    due_date: dt.date | None = None
    due_text: str = ""
    printed_ref: str = ""  # the document's ref when it differs from ``ref``
    short_title: str = ""
    progress: str = ""
    evidence: str = ""
    order: int = 0
    owners: list[str] = field(default_factory=list)  # row 1's owner role titles
    rows: list[RowData] = field(default_factory=list)


@dataclass
class CommentaryData:
    area: str  # AreaData.key
    reporting_date: dt.date
    text: str


@dataclass
class PlanData:
    name: str
    organisation: str
    scale: list[LevelData] = field(default_factory=list)
    chapters: list[ChapterData] = field(default_factory=list)
    areas: list[AreaData] = field(default_factory=list)
    actions: list[ActionData] = field(default_factory=list)
    commentaries: list[CommentaryData] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Something in the file that could not be read: which row and column, and why.

    ``row`` is the spreadsheet's row number (1 is the header row); 0 for the whole file.
    """

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self):
        where = []
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if not where:
            return self.message
        text = ", ".join(where)  # not str.capitalize(): it would lower "column RAG"
        return f"{text[0].upper()}{text[1:]}: {self.message}"
