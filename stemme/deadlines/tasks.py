"""The deadlines' background task: every deadline of a municipality recomputed after its rules
or holidays changed (``services.obligations_recompute_soon`` enqueues it on commit). Idempotent:
a recompute writes the rows its events and current rules give, however often it runs."""

from django.utils.translation import gettext_lazy as _

from stemme.deadlines import services
from stemme.operations.tasks import retrying_task


@retrying_task(label=_("Recompute the deadlines after a change of the rules"))
def recompute_obligations(municipality_id: int) -> int:
    return services.obligations_recompute_all(municipality=municipality_id)
