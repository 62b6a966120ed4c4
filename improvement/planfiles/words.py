"""What a tracker's cells say: rating words and the scale they make, due dates as
written, several owners in one cell.

A tracker's RAG column holds the council's own words. ``scale_from_words`` turns the
words found into a scale whose colours and meanings follow the usual conventions (BRAG:
Blue is complete, Green on track); ``ratings_for_scale`` maps the words onto an existing
scale by its level names. Unknown words become grey levels with no meaning, for the
person importing to check in the preview.
"""

import calendar
import datetime as dt
import re

from improvement.lib.dates import long_date
from improvement.plans.due import MONTHS, PLAIN_MONTH, end_of_month
from improvement.plans.models import RatingLevel

from .data import LevelData

Colour = RatingLevel.Colour

# GOV.UK Frontend's palette, as the demo plan's scale uses it.
HEX = {
    Colour.BLUE: "#1d70b8",
    Colour.GREEN: "#00703c",
    Colour.AMBER: "#f47738",
    Colour.RED: "#d4351c",
    Colour.GREY: "#b1b4b6",
}
BLACK_HEX = "#0b0c0c"
BLANK_LEVEL = "Not rated"  # the level a blank rating cell is given

# Kinds of word, in the order a scale lists them (least done first, as the demo's does).
NOT_STARTED, DELAYED, AT_RISK, ON_TRACK, COMPLETE, UNKNOWN, BLANK = range(7)
KINDS = {
    NOT_STARTED: {"grey", "gray", "not started", "not yet started", "n/a", "na", "black"},
    DELAYED: {"red", "r", "off track", "delayed", "overdue", "behind", "behind schedule"},
    AT_RISK: {"amber", "a", "at risk", "some risk"},
    ON_TRACK: {"green", "g", "on track", "on target", "on schedule"},
    COMPLETE: {"blue", "b", "complete", "completed", "done", "achieved", "finished"},
}
GREENISH = KINDS[ON_TRACK]


def fold(word):
    """The form words are compared in: case and spacing ignored."""
    return " ".join(str(word).split()).casefold()


def level_key(word):
    """Which level a word belongs to: a blank cell is "Not rated"."""
    return fold(word) or fold(BLANK_LEVEL)


def kind_of(word):
    folded = fold(word)
    if not folded:
        return BLANK
    for kind, words in KINDS.items():
        if folded in words:
            return kind
    return UNKNOWN


def scale_from_words(words):
    """A scale made from a tracker's rating words (in first-seen order, "" for blank).

    Words that differ only in case or spacing share one level, named as first seen.
    Colours: a green-ish word (Green, On track) is green, so a Complete-like word is
    blue beside it (BRAG) and green without one (Complete is the plan's green).
    Meanings: Complete-like words count as complete and are finished; red words are
    delayed. A blank cell is the grey level "Not rated".
    """
    seen, levels = set(), []
    has_green = any(fold(w) in GREENISH for w in words)
    for index, word in enumerate(words):
        folded = level_key(word)
        if folded in seen:
            continue
        seen.add(folded)
        levels.append((kind_of(word), index, _level(word, has_green)))
    levels.sort(key=lambda item: (item[0], item[1]))
    return [level for _kind, _index, level in levels]


def _level(word, has_green):
    kind = kind_of(word)
    name = " ".join(str(word).split()) or BLANK_LEVEL
    colour = {
        DELAYED: Colour.RED,
        AT_RISK: Colour.AMBER,
        ON_TRACK: Colour.GREEN,
    }.get(kind, Colour.GREY)
    if kind == COMPLETE:
        blue = fold(word) in {"blue", "b"} or has_green
        colour = Colour.BLUE if blue else Colour.GREEN
    level = LevelData(
        name=name[:80],
        short_name=name[:30],
        colour=str(colour),
        hex_colour=BLACK_HEX if fold(word) == "black" else HEX[colour],
    )
    if kind == COMPLETE:
        level.counts_as_complete = level.is_finished = True
    if kind == DELAYED:
        level.is_delayed = True
    return level


def ratings_from_words(words, scale):
    """{word: level name} for words of a scale made by ``scale_from_words``."""
    names = {fold(level.name): level.name for level in scale}
    return {w: names[level_key(w)] for w in words if level_key(w) in names}


def ratings_for_scale(words, scale):
    """{word: level name} for the words that name a level of ``scale`` (by its name or
    short name, case and spacing ignored); words that name none are left out."""
    names = {}
    for level in scale:
        names.setdefault(fold(level.short_name), level.name)
    for level in scale:
        names[fold(level.name)] = level.name  # a full name wins over a short one
    return {w: names[fold(w)] for w in words if fold(w) in names}


# -- due dates ---------------------------------------------------------------------------
NOT_GIVEN = "Not given"  # a blank due cell: the action still saves, and says so
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
# Every way a UK tracker writes a date inside words: 31/10/2025, 31.10.25, 2025-10-31,
# 31st October 2025, "End Oct 03", "June 2025 / Sept 2025", "end of 2025".
DATE_IN_TEXT = re.compile(
    r"\b(?:(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?:(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<m3>{_MONTH})\.?,?\s+'?"
    r"(?P<y3>\d{4}|\d{2}(?!,?\s*\d{4}))"
    r"|end\s+of\s+(?P<y4>\d{4}))\b",
    re.I,
)


def _year(text):
    return int(text) + (2000 if len(text) == 2 else 0)


def _date_of(match):
    try:
        if match["y1"]:
            return dt.date(_year(match["y1"]), int(match["m1"]), int(match["d1"]))
        if match["y2"]:
            return dt.date(int(match["y2"]), int(match["m2"]), int(match["d2"]))
        if match["y3"]:
            month = MONTHS[match["m3"].lower()]
            if match["d3"]:
                return dt.date(_year(match["y3"]), month, int(match["d3"]))
            return end_of_month(_year(match["y3"]), month)
        return dt.date(int(match["y4"]), 12, 31)
    except ValueError:  # 31/02/2025, month 13: not a date
        return None


def read_due(value):
    """``(due_date, due_text)`` for a due cell: an Excel date or words.

    A plain month ("March 2026") is its last day with no words, as the plan's own
    "Due by" is read (``improvement.plans.due``); an Excel date is that day, with the
    day in words unless it is a month's last (pages print a month otherwise); other
    words are kept as written, with the latest date found in them ("June 2025 / Sept
    2025"), or none ("Ongoing", "TBC"). A blank cell is "Not given".
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        last = calendar.monthrange(value.year, value.month)[1]
        return value, "" if value.day == last else long_date(value)
    text = " ".join(cell_text(value).split())
    if not text:
        return None, NOT_GIVEN
    if match := PLAIN_MONTH.match(text):
        return end_of_month(int(match[2]), MONTHS[match[1].lower()]), ""
    dates = [d for d in map(_date_of, DATE_IN_TEXT.finditer(text)) if d is not None]
    return (max(dates) if dates else None), text


def cell_text(value):
    """A cell's value as text: whole numbers without ".0", dates as 31/10/2025."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date | dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if isinstance(value, dt.datetime) else "%d/%m/%Y")
    return str(value)


# -- owners ------------------------------------------------------------------------------
# New lines, semicolons, slashes and " & " part owners; commas do not ("Head of Service,
# Children's Provision" is one title), nor does "and" ("Head of Service Cared for
# Children and Care Leavers").
OWNER_SEPARATORS = re.compile(r"[\r\n;/]+| & ")


def split_owners(text):
    """Owner role titles in printed order, stripped, each once."""
    titles, seen = [], set()
    for part in OWNER_SEPARATORS.split(text or ""):
        title = " ".join(part.split())
        if title and title.casefold() not in seen:
            seen.add(title.casefold())
            titles.append(title)
    return titles


# -- refs --------------------------------------------------------------------------------
SAFE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # fits an address as it is
REF_MAX = 20  # Action.ref


def make_refs(printed):
    """The ref of each action from the refs as printed: the document's when it is usable
    and appears once, else one made from it ("1.1-2" for the second "1.1") or from the
    action's position ("R7"), never one that another action of the file uses as is.
    The same file always gives the same refs."""

    def usable(ref):
        return bool(SAFE_REF.match(ref)) and len(ref) <= REF_MAX

    counts = {}
    for ref in printed:
        counts[ref.casefold()] = counts.get(ref.casefold(), 0) + 1
    taken = {ref.casefold() for ref in printed if usable(ref) and counts[ref.casefold()] == 1}
    seen, refs = {}, []
    for position, ref in enumerate(printed, 1):
        folded = ref.casefold()
        if usable(ref) and counts[folded] == 1:
            refs.append(ref)
            continue
        seen[folded] = seen.get(folded, 0) + 1
        candidate = f"{ref}-{seen[folded]}"
        if not usable(ref) or len(candidate) > REF_MAX:
            candidate = f"R{position}"
        base, n = candidate, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.casefold())
        refs.append(candidate)
    return refs
