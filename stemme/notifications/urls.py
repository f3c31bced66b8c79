from django.urls import path

from stemme.notifications import views

app_name = "notifications"

urlpatterns = [
    path("profil/notifikationer/", views.preferences, name="preferences"),
]
