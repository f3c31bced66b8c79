"""The child's voice: rights information and the child's own words."""

from django.urls import path

from stemme.participation.views import voice as views

urlpatterns: list = [
    path("boern/<uuid:child_id>/rettigheder/", views.rights, name="rights"),
    path("boern/<uuid:child_id>/rettigheder/brev/", views.rights_letter, name="rights_letter"),
    path("sager/<uuid:case_id>/barnets-ord/", views.statement_add, name="statement_add"),
]
