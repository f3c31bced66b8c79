"""The committee pack's PDF, made by the worker (a long export must not hold a web request):
``pack_export_request`` enqueues it after the commit; the page polls its progress."""

from django.utils.translation import gettext_lazy as _

from stemme.operations.tasks import retrying_task
from stemme.oversight import services


@retrying_task(label=_("Make a committee pack's PDF"))
def pack_pdf_render(export_id: str) -> str:
    """Render one export's PDF (idempotent: a finished export is left as it is)."""
    return services.pack_export_render(export_id=export_id)
