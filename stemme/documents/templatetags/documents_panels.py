"""The documents' panel on the case page: how many, the newest, and the way in (2 queries)."""

from django import template

from stemme.documents import selectors

register = template.Library()


@register.inclusion_tag("documents/_case_panel.html", takes_context=True)
def documents_case_panel(context, case):
    return {
        "request": context.get("request"),
        "case": case,
        "documents": selectors.case_documents(case=case),
    }
