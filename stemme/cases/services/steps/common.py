"""What the step services share: small checks and constants. Part of the case steps (see the
package docstring).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stemme.cases.models import (
    Measure,
    Paragraph,
)


def required_check(values: dict) -> None:
    errors = {field: _("This field is required.") for field, value in values.items() if not value}
    if errors:
        raise ValidationError(errors)


def has_active_measure(child) -> bool:
    return Measure.objects.filter(
        case__child=child,
        ended_on__isnull=True,
        decision__paragraph__in=Paragraph.measures(),
    ).exists()
