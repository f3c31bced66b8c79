"""The ledelsestilsyn checklist: one question per SBST recommendation (the 18 "vejledende
anbefalinger", seed 003), grouped by the four pejlemærker, and the statutory duties the national
audit checks. A case is asked the groups that fit its stage; anything may be "not relevant".

Items are keyed for good ("r1" … "r18", "l1" …): answers are stored by key, so rewording a
question never changes what an old answer meant. A new question gets a new key.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    key: str
    question: str


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    items: tuple[Item, ...]
    # The case stages from which the group is asked (None: always).
    from_stages: frozenset | None = None


_INVESTIGATED = frozenset(
    {
        "afdaekning",
        "bfu",
        "choice_of_measure",
        "plan",
        "start_up_meeting",
        "measure_running",
        "follow_up",
        "supervision",
        "closing",
        "closed",
    }
)
_MEASURE = frozenset(
    {
        "choice_of_measure",
        "plan",
        "start_up_meeting",
        "measure_running",
        "follow_up",
        "supervision",
        "closing",
        "closed",
    }
)
_FOLLOW_UP = frozenset({"measure_running", "follow_up", "supervision", "closing", "closed"})

GROUPS = (
    Group(
        "law",
        _("Statutory duties"),
        (
            Item("l1", _("Was the report assessed within 24 hours?")),
            Item(
                "l2",
                _("Did the caseworker talk with the child before the decision, or record why not?"),
            ),
            Item("l3", _("Was the child welfare investigation finished within 4 months?")),
            Item("l4", _("Is there a current plan for the child?")),
        ),
    ),
    Group(
        "involvement",
        _("Involvement"),
        (
            Item(
                "r1",
                _(
                    "Does the case show how the child wants to be involved, "
                    "and was it asked again over time?"
                ),
            ),
            Item(
                "r2",
                _(
                    "Has the child a trusting relationship with a caseworker they know, "
                    "with a second caseworker where it is needed?"
                ),
            ),
            Item(
                "r3",
                _("Was the communication adapted to the child's age, maturity and any disability?"),
            ),
            Item("r4", _("Did parents and network help bring out the child's perspective?")),
            Item(
                "r5",
                _(
                    "Is the child's perspective visible in the assessments and decisions, "
                    "in the child's own words?"
                ),
            ),
            Item("r6", _("Were the parents involved openly and with recognition?")),
            Item("r7", _("Was the private and professional network mapped and involved early?")),
        ),
    ),
    Group(
        "investigation",
        _("Professional investigation"),
        (
            Item("r8", _("Was the concern investigated immediately when it arose?")),
            Item("r9", _("Is the information relevant and current?")),
            Item("r10", _("Is the investigation focused on the child's problems?")),
            Item("r11", _("Do the assessments rest on a sufficiently informed basis?")),
        ),
        from_stages=_INVESTIGATED,
    ),
    Group(
        "measure",
        _("Choice of measure"),
        (
            Item("r12", _("Does the measure link the child's everyday life, needs and support?")),
            Item("r13", _("Are the goals clear and drawn from the child's wishes and needs?")),
            Item(
                "r14",
                _("Was there a start-up meeting with the child, parents, network and provider?"),
            ),
            Item("r15", _("Do the parents of a placed child get support of their own?")),
        ),
        from_stages=_MEASURE,
    ),
    Group(
        "follow_up",
        _("Follow-up"),
        (
            Item("r16", _("Did the caseworker talk with the child before the follow-up meeting?")),
            Item("r17", _("Is the follow-up individual and systematic, against the goals?")),
            Item(
                "r18", _("Is the case closed, or planned to close, when its purpose is achieved?")
            ),
        ),
        from_stages=_FOLLOW_UP,
    ),
)

ITEMS = {item.key: item for group in GROUPS for item in group.items}


def groups_for(stage: str) -> tuple[Group, ...]:
    """The groups a case in ``stage`` is asked."""
    return tuple(
        group for group in GROUPS if group.from_stages is None or stage in group.from_stages
    )
