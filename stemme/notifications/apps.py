from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "stemme.notifications"
    label = "notifications"

    def ready(self):
        # Registering the sweep needs the task objects, which need the app registry.
        from stemme.notifications import tasks
        from stemme.operations.tasks import due_check_register

        # An emergency access or a handover is told as soon as it is written (the services
        # call operations.tasks.due_check_soon), not at the next five-minute timer.
        due_check_register(tasks.sweep_notifications)
