"""Which indicators a section narrative talks about.

The council writes its narratives as paragraphs led by the IDs they explain: "ID 4: …",
"ID 28 & 29: …", "ID 18a-c: …", "ID 46a-47b: …", "ID 55-57: …", sometimes several in
one paragraph. ``pieces`` splits a narrative at each such lead and resolves the IDs
against the scorecard's order, so an indicator page can show what was said about it.
"""

import re

_LEAD = re.compile(r"\bID\s+([0-9][0-9a-z]*(?:\s*(?:&|,|-|–|and)\s*[0-9a-z]+)*)\s*:", re.I)
_CODE = re.compile(r"^(\d+)([a-z]?)$", re.I)


def resolve(refs, order):
    """Codes named by a reference like "18a-c", "28 & 29" or "46a-47b", in scorecard order.

    ``order`` is the list of the plan's codes in order; unknown codes are dropped.
    """
    codes = []
    for part in re.split(r"\s*(?:&|,|\band\b)\s*", refs.strip()):
        if not part:
            continue
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 1:
            if part in order:
                codes.append(part)
            continue
        start, end = bounds[0], bounds[-1]
        m = _CODE.match(start)
        if m and re.fullmatch(r"[a-z]", end, re.I):
            end = m[1] + end  # "18a-c" → 18a to 18c
        if start in order and end in order:
            i, j = order.index(start), order.index(end)
            codes.extend(order[min(i, j) : max(i, j) + 1])
    return codes


def pieces(text, order):
    """[(codes, text)] for each "ID …:" led piece of a narrative; the whole text with no
    codes when it names none."""
    leads = list(_LEAD.finditer(text))
    if not leads:
        return [([], text.strip())] if text.strip() else []
    result = []
    preamble = text[: leads[0].start()].strip()
    if preamble:
        result.append(([], preamble))
    for n, lead in enumerate(leads):
        end = leads[n + 1].start() if n + 1 < len(leads) else len(text)
        result.append((resolve(lead[1], order), text[lead.start() : end].strip()))
    return result


def about(narratives, code, order):
    """[(month, text)] of the narrative pieces that name ``code``, newest first."""
    found = []
    for narrative in sorted(narratives, key=lambda n: n.month, reverse=True):
        for codes, text in pieces(narrative.text, order):
            if code in codes:
                found.append((narrative.month, text))
    return found


def paragraphs(text, order):
    """The narrative for display: [{"lead": "ID 18a-c:", "body": …, "codes": […]}], one
    per blank-line paragraph and, within one, one per "ID …:" lead."""
    result = []
    for block in (b.strip() for b in text.split("\n\n")):
        for codes, piece in pieces(block, order):
            lead = _LEAD.match(piece)
            result.append(
                {
                    "lead": lead[0] if lead else "",
                    "body": piece[lead.end() :].strip() if lead else piece,
                    "codes": codes,
                }
            )
    return result
