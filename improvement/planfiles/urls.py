from django.urls import path

from . import views, views_export

app_name = "planfiles"

# New plans (the import wizard) and plan downloads; views are added by feature.
urlpatterns = [
    # The new-plan wizard: the file, its mapping, the preview, the confirmation.
    path("plans/new/", views.new, name="new"),
    path("plans/new/<str:token>/mapping/", views.mapping, name="mapping"),
    path("plans/new/<str:token>/preview/", views.preview, name="preview"),
    path("plans/new/<str:token>/confirm/", views.confirm, name="confirm"),
    # Plan downloads, as at today or ?as_at=YYYY-MM-DD.
    path("plans/<slug:slug>/download/plan.xlsx", views_export.download_xlsx, name="download_xlsx"),
    path("plans/<slug:slug>/download/actions.csv", views_export.download_csv, name="download_csv"),
]
