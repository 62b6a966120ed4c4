"""Plain text as the plan writes it, turned into paragraphs and bullet lists.

Commentary and narrative fields are user text. They are never rendered as HTML: this
module only splits them into blocks (a blank line ends a paragraph, lines starting with
"- " are list items), and the templates print each block's words with autoescaping on.
"""

from dataclasses import dataclass, field

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
