"""Portal URLs: tell my caseworker something, and my messages (see urls.py)."""

from django.urls import path

from stemme.portal.views import messages as views

urlpatterns: list = [
    path("fortael/", views.tell, name="tell"),
    path("beskeder/", views.messages, name="messages"),
]
