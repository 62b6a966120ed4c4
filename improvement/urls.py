from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("improvement.accounts.urls")),
    path("", include("improvement.plans.urls")),
    path("", include("improvement.reports.urls")),
    path("", include("improvement.scorecard.urls")),
    path("", include("improvement.governance.urls")),
    path("", include("improvement.planfiles.urls")),
]
