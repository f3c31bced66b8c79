"""Staff URLs for messages from children (see staff_urls.py)."""

from django.urls import path

from stemme.portal import staff_views_messages as views

urlpatterns: list = [
    path("beskeder/", views.inbox, name="inbox"),
    path("beskeder/team/", views.duty_inbox, name="duty_inbox"),
    path("beskeder/<uuid:message_id>/", views.message_detail, name="message"),
]
