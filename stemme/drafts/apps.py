from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "stemme.drafts"
    label = "drafts"
