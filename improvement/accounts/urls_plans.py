"""The people pages, under the plan they are about (included at the site root)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("plans/<slug:slug>/people/", views.people_page, name="people"),
    path("plans/<slug:slug>/people/<int:user_id>/", views.person_page, name="person"),
]
