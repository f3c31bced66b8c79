"""Reads of the logs (who has looked at a child's case; the timeline)."""

from django.db.models import QuerySet

from stemme.audit.models import AccessLog, Event


def events_for_child(*, child) -> QuerySet[Event]:
    """The child's timeline, newest first (the caller pages it)."""
    return (
        Event.objects.filter(child=child)
        .select_related("actor", "case")
        .order_by("-occurred_at", "-id")
    )


def access_logs_for_child(*, child) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(child=child).select_related("user").order_by("-at", "-id")
