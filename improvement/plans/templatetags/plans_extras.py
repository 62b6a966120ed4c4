"""Template helpers for the plan pages: dates as council papers print them, narrative
text (paragraphs and "- " bullet lists) as GOV.UK paragraphs and lists."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from improvement.lib.dates import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value):
    """12 November 2025; for a date-time, its day in the council's time zone."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return _long_date(value)


@register.filter
def when(value):
    """12 November 2025 at 2:05pm, in the council's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{_long_date(local.date())} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def iso(value):
    return value.isoformat() if value else ""


@register.filter
def prose(text):
    """Paragraphs split on blank lines; runs of lines starting "- " become a bullet list."""
    if not text:
        return ""
    parts = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        bullets, words = [], []
        for line in lines:
            if line.startswith(("- ", "• ")):
                if words:
                    parts.append(_para(words))
                    words = []
                bullets.append(line[2:].strip())
            else:
                if bullets:
                    parts.append(_list(bullets))
                    bullets = []
                words.append(line)
        if words:
            parts.append(_para(words))
        if bullets:
            parts.append(_list(bullets))
    return mark_safe("".join(parts))  # every piece is escaped by _para and _list


def _para(lines):
    return f'<p class="govuk-body">{"<br>".join(escape(line) for line in lines)}</p>'


def _list(items):
    inner = format_html_join("", "<li>{}</li>", ((item,) for item in items))
    return f'<ul class="govuk-list govuk-list--bullet">{inner}</ul>'


@register.simple_tag
def as_at_query(as_at, prefix="?"):
    """``?as_at=2025-05-08`` to keep time travel on links, or nothing."""
    return f"{prefix}as_at={as_at.isoformat()}" if as_at else ""
