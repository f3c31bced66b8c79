from django.urls import path

from stemme.privacy import views

app_name = "privacy"

urlpatterns = [
    path("<uuid:child_id>/aktindsigt/", views.right_of_access, name="right_of_access"),
    path("<uuid:child_id>/aktindsigt/udtraek/", views.export, name="export"),
]
