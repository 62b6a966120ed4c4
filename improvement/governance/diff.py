"""Word-level differences between two versions of a text, for the history pages.

A long text (an action's wording, progress commentary, evidence) that changed by a few
words is shown as the new text with the removed words in <del> and the added words in
<ins>, each announced by visually hidden words, so the change is not shown by colour or
strike-through alone.
"""

import difflib
import re
from dataclasses import dataclass

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
