from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("improvement.accounts.urls")),
    path("", include("improvement.accounts.urls_plans")),  # /plans/<slug>/people/
    # Before the plans' own pages, so that /plans/new/ is not read as a plan called "new".
    path("", include("improvement.planfiles.urls")),
    path("", include("improvement.plans.urls")),
    path("", include("improvement.reports.urls")),
    path("", include("improvement.scorecard.urls")),
    path("", include("improvement.governance.urls")),
]
