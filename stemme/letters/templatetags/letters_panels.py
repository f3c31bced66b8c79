"""The letters' part of the case page: which steps already have their letters (one query), so
the page offers "make the letters" only where they are still to be made."""

from django import template

from stemme.letters import selectors

register = template.Library()


@register.simple_tag
def letters_made_for(case) -> set[str]:
    return selectors.made_letter_refs(case=case)
