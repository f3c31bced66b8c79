"""Portal URLs: my caseworkers, my rights, who has looked at my case, my letters (see urls.py)."""

from django.urls import path

from stemme.portal.views import pages as views

urlpatterns = [
    path("raadgivere/", views.caseworkers, name="caseworkers"),
    path("rettigheder/", views.rights, name="rights"),
    path("hvem-har-kigget/", views.looked, name="looked"),
    path("breve/", views.letters, name="letters"),
    path("breve/<uuid:letter_id>/", views.letter, name="letter"),
]
