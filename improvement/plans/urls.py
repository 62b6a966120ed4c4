from django.urls import path

from . import views, views_edit, views_mine

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="index"),
    path("plans/<slug:slug>/", views.plan_detail, name="detail"),
    path("plans/<slug:slug>/areas/<slug:key>/", views.area_detail, name="area"),
    path(
        "plans/<slug:slug>/areas/<slug:key>/commentary/",
        views_edit.commentary_edit,
        name="commentary",
    ),
    path("plans/<slug:slug>/actions/<str:ref>/", views.action_detail, name="action"),
    path("plans/<slug:slug>/actions/<str:ref>/edit/", views_edit.action_edit, name="action_edit"),
    path("my-actions/", views_mine.my_actions, name="my_actions"),
]
