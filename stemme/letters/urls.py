from django.urls import path

from stemme.letters import views

app_name = "letters"

urlpatterns: list = [
    path("<uuid:child_id>/breve/", views.letter_list, name="list"),
    path("<uuid:child_id>/breve/<uuid:letter_id>/", views.letter_detail, name="detail"),
]
