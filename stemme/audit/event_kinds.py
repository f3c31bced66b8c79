"""The registry of event kinds: what each kind is called on the timeline.

Every service that records an event names one of these kinds; ``event_record`` refuses unknown
kinds so the timeline can always say what happened. Later apps add their kinds here.
"""

from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "child.created": _("Child registered"),
    "child.updated": _("Child's details changed"),
    "person.linked": _("Person linked to the child"),
    "case.opened": _("Case opened"),
    "case.stage_changed": _("Case moved to a new step"),
    "case.closed": _("Case closed"),
    "assignment.started": _("Caseworker assigned"),
    "assignment.ended": _("Caseworker assignment ended"),
    "underretning.received": _("Report of concern (underretning) received"),
    "conversation.held": _("Conversation with the child"),
    "meeting.held": _("Meeting held"),
    "decision.made": _("Decision made"),
    "plan.created": _("The child's plan made"),
    "follow_up.held": _("Follow-up held"),
}


def label(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))


def describe(kind: str, data: dict) -> str:
    """A short, readable detail line for the timeline, in the active language."""
    from stemme.cases.models import AssignmentRole, Stage
    from stemme.children.models import Relation

    parts = []
    if "stage" in data and data["stage"] in Stage.values:
        parts.append(str(Stage(data["stage"]).label))
    if "caseworker" in data:
        role = data.get("role")
        role_label = AssignmentRole(role).label if role in AssignmentRole.values else ""
        parts.append(f"{data['caseworker']} ({role_label})" if role_label else data["caseworker"])
    if "person" in data:
        relation = data.get("relation")
        relation_label = Relation(relation).label if relation in Relation.values else ""
        parts.append(f"{data['person']} ({relation_label})" if relation_label else data["person"])
    if "paragraph" in data:
        parts.append(str(data["paragraph"]))
    if "team" in data and kind == "case.opened":
        parts.append(str(data["team"]))
    if "summary" in data:
        parts.append(str(data["summary"]))
    return " · ".join(parts)
