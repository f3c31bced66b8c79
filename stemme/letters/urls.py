from django.urls import path

from stemme.letters import views

app_name = "letters"

urlpatterns: list = [
    path("<uuid:child_id>/breve/", views.letter_list, name="list"),
    path("<uuid:child_id>/breve/<uuid:letter_id>/", views.letter_detail, name="detail"),
    path("<uuid:child_id>/breve/<uuid:letter_id>/udskriv/", views.letter_print, name="print"),
    path("<uuid:child_id>/breve/<uuid:letter_id>/pdf/", views.letter_pdf, name="pdf"),
    path("<uuid:child_id>/breve/<uuid:letter_id>/marker/", views.letter_mark, name="mark"),
    path(
        "<uuid:child_id>/breve/<uuid:letter_id>/modtaget/",
        views.letter_received,
        name="received",
    ),
    path(
        "<uuid:child_id>/breve/afgoerelse/<uuid:decision_id>/",
        views.decision_letters_make,
        name="decision_make",
    ),
    path(
        "<uuid:child_id>/breve/kvittering/<uuid:intake_id>/",
        views.receipt_letter_make,
        name="receipt_make",
    ),
]
