from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("plans/<slug:slug>/rounds/", views.round_list, name="index"),
    path("plans/<slug:slug>/rounds/<int:pk>/", views.round_detail, name="detail"),
    path("plans/<slug:slug>/rounds/<int:pk>/close/", views.close_round, name="close"),
    path(
        "plans/<slug:slug>/rounds/<int:pk>/unchanged/<str:ref>/",
        views.confirm_unchanged,
        name="unchanged",
    ),
    path("accounts/reminders/", views.reminder_preference, name="reminders"),
]
