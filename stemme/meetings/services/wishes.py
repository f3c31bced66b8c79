"""The staff side of the child's wishes for a meeting (sent from Min sag, stored here)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.services.unit import fact_record
from stemme.meetings.models import MeetingWish


def wish_handle(*, actor, wish: MeetingWish) -> MeetingWish:
    """The caseworker marks the child's wish as handled. The caller has checked access to the
    meeting's case (``access_case_by_id``); the child sees that the caseworker has seen it."""
    with transaction.atomic():
        locked = (
            MeetingWish.objects.select_for_update()
            .select_related("meeting__case__child__municipality")
            .get(pk=wish.pk)
        )
        if locked.handled_at is not None:
            raise ValidationError(_("This wish is already marked as handled."))
        locked.handled_at = timezone.now()
        locked.handled_by = actor
        locked.save(update_fields=["handled_at", "handled_by"])
        fact_record(
            actor=actor,
            case=locked.meeting.case,
            kind="portal.wish_handled",
            ref=locked.meeting.ref,
            data={"wish": str(locked.pk), "wish_kind": locked.kind},
        )
    return locked
