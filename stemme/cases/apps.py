from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "stemme.cases"
    label = "cases"
