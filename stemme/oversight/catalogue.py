"""The indicator catalogue: what each leadership figure counts, written once, as code.

Every figure on the leaders' pages and in the committee pack is computed by a selector in
``stemme.oversight.selectors`` from one ``Definition`` here: numerator, denominator, what is left
out, the legal basis, whether higher is better and a **version**. The version is raised whenever
the counting changes, and a committee snapshot keeps the versions it was counted with, so a
figure from last year can be told apart from today's (management information must survive
upgrades; DUBU's did not). The page "Sådan beregnes tallet" shows a definition as it is here,
and the golden tests (tests/test_golden.py) pin every figure on one fixed set of cases.

Where a deadline is checked by Ankestyrelsen's Børnesagsbarometer, ``audit_item`` says in plain
words what the audit asks, so a leader sees which of today's figures predicts it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Definition:
    key: str
    title: str
    numerator: str
    denominator: str
    exclusions: str
    legal_basis: str
    higher_is_better: bool
    version: int
    # "share" (a percentage), "count", "days" (a flow time), "cases" (a caseload).
    unit: str = "share"


# The deadline rules the overview shows first, each with what the national audit checks.
KEY_RULES = (
    "underretning-24t",
    "samtale-underretning",
    "bfu-4-maaneder",
    "plan-3-maaneder",
    "opfoelgning-foerste",
    "tilsyn-2-aarligt",
    "ungeplan-16",
    "ungestoette-18",
    "forklaring-afgoerelse",
    "overdragelse-brev",
)

AUDIT_ITEMS = {
    "underretning-24t": _("Was the report assessed within 24 hours?"),
    "samtale-underretning": _("Did the caseworker talk with the child before the decision?"),
    "samtale-undersoegelse": _("Did the caseworker talk with the child before the decision?"),
    "bfu-4-maaneder": _("Was the child welfare investigation finished within 4 months?"),
    "plan-3-maaneder": _("Is there a plan for the child (handleplan)?"),
    "opfoelgning-foerste": _("Was the measure followed up on time?"),
    "tilsyn-2-aarligt": _("Was the placed child visited twice a year?"),
    "ungeplan-16": _("Was a youth plan decided from age 16?"),
    "ungestoette-18": _("Was support after 18 decided in time?"),
}

DEADLINES_MET_ON_TIME = Definition(
    key="deadlines-met-on-time",
    title=_("Deadlines met on time"),
    numerator=_(
        "Duties of the rule that fell due in the period and were done no later than the deadline."
    ),
    denominator=_(
        "Duties of the rule that fell due in the period, up to now: done on time, done late "
        "or still not done."
    ),
    exclusions=_(
        "Duties waived with a recorded reason, and duties that lapsed because the case closed "
        "or the reason for them fell away. Duties not yet due."
    ),
    legal_basis=_("The rule's own paragraph (barnets lov), shown beside each rule."),
    higher_is_better=True,
    version=1,
)

DEADLINES_OVERDUE = Definition(
    key="deadlines-overdue",
    title=_("Overdue now"),
    numerator=_("Duties not done whose deadline has passed, at the moment of counting."),
    denominator=_("None: a count."),
    exclusions=_("Duties done, waived or lapsed."),
    legal_basis=_("The rule's own paragraph (barnets lov), shown beside each rule."),
    higher_is_better=False,
    version=1,
    unit="count",
)

DEADLINES_DUE_SOON = Definition(
    key="deadlines-due-soon",
    title=_("Due within 7 and 14 days"),
    numerator=_(
        "Duties not done whose deadline falls within the next 7 (or 14) days, counted from "
        "the moment of counting."
    ),
    denominator=_("None: a count."),
    exclusions=_("Duties already overdue (counted as overdue), done, waived or lapsed."),
    legal_basis=_("The rule's own paragraph (barnets lov), shown beside each rule."),
    higher_is_better=False,
    version=1,
    unit="count",
)

CASELOAD = Definition(
    key="caseload",
    title=_("Caseload per caseworker, weighted by stage"),
    numerator=_(
        "Open cases where the caseworker is the current primary caseworker, each weighted "
        "by its stage: investigations weigh more than a running measure."
    ),
    denominator=_("Each caseworker with at least one such case (shown as a distribution)."),
    exclusions=_("Closed cases; cases where the person is only the secondary caseworker."),
    legal_basis=_(
        "The leader's duty to organise the casework (barnets lov § 2; SBST's "
        "recommendations on caseload and continuity)."
    ),
    higher_is_better=False,
    version=1,
    unit="cases",
)

CASEWORKER_CHANGES = Definition(
    key="caseworker-changes-24m",
    title=_("Children with a new caseworker in the last 24 months"),
    numerator=_(
        "Children with an open case whose primary caseworker changed at least once in the "
        "24 months before the end of the period."
    ),
    denominator=_("Children with a case open on the last day of the period."),
    exclusions=_("The first caseworker on a new case is not a change."),
    legal_basis=_("SBST's recommendation 2 (a trusting relationship, continuity)."),
    higher_is_better=False,
    version=1,
)

HANDOVERS_TOLD = Definition(
    key="handovers-told",
    title=_("New caseworkers introduced to the child on time"),
    numerator=_(
        "Changes of caseworker in the period where the child got the introduction to the "
        "new caseworker by its deadline."
    ),
    denominator=_("Changes of caseworker whose introduction fell due in the period."),
    exclusions=_("Waived or lapsed introductions (e.g. the case closed)."),
    legal_basis=_("barnets lov § 5 (the child's right to be heard); SBST recommendation 2."),
    higher_is_better=True,
    version=1,
)

FLOW_TIMES = Definition(
    key="flow-times",
    title=_("Flow times from a report"),
    numerator=_(
        "For each report of concern received in the period: the time to the urgency "
        "assessment (hours), to the first conversation with the child, to the first "
        "decision and to the first measure starting (days), on the same case."
    ),
    denominator=_(
        "Reports of concern received in the period; a step not yet reached is counted as "
        "'not yet' and left out of the median and the 90th percentile."
    ),
    exclusions=_("Applications (henvendelser) and the child's own requests."),
    legal_basis=_("barnets lov § 136 (24 hours), § 20 (the investigation), § 5 (conversation)."),
    higher_is_better=False,
    version=1,
    unit="days",
)

REPEATED_CONCERN = Definition(
    key="repeated-concern",
    title=_("Repeated concern without an investigation"),
    numerator=_(
        "Children with at least the threshold number of reports of concern received in the "
        "last 12 months and no needs mapping (afdækning) or child welfare investigation "
        "started in the same 12 months."
    ),
    denominator=_("None: a count, shown as an alert."),
    exclusions=_("Applications (henvendelser); reports older than 12 months."),
    legal_basis=_("barnets lov §§ 19-20; SBST recommendation 8 (investigate when concern arises)."),
    higher_is_better=False,
    version=1,
    unit="count",
)

INVOLVEMENT = Definition(
    key="involvement",
    title=_("The children's involvement, as recorded in the cases"),
    numerator=_(
        "Per indicator, the meetings, decisions, conversations or children where the child's "
        "involvement is recorded: the agenda sent before a meeting, a summary after it, the "
        "child's own items, the child's view in a decision, the explanation given, rights "
        "explained from age 10, a conversation alone before a follow-up, conversations on time, "
        "caseworker changes and contact in six months."
    ),
    denominator=_(
        "Per indicator, the meetings, decisions, conversation tasks or children of the cases "
        "counted in the period (each indicator's note on the involvement page says which)."
    ),
    exclusions=_("Cancelled meetings; decisions and tasks outside the period."),
    legal_basis=_("barnets lov §§ 5-6 (the child's right to be heard and involved)."),
    higher_is_better=True,
    version=1,
)

REVIEW_FINDINGS = Definition(
    key="review-findings",
    title=_("Case reviews: checklist items met"),
    numerator=_("Checklist answers 'yes' in reviews finished in the period."),
    denominator=_("Checklist answers 'yes', 'partly' or 'no' in those reviews."),
    exclusions=_("Answers 'not relevant'; reviews not finished."),
    legal_basis=_(
        "The leader's supervision of the casework (ledelsestilsyn); SBST's 18 recommendations."
    ),
    higher_is_better=True,
    version=1,
)

HISTORY = Definition(
    key="history",
    title=_("Month by month: overdue duties, open cases and caseworkers"),
    numerator=_(
        "Counted every night for each team and kept: duties not done whose deadline had "
        "passed, duties due within 14 days, open cases, and caseworkers who were the primary "
        "caseworker of an open case. A month shows its last night counted."
    ),
    denominator=_("None: counts. Open cases per caseworker is open cases ÷ those caseworkers."),
    exclusions=_(
        "Duties done, waived or lapsed by then; closed cases. A night's figures are never "
        "counted again, so a case that later moves team stays in its old team's history. A "
        "month counted afterwards (before Stemme counted every night) is marked so, and is "
        "read from the cases as they are now."
    ),
    legal_basis=_(
        "The leader's duty to organise the casework (barnets lov § 2); SBST's recommendations "
        "on following deadlines and caseload over time."
    ),
    higher_is_better=False,
    version=1,
    unit="count",
)

CATALOGUE = (
    DEADLINES_MET_ON_TIME,
    DEADLINES_OVERDUE,
    DEADLINES_DUE_SOON,
    CASELOAD,
    CASEWORKER_CHANGES,
    HANDOVERS_TOLD,
    FLOW_TIMES,
    REPEATED_CONCERN,
    INVOLVEMENT,
    REVIEW_FINDINGS,
    HISTORY,
)
BY_KEY = {definition.key: definition for definition in CATALOGUE}

# The weights of a case's stage in the weighted caseload: an investigation is the heaviest
# work, a running measure the lightest (a municipality's own weights are a later setting).
STAGE_WEIGHTS = {
    "received": 1.0,
    "initial_conversations": 1.0,
    "screening": 1.0,
    "afdaekning": 1.5,
    "bfu": 2.0,
    "choice_of_measure": 1.5,
    "plan": 1.5,
    "start_up_meeting": 1.5,
    "measure_running": 1.0,
    "follow_up": 1.0,
    "supervision": 1.0,
    "closing": 0.5,
}


def versions() -> dict[str, int]:
    """Each definition's version, as a snapshot keeps them."""
    return {definition.key: definition.version for definition in CATALOGUE}
