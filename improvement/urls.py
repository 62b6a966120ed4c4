from django.contrib import admin
from django.urls import include, path

from improvement.lib.health import healthz

# A plain-context 500 page that renders with the database down, with the request id.
handler500 = "improvement.lib.errors.server_error"

urlpatterns = [
    # For a load balancer: no sign-in, no session (improvement/lib/health.py).
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("improvement.accounts.urls")),
    path("", include("improvement.accounts.urls_plans")),  # /plans/<slug>/people/
    # Before the plans' own pages, so that /plans/new/ is not read as a plan called "new".
    path("", include("improvement.planfiles.urls")),
    path("", include("improvement.plans.urls")),
    path("", include("improvement.reports.urls")),
    path("", include("improvement.scorecard.urls")),
    path("", include("improvement.governance.urls")),
    path("", include("improvement.rounds.urls")),
    path("", include("improvement.evidence.urls")),
    path("", include("improvement.finance.urls")),
    path("", include("improvement.findings.urls")),
    path("", include("improvement.dashboard.urls")),
    path("", include("improvement.api.urls")),
]
