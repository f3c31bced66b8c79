from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Stemme: the task worker and its heartbeat, retries and the dead-letter list, and
    the health endpoints (docs/operations.md, "Background tasks" and "Health")."""

    name = "stemme.operations"
    label = "operations"
