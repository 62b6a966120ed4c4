"""Template helpers for the plan pages: dates as council papers print them, narrative
text (paragraphs and bullet lists, ``improvement.lib.prose``) as GOV.UK paragraphs
and lists."""

import datetime as dt

from django import template
from django.utils import timezone

from improvement.lib.dates import long_date as _long_date
from improvement.lib.prose import govuk_html

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
    """Paragraphs and bullet lists, split as the committee PDFs split them."""
    return govuk_html(text)


@register.simple_tag
def as_at_query(as_at, prefix="?"):
    """``?as_at=2025-05-08`` to keep time travel on links, or nothing."""
    return f"{prefix}as_at={as_at.isoformat()}" if as_at else ""
