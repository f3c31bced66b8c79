"""Small checks shared by the services of the child's registers (``registers``, ``safety``)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.children.models import Child


def _today() -> dt.date:
    return timezone.localdate()


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _required(values: dict) -> None:
    errors = {
        field: ValidationError(_("This field is required."), code="required")
        for field, value in values.items()
        if not value
    }
    if errors:
        raise ValidationError(errors)


def _locked_child(child: Child) -> Child:
    """Lock the child's row so two writes to the child's registers queue, not interleave."""
    return Child.objects.select_for_update().select_related("municipality").get(pk=child.pk)


def _actor_or_none(actor):
    return actor if actor is not None and actor.is_authenticated else None
