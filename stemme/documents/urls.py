"""The documents' pages, mounted at "sager/" (config/urls.py): under the case,
``sager/<id>/dokumenter/``."""

from django.urls import path

from stemme.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:case_id>/dokumenter/", views.document_list, name="list"),
    path("<uuid:case_id>/dokumenter/ny/", views.document_upload, name="upload"),
    path(
        "<uuid:case_id>/dokumenter/<uuid:document_id>/hent/",
        views.document_download,
        name="download",
    ),
]
