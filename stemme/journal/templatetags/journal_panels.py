"""The journal's panel on the case page: how many notes, the newest, and the way in (2 queries)."""

from django import template

from stemme.journal import selectors

register = template.Library()


@register.inclusion_tag("journal/_case_panel.html", takes_context=True)
def journal_case_panel(context, case):
    return {
        "request": context.get("request"),
        "case": case,
        "journal": selectors.case_journal(case=case),
    }
