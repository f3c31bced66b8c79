from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "stemme.participation"
    label = "participation"
