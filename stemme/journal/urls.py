"""The journal's pages, mounted at "sager/" (config/urls.py): a case's journal nests under the
case (``sager/<id>/journal/``); the search across the user's cases is ``sager/journal/soeg/``."""

from django.urls import path

from stemme.journal import views

app_name = "journal"

urlpatterns = [
    path("journal/soeg/", views.search, name="search"),
    path("<uuid:case_id>/journal/", views.note_list, name="list"),
    path("<uuid:case_id>/journal/ny/", views.note_new, name="new"),
    path("<uuid:case_id>/journal/<uuid:note_id>/", views.note_detail, name="detail"),
    path("<uuid:case_id>/journal/<uuid:note_id>/ret/", views.note_correct, name="correct"),
    path("<uuid:case_id>/journal/<uuid:note_id>/barnets-ord/", views.note_words, name="words"),
]
