from django.urls import path

from . import views

app_name = "scorecard"

urlpatterns = [
    path("plans/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path("plans/<slug:slug>/scorecard/<str:code>/", views.indicator, name="indicator"),
]
