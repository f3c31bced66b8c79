"""Panels the plan feature adds to the staff case page: the plan's goals (M5)."""

from django import template

from stemme.cases.selectors import goals as selectors_goals

register = template.Library()


@register.inclusion_tag("cases/_plan_goals_panel.html", takes_context=True)
def plan_goals_panel(context, case):
    """The goals of the case's current plan, in the child's words, with the child's ratings
    from Min sag (3 queries however many goals and ratings there are)."""
    return {
        "case": case,
        "panel": selectors_goals.goals_panel(case=case),
        "request": context.get("request"),
    }
