from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stemme.audit"
    label = "audit"
