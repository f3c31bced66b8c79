"""The worker's heartbeat and the tasks that failed for good (the dead-letter list).

Neither holds personal data: a heartbeat names a process, a dead letter names the task, its
arguments (ids, never names or texts: the rule for every task, docs/operations.md) and the
class of the last error, not its message or traceback, which could quote data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running worker process, touched every few seconds while it runs and
    deleted when it stops cleanly; /health/ready wants at least one fresh row."""

    worker_id = models.CharField(max_length=64, unique=True)
    backend = models.CharField(max_length=20)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class DeadLetterState(models.TextChoices):
    OPEN = "open", _("Waiting for an administrator")
    RETRIED = "retried", _("Tried again")
    REMOVED = "removed", _("Removed")


class DeadLetter(models.Model):
    """A task that failed on every attempt. An administrator tries it again or removes it
    (stemme.operations.services); the row stays, with who did which and when."""

    task_path = models.CharField(max_length=255)
    args_kwargs = models.JSONField()
    attempts = models.PositiveIntegerField()
    exception_class_path = models.CharField(max_length=255)
    failed_at = models.DateTimeField(db_index=True)
    state = models.CharField(
        max_length=10, choices=DeadLetterState.choices, default=DeadLetterState.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]
        indexes = [models.Index(fields=["state", "-failed_at"], name="deadletter_state_idx")]

    def __str__(self):
        return f"{self.task_path} ({self.get_state_display()})"

    @property
    def error_name(self) -> str:
        """The error's class without its module: ``TimeoutError``, ``SMTPServerDisconnected``."""
        return self.exception_class_path.rsplit(".", 1)[-1]
