from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "stemme.meetings"
    label = "meetings"
