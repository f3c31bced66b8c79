from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "stemme.letters"
    label = "letters"
