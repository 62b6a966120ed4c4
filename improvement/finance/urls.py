from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("plans/<slug:slug>/finance/", views.finance_page, name="table"),
    path("plans/<slug:slug>/finance/finance.csv", views.finance_csv, name="csv"),
    path("plans/<slug:slug>/finance/lines/<int:pk>/", views.line_edit, name="line_edit"),
]
