"""Dates the way council papers print them, and the one "today" of the product."""

from django.utils import timezone


def today():
    """Today in the council's time zone (settings.TIME_ZONE): the product's only "today".

    ``datetime.date.today()`` reads the server's clock zone, which differs from the
    council's around midnight; every page, form, flag and command asks here instead.
    """
    return timezone.localdate()


def long_date(day):
    """12 November 2025 (no leading zero)."""
    return f"{day.day} {day:%B %Y}"
