from django.urls import path

from stemme.children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("soeg/", views.child_search, name="search"),
    path("<uuid:child_id>/", views.child_detail, name="detail"),
    path("<uuid:child_id>/cpr/", views.child_reveal_cpr, name="reveal_cpr"),
    path("<uuid:child_id>/husstand/", views.child_household, name="household"),
    path("<uuid:child_id>/personer/", views.child_people, name="people"),
    path("<uuid:child_id>/personer/ny/", views.person_add, name="person_add"),
    path("<uuid:child_id>/personer/<int:relation_id>/ret/", views.person_edit, name="person_edit"),
    path("<uuid:child_id>/personer/<int:relation_id>/afslut/", views.person_end, name="person_end"),
]
