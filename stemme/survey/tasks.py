"""The youth survey's background task: a content-free SMS to a young person invited to a round
(on its first day) and a reminder (once, when a week is left). Idempotent: each is sent once,
recorded on the invitation (the invitation side, never the answers)."""

from django.utils.translation import gettext_lazy as _

from stemme.operations.tasks import retrying_task
from stemme.survey import services


@retrying_task(label=_("Send a youth-survey SMS"))
def survey_sms_send(invitation_id: str, kind: str) -> str:
    """Send one invitation's SMS ("invite" or "remind"); raises when the gateway refuses, so
    the worker retries it."""
    return services.invitation_sms_send(invitation_id=invitation_id, kind=kind)
