from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="index"),
    path("plans/<slug:slug>/", views.plan_detail, name="detail"),
]
