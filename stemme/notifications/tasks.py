"""The notifications' background tasks (Django's tasks API through django-tasks). Each is
idempotent: a task run twice, or retried after a failure, never sends a notification twice
(stemme.notifications.services)."""

from django.utils.translation import gettext_lazy as _

from stemme.notifications import services
from stemme.operations.tasks import retrying_task


@retrying_task(label=_("Send a notification"))
def send_notification(notification_id: int) -> str:
    """Send one queued notification; raises when refused, so the worker retries it."""
    row = services.notification_send(notification_id=notification_id)
    return row.status if row is not None else "gone"


@retrying_task(label=_("Find notifications that are due"))
def sweep_notifications() -> int:
    """Queue what is due: unread messages past their escalation time, emergency access to
    review, handovers. Run every few minutes (``manage.py send_notifications``)."""
    return services.notifications_sweep()


@retrying_task(label=_("Send the daily overviews of duties"))
def send_digests() -> int:
    """Queue today's overview of duties, once per person per day (``manage.py send_digests``)."""
    return services.digests_send()
