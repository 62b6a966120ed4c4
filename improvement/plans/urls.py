from django.urls import path

from . import views, views_close, views_edit, views_mine, views_scale, views_signoff

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="index"),
    path("plans/<slug:slug>/", views.plan_detail, name="detail"),
    path("plans/<slug:slug>/rating-scale/", views_scale.rating_scale, name="rating_scale"),
    path("plans/<slug:slug>/areas/<slug:key>/", views.area_detail, name="area"),
    path(
        "plans/<slug:slug>/areas/<slug:key>/commentary/",
        views_edit.commentary_edit,
        name="commentary",
    ),
    path("plans/<slug:slug>/actions/<str:ref>/", views.action_detail, name="action"),
    path("plans/<slug:slug>/actions/<str:ref>/edit/", views_edit.action_edit, name="action_edit"),
    path("plans/<slug:slug>/sign-off/", views_signoff.signoff_list, name="signoff"),
    path(
        "plans/<slug:slug>/sign-off/<int:pk>/",
        views_signoff.signoff_decide,
        name="signoff_decide",
    ),
    path("my-actions/", views_mine.my_actions, name="my_actions"),
    path("plans/<slug:slug>/close/", views_close.close_plan, name="close"),
    path(
        "plans/<slug:slug>/actions/<str:ref>/close/",
        views_close.close_action,
        name="close_action",
    ),
]
