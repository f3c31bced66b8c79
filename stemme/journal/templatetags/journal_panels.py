"""The journal's panel on the case page: how many notes, the newest, and the way in (2 queries)."""

from django import template
from django.template.loader import render_to_string

from stemme.journal import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def journal_case_panel(context, case):
    return render_to_string(
        "journal/_case_panel.html",
        {"case": case, "journal": selectors.case_journal(case=case)},
        request=context.get("request"),
    )
