"""The demo's fixed values: logins, the municipality, the model choices kept as strings (see the
package docstring), how cases are spread over the stages and the raadgiver's curated cases."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

DEMO_PASSWORD = "stemme-demo"  # noqa: S105 - the published demo password, not a secret
# Every demo user's enrolment code for setting up the authenticator app at the first login
# (published like the password; each works once per user, a year long).
DEMO_ENROLMENT_CODE = "demo-kode-2026"
DEMO_MUNICIPALITY_NAME = "Stemmeby Kommune"
DEMO_MUNICIPALITY_CODE = "999"
DEMO_EMAIL_DOMAIN = "stemmeby.dk"
MIN_CHILDREN = 10

# The logins printed by ``make run``; every demo database has them, whatever its size.
# Min sag (the child portal): user number and what it shows; every account has DEMO_PORTAL_PIN.
DEMO_PORTAL_PIN = "246810"
DEMO_PORTAL_LOGINS: list[tuple[str, str]] = [
    ("DEM-008", "et barn under 10 år (læses sammen med en voksen)"),
    ("DEM-012", "et barn på 10-14 år med møder, plan og mål"),
    ("DEM-016", "en ung på 15 år eller mere"),
]

DEMO_LOGINS: list[tuple[str, str]] = [
    ("raadgiver", "Børne- og ungerådgiver i Team Nord med en almindelig sagsstamme"),
    ("raadgiver2", "Børne- og ungerådgiver i Team Syd (kan ikke se raadgivers børn)"),
    ("leder", "Faglig leder for Team Nord (ser alle teamets børn)"),
    ("admin", "Systemadministrator (ser ingen børnedata)"),
]

TIME_ZONE = ZoneInfo("Europe/Copenhagen")

# Values of stemme.accounts.models.Role, stemme.cases.models.Stage/AssignmentRole,
# stemme.children.models.Gender/Relation (kept as strings, see the module docstring).
CASEWORKER, TEAM_LEADER, ADMINISTRATOR = "caseworker", "team_leader", "administrator"
PRIMARY, SECONDARY = "primary", "secondary"
GIRL, BOY, OTHER = "girl", "boy", "other"

RECEIVED = "received"
INITIAL_CONVERSATIONS = "initial_conversations"
SCREENING = "screening"
AFDAEKNING = "afdaekning"
BFU = "bfu"
CHOICE_OF_MEASURE = "choice_of_measure"
PLAN = "plan"
START_UP_MEETING = "start_up_meeting"
MEASURE_RUNNING = "measure_running"
FOLLOW_UP = "follow_up"
SUPERVISION = "supervision"
CLOSING = "closing"
CLOSED = "closed"

OPEN_STAGES = [
    RECEIVED,
    INITIAL_CONVERSATIONS,
    SCREENING,
    AFDAEKNING,
    BFU,
    CHOICE_OF_MEASURE,
    PLAN,
    START_UP_MEETING,
    MEASURE_RUNNING,
    FOLLOW_UP,
    SUPERVISION,
    CLOSING,
]

# Values of the step records' choices in stemme.cases.models.
UNDERRETNING, HENVENDELSE = "underretning", "henvendelse"
PROFESSIONAL, CITIZEN, ANONYMOUS, OTHER_MUNICIPALITY = (
    "professional",
    "citizen",
    "anonymous",
    "other_municipality",
)
OUTCOME_AFDAEKNING, OUTCOME_BFU, OUTCOME_EARLY, OUTCOME_CLOSE = (
    "afdaekning",
    "bfu",
    "early_preventive",
    "close",
)
BARNETS_PLAN, UNGEPLAN = "barnets_plan", "ungeplan"
CONTINUE, ADJUST, NEW_MEASURE, CLOSE = "continue", "adjust", "new_measure", "close"
CONVERSATION, PARTY_STATUS_INFORMED, UNGEPLAN_DECIDED = (
    "conversation",
    "party_status_informed",
    "ungeplan_decided",
)
PLACEMENTS = {"46", "47", "67"}
# The most documents (files on disk) a demo gets, however many children it has.
DOCUMENT_LIMIT = 1000
MEASURES_NEEDING_REASSESSMENT = {"32", "46", "47", "67"}  # Paragraph.measures()

# Where open cases stand: most children known to a municipality have a measure running;
# only a few reports are days old.
STAGE_WEIGHTS = {
    RECEIVED: 2,
    INITIAL_CONVERSATIONS: 4,
    SCREENING: 5,
    AFDAEKNING: 4,
    BFU: 11,
    CHOICE_OF_MEASURE: 4,
    PLAN: 4,
    START_UP_MEETING: 4,
    MEASURE_RUNNING: 32,
    FOLLOW_UP: 14,
    SUPERVISION: 8,
    CLOSING: 8,
}
# Stages reached only through a measure: the case's history runs on after the measure started.
LONG_STAGES = {MEASURE_RUNNING, FOLLOW_UP, SUPERVISION, CLOSING}
# Stages where a placement outside the home can have been decided.
PLACEMENT_STAGES = {PLAN, START_UP_MEETING, MEASURE_RUNNING, FOLLOW_UP, CLOSING}
# Targets for which an early preventive measure (§ 30/§ 31, no BFU) fits the path.
EARLY_TARGETS = {
    RECEIVED,
    INITIAL_CONVERSATIONS,
    SCREENING,
    AFDAEKNING,
    CHOICE_OF_MEASURE,
    MEASURE_RUNNING,
    FOLLOW_UP,
    CLOSING,
}

# raadgiver's first cases, so the demo login shows every kind of situation at once:
# (stage, has a secondary caseworker, took the case over from a colleague, what is special).
RAADGIVER_CASES: list[tuple[str, bool, bool, dict[str, Any]]] = [
    (MEASURE_RUNNING, True, True, {"new_report": True, "paragraph": "32"}),
    (BFU, True, False, {"bfu": "prelim", "late_in_stage": True}),
    (RECEIVED, False, False, {}),
    (FOLLOW_UP, False, True, {}),
    (SCREENING, False, False, {}),
    (PLAN, True, False, {}),
    (INITIAL_CONVERSATIONS, False, False, {"abuse": True}),
    (SUPERVISION, True, False, {"paragraph": "46"}),
    (AFDAEKNING, False, False, {}),
    (CHOICE_OF_MEASURE, False, False, {}),
    (START_UP_MEETING, False, False, {}),
    (CLOSING, False, False, {}),
    (BFU, False, False, {"bfu": "late", "late_in_stage": True}),
    (MEASURE_RUNNING, False, False, {"paragraph": "32", "plan_decided": True, "plan": "missing"}),
    (MEASURE_RUNNING, False, False, {"placed": True, "paragraph": "47"}),
]

CASES_PER_CASEWORKER = 22
CASEWORKERS_PER_TEAM = 9
TEAM_NAMES = ["Team Nord", "Team Syd", "Team Øst", "Team Vest", "Team Ung", "Team Anbringelse"]
# Each team's department (afdeling) by the team's place in TEAM_NAMES (and so on round): the
# leaders' figures count a department between a team and the municipality.
TEAM_DEPARTMENTS = ["Myndighed, børn og unge"] * 4 + ["Unge og anbringelse"] * 2
JOB_TITLES = {
    CASEWORKER: "Børne- og ungerådgiver",
    TEAM_LEADER: "Faglig leder",
    ADMINISTRATOR: "Systemadministrator",
}

# Ages of children known to child-welfare services lean towards school age and teenagers.
AGE_WEIGHTS = [3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 9, 9, 8, 7]

# --- The child's voice (participation: conversations, statements, rights, explanations) --------
# Values of stemme.participation.models (ConversationMethod, OmissionReason, StatementMode,
# RightsTopic, InformationMethod) and stemme.cases.models.ChildWish, kept as strings.
FOLLOWED, PARTLY, AGAINST, NO_WISH = "followed", "partly", "against", "no_wish"
OMIT_AGE, OMIT_NATURE, OMIT_DECLINED, OMIT_OTHER = (
    "age",
    "nature_of_case",
    "child_declined",
    "other",
)
RIGHTS_TOPICS = ["involvement", "bisidder", "complaint", "file_access"]
# The engine's conversation tasks (stemme/deadlines/rules.py INVOLVEMENT_RULES): (rule, days).
TASK_REPORT = ("samtale-underretning", 7)
TASK_INVESTIGATION = ("samtale-undersoegelse", 14)
TASK_MEASURE = ("samtale-indsats", 14)
TASK_FOLLOW_UP = ("samtale-foer-opfoelgning", 0)
RIGHTS_DAYS = 14
VOICE_KINDS = frozenset(
    {
        "conversation.omitted",
        "explanation.delivered",
        "follow_up.scheduled",
        "rights.informed",
        "rights.occasion",
        "statement.recorded",
    }
)
# conversation.held is also a milestone's event. Meetings and handovers are timed like the voice,
# from their own generator, so adding them left the casework's times as they were.
VOICE_REFS = ("conversation:", "meeting:", "handover:")
RIGHTS_FROM_AGE = 6
# A task whose date passed this long ago has been dealt with one way or another: the worklist
# shows the recent misses, not years of them.
SETTLED_AFTER_DAYS = 45

# Kinds of meetings with the child (stemme.meetings.models.MeetingKind).
START_UP_MEETING_KIND, FOLLOW_UP_MEETING_KIND = "start_up", "follow_up"
NETWORK_MEETING_KIND, PLAN_MEETING_KIND, HANDOVER_MEETING_KIND = "network", "plan", "handover"
