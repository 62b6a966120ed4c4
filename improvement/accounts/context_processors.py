"""``access`` in every template: what the user may do in the page's plan."""

from django.utils.functional import SimpleLazyObject

from .access import access_of


def access(request):
    # Lazy: the view decides the plan (and sets the role) before the template reads it.
    return {"access": SimpleLazyObject(lambda: access_of(request))}
