"""The documents' panel on the case page: how many, the newest, and the way in (2 queries)."""

from django import template
from django.template.loader import render_to_string

from stemme.documents import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def documents_case_panel(context, case):
    return render_to_string(
        "documents/_case_panel.html",
        {"case": case, "documents": selectors.case_documents(case=case)},
        request=context.get("request"),
    )
