"""Plain text as the plan writes it, turned into paragraphs and bullet lists: the one
splitter the pages and the committee PDFs share, so both read a text the same way.

Commentary and narrative fields are user text. They are never rendered as HTML: this
module only splits them into blocks (a blank line ends a paragraph or a list; a line
starting with a bullet is a list item; the other lines of a paragraph each print on a
line of their own), and every word is escaped before it reaches a page.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

# The bullets officers type or paste from Word: "- ", "• ", "○ " and "* ".
BULLETS = ("- ", "• ", "○ ", "* ")


@dataclass
class Block:
    kind: str  # "p" or "ul"
    lines: list[str] = field(default_factory=list)


def blocks(text):
    """Paragraphs (kind "p", each line printed on its own line) and lists (kind "ul")."""
    result = []
    current = None
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        bullet = next((b for b in BULLETS if line.startswith(b)), None)
        kind = "ul" if bullet else "p"
        if bullet:
            line = line[len(bullet) :].strip()
        if current is None or current.kind != kind:
            current = Block(kind)
            result.append(current)
        current.lines.append(line)
    return result


def govuk_html(text):
    """The blocks as GOV.UK paragraphs and bullet lists, every line escaped."""
    parts = []
    for block in blocks(text):
        lines = ((line,) for line in block.lines)
        if block.kind == "ul":
            items = format_html_join("", "<li>{}</li>", lines)
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            words = format_html_join(mark_safe("<br>"), "{}", lines)
            parts.append(f'<p class="govuk-body">{words}</p>')
    return mark_safe("".join(parts))  # every line went through format_html_join
