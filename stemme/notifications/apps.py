from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "stemme.notifications"
    label = "notifications"
