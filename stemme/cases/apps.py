from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "stemme.cases"
    label = "cases"

    def ready(self):
        # Models and the registries they fill load only once Django's app registry is ready.
        from stemme.audit.event_kinds import value_labels_register
        from stemme.cases.models import AssignmentRole, Stage

        # How the timeline names a case's stage and a caseworker's role (audit imports no app).
        value_labels_register("stage", Stage)
        value_labels_register("role", AssignmentRole)
