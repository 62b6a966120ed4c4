"""Differences between two versions of a row, for the history pages: field by field
(rating, due date, texts), and word by word within a long text.

A long text (an action's wording, progress commentary, evidence) that changed by a few
words is shown as the new text with the removed words in <del> and the added words in
<ins>, each announced by visually hidden words, so the change is not shown by colour or
strike-through alone.
"""

import difflib
import re
from dataclasses import dataclass

from improvement.lib.dates import long_date
from improvement.plans.due import format_due

from .records import Field, FieldChange

# A token is a run of non-space characters with the space after it, so joining the
# tokens gives back the text exactly.
_TOKENS = re.compile(r"\S+\s*|\s+")

# Texts at least this long (characters) are shown as a word diff; shorter values are
# shown whole, old → new.
LONG_TEXT = 60


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "removed" or "added"
    text: str


def tokens(text):
    return _TOKENS.findall(text or "")


def word_diff(old, new):
    """The pieces that turn ``old`` into ``new``: kept, removed and added runs of words."""
    a, b = tokens(old), tokens(new)
    # Compare words without their trailing spaces, so a re-flowed line is not a change.
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False
    )
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def is_long(*values):
    return any(isinstance(v, str) and (len(v) >= LONG_TEXT or "\n" in v) for v in values)


# -- field by field ------------------------------------------------------------------------
def value_change(name, label, old, new):
    if old and new and is_long(old, new):
        return FieldChange(name, label, old, new, kind="long", pieces=word_diff(old, new))
    return FieldChange(name, label, old, new)


def rating_and_due(new, old, lookups):
    """Rating and due changes of an action or a further row (a new one: what it was set to)."""
    out = []
    if old is None or new.rating_id != old.rating_id:
        before = None if old is None else lookups.rating(old.rating_id)
        out.append(
            FieldChange(
                Field.RATING, Field.RATING.label, before, lookups.rating(new.rating_id), "rating"
            )
        )
    if old is None:
        after = format_due(new.due_date, new.due_text)
        if after:
            out.append(FieldChange(Field.DUE, Field.DUE.label, "", after))
    elif (old.due_date, old.due_text) != (new.due_date, new.due_text):
        before, after = due_pair(old, new)
        out.append(FieldChange(Field.DUE, Field.DUE.label, before, after))
    return out


def due_pair(old, new):
    """Two due dates as the plan prints them; where the words are the same and only the
    date behind them moved, each with its date, so the change is visible."""
    before = format_due(old.due_date, old.due_text)
    after = format_due(new.due_date, new.due_text)
    if before == after:
        before = f"{before} ({long_date(old.due_date)})" if old.due_date else f"{before} (no date)"
        after = f"{after} ({long_date(new.due_date)})" if new.due_date else f"{after} (no date)"
    return before, after
