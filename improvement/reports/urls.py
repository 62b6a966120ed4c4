from django.urls import path

from . import views, views_cover

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
    # The committee cover report (views_cover.py).
    path("plans/<slug:slug>/committee/cover/", views_cover.cover_list, name="cover_list"),
    path("plans/<slug:slug>/committee/cover/<int:pk>/", views_cover.cover_detail, name="cover"),
    path(
        "plans/<slug:slug>/committee/cover/<int:pk>/edit/",
        views_cover.cover_edit,
        name="cover_edit",
    ),
    path(
        "plans/<slug:slug>/committee/cover/<int:pk>/cover-report.docx",
        views_cover.cover_word,
        name="cover_word",
    ),
]
