"""Helpers for the update round tests."""

import tinyhtml5
from django.urls import reverse

from improvement.rounds.models import RoundAction


def entry(round_, ref):
    return RoundAction.objects.get(round=round_, action__ref=ref)


def unchanged_url(round_, ref):
    return reverse("rounds:unchanged", args=[round_.plan.slug, round_.pk, ref])


def chasing_url(round_):
    return reverse("rounds:detail", args=[round_.plan.slug, round_.pk])


def _text(element):
    return " ".join(" ".join(element.itertext()).split())


def tallies(markup, caption):
    """The chasing page's table captioned ``caption`` as {label: [cells after it]}."""
    document = tinyhtml5.parse(markup, namespace_html_elements=False)
    for table in document.iter("table"):
        found = table.find("caption")
        if found is not None and _text(found) == caption:
            rows = {}
            for tr in table.find("tbody").findall("tr"):
                cells = [_text(cell) for cell in tr]
                rows[cells[0]] = cells[1:]
            return rows
    raise AssertionError(f"No table captioned {caption!r}")
