"""Money as the finance table prints it (``finance.tables.pounds``)."""

from django import template

from improvement.finance.tables import pounds as _pounds
from improvement.finance.tables import variance_words

register = template.Library()


@register.filter
def pounds(pence):
    return _pounds(pence)


@register.filter
def variance(pence):
    return variance_words(pence)
