from django.urls import path  # noqa: F401

app_name = "planfiles"

# New plans (the import wizard) and plan downloads; views are added by feature.
urlpatterns = []
