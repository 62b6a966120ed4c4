"""Dates the way council papers print them."""


def long_date(day):
    """12 November 2025 (no leading zero)."""
    return f"{day.day} {day:%B %Y}"
