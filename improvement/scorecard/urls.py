from django.urls import path

from . import views

app_name = "scorecard"

urlpatterns = [
    path("plans/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path("plans/<slug:slug>/scorecard/export.xlsx", views.export, name="export"),
    path("plans/<slug:slug>/scorecard/import/", views.import_upload, name="import"),
    path("plans/<slug:slug>/scorecard/import/confirm/", views.import_confirm, name="confirm"),
    path("plans/<slug:slug>/scorecard/import/template.xlsx", views.template, name="template"),
    path("plans/<slug:slug>/scorecard/months/", views.months, name="months"),
    # Last: an indicator's ID ("1", "7a", "18c") is any other single path segment.
    path("plans/<slug:slug>/scorecard/<str:code>/", views.indicator, name="indicator"),
]
