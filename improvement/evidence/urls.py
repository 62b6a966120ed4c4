from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("plans/<slug:slug>/actions/<str:ref>/evidence/add/", views.add, name="add"),
    path(
        "plans/<slug:slug>/actions/<str:ref>/evidence/<int:pk>/remove/",
        views.remove,
        name="remove",
    ),
    path(
        "plans/<slug:slug>/actions/<str:ref>/evidence/<int:pk>/download/",
        views.download,
        name="download",
    ),
]
