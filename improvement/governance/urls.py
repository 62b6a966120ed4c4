from django.urls import path

from . import plan_views, views

app_name = "governance"

urlpatterns = [
    path(
        "plans/<slug:slug>/actions/<str:ref>/history/",
        views.action_history,
        name="action_history",
    ),
    path("plans/<slug:slug>/actions/<str:ref>/propose/", views.propose, name="propose"),
    path("plans/<slug:slug>/changes/", views.change_log, name="changes"),
    path("plans/<slug:slug>/changes.xlsx", views.change_log_xlsx, name="changes_xlsx"),
    path("plans/<slug:slug>/compare/", views.compare_dates, name="compare"),
    path("plans/<slug:slug>/proposals/", views.proposal_queue, name="queue"),
    path("plans/<slug:slug>/proposals/<int:pk>/", views.decide, name="decide"),
    path("plans/<slug:slug>/meetings/", plan_views.meeting_list, name="meetings"),
    path("plans/<slug:slug>/meetings/new/", plan_views.meeting_new, name="meeting_new"),
    path(
        "plans/<slug:slug>/meetings/<int:pk>/minutes/",
        plan_views.meeting_minutes,
        name="meeting_minutes",
    ),
    path("plans/<slug:slug>/settings/", plan_views.plan_settings, name="settings"),
]
