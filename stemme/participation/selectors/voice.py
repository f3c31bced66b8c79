"""Reads about the child's voice: statements, conversations, rights information and the
age-adapted texts that explain the child's rights.

Every function runs a fixed number of queries, whatever the number of records.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemme.audit.models import Event
from stemme.cases.models import Milestone, MilestoneKind
from stemme.children.selectors import age_on
from stemme.deadlines.labels import rule_title
from stemme.deadlines.models import Obligation
from stemme.deadlines.rules import CONVERSATION_RULES, RIGHTS_RULES
from stemme.deadlines.selectors import urgency
from stemme.participation.models import (
    ChildStatement,
    Conversation,
    ConversationMethod,
    RightsInformation,
    RightsTopic,
)

# --- Age-adapted rights texts -------------------------------------------------------------------

UNDER_10 = "under_10"
FROM_10 = "10_14"
FROM_15 = "15_plus"

AGE_BANDS = {
    UNDER_10: gettext_lazy("Under 10"),
    FROM_10: gettext_lazy("10 to 14"),
    FROM_15: gettext_lazy("15 and older"),
}

# Plain words, written to the child ("you"). Each right, for each age band.
RIGHTS_TEXTS = {
    RightsTopic.INVOLVEMENT: {
        UNDER_10: gettext_lazy(
            "You can tell us what you think and how you feel. We want to listen to you before "
            "we decide anything about you. You can talk, draw or show us. You do not have to "
            "say anything if you do not want to."
        ),
        FROM_10: gettext_lazy(
            "You have the right to be heard. Before we decide something about you, we talk "
            "with you and ask what you think. What you say matters, and we write down your own "
            "words. You choose how much you want to say."
        ),
        FROM_15: gettext_lazy(
            "You have the right to be heard in your case. We talk with you before each decision. "
            "We write down your view in your own words. We tell you how we weighed it. You can "
            "also talk with us without your parents."
        ),
    },
    RightsTopic.BISIDDER: {
        UNDER_10: gettext_lazy(
            "You can bring a grown-up you feel safe with when you talk with us. That person is "
            "called a bisidder."
        ),
        FROM_10: gettext_lazy(
            "You can bring a bisidder: a person you trust who comes with you to conversations "
            "and meetings, to support you. You choose who it is. Tell us, and we will invite "
            "them."
        ),
        FROM_15: gettext_lazy(
            "You can bring a bisidder of your own choice to every conversation and meeting "
            "about your case, for support. The bisidder must be at least 15 years old. You can "
            "change your bisidder at any time."
        ),
    },
    RightsTopic.COMPLAINT: {
        UNDER_10: gettext_lazy(
            "Are you unhappy with something we do? Tell us. Or tell a grown-up you trust. We "
            "will help you."
        ),
        FROM_10: gettext_lazy(
            "If you disagree with a decision, you can complain. We will help you write the "
            "complaint, or a grown-up you trust can help you. The letter with the decision "
            "tells you how and by when."
        ),
        FROM_15: gettext_lazy(
            "You can complain about decisions in your case yourself. The decision letter says "
            "where to send the complaint and the deadline. We will help if you ask, and you can "
            "bring a bisidder."
        ),
    },
    RightsTopic.FILE_ACCESS: {
        UNDER_10: gettext_lazy(
            "We write down what happens in your case. You can ask us to show you and explain "
            "what we have written."
        ),
        FROM_10: gettext_lazy(
            "You can ask to see what we have written about you in your case (your file). We "
            "will go through it with you so it makes sense."
        ),
        FROM_15: gettext_lazy(
            "You have the right to see your file: what we have written about you and why. Ask "
            "us, and we will show you and explain anything that is unclear."
        ),
    },
    RightsTopic.PARTY_STATUS: {
        UNDER_10: gettext_lazy(
            "When you turn 10, you become a party in your case. That means you get more say: "
            "you are told about decisions and can see and comment on your case."
        ),
        FROM_10: gettext_lazy(
            "You are 10 or older. So you are a party in your case. You are told about decisions. "
            "You can see your file and say what you think. You can complain."
        ),
        FROM_15: gettext_lazy(
            "You are a party in your case. You are told about decisions. You can see your file "
            "and comment on it. You can complain about decisions."
        ),
    },
}


def age_band(*, child, on: dt.date | None = None) -> str:
    age = age_on(child.birth_date, on or timezone.localdate())
    if age < 10:
        return UNDER_10
    if age < 15:
        return FROM_10
    return FROM_15


@dataclass(frozen=True)
class RightsText:
    topic: str
    title: str
    text: str


def rights_texts(*, child, on: dt.date | None = None) -> tuple[str, list[RightsText]]:
    """The age band and, for each right, its title and the text for the child's age."""
    band = age_band(child=child, on=on)
    return band, [
        RightsText(topic=topic.value, title=str(topic.label), text=str(RIGHTS_TEXTS[topic][band]))
        for topic in RightsTopic
    ]


def rights_letter(*, child, on: dt.date | None = None) -> tuple[str, str, list[str]]:
    """Subject, body and topics of the letter to the child about their rights."""
    _band, texts = rights_texts(child=child, on=on)
    greeting = _("Dear %(name)s,") % {"name": child.first_name}
    intro = _("Here are your rights in your case, explained in plain words.")
    parts = [greeting, "", intro]
    for item in texts:
        parts += ["", item.title, item.text]
    parts += ["", _("You are always welcome to call or write to your caseworker.")]
    return _("Your rights"), "\n".join(parts), [item.topic for item in texts]


# --- What the case and the child page show ------------------------------------------------------


@dataclass
class CaseVoice:
    statements: list = field(default_factory=list)
    conversation_tasks: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    rights_given: list = field(default_factory=list)
    rights_reminders: list = field(default_factory=list)
    pending_explanations: list = field(default_factory=list)


def statements_for_case(*, case, limit: int | None = None) -> list[ChildStatement]:
    rows = ChildStatement.objects.filter(case=case).order_by("-stated_on", "-recorded_at")
    return list(rows[:limit] if limit else rows)


def statements_informing_decision(*, decision) -> list[ChildStatement]:
    """The child's own words the decision was made with: the statements its ``decision.made``
    event lists (one chosen from the case may also inform another step), oldest first."""
    event = (
        Event.objects.filter(case_id=decision.case_id, kind="decision.made", ref=decision.ref)
        .only("data")
        .first()
    )
    refs = (event.data or {}).get("statements", []) if event is not None else []
    ids = [ref.split(":", 1)[1] for ref in refs if ref.startswith("statement:")]
    return list(ChildStatement.objects.filter(pk__in=ids).order_by("stated_on", "recorded_at"))


def case_voice(*, case, now: dt.datetime | None = None) -> CaseVoice:
    """Everything the case page shows about the child's voice (7 queries)."""

    now = now or timezone.now()
    pending = list(
        Obligation.objects.filter(
            case=case, is_pending=True, rule_id__in=(*CONVERSATION_RULES, *RIGHTS_RULES)
        ).order_by("due_at", "rule_id")
    )
    for obligation in pending:
        obligation.title = rule_title(obligation.rule_id)
        obligation.urgency = urgency(obligation, now=now)
    refs = _ref_labels(case)
    statements = statements_for_case(case=case, limit=20)
    for statement in statements:
        statement.informs_label = refs.get(statement.informs_ref, "")
    conversations = _recent_conversations(case=case, limit=5)
    for conversation in conversations:
        conversation.method_labels = _method_labels(conversation.methods)
        conversation.about_label = refs.get(conversation.about_ref, "")
    rights = list(RightsInformation.objects.filter(child_id=case.child_id)[:5])
    for information in rights:
        information.topic_labels = _topic_labels(information.topics)
    return CaseVoice(
        statements=statements,
        conversation_tasks=[o for o in pending if o.rule_id in CONVERSATION_RULES],
        conversations=conversations,
        rights_given=rights,
        rights_reminders=[o for o in pending if o.rule_id in RIGHTS_RULES],
        # From the case's decisions as read once for the page (case_records_prefetch).
        pending_explanations=sorted(
            (
                decision
                for decision in case.decisions.all()
                if decision.explanation_due_on is not None
                and decision.explanation_delivered_on is None
            ),
            key=lambda decision: decision.explanation_due_on,
        ),
    )


def _as_conversation(milestone) -> Conversation:
    """A conversation recorded as a milestone (before Conversation existed, or imported),
    shown like a held conversation; never saved."""
    return Conversation(
        case_id=milestone.case_id,
        held=True,
        happened_on=milestone.happened_on,
        child_alone=milestone.child_alone,
        summary=milestone.note,
        methods=[],
    )


def _recent_conversations(*, case, limit: int) -> list:
    """The latest conversations, recorded as Conversation or as milestone (2 queries)."""

    rows = list(Conversation.objects.filter(case=case).order_by("-happened_on")[:limit])
    rows += [
        _as_conversation(milestone)
        for milestone in sorted(
            # The case's milestones as read once for the page (case_records_prefetch), or now.
            (m for m in case.milestones.all() if m.kind == MilestoneKind.CONVERSATION),
            key=lambda milestone: milestone.happened_on,
            reverse=True,
        )[:limit]
    ]
    rows.sort(key=lambda row: row.happened_on, reverse=True)
    return rows[:limit]


def _ref_labels(case) -> dict:
    """A readable name for the steps a statement or conversation can point at (2 queries)."""
    labels = {}
    for decision in case.decisions.all():
        labels[decision.ref] = _("Decision %(paragraph)s, %(date)s") % {
            "paragraph": decision.get_paragraph_display(),
            "date": decision.decided_on.strftime("%d.%m.%Y"),
        }
    for investigation in case.investigations.all():
        labels[investigation.ref] = _("%(kind)s from %(date)s") % {
            "kind": investigation.get_kind_display(),
            "date": investigation.started_on.strftime("%d.%m.%Y"),
        }
    return labels


def _method_labels(methods) -> list[str]:

    return [str(ConversationMethod(m).label) for m in methods if m in ConversationMethod.values]


def _topic_labels(topics) -> list[str]:
    return [str(RightsTopic(t).label) for t in topics if t in RightsTopic.values]


@dataclass
class ChildVoice:
    statements: list = field(default_factory=list)
    last_conversation: Conversation | None = None
    rights_given: list = field(default_factory=list)


def child_voice(*, child) -> ChildVoice:
    """The compact summary on the child page (4 queries)."""
    rights = list(RightsInformation.objects.filter(child=child)[:3])
    for information in rights:
        information.topic_labels = _topic_labels(information.topics)
    return ChildVoice(
        statements=list(
            ChildStatement.objects.filter(child=child).order_by("-stated_on", "-recorded_at")[:3]
        ),
        last_conversation=_last_conversation(child=child),
        rights_given=rights,
    )


def _last_conversation(*, child):

    held = Conversation.objects.filter(case__child=child, held=True).order_by("-happened_on")
    milestone = (
        Milestone.objects.filter(case__child=child, kind=MilestoneKind.CONVERSATION)
        .order_by("-happened_on")
        .first()
    )
    latest = held.first()
    if milestone is not None and (latest is None or milestone.happened_on > latest.happened_on):
        return _as_conversation(milestone)
    return latest


def rights_history(*, child) -> list[RightsInformation]:
    rows = list(RightsInformation.objects.filter(child=child).select_related("recorded_by"))
    for information in rows:
        information.topic_labels = _topic_labels(information.topics)
    return rows
