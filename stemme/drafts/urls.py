from django.urls import path

from stemme.drafts import views

app_name = "drafts"

urlpatterns = [
    path("gem/", views.autosave, name="autosave"),
    path("slet/", views.discard, name="discard"),
]
