"""The API at /api/v1/ (``endpoints``) and each person's API tokens page."""

from django.urls import path

from . import views
from .endpoints import api

app_name = "api"

urlpatterns = [
    path("api/v1/", api.urls),
    # Under /accounts/ with the person's other account pages; the accounts app's own
    # patterns do not match it, so Django carries on to these.
    path("accounts/api-tokens/", views.tokens, name="tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
