"""How long free text may be, in one place, and the form fields that say so.

Without limits a 1 MB progress commentary was accepted, and the committee's Appendix 2
then took 14 seconds to print. Each limit is far above anything in the council's own
documents (the demo data in ``fixtures/``: the longest impact commentary is 1,315
characters, the longest reason 343, the longest action 649, the longest level
definition 72; ``tests/plans/test_text_limits.py`` checks they fit).

``LimitedText`` is a ``forms.CharField`` that refuses longer text with a GOV.UK message
next to the field ("Progress commentary must be 10,000 characters or fewer; you typed
12,345"); the bound form gives back what was typed. It deliberately sets no HTML
``maxlength``: a browser would silently cut a pasted text short, and GOV.UK asks for the
message instead. Line breaks count as one character, as they are stored.

``ReasonField`` is the limited text every reason uses (update forms, proposals and
decisions, closing plans, the rating scale, people and roles, the scorecard's months,
the admin): it also drops the bidirectional control characters that can make a reason
read differently from what it says ("Trojan Source"), with ``plain_reason``.
"""

import re

from django import forms

PROGRESS = 10_000  # an action's progress commentary
EVIDENCE = 10_000  # an action's evidence
COMMENTARY = 10_000  # an area's impact commentary
ACTION_TEXT = 5_000  # an action's wording (a proposal's new wording)
DEFINITION = 2_000  # a rating level's definitions
REASON = 2_000  # every reason for a change, and a decision's note

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the left-to-right
# and right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def plain_reason(text):
    """A reason without bidirectional control characters."""
    return BIDI_CONTROLS.sub("", text or "")


def typed_length(text):
    """Characters as stored: a browser's CRLF line break is one."""
    return len((text or "").replace("\r\n", "\n"))


class LimitedText(forms.CharField):
    """Free text of at most ``limit`` characters; ``what`` starts the message."""

    def __init__(self, *, limit, what, **kwargs):
        self.limit, self.what = limit, what
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        typed = typed_length(value)
        if typed > self.limit:
            raise forms.ValidationError(
                f"{self.what} must be {self.limit:,} characters or fewer; you typed {typed:,}",
                code="max_length",
            )


class ReasonField(LimitedText):
    """A reason for a change: limited, and without bidirectional control characters."""

    def __init__(self, *, limit=REASON, what="The reason", **kwargs):
        super().__init__(limit=limit, what=what, **kwargs)

    def to_python(self, value):
        value = plain_reason(super().to_python(value))
        return value.strip() if self.strip else value
