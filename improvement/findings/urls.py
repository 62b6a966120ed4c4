from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("plans/<slug:slug>/inspections/", views.inspection_list, name="list"),
    path("plans/<slug:slug>/inspections/new/", views.inspection_edit, name="inspection_add"),
    path("plans/<slug:slug>/inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path(
        "plans/<slug:slug>/inspections/<int:pk>/edit/",
        views.inspection_edit,
        name="inspection_edit",
    ),
    path(
        "plans/<slug:slug>/inspections/<int:inspection_pk>/findings/new/",
        views.finding_edit,
        name="finding_add",
    ),
    path(
        "plans/<slug:slug>/inspections/<int:inspection_pk>/findings/<int:pk>/edit/",
        views.finding_edit,
        name="finding_edit",
    ),
    path("plans/<slug:slug>/findings/<int:pk>/", views.finding_trace, name="finding"),
]
