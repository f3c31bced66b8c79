from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "stemme.privacy"
    label = "privacy"
