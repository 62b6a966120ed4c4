from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("plans/<slug:slug>/committee/", views.committee_pack, name="committee"),
    path(
        "plans/<slug:slug>/committee/appendix-<str:number>.pdf",
        views.appendix_pdf,
        name="appendix",
    ),
    path("plans/<slug:slug>/committee/pack.pdf", views.pack_pdf, name="pack"),
    # The progress of a PDF's build: part is "pack" or "appendix-1" … "appendix-4".
    path("plans/<slug:slug>/committee/<str:part>/progress/", views.build_status, name="build"),
]
