from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("plans/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
]
