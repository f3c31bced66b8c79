"""The demo municipality as a plan: plain data, built without touching the database.

``build_demo_plan`` turns (number of children, seed, today) into dataclasses describing every row
the demo needs: one fictional municipality, its teams and staff, children with their families
and networks, cases with the step records of the casework (intake, screening, investigation,
decision, measure, plan, meetings, follow-ups, supervision visits, closure and milestones),
caseworker assignments and the event history. The same arguments always give the same plan,
UUIDs included, so a demo, a screenshot or a failing test can be reproduced. Writing the plan is
``stemme.demo.services.demo_write``'s job; keeping the two apart lets the plan be tested (and
timed) on its own.

The events follow the contract of the case-write unit (stemme/cases/services/unit.py): every step
record has its event with the record's ``ref`` and the data the deadline engine reads, dated when
it happened and done by the caseworker who did it. Most casework is on time; some of it is late
or missing on purpose, so the deadline engine has overdue obligations to show.

The child's voice (M3/M4) follows the same contract as stemme.participation's services: each
decision records the child's wish (and, against it, a plain explanation that is mostly delivered),
the child's own words as a statement, rights occasions at the case start, each decision and each
plan with rights information after them (from age 6), the agreed follow-up dates, and a
conversation (or the reason it was left out) for each report, investigation, measure and
follow-up. Tasks due long ago have been dealt with; a few recent ones are still open or overdue,
so a worklist shows some. It is drawn from a generator of its own, so the casework is the same as
without it.

Meetings with the child follow stemme.meetings' services: the start-up meeting, most follow-ups
of the last year, network meetings during many investigations and handover meetings, each
planned a week or three before, its agenda sent to the child (mostly two days or more before),
participants and agenda items (some the child's own, some carried from the child's topics for
next time), and, once held, "what we decided and why" given to the child, mostly within five
working days. Open cases often have their next meeting planned. Every change of primary
caseworker is a handover with its checklist and, mostly, a letter introducing the new caseworker.
The letters the child got (agendas, summaries by post, introductions) are in the outbox. These
come from a third generator of their own.

This module deliberately imports no models: ``make run`` reads ``DEMO_LOGINS`` before Django is
set up. The string values used for roles, stages, relations and the step records' choices are
checked against the models' choices in the tests.

All people are fictional. CPR numbers are CPR-shaped but fail the old modulus-11 check on
purpose, so they are recognisably synthetic.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple
from zoneinfo import ZoneInfo

from faker import Faker

from stemme.children.cpr import century

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
JOB_TITLES = {
    CASEWORKER: "Børne- og ungerådgiver",
    TEAM_LEADER: "Faglig leder",
    ADMINISTRATOR: "Systemadministrator",
}

# Ages of children known to child-welfare services lean towards school age and teenagers.
AGE_WEIGHTS = [3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 9, 9, 8, 7]

# Faker's da_DK first names are mostly adults' names; children get names popular in Denmark
# since 2008 (Danmarks Statistik's lists) most of the time.
GIRL_NAMES = (  # noqa: SIM905 - a word list reads better than 50 quoted names
    "Emma Ida Clara Freja Alma Sofia Ella Olivia Agnes Karla Nora Laura Josefine Anna Lærke "
    "Mathilde Isabella Maja Sofie Caroline Emily Alberte Esther Asta Luna Frida Liva Aya "
    "Vigga Sigrid Ellie Lea Victoria Cecilie Julie Mille Signe Ellen Filippa Hannah Marie "
    "Liv Silje Astrid Vilma Lily Saga Elisabeth Lucia Nanna"
).split()
BOY_NAMES = (  # noqa: SIM905 - a word list reads better than 50 quoted names
    "William Noah Oscar Lucas Carl Victor Malthe Alfred Oliver Emil Aksel Valdemar Frederik "
    "Magnus Elias August Arthur Anton Theo Felix Johan Mikkel Villads Liam Storm Alexander "
    "Christian Mads Rasmus Mathias Sebastian Jonas Marcus Benjamin Tobias Lukas Hugo Otto "
    "Aske Bertram Milas Konrad Walter Harald Adam Karl Louie Sander Sigurd Ahmad"
).split()

TOWNS = ["9999 Stemmeby", "9998 Stemmelund", "9997 Nørre Stemme", "9996 Stemmerup"]
SCHOOLS = ["Stemmeby Skole", "Nørre Stemme Skole", "Stemmelund Skole", "Vesterskolen"]
DAYCARES = ["Børnehuset Mælkebøtten", "Vuggestuen Solsikken", "Børnehaven Troldehøj"]
CLUBS = [
    "Stemmeby IF, fodbold",
    "Stemmeby Håndboldklub",
    "Stemmelund Svømmeklub",
    "Spejderne i Stemmeby",
    "Stemmerup Ridecenter",
]
OTHER_MUNICIPALITIES = ["Fjordby Kommune", "Østerå Kommune", "Bakkelund Kommune"]

# --- Texts -------------------------------------------------------------------------------------
# Placeholders: {navn} the child's first name, {navns} its genitive, {skole}, {institution},
# {kommune}, {voksen} (the adult the child confided in) and {pct}.


class _Report(NamedTuple):
    low: int  # youngest age it fits
    high: int  # oldest age it fits
    kind: str  # underretning or henvendelse
    reporter_type: str  # blank for a henvendelse
    source: str  # key of REPORTER_ROLES
    abuse: bool
    parent_suspected: bool
    honour_related: bool
    summary: str
    content: str


def _r(
    low, high, reporter_type, source, summary, content, *, abuse=False, parent=False, honour=False
):
    kind = HENVENDELSE if reporter_type == "" else UNDERRETNING
    return _Report(low, high, kind, reporter_type, source, abuse, parent, honour, summary, content)


REPORTS: list[_Report] = [
    _r(
        0,
        0,
        PROFESSIONAL,
        "hospital",
        "Underretning fra fødeafdelingen om bekymring for forældrenes overskud",
        "Mor har under indlæggelsen efter fødslen virket meget træt og indesluttet og har svært "
        "ved at læse {navns} signaler. Personalet har flere gange hjulpet med amning og pleje. "
        "Far har kun været på korte besøg. Vi er bekymrede for, om forældrene har overskud til "
        "at tage sig af {navn} derhjemme.",
    ),
    _r(
        0,
        1,
        PROFESSIONAL,
        "health_visitor",
        "Underretning fra sundhedsplejersken om manglende trivsel",
        "{navn} tager ikke på i vægt som forventet og virker passiv. Ved de to seneste "
        "hjemmebesøg har mor fortalt, at hun sover dårligt og har det svært. Der har været røg "
        "i stuen, og aftaler er flere gange blevet aflyst.",
    ),
    _r(
        1,
        5,
        PROFESSIONAL,
        "daycare",
        "Underretning fra daginstitutionen om sen afhentning og hygiejne",
        "{navn} bliver ofte hentet efter lukketid og kommer flere dage i træk i det samme, "
        "beskidte tøj. {navn} er tit sulten om morgenen. Vi har talt med forældrene tre gange, "
        "uden at det har ændret sig.",
    ),
    _r(
        1,
        5,
        PROFESSIONAL,
        "daycare",
        "Underretning fra vuggestuen om et barn, der virker utrygt og trist",
        "{navn} græder meget ved aflevering, er svær at trøste og trækker sig fra de andre "
        "børn. Mor virker fraværende ved afhentning og har sagt til personalet, at hun ikke kan "
        "overskue hverdagen.",
    ),
    _r(
        3,
        6,
        PROFESSIONAL,
        "daycare",
        "Underretning fra børnehaven om forsinket sprog og mange konflikter",
        "{navn} har et sprog, der ligger langt under alderen, og bliver hurtigt frustreret og "
        "slår de andre børn. Forældrene er ikke mødt op til de to seneste forældresamtaler.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om højt fravær og bekymring for trivsel",
        "{navn} har haft {pct} % fravær de seneste tre måneder. Når {navn} er i skole, virker "
        "{navn} træt og trist og har sjældent madpakke med. Skolen har holdt møde med "
        "forældrene, men fraværet er steget.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om konflikter og udadreagerende adfærd",
        "{navn} er flere gange kommet op at slås i frikvartererne og har væltet borde i "
        "klassen. Det sker især efter weekender. Lærerne oplever, at {navn} har svært ved at "
        "falde til ro, og at der er uro derhjemme.",
    ),
    _r(
        6,
        14,
        PROFESSIONAL,
        "ppr",
        "Underretning fra PPR om mistrivsel og behov for støtte",
        "PPR har observeret {navn} i undervisningen efter henvendelse fra skolen. {navn} "
        "isolerer sig, har ondt i maven mange morgener og siger, at det er svært at sove. PPR "
        "vurderer, at familien har brug for mere støtte, end skolen kan give.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "police",
        "Underretning fra politiet om den unges deltagelse i uro i bymidten",
        "{navn} blev fredag aften standset sammen med en gruppe ældre unge efter hærværk ved "
        "busterminalen. {navn} var påvirket af alkohol. Forældrene blev kontaktet og hentede "
        "{navn} på stationen.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "ssp",
        "Underretning fra SSP om bekymrende adfærd og rusmidler",
        "SSP har flere gange mødt {navn} sent om aftenen i bymidten sammen med unge, der er "
        "kendt for hash og småkriminalitet. {navn} har sagt, at {navn} ikke har lyst til at "
        "være hjemme.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "police",
        "Underretning fra politiet efter uro og skænderier i hjemmet",
        "Politiet blev tilkaldt til adressen om natten efter et voldsomt skænderi mellem de "
        "voksne. {navn} var hjemme og vågen. Der blev ikke rejst sigtelse, men betjentene var "
        "bekymrede for stemningen i hjemmet.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "doctor",
        "Underretning fra egen læge om bekymring for barnets trivsel",
        "{navn} har været hos lægen fire gange på et halvt år med ondt i maven og hovedpine "
        "uden fysisk forklaring. Forælderen har fortalt om store økonomiske problemer og "
        "sygdom i familien.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "psychiatry",
        "Underretning fra børne- og ungdomspsykiatrien om selvskade",
        "{navn} har været kortvarigt indlagt efter selvskade og er udskrevet til hjemmet. "
        "Forældrene har svært ved at støtte {navn}, og der er brug for en plan for hjælp i "
        "hverdagen.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om et barn, der ofte er alene hjemme",
        "{navn} fortæller, at {navn} ofte er alene hjemme om aftenen og selv laver mad til sine "
        "mindre søskende. {navn} falder i søvn i timerne.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "adult_psychiatry",
        "Underretning fra voksenpsykiatrien om en forælders sygdom",
        "En af {navns} forældre er indlagt i voksenpsykiatrien. Den anden forælder står alene "
        "med børnene og har svært ved at få hverdagen til at hænge sammen.",
    ),
    _r(
        0,
        17,
        CITIZEN,
        "neighbour",
        "Underretning fra en nabo om råb og skrig fra lejligheden",
        "Naboen hører ofte voksne råbe højt om aftenen og et barn, der græder. Naboen har set "
        "{navn} sidde alene på trappen sent om aftenen.",
    ),
    _r(
        0,
        17,
        CITIZEN,
        "family",
        "Underretning fra et familiemedlem, der er bekymret for forældrenes misbrug",
        "Anmelderen fortæller, at forældrene drikker meget, og at hun flere gange har hentet "
        "{navn}, fordi forældrene ikke var i stand til at passe på {navn}.",
    ),
    _r(
        6,
        17,
        CITIZEN,
        "parent_in_class",
        "Underretning fra en forælder i klassen om et barn, der ofte er alene",
        "En forælder fra klassen fortæller, at {navn} ofte går hjem med deres barn efter skole "
        "og spiser aftensmad der, fordi der ikke er nogen hjemme.",
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om et barn, der ofte er alene hjemme",
        "Anmelderen oplyser, at {navn} ofte er alene hjemme til sent om aftenen, og at der er "
        "mange voksne på besøg i lejligheden i weekenderne.",
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om råb og skrig fra lejligheden",
        "Anmelderen har flere gange hørt høje råb og ting, der bliver smidt, fra familiens "
        "lejlighed, og et barn, der græder.",
    ),
    _r(
        0,
        17,
        OTHER_MUNICIPALITY,
        "other_municipality",
        "Underretning fra {kommune} i forbindelse med familiens flytning",
        "Familien er flyttet til Stemmeby Kommune. {kommune} har haft en åben sag om {navn} "
        "med familiebehandling og sender oplysningerne videre, så hjælpen kan fortsætte.",
    ),
    _r(
        0,
        17,
        OTHER_MUNICIPALITY,
        "other_municipality",
        "Underretning fra {kommune} om bekymring under samvær",
        "{navn} har været på samvær hos en forælder, der bor i {kommune}. Kommunen har fået en "
        "underretning om bekymrende forhold under samværet og sender den videre til Stemmeby "
        "Kommune, hvor {navn} bor.",
    ),
    # Abuse (overgreb): the child must be talked with, alone when a parent is suspected.
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om, at barnet har fortalt om vold i hjemmet",
        "{navn} har i dag fortalt {voksen}, at far slår, når han bliver vred, og at det sidst "
        "skete i går aftes. {navn} havde et blåt mærke på overarmen og er bange for at komme "
        "hjem.",
        abuse=True,
        parent=True,
    ),
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om, at barnet har fortalt, at mor slår",
        "{navn} har fortalt {voksen}, at mor slår og skubber, når hun er stresset, og at "
        "{navn} ikke må sige det til nogen.",
        abuse=True,
        parent=True,
    ),
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om mistanke om seksuelle overgreb",
        "{navn} har fortalt {voksen} om en voksen i familiens omgangskreds, som har rørt ved "
        "{navn} på en måde, {navn} ikke brød sig om. {navn} virkede bange og bad om, at det "
        "ikke blev fortalt videre.",
        abuse=True,
    ),
    _r(
        0,
        6,
        PROFESSIONAL,
        "hospital",
        "Underretning fra skadestuen om skader, der ikke passer med forklaringen",
        "{navn} er undersøgt på skadestuen for et brud på underarmen. Forældrenes forklaring "
        "passer ikke med skaden, og der er fundet ældre blå mærker. Sygehuset har også "
        "kontaktet politiet.",
        abuse=True,
        parent=True,
    ),
    _r(
        13,
        17,
        PROFESSIONAL,
        "school_nurse",
        "Underretning om, at den unge er blevet truet og slået af en kæreste",
        "{navn} har fortalt skolesundhedsplejersken, at {navns} kæreste på 19 år har slået og "
        "truet {navn} og kontrollerer {navns} telefon.",
        abuse=True,
    ),
    _r(
        0,
        17,
        CITIZEN,
        "family",
        "Underretning om, at et barn bliver slået derhjemme",
        "En voksen i familiens netværk har set {navn} blive slået af en forælder og fortæller, "
        "at {navn} ofte har mærker, som bliver forklaret med uheld.",
        abuse=True,
        parent=True,
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om vold mod et barn",
        "Anmelderen har set en voksen i familien slå {navn} hårdt i nakken på vej hjem fra "
        "indkøb og har før hørt {navn} græde og råbe om hjælp.",
        abuse=True,
    ),
    # Honour-related conflict (negative social control).
    _r(
        13,
        17,
        PROFESSIONAL,
        "school",
        "Underretning om æresrelateret social kontrol",
        "{navn} har fortalt sin lærer, at familien bestemmer, hvem {navn} må være sammen med, "
        "og at {navn} er blevet truet med at blive sendt ud af landet, hvis {navn} har en "
        "kæreste.",
        parent=True,
        honour=True,
    ),
    # Henvendelser: the family or the young person asks for help.
    _r(
        0,
        17,
        "",
        "",
        "Henvendelse fra forældrene, der beder om hjælp",
        "Forældrene har selv kontaktet rådgivningen. De oplever mange konflikter med {navn} og "
        "kan ikke længere få hverdagen til at fungere. De ønsker råd og vejledning og måske "
        "familiebehandling.",
    ),
    _r(
        12,
        17,
        "",
        "",
        "Den unge har selv henvendt sig",
        "{navn} er selv mødt op i rådgivningen og fortæller, at der er mange skænderier "
        "derhjemme, og at {navn} har svært ved at koncentrere sig i skolen. {navn} vil gerne "
        "tale med en voksen.",
    ),
    _r(
        6,
        17,
        "",
        "",
        "Henvendelse fra forældrene om angst og skolevægring",
        "Forældrene fortæller, at {navn} ikke har været i skole i fire uger på grund af angst. "
        "De har prøvet alt, hvad de kan komme i tanke om, og beder om hjælp.",
    ),
    _r(
        0,
        5,
        "",
        "",
        "Henvendelse fra en mor, der beder om aflastning",
        "Mor er alene med {navn} og et mindre søskende og har ingen familie i nærheden. Hun er "
        "udmattet og beder om hjælp til at få nogle pauser.",
    ),
]

REPORTER_ROLES = {
    "hospital": ["jordemoder, Stemmeby Sygehus", "overlæge, Børneafdelingen, Stemmeby Sygehus"],
    "health_visitor": ["sundhedsplejerske, Sundhedsplejen i Stemmeby Kommune"],
    "daycare": ["pædagog, {institution}", "leder, {institution}"],
    "school": ["klasselærer, {skole}", "skoleleder, {skole}", "AKT-lærer, {skole}"],
    "school_or_daycare": ["pædagog, {institution}", "klasselærer, {skole}"],
    "ppr": ["psykolog, PPR Stemmeby"],
    "police": ["politiassistent, Stemmeby Lokalpoliti"],
    "ssp": ["SSP-konsulent, Stemmeby Kommune"],
    "doctor": [
        "praktiserende læge, Lægehuset ved Torvet",
        "praktiserende læge, Stemmelund Lægecenter",
    ],
    "psychiatry": [
        "overlæge, Børne- og ungdomspsykiatrien",
        "sygeplejerske, Børne- og ungdomspsykiatrien",
    ],
    "adult_psychiatry": ["socialrådgiver, Voksenpsykiatrien Stemmeby"],
    "school_nurse": ["skolesundhedsplejerske, {skole}"],
    "neighbour": ["nabo"],
    "family": ["mormor", "farmor", "moster", "faster"],
    "parent_in_class": ["forælder i klassen"],
    "other_municipality": ["rådgiver, Børn og Familie, {kommune}"],
}

URGENCY_CALM = [
    "Underretningen er læst og vurderet samme dag. {navn} er ikke i akut fare; sagen screenes "
    "i teamet.",
    "Ingen akut risiko. Der hentes flere oplysninger, og forældrene inviteres til samtale.",
    "Ingen tegn på, at {navn} er i umiddelbar fare. Sagen går videre i det almindelige "
    "screeningsforløb.",
    "Bekymringen er alvorlig, men ikke akut: {navn} er i trygge rammer i dag. Samtale med "
    "familien inden for en uge.",
]
URGENCY_ACUTE = [
    "Akut: {navn} kan være i fare. Der er taget kontakt til {institution_or_school}, og der "
    "tales med {navn} i dag.",
    "Akut vurdering: politiet er orienteret, og {navn} tales med alene hurtigst muligt. "
    "Lederen er inddraget.",
    "Akut: {navn} skal ikke hjem i aften, før vi har talt med {navn} og forældrene. Vagten er "
    "orienteret.",
]

SCREENING_WEIGHTED = [
    "Underretningen, tidligere henvendelser og samtalen med forældrene. Vi har lagt mest vægt "
    "på {navns} egne udsagn.",
    "Underretningen og samtalen med forældrene. Vi har lagt vægt på, at bekymringen er "
    "beskrevet konkret og over længere tid.",
    "Oplysninger fra den, der underrettede, samtale med {navn} og forældrene og kendskab fra en "
    "tidligere sag. Forældrenes egen beskrivelse er vægtet højt.",
    "Underretningen sammenholdt med sundhedsplejens og institutionens oplysninger. Vi har lagt "
    "vægt på, at flere fagpersoner deler bekymringen.",
    "Samtalen med {navn} alene og med forældrene. Vi har lagt vægt på, at {navn} selv beskriver, "
    "hvordan hverdagen er.",
]
SCREENING_ASSESSMENTS = {
    OUTCOME_BFU: [
        "Der er grund til at antage, at {navn} har behov for særlig støtte. Vi sætter en "
        "børnefaglig undersøgelse i gang.",
        "Bekymringen er alvorlig og har stået på længe. En børnefaglig undersøgelse er "
        "nødvendig for at finde den rette hjælp.",
    ],
    OUTCOME_AFDAEKNING: [
        "Bekymringen er ikke entydig. Vi afdækker {navns} og familiens behov nærmere, før vi "
        "beslutter, om der skal laves en børnefaglig undersøgelse.",
        "Der mangler oplysninger fra skolen og sundhedsplejen. En afdækning skal vise, om der "
        "er behov for mere end rådgivning.",
    ],
    OUTCOME_EARLY: [
        "Familien kan hjælpes med en tidlig forebyggende indsats; der er ikke behov for en "
        "børnefaglig undersøgelse nu.",
        "Forældrene er motiverede og har selv bedt om hjælp. Et kort forløb vurderes at være nok.",
    ],
    OUTCOME_CLOSE: [
        "Bekymringen er afklaret. Familien er vejledt og ved, hvor de kan henvende sig.",
        "Screeningen viser ikke behov for særlig støtte. Skolen og forældrene følger selv op.",
    ],
}

CHILD_DEVELOPMENT = {
    "young": [
        "{navn} er motorisk alderssvarende, men sproget er forsinket. {navn} søger voksne, men "
        "har svært ved at falde til ro og lade sig trøste.",
        "{navn} er nysgerrig og legende, men bliver hurtigt utryg ved skift og nye voksne.",
        "{navn} sover uroligt og har mange vredesudbrud. I institutionen trives {navn} bedst "
        "med faste rutiner.",
    ],
    "school": [
        "{navn} er fagligt bagud, især i dansk, og har et stort fravær. {navn} har få venner "
        "og trækker sig, når der er konflikter.",
        "{navn} klarer sig fagligt godt, men har ondt i maven mange morgener og sover dårligt. "
        "{navn} bekymrer sig meget om sine forældre.",
        "{navn} har svært ved at koncentrere sig og kommer ofte i konflikt med andre børn. "
        "{navn} har en god relation til sin klasselærer.",
    ],
    "teen": [
        "{navn} har et højt fravær og er begyndt at ryge hash. {navn} har venner, men mange af "
        "dem er ældre, og {navn} er ofte ude sent.",
        "{navn} er reflekteret og ved godt, hvad der skal til, men mangler energi og har "
        "trukket sig fra fritidsaktiviteter.",
        "{navn} har perioder med selvskade og trækker sig fra familien. {navn} går stadig i "
        "skole og har en fortrolig veninde eller ven.",
    ],
}
PARENTS_CAPACITY = [
    "Forældrene er kærlige og engagerede, men har svært ved at skabe struktur og sætte grænser. "
    "Mor har en depression, som hun er i behandling for.",
    "Far er alene med {navn} og arbejder på skiftende tider. Han vil gerne gøre det godt, men "
    "har ikke overskud til at følge op på skole og lektier.",
    "Forældrenes samarbejde efter skilsmissen er fyldt med konflikter, og {navn} står ofte i "
    "midten. Begge forældre kan se, at det påvirker {navn}.",
    "Mor har et alkoholforbrug, der i perioder gør hende ude af stand til at tage vare på "
    "{navn}. Hun erkender problemet og er motiveret for behandling.",
    "Forældrene har begrænsede ressourcer og har svært ved at aflæse {navns} behov. De tager "
    "imod vejledning, men har svært ved at bruge den i hverdagen.",
]
FAMILY_AND_NETWORK = [
    "Mormor bor i nærheden og er en vigtig voksen for {navn}. Familien har ellers et lille "
    "netværk.",
    "Familien har et stort netværk, men har trukket sig fra en del af det efter konflikter. "
    "Farmor henter {navn} to gange om ugen.",
    "Familien flyttede til kommunen for et år siden og har næsten intet netværk. {navns} "
    "træner er en voksen, {navn} stoler på.",
    "{navn} har to ældre søskende, der er flyttet hjemmefra, og som {navn} ser jævnligt. "
    "Naboerne hjælper med at hente og bringe.",
]
RESOURCES_AND_CHALLENGES = [
    "Ressourcer: forældrenes vilje til at samarbejde og {navns} gode relation til skolen. "
    "Udfordringer: manglende struktur, økonomi og forældrenes egne problemer.",
    "{navn} er vellidt og har god kontakt til sin lærer. Udfordringen er den ustabile "
    "hverdag og konflikterne mellem de voksne.",
    "Familien tager imod hjælp. Udfordringen er, at mors sygdom svinger, og at {navn} tager "
    "for meget ansvar derhjemme.",
]
PARENTS_VIEW = [
    "Forældrene er enige i, at der er brug for hjælp, og ønsker især støtte til at få "
    "morgenerne til at fungere.",
    "Mor er bekymret for, at {navn} skal anbringes, men vil gerne samarbejde om hjælp i hjemmet.",
    "Far mener, at problemerne mest ligger i skolen, men er åben for familiebehandling.",
    "Forældrene er ikke enige i bekymringen, men har deltaget i alle møder.",
]
INVESTIGATION_CONCLUSION = {
    "support": [
        "{navn} har behov for særlig støtte. Vi anbefaler {tiltag} med fokus på struktur i "
        "hverdagen og forældrenes samspil med {navn}.",
        "Undersøgelsen viser, at {navn} og familien har brug for støtte i hjemmet. Vi anbefaler "
        "{tiltag}.",
    ],
    "placement": [
        "{navns} udvikling er alvorligt truet, og støtten i hjemmet har ikke været nok. Vi "
        "anbefaler, at {navn} bor uden for hjemmet i en periode.",
        "Forældrene kan ikke i dag give {navn} den omsorg, {navn} har brug for. Vi anbefaler en "
        "anbringelse med tæt samvær med forældrene.",
    ],
    "early": [
        "Der er ikke behov for en børnefaglig undersøgelse. Familien tilbydes et tidligt "
        "forebyggende forløb.",
    ],
    "close": [
        "Afdækningen viser, at {navn} trives, og at familien selv har fundet en løsning.",
        "Afdækningen viser, at familien klarer sig med råd og vejledning.",
    ],
    "bfu": [
        "Afdækningen viser, at bekymringen er større end først antaget. Der sættes en "
        "børnefaglig undersøgelse i gang.",
    ],
}
PRELIMINARY_ASSESSMENTS = [
    "Undersøgelsen kan ikke afsluttes inden for fire måneder, fordi vi venter på en "
    "psykologisk udredning af {navn}. Foreløbig vurdering: {navn} har behov for støtte, og "
    "samtalerne med familien fortsætter.",
    "Vi mangler oplysninger fra børne- og ungdomspsykiatrien. Foreløbig vurdering: {navn} er i "
    "trygge rammer, og undersøgelsen forventes afsluttet inden for to måneder.",
    "Familien har været syg i en længere periode, så samtalerne er blevet udskudt. Foreløbig "
    "vurdering: der er fortsat behov for støtte til {navn}.",
]
PARALLEL_SUPPORT = [
    "{navn} blev anbragt akut under undersøgelsen. Anbringelsen bør fortsætte, da forholdene i "
    "hjemmet ikke har ændret sig.",
]

# Child's view, in the child's own words, by age group.
CHILD_VIEWS = {
    "young": [
        "Jeg kan godt lide at være hjemme, men ikke når mor og far råber.",
        "Jeg vil gerne have, at mor er glad igen.",
        "Det er sjovt i børnehaven. Jeg vil gerne lege mere med de andre børn.",
        "Jeg vil ikke sove hos far, når han er sur.",
        "Jeg er bange om natten. Jeg vil gerne have lys på.",
    ],
    "school": [
        "Jeg vil gerne blive boende hos mor, men jeg vil have hjælp til lektierne.",
        "Jeg vil gerne have en voksen, jeg kan snakke med, som ikke er fra skolen.",
        "Det er okay at få hjælp, men jeg vil ikke skifte skole.",
        "Jeg vil bare have, at der er ro derhjemme om aftenen.",
        "Jeg savner far, når jeg ikke ser ham. Jeg vil gerne se ham mere.",
        "Jeg gider ikke, at der kommer nogen hjem til os hver dag, men én gang om ugen er fint.",
    ],
    "teen": [
        "Jeg gider ikke flere møder, men jeg vil gerne have en kontaktperson, hvis det er én, "
        "jeg selv kan vælge.",
        "Jeg ved godt, at det ikke går så godt i skolen. Jeg vil gerne have hjælp, men mine "
        "forældre skal ikke vide alt.",
        "Jeg vil gerne gå til fodbold igen og have styr på søvnen.",
        "Det er mine forældre, der skal have hjælp, ikke mig. Men okay, jeg vil gerne prøve.",
        "Jeg vil gerne have, at nogen hjælper mig med at komme op om morgenen.",
    ],
}
CHILD_VIEWS_PLACEMENT = {
    "young": [
        "Jeg vil gerne bo hos mormor.",
        "Jeg vil have min bamse med, og jeg vil se mor.",
    ],
    "school": [
        "Jeg vil gerne bo hos en familie, hvor der er ro, men jeg vil stadig se mor.",
        "Jeg er ked af at flytte, men jeg er også lidt lettet.",
        "Jeg vil gerne blive på min skole, selvom jeg flytter.",
    ],
    "teen": [
        "Jeg vil hellere bo et sted med andre unge end i en plejefamilie.",
        "Det er bedst for mig at bo et andet sted et stykke tid, men jeg vil selv bestemme, "
        "hvornår jeg ser min far.",
        "Det har været for meget derhjemme længe. Jeg vil gerne væk, men ikke langt fra mine "
        "venner.",
    ],
}
CHILD_VIEW_EXCEPTIONS = [
    "{navn} er {alder}; observeret i hjemmet og i {institution}.",
    "{navn} er {alder}; observeret sammen med forældrene under hjemmebesøg og i {institution}, "
    "hvor {navn} søger trøst hos de kendte voksne.",
    "{navn} er {alder} og kan ikke udtrykke sin mening i ord. Observeret i hjemmet og ved "
    "sundhedsplejerskens besøg.",
]

# Measures: (description, provider).
SUPPORT_MEASURES = [
    ("Familiebehandling", "Familiehuset Stemmeby"),
    ("Fast kontaktperson", "Stemmeby Kommunes kontaktpersonkorps"),
    ("Praktisk pædagogisk støtte i hjemmet", "Familieteamet, Stemmeby Kommune"),
    ("Aflastning i aflastningsfamilie hver anden weekend", "Kommunal familiepleje"),
    ("Fast kontaktperson for hele familien", "Familieteamet, Stemmeby Kommune"),
]
PLACEMENT_MEASURES = {
    "young": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse i netværksplejefamilie hos mormor", "Netværksplejefamilie"),
    ],
    "school": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse i netværksplejefamilie", "Netværksplejefamilie"),
        ("Anbringelse på opholdssted", "Opholdsstedet Lindegården"),
    ],
    "teen": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse på opholdssted", "Opholdsstedet Lindegården"),
        ("Anbringelse på døgninstitution for unge", "Ungehuset Stemmely"),
    ],
}
EARLY_MEASURES = {
    "30": [
        ("Forældrekursus i små grupper", "Familiehuset Stemmeby"),
        ("Åben rådgivning, fem samtaler", "Familiehuset Stemmeby"),
    ],
    "31": [
        ("Familierådgivning, kort forløb", "Familiehuset Stemmeby"),
        ("Gruppeforløb for børn i skilsmissefamilier", "Familiehuset Stemmeby"),
        ("Netværksgruppe for børn af forældre med misbrug", "Familiehuset Stemmeby"),
    ],
}
LEGAL_BASIS = {
    "30": "barnets lov § 30",
    "31": "barnets lov § 31",
    "32": "barnets lov § 32, stk. 1",
    "46": "barnets lov § 46",
    "47": "barnets lov § 47",
    "114": "barnets lov § 114",
}
PURPOSES = {
    "Familiebehandling": "At forældrene får redskaber til at skabe ro og faste rammer, så {navn} "
    "får en mere forudsigelig hverdag.",
    "Fast kontaktperson": "At {navn} har en fast voksen at tale med, kommer i skole hver dag og "
    "får en fritidsaktivitet.",
    "Praktisk pædagogisk støtte i hjemmet": "At familien får faste rutiner for morgen, måltider "
    "og sengetid, så {navn} er udhvilet.",
    "Aflastning i aflastningsfamilie hver anden weekend": "At {navn} får gode oplevelser med "
    "voksne, der har overskud, og at forældrene får pauser.",
    "Fast kontaktperson for hele familien": "At familien får én fast voksen, der hjælper med at "
    "samle trådene mellem skole, hjem og fritid.",
    "placement": "At {navn} får en stabil og tryg hverdag med voksne, der kan dække {navns} "
    "behov, og bevarer en god kontakt til sine forældre.",
    "early": "At forældrene får konkrete råd til at håndtere konflikterne, før de vokser sig "
    "store.",
    "114": "At {navn} får støtte i overgangen til voksenlivet og kan blive boende, hvor {navn} "
    "bor nu, efter 18 år.",
}
DURATIONS = {
    "32": ["6 måneder", "9 måneder", "12 måneder", "Et år med opfølgning efter tre måneder"],
    "46": [
        "Forventet 2 år; hjemgivelse vurderes ved hver opfølgning",
        "1-2 år",
        "Forventet indtil {navn} fylder 18 år",
    ],
    "47": ["Forventet mindst 2 år", "Indtil forholdene i hjemmet er ændret, forventet 2 år"],
    "30": ["3 måneder", "Et forløb på 10 gange"],
    "31": ["3 måneder", "6 måneder"],
    "114": ["Fra 18 år til og med 22 år", "Fra 18 år, foreløbig i 2 år"],
}
REASONINGS = {
    "32": [
        "Den børnefaglige undersøgelse viser, at {navn} har behov for særlig støtte. Vi har lagt "
        "vægt på {navns} ønske om at bo hjemme og forældrenes motivation. {tiltag} er den mindst "
        "indgribende indsats, der kan hjælpe.",
        "Vi har lagt vægt på undersøgelsens konklusion og på, at forældrene selv ønsker hjælp. "
        "{tiltag} vurderes at kunne ændre hverdagen for {navn} inden for et år.",
    ],
    "46": [
        "Støtten i hjemmet har ikke været nok. Forældrene har givet samtykke til anbringelsen. Vi "
        "har lagt vægt på {navns} behov for ro og stabile voksne, og på at plejefamilien kan "
        "støtte samværet med forældrene.",
        "Undersøgelsen viser, at {navn} ikke kan få den nødvendige omsorg derhjemme. Forældrene "
        "er enige i, at {navn} skal bo et andet sted i en periode.",
    ],
    "47": [
        "Børne- og ungeudvalget har besluttet anbringelse uden samtykke, fordi der er åbenbar "
        "risiko for, at {navns} sundhed og udvikling lider alvorlig skade, og forældrene ikke vil "
        "medvirke til en frivillig løsning.",
    ],
    "early": [
        "Screeningen viser, at familien har brug for hjælp, men ikke for en børnefaglig "
        "undersøgelse. Et tidligt forebyggende forløb vurderes at være nok.",
        "Forældrene har selv bedt om hjælp, og bekymringen er afgrænset. Et kort forløb er den "
        "rette hjælp nu.",
    ],
    "114": [
        "{navn} ønsker at blive boende, hvor {navn} bor nu, og har brug for støtte til "
        "uddannelse og økonomi efter 18 år. Vi har lagt vægt på {navns} eget ønske.",
    ],
}
PROVISIONAL_REASONS = [
    "Akut anbringelse, fordi {navn} ikke kunne blive i hjemmet efter episoden, der blev "
    "underrettet om. Forældrene har givet samtykke; undersøgelsen gøres færdig sideløbende.",
    "Mor er indlagt, og der er ingen andre voksne, der kan passe {navn}. Anbringelsen sker, "
    "før undersøgelsen er færdig, for at sikre {navn} her og nu.",
]

PLAN_GOALS = [
    "Komme i skole hver dag",
    "Have en voksen at tale med",
    "Mere ro og faste rammer derhjemme",
    "Have en fritidsaktivitet og venner",
    "Sove bedre og have energi om morgenen",
    "Færre konflikter mellem {navn} og forældrene",
]
PLACEMENT_GOALS = [
    "Trives i plejefamilien og se mor og far hver anden weekend",
    "Falde til på den nye skole",
    "Have god kontakt til sine søskende",
]
UNGEPLAN_GOALS = [
    "Gøre 9. klasse færdig og komme i gang med en uddannelse",
    "Lære at klare sin egen økonomi",
    "Finde en bolig efter 18 år",
    "Have et netværk af voksne ud over familien",
]
STARTUP_TEXTS = [
    "Vi er bekymrede for {navns} fravær og de mange konflikter derhjemme. Forandringen, vi vil "
    "se: {navn} kommer i skole hver dag, og morgenerne er roligere.",
    "Bekymringen er, at forældrene ikke har overskud til {navn}. Vi vil se faste rutiner, og at "
    "{navn} siger, at det er rart at være hjemme.",
    "{navn}, forældrene og udføreren er enige om målet: færre konflikter og en voksen, {navn} kan "
    "gå til. Første opfølgning er aftalt.",
    "Opstartsmøde med {navn}, forældrene og plejefamilien om samvær, skole og hvordan {navn} "
    "bedst falder til.",
]
FOLLOW_UP_TEXTS = {
    CONTINUE: [
        "Indsatsen virker efter hensigten. {navn} fortæller, at det går bedre derhjemme, og "
        "skolen melder om mindre fravær. Indsatsen fortsætter uændret.",
        "Der er god fremgang. Forældrene bruger de nye rutiner, og {navn} er gladere. Vi "
        "fortsætter som planlagt.",
        "{navn} trives og fortæller selv, at det er blevet bedre. Målene er delvist nået; "
        "indsatsen fortsætter.",
    ],
    ADJUST: [
        "Der er fremgang, men morgenerne er stadig svære. Indsatsen justeres med flere timer i "
        "hjemmet de næste tre måneder.",
        "Fraværet er faldet, men {navn} har stadig få venner. Kontaktpersonen skal nu også "
        "hjælpe med en fritidsaktivitet.",
    ],
    NEW_MEASURE: [
        "Indsatsen har ikke givet den ønskede forandring. Der er brug for en anden indsats, og "
        "der træffes ny afgørelse.",
    ],
    CLOSE: [
        "Målene i barnets plan er nået. {navn} og forældrene er enige i, at indsatsen kan stoppe.",
        "Familien klarer sig nu selv. {navn} fortæller, at hverdagen fungerer, og sagen "
        "forberedes til afslutning.",
    ],
}
FREQUENCY_WISHES = [
    "{navn} vil gerne have, at vi mødes hver tredje måned, gerne på skolen.",
    "Ikke for tit; det er nok at ses inden opfølgningen.",
    "{navn} vil gerne tale med rådgiveren alene uden forældrene.",
    "{navn} vil gerne have en sms, før vi kommer.",
]
SUPERVISION_NOTES = {
    "young": [
        "Observation af {navn} i plejefamilien. {navn} er tryg ved plejeforældrene og udvikler "
        "sig alderssvarende.",
        "{navn} leger roligt og søger trøst hos plejemor. Samværet med mor fungerer.",
    ],
    "older": [
        "Tilsynsbesøg. {navn} viste sit værelse og fortalte om skolen. {navn} trives og har fået "
        "en ny ven i klassen.",
        "Samtale med {navn} alene. {navn} savner mor, men er glad for at bo, hvor {navn} bor. "
        "Samværet fungerer.",
        "{navn} er mere urolig efter samvær. Vi følger op med plejeforældrene og forældrene.",
        "{navn} fortæller, at det går godt i skolen, men at det er svært at falde i søvn. "
        "Plejefamilien har fået råd om aftenrutiner.",
    ],
}
# Why the case can be closed, and what the family does if the worry returns, by how it closed.
CLOSURE_TEXTS = {
    "screening": [
        (
            "Screeningen viste ikke behov for særlig støtte.",
            "Familien ved, at de kan kontakte rådgivningen igen. Skolen underretter, hvis "
            "bekymringen kommer igen.",
        ),
    ],
    "afdaekning": [
        (
            "Afdækningen viste, at familien klarer sig med råd og vejledning.",
            "Forældrene kontakter sundhedsplejen eller rådgivningen, hvis hverdagen igen bliver "
            "svær.",
        ),
    ],
    "measure": [
        (
            "Indsatsen har virket; familien klarer sig nu uden støtte.",
            "Familien kan kontakte Familiehuset direkte. {navn} har fået rådgivningens "
            "telefonnummer og ved, at {navn} altid kan ringe.",
        ),
    ],
    "plan": [
        (
            "Målene i barnets plan er nået.",
            "Skolen holder øje og underretter igen ved ny bekymring. Forældrene ved, hvor de kan "
            "få hjælp.",
        ),
        (
            "Indsatsen har virket, og målene i planen er nået; familien klarer sig nu uden støtte.",
            "Familien kan kontakte Familiehuset direkte. {navn} har fået rådgivningens "
            "telefonnummer og ved, at {navn} altid kan ringe.",
        ),
    ],
}
TALKS_YOUNG = [
    "Observation af {navn} i hjemmet sammen med forældrene",
    "Observation af {navn} i {institution}",
]
TALKS_TOGETHER = [
    "Første samtale med {navn} og forældrene",
    "Hjemmebesøg og samtale med {navn} og forældrene",
    "Samtale med {navn} gennem tegninger og leg, med mor til stede",
]
TALKS_TOGETHER_OLDER = [
    "Første samtale med {navn} og forældrene",
    "Samtale med {navn} med en bisidder til stede",
    "Hjemmebesøg og samtale med {navn} og forældrene",
]
TALKS_ALONE = [
    "Børnesamtale med {navn} alene på {skole}",
    "Samtale med {navn} alene i hjemmet, mens forældrene var ude",
]
TALKS_ALONE_TEEN = ["Samtale med {navn} alene på rådhuset", "Walk-and-talk med {navn}"]
ABUSE_TALKS = {
    True: "Samtale med {navn} alene uden forældrenes viden, fordi en forælder er mistænkt. "
    "{navn} fortalte det samme som til {voksen}.",
    False: "Samtale med {navn} alene om det, {navn} har fortalt. Forældrene er orienteret "
    "bagefter.",
}
BFU_TALKS = {
    "young": "Observation af {navn} i {institution} som led i undersøgelsen",
    "alone": "Børnesamtale med {navn} alene som led i den børnefaglige undersøgelse",
    "together": "Samtale med {navn} og en forælder som led i den børnefaglige undersøgelse",
}
PARTY_STATUS_NOTES = [
    "{navn} er informeret om at være part i sin sag og om retten til at se sine papirer og have "
    "en bisidder.",
    "Talt med {navn} om, hvad det betyder at være part i sagen. {navn} fik en pjece.",
]
UNGEPLAN_NOTES = {
    True: "Besluttet at lave en ungeplan med fokus på uddannelse, bolig og økonomi.",
    False: "Besluttet ikke at lave en ungeplan nu; spørgsmålet tages op ved næste opfølgning.",
}

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

VOICE_TALKS = {
    "samtale-underretning": [
        "Talt med {navn} om underretningen, og hvad {navn} selv tænker om det, der står i den.",
        "Samtale med {navn} om hverdagen derhjemme og i {skole}. {navn} fortalte, hvad der er "
        "svært lige nu.",
    ],
    "samtale-undersoegelse": [
        "Samtale med {navn} som led i undersøgelsen: hvad går godt, og hvad skal være anderledes.",
        "Brugt en skala fra 1 til 10 med {navn}: skolen 6, hjemme 4, venner 8.",
    ],
    "samtale-indsats": [
        "Talt med {navn} om, hvad der skal ske nu, og hvem {navn} kan ringe til.",
        "Samtale med {navn} om indsatsen: {navn} ved, hvorfor den er sat i gang, og hvad målet er.",
    ],
    "samtale-foer-opfoelgning": [
        "Samtale med {navn} alene før opfølgningen: hvordan går det med målene, set fra {navn}.",
        "Walk-and-talk med {navn} alene. {navn} fortalte, hvad der er blevet bedre, og hvad ikke.",
        "Samtale med {navn} alene på {skole} før opfølgningsmødet.",
    ],
}
VOICE_SETTINGS = ["På rådhuset", "Hjemme hos {navn}", "På {skole}", "Walk-and-talk i byen"]
VOICE_METHODS = [["talk"], ["talk"], ["talk", "scale"], ["talk", "drawing"], ["walk"], ["cards"]]
YOUNG_METHODS = [["observation"], ["play", "observation"], ["drawing", "talk"]]
OMISSION_TEXTS = {
    OMIT_AGE: "{navn} er for lille til en samtale; i stedet observeret i hjemmet og i "
    "{institution}.",
    OMIT_DECLINED: "{navn} ønskede ikke at tale med rådgiveren denne gang. Tilbuddet står ved "
    "magt, og {navn} ved, hvordan rådgiveren kan kontaktes.",
    OMIT_NATURE: "Sagens karakter: en samtale nu ville belaste {navn} unødigt. Vurderingen "
    "bygger på oplysninger fra {skole}.",
}
WISH_WEIGHTS = {  # (followed, partly, against, no_wish)
    "placement": (35, 25, 30, 10),
    "114": (80, 15, 5, 0),
    "other": (58, 22, 10, 10),
}
WEIGHINGS = [
    "{navns} ønske om at blive på sin skole har vejet tungt i valget af indsats.",
    "{navn} ønsker ro derhjemme; det er indsatsens første mål.",
    "{navns} mening er tillagt vægt, men hensynet til {navns} sikkerhed går forud.",
    "{navn} har selv foreslået, hvem der skal være kontaktperson, og det er fulgt.",
]
YOUNG_WEIGHING = (
    "{navn} er for lille til at sige sin mening; det, vi har set af {navns} trivsel, har vejet "
    "tungt."
)
OBTAINED_OTHERWISE = [
    "Observation af {navn} i {institution} og samtale med de voksne, der kender {navn} bedst.",
    "Observation i hjemmet og oplysninger fra sundhedsplejersken.",
]
EXPLANATIONS = [
    "Vi har besluttet noget andet, end du ønskede. Det er fordi, vi skal være sikre på, at du "
    "har det godt hver dag. Du kan altid ringe til mig og spørge.",
    "Du ville gerne blive boende derhjemme. Lige nu er det ikke trygt nok, og derfor skal du bo "
    "et andet sted et stykke tid. Du skal stadig se din mor og far.",
    "Du sagde, at du ikke ville have en kontaktperson. Vi synes, du skal prøve i tre måneder, "
    "og så taler vi om det igen. Du må gerne være med til at vælge.",
]
EXPLANATION_HOW = [
    "Samtale med {navn} alene",
    "Hjemmebesøg, hvor rådgiveren forklarer det med tegninger",
    "Samtale på {skole} og et brev bagefter",
    "Telefonsamtale og et brev skrevet til {navn}",
]
STATEMENT_TRUSTED_ADULTS = ["Klasselærer på {skole}", "Pædagog i {institution}", "Mormor"]

# Meetings with the child (M5), in words for the child.
MEETING_PURPOSES = {
    "start_up": [
        "Vi starter din hjælp op og aftaler, hvem der gør hvad.",
        "Vi mødes, så alle ved, hvad din hjælp skal gøre godt for.",
    ],
    "follow_up": [
        "Vi taler om, hvordan det går med din hjælp, og om noget skal ændres.",
        "Vi ser på dine mål og hører, hvad du synes om din hjælp.",
        "Vi snakker om, hvordan det går i skolen og derhjemme.",
    ],
    "network": [
        "Vi taler om, hvem der kan hjælpe dig og din familie.",
        "De voksne omkring dig mødes for at finde ud af, hvordan de bedst kan hjælpe.",
    ],
    "plan": ["Vi laver din plan sammen og skriver dine mål ned med dine egne ord."],
    "handover": ["Du møder din nye rådgiver, {ny}, og I lærer hinanden at kende."],
}
MEETING_PLACES = [
    "Rådhuset, mødelokale 2",
    "Hjemme hos {navn}",
    "{skole}",
    "Familiehuset",
    "Ungdomsklubben",
    "Rådhuset, det lille mødelokale",
]
CASEWORKER_ITEMS = {
    "start_up": ["Hvad din hjælp skal gøre godt for", "Hvem gør hvad", "Hvornår vi ses igen"],
    "follow_up": ["Hvordan det går i skolen", "Hvordan det går derhjemme", "Dine mål"],
    "network": ["Hvem er der omkring dig", "Hvem kan hjælpe med hvad", "Aftaler"],
    "plan": ["Dine mål", "Hvem hjælper dig med hvad", "Hvornår vi ser på planen igen"],
    "handover": ["Hvem er din nye rådgiver", "Det, du gerne vil have, at hun eller han ved"],
}
CHILD_TOPICS = [
    "Hvornår jeg kan se min far",
    "At jeg gerne vil blive i min klasse",
    "Fodbold om tirsdagen",
    "At der er larm om aftenen",
    "Min kontaktperson",
    "Hvor tit vi skal holde møder",
    "Mine venner",
    "Lommepenge",
    "Hvad der skal ske i sommerferien",
    "At jeg gerne vil have min egen telefon",
    "Om jeg må sove hos min ven",
]
CHILD_WANTS = [
    "At det går bedre i skolen nu.",
    "At jeg gerne vil se min far noget mere.",
    "At jeg ikke vil skifte skole.",
    "At jeg godt kan lide min kontaktperson.",
]
MEETING_SUMMARIES = {
    "start_up": [
        "Vi aftalte, hvem der hjælper dig med hvad. Vi ses igen om tre måneder og ser på, "
        "hvordan det går.",
    ],
    "follow_up": [
        "Vi aftalte, at din hjælp fortsætter, fordi du fortalte, at det går bedre i skolen.",
        "Vi aftalte at ændre din hjælp lidt, fordi du sagde, at aftenerne stadig er svære.",
        "Vi aftalte, at du fortsat ser din kontaktperson hver uge, fordi det hjælper dig.",
    ],
    "network": [
        "Vi aftalte, at din lærer og din kontaktperson taler sammen hver måned, så de ved, "
        "hvordan du har det.",
        "Vi aftalte, at din mormor henter dig om onsdagen, fordi du gerne ville det.",
    ],
    "plan": ["Vi skrev dine mål ned med dine ord. Vi ser på dem igen om tre måneder."],
    "handover": ["Du mødte {ny}, som er din nye rådgiver. {ny} ringer til dig i næste uge."],
}
MEETING_PROFESSIONALS = [
    ("Klasselærer på {skole}", "Fortæller om, hvordan det går i skolen."),
    ("Pædagog i {institution}", "Fortæller om din hverdag."),
    ("Din kontaktperson", "Hjælper dig med at sige det, du gerne vil."),
    ("Sundhedsplejersken", "Fortæller om, hvordan du har det."),
]
CHILD_PARTICIPANT_ROLE = "Dig. Mødet handler om dig, og det, du siger, er vigtigt."
CASEWORKER_PARTICIPANT_ROLE = (
    "Din rådgiver. Leder mødet, sørger for, at du bliver hørt, og skriver ned, hvad vi aftaler."
)
DANISH_MONTHS = (  # noqa: SIM905 - a word list reads better than 12 quoted names
    "januar februar marts april maj juni juli august september oktober november december"
).split()
HANDOVER_NOT_TOLD = [
    "Skiftet kom med kort varsel, fordi rådgiveren blev syg.",
    "Barnet er for lille til at forstå det; forældrene fik det at vide.",
]
HANDOVER_NO_MEETING = [
    "Barnet ønskede ikke et møde; den nye rådgiver ringer i stedet.",
    "Barnet kender allerede den nye rådgiver fra sagen.",
]


# --- The plan ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MunicipalityPlan:
    name: str
    code: str
    caseworkers_see_team_children: bool


@dataclass(frozen=True, slots=True)
class TeamPlan:
    key: int
    name: str


@dataclass(frozen=True, slots=True)
class StaffPlan:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team_keys: tuple[int, ...]
    job_title: str
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class ChildPlan:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    cpr: str
    gender: str


@dataclass(frozen=True, slots=True)
class PersonPlan:
    key: int
    first_name: str
    last_name: str
    phone: str
    email: str
    address: str


@dataclass(frozen=True, slots=True)
class RelationPlan:
    child_id: uuid.UUID
    person_key: int
    relation: str
    has_custody: bool
    note: str


@dataclass(frozen=True, slots=True)
class CasePlan:
    id: uuid.UUID
    child_id: uuid.UUID
    team_key: int
    stage: str
    opened_on: dt.date
    awareness_date: dt.date
    closed_on: dt.date | None
    version: int


@dataclass(frozen=True, slots=True)
class AssignmentPlan:
    case_id: uuid.UUID
    caseworker: str  # username
    role: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class EventPlan:
    occurred_at: dt.datetime
    kind: str
    actor: str | None  # username; None when the system acted
    child_id: uuid.UUID | None
    case_id: uuid.UUID | None
    ref: str
    data: dict[str, Any]


# Step records. Field names are the models' (``case_id``, ``decision_id`` … for foreign keys;
# ``recorded_by`` is a username). ``recorded_at`` is filled in with the time of the record's
# first event once the child's events get their times of day.


class _Step:
    __slots__ = ()
    PREFIX: ClassVar[str] = ""

    @property
    def ref(self) -> str:
        return f"{self.PREFIX}:{self.id}"  # type: ignore[attr-defined]


@dataclass(slots=True)
class IntakeRecord(_Step):
    PREFIX: ClassVar[str] = "intake"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    reporter_type: str
    reporter_name: str
    received_at: dt.datetime
    content: str
    abuse: bool
    parent_suspected: bool
    honour_related: bool
    child_has_measure: bool
    urgency_assessed_at: dt.datetime | None
    urgency_is_acute: bool | None
    urgency_assessment: str
    receipt_sent_on: dt.date | None
    reassessed_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ScreeningRecord(_Step):
    PREFIX: ClassVar[str] = "screening"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    screened_on: dt.date
    information_weighted: str
    assessment: str
    outcome: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class InvestigationRecord(_Step):
    PREFIX: ClassVar[str] = "investigation"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    started_on: dt.date
    completed_on: dt.date | None
    preliminary_assessment_on: dt.date | None
    preliminary_assessment: str
    child_development: str
    parents_capacity: str
    family_and_network: str
    resources_and_challenges: str
    child_view: str
    parents_view: str
    conclusion: str
    parallel_support: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class DecisionRecord(_Step):
    PREFIX: ClassVar[str] = "decision"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    paragraph: str
    legal_basis: str
    decided_on: dt.date
    purpose: str
    expected_duration: str
    reasoning: str
    plan_decided: bool | None
    neglect_or_abuse: bool
    provisional_reason: str
    child_view: str
    child_view_exception: str
    child_view_exception_reason: str = ""
    child_view_obtained_otherwise: str = ""
    child_view_weighing: str = ""
    child_wish: str = ""
    explanation_for_child: str = ""
    explanation_how: str = ""
    explanation_due_on: dt.date | None = None
    explanation_delivered_on: dt.date | None = None
    explanation_delivered_how: str = ""
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MeasureRecord(_Step):
    PREFIX: ClassVar[str] = "measure"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    decision_id: uuid.UUID
    description: str
    provider: str
    started_on: dt.date
    parallel_investigation_ends_on: dt.date | None
    ended_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class PlanRecord(_Step):
    PREFIX: ClassVar[str] = "plan"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    made_on: dt.date
    summary: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class StartUpMeetingRecord(_Step):
    PREFIX: ClassVar[str] = "startup"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held_on: dt.date
    concern_and_change: str
    first_follow_up_on: dt.date
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class FollowUpRecord(_Step):
    PREFIX: ClassVar[str] = "followup"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held_on: dt.date
    talked_with_child_alone: bool
    goals_reviewed: bool
    all_measures_reviewed: bool
    child_wishes_for_frequency: str
    assessment: str
    outcome: str
    next_follow_up_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class SupervisionVisitRecord(_Step):
    PREFIX: ClassVar[str] = "supervision"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    visited_on: dt.date
    talked_with_child: bool
    staff_present: bool
    notes: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ClosureRecord(_Step):
    PREFIX: ClassVar[str] = "closure"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    closed_on: dt.date
    purpose_achieved: str
    if_worry_returns: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MilestoneRecord(_Step):
    PREFIX: ClassVar[str] = "milestone"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    happened_on: dt.date
    child_alone: bool
    intake_id: uuid.UUID | None
    sibling_id: uuid.UUID | None
    note: str
    recorded_at: dt.datetime | None = None
    sibling_person_id: int | None = None  # a sibling registered in the household (§ 21)


# DemoPlan attribute → record class, in the order the writer must insert them (foreign keys).
STEP_RECORDS: dict[str, type] = {
    "intakes": IntakeRecord,
    "screenings": ScreeningRecord,
    "investigations": InvestigationRecord,
    "decisions": DecisionRecord,
    "measures": MeasureRecord,
    "plans": PlanRecord,
    "startup_meetings": StartUpMeetingRecord,
    "follow_ups": FollowUpRecord,
    "supervision_visits": SupervisionVisitRecord,
    "closures": ClosureRecord,
    "milestones": MilestoneRecord,
}


# The child's voice: rows of stemme.participation.models, same field names.


@dataclass(slots=True)
class ConversationRecord(_Step):
    PREFIX: ClassVar[str] = "conversation"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held: bool
    happened_on: dt.date
    about_ref: str
    setting: str
    present: str
    child_alone: bool
    parents_present: bool
    without_parental_consent: bool
    methods: list[str]
    summary: str
    omission_reason: str
    omission_text: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ChildStatementRecord(_Step):
    PREFIX: ClassVar[str] = "statement"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    words: str
    mode: str
    trusted_adult: str
    stated_on: dt.date
    informs_ref: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class RightsInformationRecord(_Step):
    PREFIX: ClassVar[str] = "rights"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    topics: list[str]
    method: str
    given_on: dt.date
    to_child: bool
    to_others: str
    note: str
    recorded_at: dt.datetime | None = None


# DemoPlan attribute → record class, inserted after the step records.
VOICE_RECORDS: dict[str, type] = {
    "conversations": ConversationRecord,
    "statements": ChildStatementRecord,
    "rights_information": RightsInformationRecord,
}


# Meetings with the child, the letters the child got and the handovers between caseworkers: rows of
# stemme.meetings, stemme.letters and stemme.continuity, same field names (``created_by`` is a
# username; ``recorded_at`` becomes ``created_at``: the time of the record's first event).
START_UP_MEETING_KIND, FOLLOW_UP_MEETING_KIND = "start_up", "follow_up"
NETWORK_MEETING_KIND, PLAN_MEETING_KIND, HANDOVER_MEETING_KIND = "network", "plan", "handover"


@dataclass(slots=True)
class LetterRecord(_Step):
    PREFIX: ClassVar[str] = "letter"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    recipient_name: str
    subject: str
    body: str
    channel: str
    related_ref: str
    created_by: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MeetingRecord(_Step):
    PREFIX: ClassVar[str] = "meeting"
    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    status: str
    purpose_for_child: str
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    child_chose_place_time: bool
    child_attends: bool
    child_wants_to_say: str
    held_on: dt.date | None
    summary_for_child: str
    summary_delivered_on: dt.date | None
    summary_delivered_how: str
    child_understood: str
    created_by: str
    agenda_letter: LetterRecord | None = None  # its time is when the agenda was sent
    recorded_at: dt.datetime | None = None

    @property
    def agenda_sent_at(self) -> dt.datetime | None:
        return self.agenda_letter.recorded_at if self.agenda_letter is not None else None

    @property
    def recorded_by(self) -> str:
        return self.created_by


@dataclass(slots=True)
class ParticipantRecord:
    meeting_id: uuid.UUID
    kind: str
    name: str
    role_for_child: str
    position: int


@dataclass(slots=True)
class AgendaItemRecord:
    meeting_id: uuid.UUID
    text: str
    from_child: bool
    carried_from_id: uuid.UUID | None
    position: int


@dataclass(slots=True)
class NextTimeTopicRecord:
    meeting_id: uuid.UUID
    text: str
    used_in_id: uuid.UUID | None


@dataclass(slots=True)
class HandoverRecord(_Step):
    PREFIX: ClassVar[str] = "handover"
    id: uuid.UUID
    case_id: uuid.UUID
    from_caseworker: str
    to_caseworker: str
    changes_on: dt.date
    child_told_on: dt.date | None
    child_not_told_reason: str
    letter_sent_on: dt.date | None
    no_letter_reason: str
    meeting_on: dt.date | None
    no_meeting_reason: str
    parents_notified_on: dt.date | None
    parents_not_notified_reason: str
    providers_notified_on: dt.date | None
    providers_not_notified_reason: str
    created_by: str
    recorded_at: dt.datetime | None = None

    @property
    def recorded_by(self) -> str:
        return self.created_by


# DemoPlan attribute → record class, written after the child's voice.
MEETING_RECORDS: dict[str, type] = {
    "meetings": MeetingRecord,
    "participants": ParticipantRecord,
    "agenda_items": AgendaItemRecord,
    "next_time_topics": NextTimeTopicRecord,
    "handovers": HandoverRecord,
    "letters": LetterRecord,
}


@dataclass(frozen=True)
class DemoPlan:
    today: dt.date
    seed: int
    municipality: MunicipalityPlan
    teams: list[TeamPlan]
    staff: list[StaffPlan]
    children: list[ChildPlan]
    persons: list[PersonPlan]
    relations: list[RelationPlan]
    cases: list[CasePlan]
    assignments: list[AssignmentPlan]
    events: list[EventPlan] = field(repr=False)
    intakes: list[IntakeRecord] = field(default_factory=list, repr=False)
    screenings: list[ScreeningRecord] = field(default_factory=list, repr=False)
    investigations: list[InvestigationRecord] = field(default_factory=list, repr=False)
    decisions: list[DecisionRecord] = field(default_factory=list, repr=False)
    measures: list[MeasureRecord] = field(default_factory=list, repr=False)
    plans: list[PlanRecord] = field(default_factory=list, repr=False)
    startup_meetings: list[StartUpMeetingRecord] = field(default_factory=list, repr=False)
    follow_ups: list[FollowUpRecord] = field(default_factory=list, repr=False)
    supervision_visits: list[SupervisionVisitRecord] = field(default_factory=list, repr=False)
    closures: list[ClosureRecord] = field(default_factory=list, repr=False)
    milestones: list[MilestoneRecord] = field(default_factory=list, repr=False)
    conversations: list[ConversationRecord] = field(default_factory=list, repr=False)
    statements: list[ChildStatementRecord] = field(default_factory=list, repr=False)
    rights_information: list[RightsInformationRecord] = field(default_factory=list, repr=False)
    meetings: list[MeetingRecord] = field(default_factory=list, repr=False)
    participants: list[ParticipantRecord] = field(default_factory=list, repr=False)
    agenda_items: list[AgendaItemRecord] = field(default_factory=list, repr=False)
    next_time_topics: list[NextTimeTopicRecord] = field(default_factory=list, repr=False)
    handovers: list[HandoverRecord] = field(default_factory=list, repr=False)
    letters: list[LetterRecord] = field(default_factory=list, repr=False)

    def steps(self) -> dict[str, list]:
        """The step records by DemoPlan attribute, in insertion order."""
        return {name: getattr(self, name) for name in STEP_RECORDS}

    def voice(self) -> dict[str, list]:
        """The child's-voice records (participation) by DemoPlan attribute."""
        return {name: getattr(self, name) for name in VOICE_RECORDS}

    def counts(self) -> dict[str, int]:
        return {
            "municipalities": 1,
            "teams": len(self.teams),
            "staff": len(self.staff),
            "children": len(self.children),
            "persons": len(self.persons),
            "relations": len(self.relations),
            "cases": len(self.cases),
            "assignments": len(self.assignments),
            **{name: len(records) for name, records in self.steps().items()},
            **{name: len(records) for name, records in self.voice().items()},
            **{name: len(getattr(self, name)) for name in MEETING_RECORDS},
            "events": len(self.events),
        }


def build_demo_plan(*, children: int, seed: int, today: dt.date) -> DemoPlan:
    """The whole demo municipality for ``children`` children, reproducible from ``seed``."""
    if children < MIN_CHILDREN:
        raise ValueError(f"The demo needs at least {MIN_CHILDREN} children, not {children}.")
    return _Builder(seed=seed, today=today).build(children=children)


# --- Building it -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pools:
    """Names drawn from Faker once; Faker is far too slow to call for every person."""

    female: list[str]
    male: list[str]
    last: list[str]
    streets: list[str]


def _draw_pools(seed: int) -> _Pools:
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    last: list[str] = []
    for _ in range(500):
        name = fake.last_name()
        # Danish double surnames ("Holm Jensen") give the small Faker list more variety.
        if fake.random.random() < 0.15:
            other = fake.last_name()
            if other != name:
                name = f"{name} {other}"
        last.append(name)
    return _Pools(
        female=[fake.first_name_female() for _ in range(300)],
        male=[fake.first_name_male() for _ in range(300)],
        last=last,
        streets=[fake.street_name() for _ in range(400)],
    )


def _ascii(text: str) -> str:
    """An e-mail-safe form of a Danish name (æ→ae, ø→oe, å→aa, accents dropped)."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "." for ch in text).strip(".")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


def _add_years(day: dt.date, years: int) -> dt.date:
    """A birthday ``years`` later; 29 February becomes 28 February (as the deadline engine)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (as the deadline engine)."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_working_days(day: dt.date, count: int) -> dt.date:
    """``count`` weekdays after ``day`` (public holidays are not skipped)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years old on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _age_group(age: int) -> str:
    return "young" if age < 7 else "school" if age < 13 else "teen"


def _possessive(name: str) -> str:
    return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TIME_ZONE)


def cpr_mod11_sum(cpr: str) -> int:
    """The old modulus-11 check sum; a number "passes" when it is divisible by 11."""
    return sum(int(d) * w for d, w in zip(cpr, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True))


# An event before it gets its time of day:
# (day, minute of the day or None, kind, actor, case id, ref, data, step record to stamp).
_RawEvent = tuple[
    dt.date, int | None, str, str | None, uuid.UUID | None, str, dict[str, Any], _Step | None
]
# A person linked to the child: (person, relation, has custody).
_Link = tuple[PersonPlan, str, bool]


def _linked(link: _Link) -> dict[str, Any]:
    person, relation, custody = link
    return {
        "person": f"{person.first_name} {person.last_name}",
        "relation": relation,
        "has_custody": custody,
    }


@dataclass(slots=True)
class _CaseHistory:
    """Who was the primary caseworker when, and when a placement started."""

    case_id: uuid.UUID
    primaries: list[tuple[dt.date, str]]  # (from, username), in order
    placed_on: dt.date | None = None
    first_received_at: dt.datetime | None = None

    def primary_on(self, day: dt.date) -> str:
        starts = [start for start, _ in self.primaries]
        return self.primaries[max(0, bisect.bisect_right(starts, day) - 1)][1]


@dataclass(slots=True)
class _Family:
    parents: list[_Link]  # linked when the child is registered
    foster: list[_Link]  # linked when the placement starts
    network: list[_Link]  # linked during the case


@dataclass(slots=True)
class _Schedule:
    """When a case's early steps happen, in days after the day it was opened.

    Drawn before the case is placed in time: ``opened`` is then chosen so that the case stands
    in its target stage today (the next stage's first day is after yesterday), or, for a closed
    case, so that it closes on the given day.
    """

    target: str
    lag: int  # awareness date = opened - lag
    kind: str  # underretning or henvendelse
    abuse: bool
    urgency_days: int  # after receipt; 0 same day, 1 next day, more is late
    conversation: int | None  # the first conversation with the child
    screening_entry: int | None  # the case moved to the screening stage (optional)
    screened: int
    outcome: str
    afdaekning: tuple[int, int] | None  # (started, completed)
    bfu: tuple[int, int | None, int] | None  # (started, preliminary assessment, completed)
    bfu_conversation: int | None
    paragraph: str | None  # "30", "31", "32", "46", "47"; None when the case closes early
    provisional: bool
    plan_decided: bool | None
    decided: int | None
    plan_before: int | None  # § 47: the plan made for the decision
    measure_start: int | None
    plan: int | None  # barnets plan after a § 32/§ 46 decision
    startup: int | None
    closure: int | None  # a case closed after the screening or afdækning
    path: list[tuple[str, int]]  # (stage, day the case entered it), one per stage change
    opened: dt.date | None = None  # the unadjusted day; weekends are moved when the day is used
    closed: dt.date | None = None  # the unadjusted closing day of a closed case


@dataclass(slots=True)
class _MeasureSpan:
    decision: DecisionRecord
    record: MeasureRecord
    placement: bool

    @property
    def start(self) -> dt.date:
        return self.record.started_on

    @property
    def end(self) -> dt.date | None:
        return self.record.ended_on


@dataclass(slots=True)
class _Case:
    """One case while it is being built."""

    id: uuid.UUID
    child: ChildPlan
    raw: list[_RawEvent]
    history: _CaseHistory
    team: int
    leader: str
    teammates: list[str]
    limit: dt.date  # the unadjusted last day (yesterday, or the closing day)
    last_day: dt.date  # the last working day anything can happen on
    texts: dict[str, str]
    received_on: dt.date | None = None
    last_step: dt.date = dt.date.min
    measures: list[_MeasureSpan] = field(default_factory=list)
    entries: list[tuple[str, dt.date]] = field(default_factory=list)  # stage changes
    first_intake: IntakeRecord | None = None
    secondary: str | None = None
    plans: int = 0
    # The child's voice: the conversation tasks the case gives (rule, days, trigger ref, day),
    # the conversations already held (day, alone, linked ref), the rights occasions (ref, day)
    # and the agreed follow-up dates (ref, day agreed, due).
    tasks: list[tuple[str, int, str, dt.date]] = field(default_factory=list)
    talks: list[tuple[dt.date, bool, str | None]] = field(default_factory=list)
    occasions: list[tuple[str, dt.date]] = field(default_factory=list)
    follow_ups: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    # Meetings with the child: the start-up meeting and the follow-ups (kind, day).
    meeting_days: list[tuple[str, dt.date]] = field(default_factory=list)

    def fill(self, template: str, **extra: str) -> str:
        return template.format_map({**self.texts, **extra} if extra else self.texts)


class _Builder:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.seed = seed
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        # A seeded generator is the point here: the plan must be reproducible, nothing is secret.
        self.rng = random.Random(seed)  # noqa: S311
        self.pools = _draw_pools(seed)
        self.teams: list[TeamPlan] = []
        self.staff: list[StaffPlan] = []
        self.children: list[ChildPlan] = []
        self.persons: list[PersonPlan] = []
        self.relations: list[RelationPlan] = []
        self.cases: list[CasePlan] = []
        self.assignments: list[AssignmentPlan] = []
        self.events: list[EventPlan] = []
        self.steps: dict[str, list] = {name: [] for name in {**STEP_RECORDS, **VOICE_RECORDS}}
        self.meeting_rows: dict[str, list] = {name: [] for name in MEETING_RECORDS}
        # The child's voice is drawn from its own generator, so adding it left the rest of the
        # demo (drawn from ``rng``) exactly as it was.
        self.vrng = random.Random(seed * 1_000_003 + 17)  # noqa: S311
        # Meetings, letters and handovers: a third generator, for the same reason.
        self.mrng = random.Random(seed * 1_000_033 + 29)  # noqa: S311
        self.cprs: set[str] = set()
        self.emails: dict[str, int] = {}
        self.team_caseworkers: list[list[str]] = []
        self.team_leader: dict[int, str] = {}
        self.team_of: dict[str, int] = {}
        self.names: dict[str, str] = {}

    # -- small helpers

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def voice_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.vrng.getrandbits(128), version=4)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    @staticmethod
    def workday(day: dt.date, limit: dt.date) -> dt.date:
        """Casework happens on weekdays: a weekend day moves to Monday, or back to Friday when
        Monday is after ``limit``. Monotone, so dates keep their order."""
        weekday = day.weekday()
        if weekday < 5:
            return day
        monday = day + dt.timedelta(days=7 - weekday)
        return monday if monday <= limit else day - dt.timedelta(days=weekday - 4)

    def phone(self) -> str:
        digits = f"{self.rng.randint(20, 99)}{self.rng.randrange(1_000_000):06d}"
        return f"{digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"

    def address(self) -> str:
        street = self.rng.choice(self.pools.streets)
        number = self.rng.randint(1, 120)
        floor = ""
        if self.chance(0.35):
            floor = f", {self.rng.randint(1, 4)}. {self.rng.choice(['tv', 'th'])}"
        return f"{street} {number}{floor}, {self.rng.choice(TOWNS)}"

    def email(self, *, first_name: str, last_name: str, domain: str) -> str:
        # Unique addresses, numbered like real ones (anna.jensen2@...) when a name repeats.
        base = f"{_ascii(first_name)}.{_ascii(last_name.split()[-1])}@{domain}"
        count = self.emails[base] = self.emails.get(base, 0) + 1
        if count == 1:
            return base
        local, _, host = base.partition("@")
        return f"{local}{count}@{host}"

    def first_name(self, gender: str) -> str:
        return self.rng.choice(self.pools.female if gender == GIRL else self.pools.male)

    def last_name(self) -> str:
        return self.rng.choice(self.pools.last)

    # -- the whole plan

    def build(self, *, children: int) -> DemoPlan:
        self.build_staff(children=children)
        for index, caseworker in enumerate(self.allocate_caseloads(children=children)):
            curated = None
            if caseworker == "raadgiver" and index < len(RAADGIVER_CASES):
                curated = RAADGIVER_CASES[index]
            self.build_child(primary=caseworker, curated=curated)
        # Chronological, so event ids follow the history; the sort is stable for equal times.
        self.events.sort(key=lambda event: event.occurred_at)
        return DemoPlan(
            today=self.today,
            seed=self.seed,
            municipality=MunicipalityPlan(
                name=DEMO_MUNICIPALITY_NAME,
                code=DEMO_MUNICIPALITY_CODE,
                caseworkers_see_team_children=False,
            ),
            teams=self.teams,
            staff=self.staff,
            children=self.children,
            persons=self.persons,
            relations=self.relations,
            cases=self.cases,
            assignments=self.assignments,
            events=self.events,
            **self.steps,
            **self.meeting_rows,
        )

    # -- staff

    def add_staff(self, *, username: str, role: str, team_keys: tuple[int, ...]) -> None:
        gender = GIRL if self.chance(0.75) else BOY  # most child-welfare caseworkers are women
        first, last = self.first_name(gender), self.last_name()
        self.staff.append(
            StaffPlan(
                username=username,
                first_name=first,
                last_name=last,
                email=self.email(first_name=first, last_name=last, domain=DEMO_EMAIL_DOMAIN),
                role=role,
                team_keys=team_keys,
                job_title=JOB_TITLES[role],
                phone=self.phone(),
            )
        )
        self.names[username] = f"{first} {last}"

    def build_staff(self, *, children: int) -> None:
        caseworkers = max(4, round(children / CASES_PER_CASEWORKER))
        team_count = max(2, round(caseworkers / CASEWORKERS_PER_TEAM))
        base, extra = divmod(caseworkers, team_count)
        self.add_staff(username="admin", role=ADMINISTRATOR, team_keys=())
        number = itertools.count(1)
        for key in range(team_count):
            name = TEAM_NAMES[key] if key < len(TEAM_NAMES) else f"Team {key + 1}"
            self.teams.append(TeamPlan(key=key, name=name))
            leader = "leder" if key == 0 else f"tl{key + 1:03d}"
            self.add_staff(username=leader, role=TEAM_LEADER, team_keys=(key,))
            self.team_leader[key] = leader
            members = []
            for position in range(base + (1 if key < extra else 0)):
                username = f"cw{next(number):04d}"
                if position == 0 and key < 2:
                    username = "raadgiver" if key == 0 else "raadgiver2"
                self.add_staff(username=username, role=CASEWORKER, team_keys=(key,))
                self.team_of[username] = key
                members.append(username)
            self.team_caseworkers.append(members)

    def allocate_caseloads(self, *, children: int) -> list[str]:
        """The primary caseworker of each child's open case, in the order children are built.

        Loads start balanced and are then jittered within 70–115 % of the average (15–25 cases
        at the default ratio). raadgiver's children come first so they get the curated cases.
        """
        caseworkers = [name for members in self.team_caseworkers for name in members]
        count = len(caseworkers)
        base, extra = divmod(children, count)
        loads = [base + (1 if i < extra else 0) for i in range(count)]
        average = children / count
        low, high = max(1, round(average * 0.7)), max(1, round(average * 1.15))
        for _ in range(count * 2):
            a, b = self.rng.randrange(count), self.rng.randrange(count)
            delta = self.rng.randint(1, 3)
            if a != b and loads[a] - delta >= low and loads[b] + delta <= high:
                loads[a] -= delta
                loads[b] += delta
        first = caseworkers.index("raadgiver")
        rest = [name for i, name in enumerate(caseworkers) if i != first for _ in range(loads[i])]
        self.rng.shuffle(rest)
        return ["raadgiver"] * loads[first] + rest

    # -- children

    def birth_date(self, *, min_age_days: int) -> dt.date | None:
        """A birth date under 18 years before today and at least ``min_age_days`` before it."""
        latest_possible = self.today - dt.timedelta(days=min_age_days)
        weights, ranges = [], []
        for years_old, weight in enumerate(AGE_WEIGHTS):
            latest = min(_years_before(self.today, years_old), latest_possible)
            earliest = _years_before(self.today, years_old + 1) + dt.timedelta(days=1)
            if earliest <= latest:
                weights.append(weight)
                ranges.append((earliest, latest))
        if not ranges:
            return None
        earliest, latest = self.rng.choices(ranges, weights)[0]
        return self.day_between(earliest, latest)

    def cpr(self, *, birth: dt.date, gender: str) -> str:
        yy = birth.year % 100
        century_digits = [d for d in range(10) if century(yy, d) + yy == birth.year]
        if not century_digits:
            raise ValueError(f"No CPR century digit encodes the year {birth.year}.")
        while True:
            digits = f"{birth:%d%m%y}{self.rng.choice(century_digits)}{self.rng.randrange(100):02d}"
            last = self.rng.randrange(10)
            if (gender == BOY and last % 2 == 0) or (gender == GIRL and last % 2 == 1):
                last = (last + 1) % 10
            number = f"{digits}{last}"
            if cpr_mod11_sum(number) % 11 == 0:
                # Passing the old check would make it look like a real person's number; moving
                # the last digit by two keeps its parity and changes the sum by two.
                number = f"{digits}{(last + 2) % 10}"
            if number not in self.cprs:
                self.cprs.add(number)
                return number

    def build_child(
        self, *, primary: str, curated: tuple[str, bool, bool, dict[str, Any]] | None
    ) -> None:
        rng = self.rng
        if curated:
            stage, force_secondary, force_change, flavour = curated
        else:
            stage = rng.choices(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()))[0]
            force_secondary = force_change = False
            flavour = {}
        placed = (
            stage == SUPERVISION
            or flavour.get("placed", False)
            or (stage in PLACEMENT_STAGES and "paragraph" not in flavour and self.chance(0.25))
        )
        schedule = self.schedule(
            target=stage, placed=placed, flavour=flavour, force_change=force_change
        )
        assert schedule.opened is not None
        awareness = schedule.opened - dt.timedelta(days=schedule.lag)

        # An earlier, closed case, decided before the birth date so the child is old enough.
        earlier: _Schedule | None = None
        birth = None
        if not curated and self.chance(0.15):
            long_track = self.chance(0.35)
            closed_on = awareness - dt.timedelta(days=rng.randint(60, 1095))
            earlier = self.schedule(
                target=CLOSING if long_track else rng.choice([SCREENING, SCREENING, AFDAEKNING]),
                placed=False,
                flavour={},
                closed=closed_on,
            )
            assert earlier.opened is not None
            old_awareness = earlier.opened - dt.timedelta(days=earlier.lag)
            birth = self.birth_date(min_age_days=(self.today - old_awareness).days + 14)
            if birth is None:
                earlier = None
        birth = birth or self.birth_date(min_age_days=(self.today - awareness).days + 14)
        if birth is None:
            raise ValueError("The case stages' opening ranges must fit within 18 years.")
        age = _age_on(birth, self.today)

        roll = rng.random()
        gender = GIRL if roll < 0.485 else BOY if roll < 0.97 else OTHER if roll < 0.985 else ""
        name_gender = gender if gender in (GIRL, BOY) else rng.choice([GIRL, BOY])
        modern = GIRL_NAMES if name_gender == GIRL else BOY_NAMES
        first = rng.choice(modern) if self.chance(0.8) else self.first_name(name_gender)
        child = ChildPlan(
            id=self.new_id(),
            first_name=first,
            last_name=self.last_name(),
            birth_date=birth,
            cpr=self.cpr(birth=birth, gender=gender),
            gender=gender,
        )
        self.children.append(child)
        family = self.family(child=child, age=age, placed=placed)

        raw: list[_RawEvent] = []
        histories = []
        if earlier:
            registrar = rng.choice(self.team_caseworkers[rng.randrange(len(self.teams))])
            histories.append(
                self.case(
                    raw=raw,
                    child=child,
                    primary=registrar,
                    schedule=earlier,
                    placed=False,
                    force_secondary=False,
                    force_change=False,
                    flavour={},
                )
            )
        history = self.case(
            raw=raw,
            child=child,
            primary=primary,
            schedule=schedule,
            placed=placed,
            force_secondary=force_secondary,
            force_change=force_change,
            flavour=flavour,
        )
        histories.append(history)
        # The child is registered, with the parents, minutes after the first report came in.
        received = histories[0].first_received_at
        assert received is not None
        day = received.date()
        minute = received.hour * 60 + received.minute + rng.randint(2, 8)
        registrar = histories[0].primary_on(day)
        registration: list[_RawEvent] = [
            (day, minute, "child.created", registrar, None, "", {"name": _name(child)}, None)
        ]
        for link in family.parents:
            minute += rng.randint(1, 4)
            registration.append(
                (day, minute, "person.linked", registrar, None, "", _linked(link), None)
            )
        raw[:0] = registration  # first in the day's order: the case is opened after it
        # Foster parents come in when the placement starts; the network is found along the way.
        opened_on = self.workday(schedule.opened, self.yesterday)
        placed_on = history.placed_on or opened_on
        fostered_on = min(placed_on + dt.timedelta(days=rng.randint(0, 14)), self.yesterday)
        for link in family.foster:
            day = self.workday(fostered_on, self.yesterday)
            raw.append(
                (day, None, "person.linked", history.primary_on(day), None, "", _linked(link), None)
            )
        for link in family.network:
            day = self.workday(self.day_between(opened_on, self.yesterday), self.yesterday)
            raw.append(
                (day, None, "person.linked", history.primary_on(day), None, "", _linked(link), None)
            )
        self.add_events(child=child, raw=raw)

    def add_events(self, *, child: ChildPlan, raw: list[_RawEvent]) -> None:
        """Give the child's events times of day in order: the same day's events minutes apart.

        Events with a time of their own (a report received, an urgency assessment) keep it; the
        others follow the day's latest time. A step record is stamped with its first event's time.

        The child's-voice events are timed afterwards, from their own generator, between the
        events before and after them: the casework's times are what they were before the voice
        was added, and an answer still comes after the task it answers and before a closure.
        """
        rng = self.rng
        order = sorted(range(len(raw)), key=lambda i: (raw[i][0], i))
        voice = [raw[i][2] in VOICE_KINDS or raw[i][5].startswith(VOICE_REFS) for i in order]
        minutes: list[int] = [0] * len(order)
        current_day: dt.date | None = None
        cursor: int | None = None
        for position, index in enumerate(order):
            if voice[position]:
                continue
            day, minute = raw[index][0], raw[index][1]
            if day != current_day:
                current_day, cursor = day, None
            if minute is None:
                if cursor is None:
                    cursor = rng.randint(8 * 60, 13 * 60)
                else:
                    cursor = min(cursor + rng.randint(2, 25), 21 * 60 + 59)
                minute = cursor
            else:
                cursor = minute if cursor is None else max(cursor, minute)
            minutes[position] = minute
        latest_minute = 21 * 60 + 59
        # The time of the next casework event on the same day, from a backwards pass.
        after = [latest_minute] * len(order)
        following, following_day = latest_minute, None
        for position in range(len(order) - 1, -1, -1):
            day = raw[order[position]][0]
            if day != following_day:
                following, following_day = latest_minute, day
            after[position] = following
            if not voice[position]:
                following = minutes[position]
        for position, index in enumerate(order):
            if not voice[position]:
                continue
            day, minute = raw[index][0], raw[index][1]
            same_day = position and raw[order[position - 1]][0] == day
            before = minutes[position - 1] if same_day else None
            if minute is not None:
                minutes[position] = minute
            elif before is None:
                minutes[position] = min(self.vrng.randint(8 * 60, 13 * 60), after[position])
            else:
                # Never before the event it follows (an answer after its task), and before the
                # next casework event when there is room (a closure stays last).
                step = min(before + self.vrng.randint(2, 25), after[position], latest_minute)
                minutes[position] = max(before, step)
        for position, index in enumerate(order):
            day, _minute, kind, actor, case_id, ref, data, stamp = raw[index]
            at = _at(day, minutes[position])
            if stamp is not None and stamp.recorded_at is None:  # type: ignore[attr-defined]
                stamp.recorded_at = at  # type: ignore[attr-defined]
            self.events.append(
                EventPlan(
                    occurred_at=at,
                    kind=kind,
                    actor=actor,
                    child_id=child.id,
                    case_id=case_id,
                    ref=ref,
                    data=data,
                )
            )

    # -- when things happen

    def schedule(
        self,
        *,
        target: str,
        placed: bool,
        flavour: dict[str, Any],
        force_change: bool = False,
        closed: dt.date | None = None,
    ) -> _Schedule:
        """A schedule that puts the case in ``target`` today, or closes it on ``closed``."""
        rng = self.rng
        for _attempt in range(100):
            schedule = self.draft(
                target=target, placed=placed, flavour=flavour, closed=closed is not None
            )
            offsets = dict(schedule.path)
            if closed is not None:
                if schedule.closure is not None:
                    length = schedule.closure
                else:  # closed after a measure: follow-ups, then the closing
                    length = offsets[MEASURE_RUNNING] + rng.randint(150, 600)
                schedule.opened = closed - dt.timedelta(days=length)
                schedule.closed = closed
                return schedule
            if target in LONG_STAGES:
                low = {MEASURE_RUNNING: 1, FOLLOW_UP: 75, SUPERVISION: 150, CLOSING: 150}[target]
                length = int(rng.triangular(low, 1300, low + 150))
                if force_change:
                    length = max(length, 420 - offsets[MEASURE_RUNNING])
                schedule.opened = self.today - dt.timedelta(days=offsets[MEASURE_RUNNING] + length)
                return schedule
            stages = [stage for stage, _ in schedule.path]
            if target not in stages:
                continue
            position = stages.index(target)
            # Opened ``days_ago`` days ago: the target stage began, the next has not.
            first = schedule.path[position][1] + 1
            last = schedule.path[position + 1][1]
            if last < first:
                continue
            if flavour.get("late_in_stage"):
                days_ago = last - rng.randint(0, min(3, last - first))
            else:
                days_ago = rng.randint(first, last)
            schedule.opened = self.today - dt.timedelta(days=days_ago)
            return schedule
        raise ValueError(f"No schedule puts a case in the stage {target!r}.")

    def draft(
        self, *, target: str, placed: bool, flavour: dict[str, Any], closed: bool
    ) -> _Schedule:
        """The early steps of a case, in days after it was opened (see ``_Schedule``)."""
        rng = self.rng
        chance = self.chance
        randint = rng.randint
        short = closed and target in (SCREENING, AFDAEKNING)  # closed before any measure
        lag = rng.choices((0, 1, 2, 3), (82, 10, 5, 3))[0]
        henvendelse = flavour.get("henvendelse", chance(0.5 if target == RECEIVED else 0.12))
        kind = HENVENDELSE if henvendelse else UNDERRETNING
        # A report about abuse cannot be closed at the screening (§ 20, stk. 1, nr. 2).
        abuse = kind == UNDERRETNING and not short and flavour.get("abuse", chance(0.087))

        urgency_days = 0
        first_stage: int | None = None  # the initial conversations stage
        if kind == UNDERRETNING:
            if target == RECEIVED:  # received yesterday; the urgency assessment is due today
                lag, urgency_days = 0, 1
            elif not abuse:
                urgency_days = rng.choices((0, 1, 2, 3, 4), (62, 31, 3, 2, 2))[0]
            first_stage = urgency_days - lag  # the urgency assessment moves the case on
        conversation = None
        if abuse:  # talk with the child within days
            days = randint(0, 2) if chance(0.85) else randint(3, 6)
            conversation = max(0, days - lag)
        elif target == INITIAL_CONVERSATIONS or chance(0.6):
            if first_stage is not None:
                conversation = max(0, first_stage) + randint(0, 6)
            else:
                conversation = randint(1, 6)
        if kind == HENVENDELSE and conversation is not None:
            first_stage = conversation
        base = max(0, first_stage or 0, conversation or 0)
        screening_entry = None
        if target == SCREENING or chance(0.7):
            screening_entry = base + randint(1, 3)
        screened = max(
            (screening_entry or base) + randint(1, 4),
            randint(2, 10) if chance(0.9) else randint(11, 28),
        )

        # What the case leads to.
        if short:
            paragraph = None
        elif placed:
            paragraph = flavour.get("paragraph") or (
                "47" if target != PLAN and chance(0.15) else "46"
            )
        elif "paragraph" in flavour:
            paragraph = flavour["paragraph"]
        elif target in EARLY_TARGETS and chance(0.22):
            paragraph = "31" if chance(0.6) else "30"
        else:
            paragraph = "32"
        early = paragraph in ("30", "31")
        afdaekning_first = target == AFDAEKNING or chance(0.3 if early else 0.1)

        path: list[tuple[str, int]] = [(RECEIVED, 0)]
        if first_stage is not None:
            path.append((INITIAL_CONVERSATIONS, first_stage))
        if screening_entry is not None:
            path.append((SCREENING, screening_entry))
        afdaekning = None
        after = screened  # the day the last investigation (or the screening) finished
        if afdaekning_first:
            afdaekning = (screened, screened + randint(20, 60))
            after = afdaekning[1]
            path.append((AFDAEKNING, screened))
        if short:
            outcome = OUTCOME_AFDAEKNING if afdaekning else OUTCOME_CLOSE
        else:
            outcome = OUTCOME_AFDAEKNING if afdaekning else OUTCOME_EARLY if early else OUTCOME_BFU

        empty = {
            "bfu": None,
            "bfu_conversation": None,
            "provisional": False,
            "plan_decided": None,
            "decided": None,
            "plan_before": None,
            "measure_start": None,
            "plan": None,
            "startup": None,
        }
        common = {
            "target": target,
            "lag": lag,
            "kind": kind,
            "abuse": abuse,
            "urgency_days": urgency_days,
            "conversation": conversation,
            "screening_entry": screening_entry,
            "screened": screened,
            "outcome": outcome,
            "afdaekning": afdaekning,
        }
        if short:  # the screening (or the afdækning) closes the case the same day
            return _Schedule(
                **common,
                **empty,
                paragraph=None,
                closure=after,
                path=_monotone(path),
            )

        bfu = None
        bfu_conversation = None
        if not early:
            start = after + (randint(0, 7) if afdaekning else 0)
            if afdaekning and start > after:
                path.append((CHOICE_OF_MEASURE, after))
            path.append((BFU, start))
            awareness = -lag
            mode = flavour.get("bfu") or rng.choices(("on_time", "prelim", "late"), (75, 13, 12))[0]
            preliminary = None
            if mode == "on_time":  # within 4 months of the awareness date (≥ 120 days)
                done = max(start + 21, min(awareness + 116, start + randint(45, 110)))
            elif mode == "prelim":
                preliminary = max(start + 14, awareness + randint(100, 116))
                done = max(preliminary + 14, awareness + randint(135, 200))
            else:
                done = max(start + 30, awareness + randint(128, 185))
            bfu = (start, preliminary, done)
            if done - start >= 8:
                bfu_conversation = start + randint(3, min(40, done - start - 2))
            after = done

        provisional = (
            paragraph == "46"
            and bfu is not None
            and bfu[2] - bfu[0] >= 10
            and flavour.get("provisional", chance(0.15))
        )
        plan_decided = None
        if paragraph == "32":
            plan_decided = flavour.get("plan_decided", True if target == PLAN else chance(0.65))
        needs_plan = paragraph == "46" or (paragraph == "32" and plan_decided)

        plan_before = None
        if early:
            decided = after + randint(5, 30)
        elif paragraph == "47":
            plan_before = after + randint(5, 30)
            decided = plan_before + randint(7, 35)
            if not flavour and chance(0.03):  # no plan before the decision: overdue at once
                plan_before = decided + randint(5, 30)
        elif provisional:
            assert bfu is not None
            decided = bfu[0] + randint(3, min(40, bfu[2] - bfu[0] - 3))
        else:
            decided = after + randint(3, 30)
        if placed:
            measure_start = decided + (randint(0, 2) if provisional else randint(0, 21))
        elif paragraph == "32":
            measure_start = decided + randint(5, 35)
        else:
            measure_start = decided + randint(3, 21)
        plan = None
        if needs_plan:
            mode = flavour.get("plan") or rng.choices(("on_time", "late", "missing"), (85, 8, 7))[0]
            if mode == "on_time":  # within 3 months (≥ 89 days)
                plan = decided + randint(10, 85)
            elif mode == "late":
                plan = decided + randint(96, 150)
        startup = None
        if chance(0.4 if early else 0.85):
            startup = measure_start + randint(0, 21)

        after_decision = max(decided, after)
        running = max(measure_start, startup if startup is not None else measure_start)
        running = max(running, after_decision)
        if not provisional:
            path.append((CHOICE_OF_MEASURE, after))
        if needs_plan and not (plan is not None and plan <= after_decision):
            path.append((PLAN, after_decision))
            if plan is not None and plan < running:
                path.append((START_UP_MEETING, plan))
        else:
            path.append((START_UP_MEETING, after_decision))
        path.append((MEASURE_RUNNING, running))
        return _Schedule(
            **common,
            bfu=bfu,
            bfu_conversation=bfu_conversation,
            paragraph=paragraph,
            provisional=provisional,
            plan_decided=plan_decided,
            decided=decided,
            plan_before=plan_before,
            measure_start=measure_start,
            plan=plan,
            startup=startup,
            closure=None,
            path=_monotone(path),
        )

    # -- cases

    def case(
        self,
        *,
        raw: list[_RawEvent],
        child: ChildPlan,
        primary: str,
        schedule: _Schedule,
        placed: bool,
        force_secondary: bool,
        force_change: bool,
        flavour: dict[str, Any],
    ) -> _CaseHistory:
        """One case with its assignments, step records and events."""
        rng = self.rng
        assert schedule.opened is not None
        case_id = self.new_id()
        closed = schedule.closed is not None
        limit = schedule.closed if schedule.closed is not None else self.yesterday
        opened_raw = schedule.opened

        def on(offset: int) -> dt.date:
            return self.workday(opened_raw + dt.timedelta(days=offset), limit)

        def done(offset: int | None) -> bool:
            return offset is not None and opened_raw + dt.timedelta(days=offset) <= limit

        opened_on = on(0)
        awareness = on(-schedule.lag)
        last_day = self.workday(limit, limit)
        closed_on = last_day if closed else None
        team = self.team_of[primary]
        leader = self.team_leader[team]
        end = closed_on or self.yesterday
        span = (end - opened_on).days

        # Caseworker changes: cases older than a year have often changed hands.
        teammates = [name for name in self.team_caseworkers[team] if name != primary]
        chain = [primary]
        starts = [opened_on]
        if span > 365 and teammates and (force_change or self.chance(0.4)):
            changes = 2 if len(teammates) >= 2 and self.chance(0.15) else 1
            chain = [*rng.sample(teammates, changes), primary]
            starts += [
                opened_on + dt.timedelta(days=d)
                for d in sorted(rng.sample(range(60, span - 14), changes))
            ]
        history = _CaseHistory(case_id=case_id, primaries=list(zip(starts, chain, strict=True)))
        for i, (start, caseworker) in enumerate(history.primaries):
            ended = starts[i + 1] if i + 1 < len(starts) else closed_on
            self.assignments.append(AssignmentPlan(case_id, caseworker, PRIMARY, start, ended))

        texts = self.texts(child)
        c = _Case(
            id=case_id,
            child=child,
            raw=raw,
            history=history,
            team=team,
            leader=leader,
            teammates=teammates,
            limit=limit,
            last_day=last_day,
            texts=texts,
        )

        # S0: the report, and the case opened for it.
        received_minute = rng.randint(8 * 60, 14 * 60)
        ic_offset = next(
            (offset for stage, offset in schedule.path if stage == INITIAL_CONVERSATIONS), None
        )
        urgency_on = None
        if schedule.kind == UNDERRETNING and done(ic_offset):
            assert ic_offset is not None
            urgency_on = on(ic_offset)
        intake = self.intake(
            c,
            day=awareness,
            minute=received_minute,
            kind=schedule.kind,
            abuse=schedule.abuse,
            child_has_measure=False,
            first=True,
            urgency_days=schedule.urgency_days,
            urgency_latest=urgency_on,
            conversation_on=on(schedule.conversation)
            if schedule.abuse and done(schedule.conversation)
            else None,
        )
        c.first_intake = intake
        c.received_on = awareness
        history.first_received_at = intake.received_at
        self.emit(c, opened_on, "case.opened", chain[0], data={"team": self.teams[team].name})
        self.occasion(c, opened_on, f"case:{case_id}#start", "case_start")
        self.emit(
            c, opened_on, "assignment.started", leader, data=self.assignment_data(chain[0], PRIMARY)
        )
        for i in range(1, len(chain)):
            data = self.assignment_data(chain[i - 1], PRIMARY)
            self.emit(c, starts[i], "assignment.ended", leader, data=data)
            data = self.assignment_data(chain[i], PRIMARY)
            self.emit(c, starts[i], "assignment.started", leader, data=data)

        # The stage changes the schedule implies; the first conversations stage of a report
        # begins with the urgency assessment.
        previous = opened_on
        for stage, offset in schedule.path[1:]:
            if not done(offset):
                break
            day = on(offset)
            if stage == INITIAL_CONVERSATIONS and schedule.kind == UNDERRETNING:
                if intake.urgency_assessed_at is None:
                    break
                day = intake.urgency_assessed_at.date()
            previous = max(previous, day)
            c.entries.append((stage, previous))

        # A secondary caseworker: common in investigations and placements.
        target = schedule.target
        probability = 0.2 if closed else 0.55 if target == BFU else 0.6 if placed else 0.28
        candidates = [name for name in teammates if name not in chain] or teammates
        if candidates and (force_secondary or self.chance(probability)):
            secondary = c.secondary = rng.choice(candidates)
            entered = dict(c.entries)
            start = entered.get(BFU) or self.day_between(opened_on, end)
            if secondary in chain:  # a former primary stays on as the secondary
                start = max(start, starts[chain.index(secondary) + 1])
            self.assignments.append(AssignmentPlan(case_id, secondary, SECONDARY, start, closed_on))
            data = self.assignment_data(secondary, SECONDARY)
            self.emit(c, start, "assignment.started", leader, data=data)
            if closed_on:
                self.emit(c, closed_on, "assignment.ended", leader, data=data)

        self.early_steps(c, schedule, done=done, on=on)
        if target in LONG_STAGES and c.measures:
            self.long_steps(c, schedule, flavour=flavour, closed=closed)
        self.milestones(c, opened_on=opened_on)
        self.handovers(c)
        self.meetings(c, closed=closed)
        self.voice(c)

        # The stage changes, each no earlier than the one before, after the day's steps.
        latest = opened_on
        for index, (stage, day) in enumerate(c.entries):
            latest = max(latest, day)
            c.entries[index] = (stage, latest)
        for stage, day in c.entries:
            self.emit(c, day, "case.stage_changed", history.primary_on(day), data={"stage": stage})
        if closed_on:
            data = self.assignment_data(chain[-1], PRIMARY)
            self.emit(c, closed_on, "assignment.ended", leader, data=data)
            if target == CLOSING:
                how = "plan" if c.plans else "measure"
            else:
                how = "afdaekning" if schedule.afdaekning else "screening"
            self.closure(c, closed_on, how=how)

        stage = CLOSED if closed else c.entries[-1][0] if c.entries else RECEIVED
        self.cases.append(
            CasePlan(
                id=case_id,
                child_id=child.id,
                team_key=team,
                stage=stage,
                opened_on=opened_on,
                awareness_date=awareness,
                closed_on=closed_on,
                # Every stage change raised the version, as the step services do.
                version=1 + len(c.entries) + (1 if closed else 0),
            )
        )
        return history

    def texts(self, child: ChildPlan) -> dict[str, str]:
        rng = self.rng
        school = rng.choice(SCHOOLS)
        daycare = rng.choice(DAYCARES)
        return {
            "navn": child.first_name,
            "navns": _possessive(child.first_name),
            "skole": school,
            "institution": daycare,
            "kommune": rng.choice(OTHER_MUNICIPALITIES),
            "pct": str(rng.choice([15, 18, 20, 25, 30])),
        }

    def assignment_data(self, username: str, role: str) -> dict[str, Any]:
        return {"caseworker": self.names[username], "role": role}

    # -- writing step records

    def emit(
        self,
        c: _Case,
        day: dt.date,
        kind: str,
        actor: str | None,
        *,
        ref: str = "",
        data: dict[str, Any] | None = None,
        stamp: _Step | None = None,
        minute: int | None = None,
    ) -> None:
        c.raw.append((day, minute, kind, actor, c.id, ref, data or {}, stamp))

    def record(self, c: _Case, name: str, record: _Step, day: dt.date) -> None:
        self.steps[name].append(record)
        c.last_step = max(c.last_step, day)

    def actor(self, c: _Case, day: dt.date) -> str:
        return c.history.primary_on(day)

    def intake(
        self,
        c: _Case,
        *,
        day: dt.date,
        minute: int,
        kind: str,
        abuse: bool,
        child_has_measure: bool,
        first: bool,
        urgency_days: int,
        urgency_latest: dt.date | None,
        conversation_on: dt.date | None,
    ) -> IntakeRecord:
        """A report (or enquiry) with its urgency assessment, receipt and reassessment."""
        rng = self.rng
        age = _age_on(c.child.birth_date, day)
        abuse = abuse and age >= 3
        if kind == HENVENDELSE:
            candidates = [r for r in REPORTS if r.kind == kind and r.low <= age <= r.high]
        else:
            weights = (80, 12, 8, 0) if abuse else (74, 12, 7, 7 if first else 0)
            reporter_type = rng.choices(
                (PROFESSIONAL, CITIZEN, ANONYMOUS, OTHER_MUNICIPALITY), weights
            )[0]
            candidates = [
                r
                for r in REPORTS
                if r.kind == kind
                and r.abuse == abuse
                and r.reporter_type == reporter_type
                and r.low <= age <= r.high
            ]
        report = rng.choice(candidates)
        texts = {**c.texts, "voksen": "en pædagog" if age < 6 else "sin klasselærer"}
        reporter_name = ""
        if report.reporter_type in (PROFESSIONAL, CITIZEN, OTHER_MUNICIPALITY):
            role = rng.choice(REPORTER_ROLES[report.source]).format_map(texts)
            female = role in ("mormor", "farmor", "moster", "faster") or self.chance(0.7)
            name = f"{self.first_name(GIRL if female else BOY)} {self.last_name()}"
            reporter_name = f"{name}, {role}"
        received_at = _at(day, minute)
        actor = self.actor(c, day)
        summary = report.summary.format_map(texts)
        intake = IntakeRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=actor,
            kind=report.kind,
            reporter_type=report.reporter_type,
            reporter_name=reporter_name,
            received_at=received_at,
            content=report.content.format_map(texts),
            abuse=report.abuse,
            parent_suspected=report.parent_suspected,
            honour_related=report.honour_related,
            child_has_measure=child_has_measure,
            urgency_assessed_at=None,
            urgency_is_acute=None,
            urgency_assessment="",
            receipt_sent_on=None,
            reassessed_on=None,
        )
        self.record(c, "intakes", intake, day)
        if report.kind == HENVENDELSE:
            self.emit(
                c,
                day,
                "henvendelse.received",
                actor,
                ref=intake.ref,
                data={"summary": summary},
                stamp=intake,
                minute=minute,
            )
            return intake
        self.emit(
            c,
            day,
            "underretning.received",
            actor,
            ref=intake.ref,
            data={
                "reporter_type": intake.reporter_type,
                "abuse": intake.abuse,
                "child_has_measure": child_has_measure,
                "parent_suspected": intake.parent_suspected,
                "summary": summary,
            },
            stamp=intake,
            minute=minute,
        )
        c.tasks.append((*TASK_REPORT, intake.ref, day))

        # Within 24 hours, mostly: the same day, or the next morning (a Friday report the same
        # day). A few are assessed days later.
        acute = self.chance(0.45 if intake.abuse else 0.05)
        if acute:
            urgency_days = 0
        if urgency_days == 0 or (urgency_days == 1 and day.weekday() == 4):
            assessed_on = day
        elif urgency_days == 1:
            assessed_on = day + dt.timedelta(days=1)
        else:
            assessed_on = _add_working_days(day, urgency_days - 1)
        if urgency_latest is not None:
            assessed_on = max(day, min(assessed_on, urgency_latest))
        if urgency_latest is not None or (not first and assessed_on <= c.last_day):
            if assessed_on == day:
                assessed = min(minute + rng.randint(15, 150), 16 * 60 + 30)
                assessed = max(assessed, minute + 5)
            elif (assessed_on - day).days == 1 and urgency_days <= 1:
                assessed = rng.randint(8 * 60, max(8 * 60, minute - 10))
            else:
                assessed = rng.randint(8 * 60, 16 * 60)
            intake.urgency_assessed_at = _at(assessed_on, assessed)
            intake.urgency_is_acute = acute
            template = rng.choice(URGENCY_ACUTE if acute else URGENCY_CALM)
            intake.urgency_assessment = template.format_map(
                {**texts, "institution_or_school": texts["institution" if age < 6 else "skole"]}
            )
            self.emit(
                c,
                assessed_on,
                "underretning.urgency_assessed",
                actor,
                ref=intake.ref,
                data={
                    "underretning": intake.ref,
                    "acute": acute,
                    "summary": "Akut" if acute else "Ikke akut",
                },
                minute=assessed,
            )
            c.last_step = max(c.last_step, assessed_on)

        # A receipt to a professional reporter within 6 working days, mostly.
        if intake.reporter_type == PROFESSIONAL and self.chance(0.95):
            days = rng.randint(1, 6) if self.chance(0.92) else rng.randint(7, 12)
            sent_on = _add_working_days(day, days)
            if sent_on <= c.last_day:
                intake.receipt_sent_on = sent_on
                self.emit(
                    c,
                    sent_on,
                    "underretning.receipt_sent",
                    self.actor(c, sent_on),
                    ref=intake.ref,
                    data={"underretning": intake.ref},
                )
        # The child already has a measure: someone new to the case reassesses it (§ 137).
        if child_has_measure:
            roll = rng.random()
            reassessed_on = None
            if roll < 0.85:
                reassessed_on = _add_working_days(day, rng.randint(1, 4))
            elif roll < 0.93:
                reassessed_on = _add_working_days(day, rng.randint(6, 14))
            if reassessed_on is not None and reassessed_on <= c.last_day:
                intake.reassessed_on = reassessed_on
                involved = {*(name for _, name in c.history.primaries), c.secondary}
                others = [name for name in c.teammates if name not in involved]
                who = rng.choice(others) if others and self.chance(0.5) else c.leader
                self.emit(
                    c,
                    reassessed_on,
                    "underretning.reassessed",
                    who,
                    ref=intake.ref,
                    data={
                        "underretning": intake.ref,
                        "summary": f"Genvurderet af {self.names[who]}",
                    },
                )
        # A report about abuse: talk with the child, alone, within days.
        if intake.abuse and conversation_on is not None:
            note = ABUSE_TALKS[intake.parent_suspected].format_map(texts)
            self.conversation(c, conversation_on, note=note, alone=True, intake=intake)
        return intake

    def conversation(
        self, c: _Case, day: dt.date, *, note: str, alone: bool, intake: IntakeRecord | None
    ) -> None:
        milestone = MilestoneRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=CONVERSATION,
            happened_on=day,
            child_alone=alone,
            intake_id=intake.id if intake else None,
            sibling_id=None,
            note=note,
        )
        self.record(c, "milestones", milestone, day)
        data: dict[str, Any] = {"summary": note, "alone": alone}
        if intake is not None and intake.kind == UNDERRETNING:
            data["underretning"] = intake.ref
        c.talks.append((day, alone, data.get("underretning")))
        self.emit(
            c,
            day,
            "conversation.held",
            milestone.recorded_by,
            ref=milestone.ref,
            data=data,
            stamp=milestone,
        )

    def milestone(self, c: _Case, day: dt.date, kind: str, event: str, note: str) -> None:
        milestone = MilestoneRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=kind,
            happened_on=day,
            child_alone=False,
            intake_id=None,
            sibling_id=None,
            note=note,
        )
        self.record(c, "milestones", milestone, day)
        self.emit(
            c,
            day,
            event,
            milestone.recorded_by,
            ref=milestone.ref,
            data={"summary": note},
            stamp=milestone,
        )

    def talk_note(self, c: _Case, day: dt.date) -> tuple[str, bool]:
        """A first conversation with the child, fitting the age: (note, alone)."""
        rng = self.rng
        age = _age_on(c.child.birth_date, day)
        if age < 3:
            return c.fill(rng.choice(TALKS_YOUNG)), False
        if age >= 7 and self.chance(0.6):
            options = TALKS_ALONE + (TALKS_ALONE_TEEN if age >= 13 else [])
            return c.fill(rng.choice(options)), True
        return c.fill(rng.choice(TALKS_TOGETHER_OLDER if age >= 10 else TALKS_TOGETHER)), False

    def child_view(self, c: _Case, day: dt.date, *, placement: bool) -> tuple[str, str]:
        """(the child's view, why it could not be obtained) for a decision on ``day``."""
        age = _age_on(c.child.birth_date, day)
        if age < 4:
            years = "under 1 år" if age == 0 else f"{age} år"
            place = "dagplejen" if age < 1 else "vuggestuen" if age < 3 else c.texts["institution"]
            exception = self.rng.choice(CHILD_VIEW_EXCEPTIONS)
            return "", c.fill(exception, alder=years, institution=place)
        views = (CHILD_VIEWS_PLACEMENT if placement else CHILD_VIEWS)[_age_group(age)]
        return self.rng.choice(views), ""

    def early_steps(self, c: _Case, s: _Schedule, *, done, on) -> None:
        """Conversations, screening, investigations, decision, measure, plan and start-up."""
        rng = self.rng
        intake = c.first_intake
        assert intake is not None
        if s.conversation is not None and done(s.conversation) and not intake.abuse:
            day = on(s.conversation)
            note, alone = self.talk_note(c, day)
            self.conversation(c, day, note=note, alone=alone, intake=intake)

        if not done(s.screened):
            return
        day = on(s.screened)
        screening = ScreeningRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            screened_on=day,
            information_weighted=c.fill(rng.choice(SCREENING_WEIGHTED)),
            assessment=c.fill(rng.choice(SCREENING_ASSESSMENTS[s.outcome])),
            outcome=s.outcome,
        )
        self.record(c, "screenings", screening, day)
        self.emit(
            c,
            day,
            "screening.completed",
            screening.recorded_by,
            ref=screening.ref,
            data={"outcome": s.outcome, "summary": screening.assessment[:160]},
            stamp=screening,
        )
        if s.afdaekning and done(s.afdaekning[0]):
            follows = "close" if s.paragraph is None else "early" if s.bfu is None else "bfu"
            self.investigation(
                c,
                kind=AFDAEKNING,
                started=on(s.afdaekning[0]),
                completed=on(s.afdaekning[1]) if done(s.afdaekning[1]) else None,
                conclusion=c.fill(rng.choice(INVESTIGATION_CONCLUSION[follows])),
            )
        if s.closure is not None:
            return

        # The measure the case leads to.
        paragraph = s.paragraph
        assert paragraph is not None
        placement = paragraph in PLACEMENTS
        decided_on = on(s.decided) if s.decided is not None else None
        age = _age_on(c.child.birth_date, decided_on or c.last_day)
        if placement:
            description, provider = rng.choice(PLACEMENT_MEASURES[_age_group(age)])
        elif paragraph == "32":
            description, provider = rng.choice(SUPPORT_MEASURES)
        else:
            description, provider = rng.choice(EARLY_MEASURES[paragraph])
        measure_text = description[0].lower() + description[1:]

        if s.bfu and done(s.bfu[0]):
            start, preliminary, completed = s.bfu
            kind = "placement" if placement else "support"
            self.investigation(
                c,
                kind=BFU,
                started=on(start),
                completed=on(completed) if done(completed) else None,
                preliminary=on(preliminary) if done(preliminary) else None,
                conclusion=c.fill(rng.choice(INVESTIGATION_CONCLUSION[kind]), tiltag=measure_text),
                parallel=s.provisional,
            )
            if s.bfu_conversation is not None and done(s.bfu_conversation):
                day = on(s.bfu_conversation)
                talk_age = _age_on(c.child.birth_date, day)
                if talk_age < 3:
                    note, alone = c.fill(BFU_TALKS["young"]), False
                else:
                    alone = self.chance(0.8 if talk_age >= 7 else 0.3)
                    note = c.fill(BFU_TALKS["alone" if alone else "together"])
                self.conversation(c, day, note=note, alone=alone, intake=None)

        if s.plan_before is not None and done(s.plan_before):
            self.plan(c, on(s.plan_before), kind=BARNETS_PLAN, placement=True)
        if decided_on is None or not done(s.decided):
            return
        decision = self.decision(
            c,
            decided_on,
            paragraph=paragraph,
            plan_decided=s.plan_decided,
            provisional=s.provisional,
            description=description,
            abuse=intake.abuse,
        )
        if s.measure_start is not None and done(s.measure_start):
            day = on(s.measure_start)
            parallel_end = None
            if s.provisional and s.bfu is not None:
                # The placement started during the investigation; it is due to finish then.
                due = _add_months(c.received_on or day, 4)
                parallel_end = max(day, self.workday(due, dt.date.max))
            self.measure(
                c,
                day,
                decision=decision,
                description=description,
                provider=provider,
                parallel_end=parallel_end,
            )
        if s.plan is not None and done(s.plan):
            self.plan(c, on(s.plan), kind=BARNETS_PLAN, placement=placement)
        if s.startup is not None and done(s.startup) and c.measures:
            day = on(s.startup)
            self.startup(c, day, placement=placement)

    def investigation(
        self,
        c: _Case,
        *,
        kind: str,
        started: dt.date,
        completed: dt.date | None,
        conclusion: str,
        preliminary: dt.date | None = None,
        parallel: bool = False,
    ) -> InvestigationRecord:
        rng = self.rng
        fill = c.fill
        sections = dict.fromkeys(
            (
                "child_development",
                "parents_capacity",
                "family_and_network",
                "resources_and_challenges",
                "child_view",
                "parents_view",
                "conclusion",
                "parallel_support",
            ),
            "",
        )
        age = _age_on(c.child.birth_date, started)
        ongoing_days = ((completed or c.last_day) - started).days
        if kind == BFU and (completed is not None or ongoing_days > 30):
            # Written along the way: the first sections exist before the investigation ends.
            sections["child_development"] = fill(rng.choice(CHILD_DEVELOPMENT[_age_group(age)]))
            sections["family_and_network"] = fill(rng.choice(FAMILY_AND_NETWORK))
        if kind == BFU and completed is not None:
            view, exception = self.child_view(c, completed, placement=False)
            sections.update(
                parents_capacity=fill(rng.choice(PARENTS_CAPACITY)),
                resources_and_challenges=fill(rng.choice(RESOURCES_AND_CHALLENGES)),
                child_view=view or exception,
                parents_view=fill(rng.choice(PARENTS_VIEW)),
                conclusion=conclusion,
                parallel_support=fill(rng.choice(PARALLEL_SUPPORT)) if parallel else "",
            )
        elif completed is not None:
            sections["conclusion"] = conclusion
        record = InvestigationRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, started),
            kind=kind,
            started_on=started,
            completed_on=completed,
            preliminary_assessment_on=preliminary,
            preliminary_assessment=fill(rng.choice(PRELIMINARY_ASSESSMENTS)) if preliminary else "",
            **sections,
        )
        self.record(c, "investigations", record, completed or preliminary or started)
        self.emit(c, started, f"{kind}.started", record.recorded_by, ref=record.ref, stamp=record)
        if kind == BFU:
            c.tasks.append((*TASK_INVESTIGATION, record.ref, started))
        if preliminary is not None:
            self.emit(
                c,
                preliminary,
                "bfu.preliminary_assessment",
                self.actor(c, preliminary),
                ref=record.ref,
                data={"summary": record.preliminary_assessment[:160]},
            )
        if completed is not None:
            self.emit(
                c,
                completed,
                f"{kind}.completed",
                self.actor(c, completed),
                ref=record.ref,
                data={"summary": conclusion[:160]},
            )
        return record

    def decision(
        self,
        c: _Case,
        day: dt.date,
        *,
        paragraph: str,
        plan_decided: bool | None,
        provisional: bool,
        description: str,
        abuse: bool,
    ) -> DecisionRecord:
        rng = self.rng
        placement = paragraph in PLACEMENTS
        view, exception = self.child_view(c, day, placement=placement)
        if placement:
            purpose_key = "placement"
        elif paragraph in ("30", "31"):
            purpose_key = "early"
        elif paragraph == "114":
            purpose_key = "114"
        else:
            purpose_key = description
        reasoning_key = "early" if paragraph in ("30", "31") else paragraph
        tiltag = description
        # A placement without consent is decided by the committee and presented by the leader.
        actor = c.leader if paragraph == "47" else self.actor(c, day)
        decision = DecisionRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=actor,
            paragraph=paragraph,
            legal_basis=LEGAL_BASIS[paragraph],
            decided_on=day,
            purpose=c.fill(PURPOSES[purpose_key]),
            expected_duration=c.fill(rng.choice(DURATIONS[paragraph])),
            reasoning=c.fill(rng.choice(REASONINGS[reasoning_key]), tiltag=tiltag),
            plan_decided=plan_decided if paragraph == "32" else None,
            neglect_or_abuse=placement and (abuse or self.chance(0.35)),
            provisional_reason=c.fill(rng.choice(PROVISIONAL_REASONS)) if provisional else "",
            child_view=view,
            child_view_exception=exception,
        )
        self.child_wish(c, decision, view=view)
        self.record(c, "decisions", decision, day)
        statements = self.statement(c, decision)
        summary = (
            "Ungestøtte efter 18 år (§ 114)"
            if paragraph == "114"
            else f"{description} (§ {paragraph})"
        )
        self.emit(
            c,
            day,
            "decision.made",
            actor,
            ref=decision.ref,
            data={
                "paragraph": paragraph,
                "plan_decided": decision.plan_decided,
                "neglect_or_abuse": decision.neglect_or_abuse,
                "siblings_under_15": [],
                "summary": summary,
                "statements": statements,
                "child_view_exception": decision.child_view_exception_reason or None,
                "against_child_wish": decision.child_wish == AGAINST,
                "child_wish": decision.child_wish,
                "explanation_due_on": decision.explanation_due_on.isoformat()
                if decision.explanation_due_on
                else None,
            },
            stamp=decision,
        )
        self.explanation(c, decision)
        self.occasion(c, day, decision.ref, "decision")
        return decision

    def measure(
        self,
        c: _Case,
        day: dt.date,
        *,
        decision: DecisionRecord,
        description: str,
        provider: str,
        parallel_end: dt.date | None,
    ) -> _MeasureSpan:
        measure = MeasureRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            decision_id=decision.id,
            description=description,
            provider=provider,
            started_on=day,
            parallel_investigation_ends_on=parallel_end,
            ended_on=None,
        )
        self.record(c, "measures", measure, day)
        placement = decision.paragraph in PLACEMENTS
        self.emit(
            c,
            day,
            "measure.started",
            measure.recorded_by,
            ref=measure.ref,
            data={
                "decision": decision.ref,
                "placement": placement,
                "parallel_investigation_ends_on": parallel_end.isoformat()
                if parallel_end
                else None,
                "description": description,
                "summary": description,
            },
            stamp=measure,
        )
        c.tasks.append((*TASK_MEASURE, measure.ref, day))
        if placement and c.history.placed_on is None:
            c.history.placed_on = day
        span = _MeasureSpan(decision=decision, record=measure, placement=placement)
        c.measures.append(span)
        return span

    def end_measure(self, c: _Case, span: _MeasureSpan, day: dt.date) -> None:
        span.record.ended_on = day
        c.last_step = max(c.last_step, day)
        self.emit(
            c,
            day,
            "measure.ended",
            self.actor(c, day),
            ref=span.record.ref,
            data={
                "decision": span.decision.ref,
                "placement": span.placement,
                "summary": span.record.description,
            },
        )

    def plan(self, c: _Case, day: dt.date, *, kind: str, placement: bool) -> PlanRecord:
        rng = self.rng
        if kind == UNGEPLAN:
            goals = rng.sample(UNGEPLAN_GOALS, 2)
        else:
            goals = rng.sample(PLAN_GOALS, 2)
            if placement:
                goals[0] = rng.choice(PLACEMENT_GOALS)
        summary = c.fill(
            f"Mål: {goals[0].lower()}; {goals[1].lower()}. Succes er, når {{navn}} selv "
            "fortæller, at det går bedre, og de voksne omkring {navn} ser det samme."
        )
        plan = PlanRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=kind,
            made_on=day,
            summary=summary,
        )
        self.record(c, "plans", plan, day)
        c.plans += 1
        self.emit(
            c,
            day,
            "plan.made",
            plan.recorded_by,
            ref=plan.ref,
            data={"ungeplan": kind == UNGEPLAN, "summary": summary[:160]},
            stamp=plan,
        )
        self.occasion(c, day, plan.ref, "plan")
        return plan

    def first_follow_up_due(self, span: _MeasureSpan) -> dt.date:
        """3 months after the start, or when the parallel investigation ends if earlier; a
        weekend moves back to the Friday (the deadline is the date itself)."""
        due = _add_months(span.start, 3)
        if span.record.parallel_investigation_ends_on is not None:
            due = min(due, span.record.parallel_investigation_ends_on)
        return self.workday(due, due)

    def startup(self, c: _Case, day: dt.date, *, placement: bool) -> StartUpMeetingRecord:
        rng = self.rng
        texts = STARTUP_TEXTS if placement else STARTUP_TEXTS[:3]
        first = max(self.first_follow_up_due(c.measures[-1]), day + dt.timedelta(days=14))
        meeting = StartUpMeetingRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            held_on=day,
            concern_and_change=c.fill(rng.choice(texts)),
            first_follow_up_on=first,
        )
        self.record(c, "startup_meetings", meeting, day)
        c.meeting_days.append((START_UP_MEETING_KIND, day))
        self.emit(
            c,
            day,
            "start_up_meeting.held",
            meeting.recorded_by,
            ref=meeting.ref,
            data={"next": first.isoformat()},
            stamp=meeting,
        )
        self.schedule_follow_up(c, day, f"{meeting.ref}#next", first)
        return meeting

    def follow_up(
        self, c: _Case, day: dt.date, *, outcome: str, next_on: dt.date | None
    ) -> FollowUpRecord:
        rng = self.rng
        age = _age_on(c.child.birth_date, day)
        alone = age >= 7 and self.chance(0.8)
        wishes = ""
        if age >= 7 and self.chance(0.4):
            wishes = c.fill(rng.choice(FREQUENCY_WISHES))
        record = FollowUpRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            held_on=day,
            talked_with_child_alone=alone,
            goals_reviewed=self.chance(0.9),
            all_measures_reviewed=self.chance(0.85),
            child_wishes_for_frequency=wishes,
            assessment=c.fill(rng.choice(FOLLOW_UP_TEXTS[outcome])),
            outcome=outcome,
            next_follow_up_on=next_on,
        )
        self.record(c, "follow_ups", record, day)
        c.meeting_days.append((FOLLOW_UP_MEETING_KIND, day))
        summary = {
            CONTINUE: "Indsatsen fortsætter",
            ADJUST: "Indsatsen justeres",
            NEW_MEASURE: "Ny indsats",
            CLOSE: "Formålet er nået; sagen afsluttes",
        }[outcome]
        self.emit(
            c,
            day,
            "follow_up.held",
            record.recorded_by,
            ref=record.ref,
            data={
                "outcome": outcome,
                "talked_with_child_alone": alone,
                "next": next_on.isoformat() if next_on else None,
                "summary": summary,
            },
            stamp=record,
        )
        if next_on is not None:
            self.schedule_follow_up(c, day, f"{record.ref}#next", next_on)
        return record

    def supervision(self, c: _Case, day: dt.date) -> None:
        rng = self.rng
        age = _age_on(c.child.birth_date, day)
        talked = age >= 2 and self.chance(0.97)
        notes = rng.choice(SUPERVISION_NOTES["young" if age < 6 else "older"])
        visit = SupervisionVisitRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            visited_on=day,
            talked_with_child=talked,
            staff_present=self.chance(0.2),
            notes=c.fill(notes),
        )
        self.record(c, "supervision_visits", visit, day)
        self.emit(
            c,
            day,
            "supervision.held",
            visit.recorded_by,
            ref=visit.ref,
            data={"with_child_conversation": talked, "staff_present": visit.staff_present},
            stamp=visit,
        )

    def closure(self, c: _Case, day: dt.date, *, how: str) -> None:
        purpose, if_worry = self.rng.choice(CLOSURE_TEXTS[how])
        closure = ClosureRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            closed_on=day,
            purpose_achieved=c.fill(purpose),
            if_worry_returns=c.fill(if_worry),
        )
        self.record(c, "closures", closure, day)
        self.emit(
            c,
            day,
            "case.closed",
            closure.recorded_by,
            ref=closure.ref,
            data={"stage": CLOSED, "summary": closure.purpose_achieved[:160]},
            stamp=closure,
        )

    # -- the child's voice: wishes, explanations, statements, conversations, rights

    def settled(self, due: dt.date) -> bool:
        """A task due this long ago has been dealt with, on time or not (see SETTLED_AFTER_DAYS)."""
        return due < self.today - dt.timedelta(days=SETTLED_AFTER_DAYS)

    def child_wish(self, c: _Case, decision: DecisionRecord, *, view: str) -> None:
        """How the decision relates to the child's wish, and the plain explanation when it goes
        against it. A child too young to give a view was observed instead."""
        vr = self.vrng
        if not view:  # as the decision service requires: a wish and a weighing all the same
            decision.child_view_exception_reason = OMIT_AGE
            decision.child_view_obtained_otherwise = c.fill(vr.choice(OBTAINED_OTHERWISE))
            decision.child_view_weighing = c.fill(YOUNG_WEIGHING)
            decision.child_wish = NO_WISH
            return
        decision.child_view_weighing = c.fill(vr.choice(WEIGHINGS))
        key = (
            "placement"
            if decision.paragraph in PLACEMENTS
            else "114"
            if decision.paragraph == "114"
            else "other"
        )
        decision.child_wish = vr.choices((FOLLOWED, PARTLY, AGAINST, NO_WISH), WISH_WEIGHTS[key])[0]
        # As the decision service requires: a wish followed only in part is explained too.
        if decision.child_wish in (AGAINST, PARTLY):
            decision.explanation_for_child = vr.choice(EXPLANATIONS)
            decision.explanation_how = c.fill(vr.choice(EXPLANATION_HOW))
            later = decision.decided_on + dt.timedelta(days=vr.randint(3, 10))
            decision.explanation_due_on = self.workday(later, dt.date.max)

    def explanation(self, c: _Case, decision: DecisionRecord) -> None:
        """The explanation of a decision against the child's wish, given (mostly in time)."""
        due = decision.explanation_due_on
        if due is None:
            return
        vr = self.vrng
        roll = vr.random()
        if roll < 0.86:
            day = decision.decided_on + dt.timedelta(
                days=vr.randint(1, (due - decision.decided_on).days)
            )
            day = self.workday(day, due)
        elif roll < 0.94 or self.settled(due):
            day = self.workday(due + dt.timedelta(days=vr.randint(1, 14)), dt.date.max)
        else:
            return  # not yet: the task is on the worklist
        if day > c.last_day:
            return
        decision.explanation_delivered_on = day
        decision.explanation_delivered_how = decision.explanation_how
        self.emit(
            c,
            day,
            "explanation.delivered",
            self.actor(c, day),
            ref=f"{decision.ref}#explanation",
            data={
                "about": decision.ref,
                "how": decision.explanation_how,
                "summary": decision.explanation_how,
            },
        )

    def statement(self, c: _Case, decision: DecisionRecord) -> list[str]:
        """The child's view behind a decision, recorded in the child's own words: its ref."""
        if not decision.child_view:
            return []
        vr = self.vrng
        day = decision.decided_on - dt.timedelta(days=vr.randint(1, 12))
        day = self.workday(day, decision.decided_on)
        if c.received_on is not None and day < c.received_on:
            day = decision.decided_on
        trusted = vr.random() < 0.15
        record = ChildStatementRecord(
            id=self.voice_id(),
            child_id=c.child.id,
            case_id=c.id,
            recorded_by=self.actor(c, day),
            words=decision.child_view,
            mode="trusted_adult" if trusted else "direct",
            trusted_adult=c.fill(vr.choice(STATEMENT_TRUSTED_ADULTS)) if trusted else "",
            stated_on=day,
            informs_ref=decision.ref,
        )
        self.steps["statements"].append(record)
        self.emit(
            c,
            day,
            "statement.recorded",
            record.recorded_by,
            ref=record.ref,
            data={"mode": record.mode, "informs": decision.ref},
            stamp=record,
        )
        return [record.ref]

    def occasion(self, c: _Case, day: dt.date, ref: str, occasion: str) -> None:
        """A moment to tell the child about their rights (the engine's rettigheder task)."""
        self.emit(
            c, day, "rights.occasion", self.actor(c, day), ref=ref, data={"occasion": occasion}
        )
        c.occasions.append((ref, day))

    def schedule_follow_up(self, c: _Case, day: dt.date, ref: str, due: dt.date) -> None:
        """The date agreed for the next follow-up: talk with the child alone before it."""
        self.emit(
            c,
            day,
            "follow_up.scheduled",
            self.actor(c, day),
            ref=ref,
            data={"due_on": due.isoformat()},
        )
        c.follow_ups.append((ref, day, due))

    def voice(self, c: _Case) -> None:
        """Answer the case's involvement tasks the way a caseworker would: mostly in time, some
        late, a few omitted with a reason, and a few recent ones not yet (they are the worklist).
        """
        for rule, days, ref, day in sorted(c.tasks, key=lambda task: task[3]):
            if any(
                talk_day >= day and (linked is None or linked == ref)
                for talk_day, _alone, linked in c.talks
            ):
                continue  # an earlier conversation (a milestone) already answers it
            self.answer(c, rule, ref, day, day + dt.timedelta(days=days), alone=False)
        for ref, day, due in c.follow_ups:
            self.answer(c, TASK_FOLLOW_UP[0], ref, day, due, alone=True)
        self.rights(c)

    def answer(
        self, c: _Case, rule: str, ref: str, day: dt.date, due: dt.date, *, alone: bool
    ) -> None:
        """A conversation for one task (``alone``: it must be with the child alone), or the
        reason it did not take place."""
        vr = self.vrng
        age = _age_on(c.child.birth_date, due)
        settled = self.settled(due)
        # Before a follow-up the conversation comes in the last three weeks.
        earliest = max(day, due - dt.timedelta(days=21)) if alone else day
        on_time = self.workday(self.vrng_day(earliest, due), due)
        late = self.workday(due + dt.timedelta(days=vr.randint(1, 21)), dt.date.max)
        roll = vr.random()
        reason = None
        if age < (7 if alone else 3):  # too young for that conversation: observed instead
            if roll >= 0.9 and not settled:
                return
            reason, when = OMIT_AGE, on_time
        elif roll < 0.86:
            when = on_time
        elif roll < 0.92 or (settled and roll < 0.985):
            when = late
        elif roll < 0.95:
            reason, when = vr.choices((OMIT_DECLINED, OMIT_NATURE), (70, 30))[0], on_time
        else:
            return  # not yet
        if when < day or when > c.last_day:
            return
        actor = self.actor(c, when)
        if reason is not None:
            text = c.fill(OMISSION_TEXTS[reason])
            record = ConversationRecord(
                id=self.voice_id(),
                case_id=c.id,
                recorded_by=actor,
                held=False,
                happened_on=when,
                about_ref=ref,
                setting="",
                present="",
                child_alone=False,
                parents_present=False,
                without_parental_consent=False,
                methods=[],
                summary="",
                omission_reason=reason,
                omission_text=text,
            )
            data = {"about": ref, "rule": rule, "reason": reason, "summary": text[:160]}
            kind = "conversation.omitted"
        else:
            child_alone = alone or (age >= 7 and vr.random() < 0.6)
            parents = not child_alone and vr.random() < 0.8
            name = c.child.first_name
            record = ConversationRecord(
                id=self.voice_id(),
                case_id=c.id,
                recorded_by=actor,
                held=True,
                happened_on=when,
                about_ref=ref,
                setting=c.fill(vr.choice(VOICE_SETTINGS)),
                present=f"{name} og rådgiveren"
                if not parents
                else f"{name}, en forælder og rådgiveren",
                child_alone=child_alone,
                parents_present=parents,
                without_parental_consent=False,
                methods=list(vr.choice(YOUNG_METHODS if age < 7 else VOICE_METHODS)),
                summary=c.fill(vr.choice(VOICE_TALKS[rule])),
                omission_reason="",
                omission_text="",
            )
            data = {
                "alone": child_alone,
                "methods": record.methods,
                "without_parental_consent": False,
                "parents_present": parents,
                "about": ref,
                "summary": record.summary[:160],
            }
            if ref.startswith("intake:"):
                data["underretning"] = ref
            kind = "conversation.held"
            c.talks.append((when, child_alone, ref))
        self.steps["conversations"].append(record)
        self.emit(c, when, kind, actor, ref=record.ref, data=data, stamp=record)

    def vrng_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.vrng.randint(0, max(0, (last - first).days)))

    def rights(self, c: _Case) -> None:
        """Rights explained to the child (from 6) after each occasion, mostly within 14 days."""
        vr = self.vrng
        given: list[tuple[dt.date, bool]] = []
        for _ref, day in sorted(c.occasions, key=lambda occasion: occasion[1]):
            age = _age_on(c.child.birth_date, day)
            if age < RIGHTS_FROM_AGE:
                continue
            if any(on >= day and to_child for on, to_child in given):
                continue  # told after this occasion already
            due = day + dt.timedelta(days=RIGHTS_DAYS)
            settled = self.settled(due)
            roll = vr.random()
            to_child = True
            if roll < 0.85:
                when = self.workday(self.vrng_day(day, due), due)
            elif roll < 0.92 or (settled and roll < 0.985):
                when = self.workday(due + dt.timedelta(days=vr.randint(1, 30)), dt.date.max)
            elif roll < 0.95 and not settled:
                when, to_child = self.workday(self.vrng_day(day, due), due), False
            else:
                continue
            if when < day or when > c.last_day:
                continue
            method = vr.choices(
                ("conversation", "letter", "meeting", "portal"),
                (50, 25, 20, 5 if age >= 12 else 0),
            )[0]
            topics = ["involvement", *vr.sample(RIGHTS_TOPICS[1:], vr.randint(1, 3))]
            record = RightsInformationRecord(
                id=self.voice_id(),
                child_id=c.child.id,
                case_id=c.id,
                recorded_by=self.actor(c, when),
                topics=topics,
                method=method,
                given_on=when,
                to_child=to_child,
                to_others="" if to_child else "Forældrene",
                note="",
            )
            self.steps["rights_information"].append(record)
            self.emit(
                c,
                when,
                "rights.informed",
                record.recorded_by,
                ref=record.ref,
                data={"topics": topics, "to_child": to_child, "method": method},
                stamp=record,
            )
            given.append((when, to_child))

    # -- meetings, letters and handovers (from ``mrng``)

    def meeting_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.mrng.getrandbits(128), version=4)

    def mrng_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.mrng.randint(0, max(0, (last - first).days)))

    def child_channel(self, age: int) -> str:
        if age >= 15:
            return self.mrng.choice(["digital_post", "digital_post", "portal"])
        if age >= 10:
            return self.mrng.choice(["letter", "by_hand", "digital_post"])
        return "by_hand"

    @staticmethod
    def danish_day(day: dt.date) -> str:
        return f"{day.day}. {DANISH_MONTHS[day.month - 1]}"

    def letter(
        self,
        c: _Case,
        *,
        day: dt.date,
        kind: str,
        subject: str,
        body: str,
        channel: str,
        about: str,
        actor: str,
        event: tuple[str, str, dict[str, Any]],
    ) -> LetterRecord:
        """A letter to the child and the event it answers (its time is the letter's)."""
        record = LetterRecord(
            id=self.meeting_id(),
            child_id=c.child.id,
            case_id=c.id,
            kind=kind,
            recipient_name=f"{c.child.first_name} {c.child.last_name}",
            subject=subject,
            body=body,
            channel=channel,
            related_ref=about,
            created_by=actor,
        )
        self.meeting_rows["letters"].append(record)
        kind_, ref, data = event
        self.emit(c, day, kind_, actor, ref=ref, data={**data, "letter": record.ref}, stamp=record)
        return record

    def handovers(self, c: _Case) -> None:
        """Each change of primary caseworker as a handover with its checklist: the child mostly
        told in advance and sent a letter introducing the new caseworker, often a meeting."""
        mr = self.mrng
        primaries = c.history.primaries
        for (_start, before), (day, after) in itertools.pairwise(primaries):
            hid = self.meeting_id()
            ref = f"handover:{hid}"
            age = _age_on(c.child.birth_date, day)
            settled = self.settled(day + dt.timedelta(days=7))
            told = None
            if age >= 3 and mr.random() < 0.75:
                told = self.workday(day - dt.timedelta(days=mr.randint(3, 14)), day)
            # The letter introducing the new caseworker (for a young child it is read aloud at
            # home); mostly within the 5 working days, a few recent ones not yet.
            letter_on, no_letter = None, ""
            roll = mr.random()
            if roll < 0.8:
                letter_on = self.workday(day + dt.timedelta(days=mr.randint(0, 6)), c.last_day)
            elif roll < 0.93 or settled:
                letter_on = self.workday(day + dt.timedelta(days=mr.randint(8, 25)), c.last_day)
            if letter_on is not None and letter_on > c.last_day:
                letter_on = c.last_day if settled else None
            meeting_on, no_meeting = None, ""
            if mr.random() < 0.55:
                meeting_on = self.workday(day + dt.timedelta(days=mr.randint(0, 14)), c.last_day)
                if meeting_on > c.last_day:
                    meeting_on = None
            if meeting_on is None:
                no_meeting = mr.choice(HANDOVER_NO_MEETING)
            parents_on = None
            if mr.random() < 0.85:
                parents_on = self.workday(day + dt.timedelta(days=mr.randint(0, 5)), c.last_day)
            providers_on = None
            if c.measures and mr.random() < 0.7:
                providers_on = self.workday(day + dt.timedelta(days=mr.randint(0, 7)), c.last_day)
            record = HandoverRecord(
                id=hid,
                case_id=c.id,
                from_caseworker=before,
                to_caseworker=after,
                changes_on=day,
                child_told_on=told,
                child_not_told_reason="" if told else mr.choice(HANDOVER_NOT_TOLD),
                letter_sent_on=letter_on,
                no_letter_reason=no_letter,
                meeting_on=meeting_on,
                no_meeting_reason=no_meeting,
                parents_notified_on=min(parents_on, c.last_day) if parents_on else None,
                parents_not_notified_reason="" if parents_on else "Forældrene var på mødet.",
                providers_notified_on=min(providers_on, c.last_day) if providers_on else None,
                providers_not_notified_reason=""
                if providers_on
                else "Der er ingen leverandør at orientere.",
                created_by=c.leader,
            )
            self.meeting_rows["handovers"].append(record)
            names = {"from": self.names[before], "to": self.names[after]}
            self.emit(
                c,
                day,
                "caseworker.changed",
                c.leader,
                ref=ref,
                data={**names, "role": PRIMARY, "changes_on": day.isoformat()},
                stamp=record,
            )
            self.occasion(c, day, ref, "caseworker_change")
            if letter_on is not None:
                self.letter(
                    c,
                    day=letter_on,
                    kind="caseworker_introduction",
                    subject=f"Din nye rådgiver: {self.names[after]}",
                    body=(
                        f"Kære {c.child.first_name}\n\nFra den {self.danish_day(day)} er "
                        f"{self.names[after]} din nye rådgiver. {self.names[before]} har fortalt "
                        f"{self.names[after]} om det, der er vigtigt for dig. Du kan altid ringe, "
                        "hvis du vil spørge om noget.\n\nVenlig hilsen\n"
                        f"{self.names[after]}"
                    ),
                    channel=self.child_channel(age),
                    about=ref,
                    actor=after,
                    event=("handover.letter_sent", f"{ref}#letter", {"about": ref}),
                )
            if meeting_on is not None:
                c.meeting_days.append((HANDOVER_MEETING_KIND, meeting_on))

    def meetings(self, c: _Case, *, closed: bool) -> None:
        """Meetings with the child: the start-up meeting, each follow-up, often a network meeting
        during the investigation, the handover meetings, and the next one already planned."""
        mr = self.mrng
        opened = c.history.primaries[0][0]
        # Most follow-ups of the last year were meetings with the child; older ones are
        # in the follow-up records only (the demo's meeting history starts a year ago).
        recent = c.last_day - dt.timedelta(days=365)
        slots = [
            (kind, day)
            for kind, day in c.meeting_days
            if kind != FOLLOW_UP_MEETING_KIND or (day >= recent and mr.random() < 0.7)
        ]
        investigation = next((day for stage, day in c.entries if stage in (BFU, AFDAEKNING)), None)
        if investigation is not None and mr.random() < 0.6:
            later = [day for _stage, day in c.entries if day > investigation]
            end = min([*later, investigation + dt.timedelta(days=90), c.last_day])
            first = investigation + dt.timedelta(days=7)
            if first <= end:
                slots.append((NETWORK_MEETING_KIND, self.workday(self.mrng_day(first, end), end)))
        plan_day = next((day for stage, day in c.entries if stage == PLAN), None)
        if plan_day is not None and mr.random() < 0.35:
            day = self.workday(plan_day + dt.timedelta(days=mr.randint(3, 20)), c.last_day)
            slots.append((PLAN_MEETING_KIND, day))
        if c.measures and mr.random() < 0.3:
            first = c.measures[0].start + dt.timedelta(days=30)
            if first <= c.last_day:
                day = self.workday(self.mrng_day(first, c.last_day), c.last_day)
                slots.append((NETWORK_MEETING_KIND, day))
        carried: list[tuple[uuid.UUID, NextTimeTopicRecord]] = []
        for kind, day in sorted(slots, key=lambda slot: slot[1]):
            if opened < day <= c.last_day:
                carried = self.meeting(c, kind, day, carried=carried, held=True)
        if closed:
            return
        upcoming = None
        if c.follow_ups and self.today <= c.follow_ups[-1][2] <= self.today + dt.timedelta(70):
            upcoming = (FOLLOW_UP_MEETING_KIND, c.follow_ups[-1][2])
        elif investigation is not None and not c.measures and mr.random() < 0.4:
            upcoming = (NETWORK_MEETING_KIND, self.today + dt.timedelta(days=mr.randint(3, 30)))
        if upcoming is not None and mr.random() < 0.85:
            kind, day = upcoming
            self.meeting(c, kind, self.workday(day, dt.date.max), carried=carried, held=False)

    def meeting(
        self,
        c: _Case,
        kind: str,
        day: dt.date,
        *,
        carried: list[tuple[uuid.UUID, NextTimeTopicRecord]],
        held: bool,
    ) -> list[tuple[uuid.UUID, NextTimeTopicRecord]]:
        """One meeting, planned a week or three before; held ones with the agenda sent to the
        child, a summary "what we decided and why" and sometimes the child's topics for next
        time. Returns the topics the next meeting carries."""
        mr = self.mrng
        age = _age_on(c.child.birth_date, min(day, self.today))
        opened = c.history.primaries[0][0]
        last = c.last_day if held else self.yesterday
        planned_on = self.workday(max(opened, day - dt.timedelta(days=mr.randint(7, 21))), last)
        planned_on = min(planned_on, last, day)
        planner = self.actor(c, planned_on)
        new_caseworker = self.names[self.actor(c, day)]
        attends = mr.random() < (0.88 if age >= 6 else 0.3)
        mid = self.meeting_id()
        ref = f"meeting:{mid}"
        record = MeetingRecord(
            id=mid,
            case_id=c.id,
            kind=kind,
            status="held" if held else "planned",
            purpose_for_child=c.fill(mr.choice(MEETING_PURPOSES[kind]), ny=new_caseworker),
            starts_at=_at(day, mr.choice([540, 570, 600, 660, 780, 840])),
            duration_minutes=mr.choice([45, 60, 60, 90]),
            place=c.fill(mr.choice(MEETING_PLACES)),
            child_chose_place_time=age >= 10 and mr.random() < 0.5,
            child_attends=attends,
            child_wants_to_say=c.fill(mr.choice(CHILD_WANTS))
            if age >= 8 and mr.random() < 0.4
            else "",
            held_on=None,
            summary_for_child="",
            summary_delivered_on=None,
            summary_delivered_how="",
            child_understood="",
            created_by=planner,
        )
        self.meeting_rows["meetings"].append(record)
        self.emit(
            c,
            planned_on,
            "meeting.planned",
            planner,
            ref=ref,
            data={"due_on": day.isoformat(), "kind": kind},
            stamp=record,
        )
        rows = self.meeting_rows
        people = []
        if attends:
            people.append(
                ("child", f"{c.child.first_name} {c.child.last_name}", CHILD_PARTICIPANT_ROLE)
            )
        people.append(("caseworker", self.names[planner], CASEWORKER_PARTICIPANT_ROLE))
        if kind != HANDOVER_MEETING_KIND and mr.random() < 0.6:
            name, role = mr.choice(MEETING_PROFESSIONALS)
            people.append(("professional", c.fill(name), role))
        for position, (who, name, role) in enumerate(people, start=1):
            rows["participants"].append(ParticipantRecord(mid, who, name, role, position))
        items = [(topic.text, True, source) for source, topic in carried]
        for _source, topic in carried:
            topic.used_in_id = mid
        if age >= 6 and mr.random() < 0.4:
            items.append((mr.choice(CHILD_TOPICS), True, None))
        items += [(text, False, None) for text in CASEWORKER_ITEMS[kind]]
        for position, (text, from_child, source) in enumerate(items, start=1):
            rows["agenda_items"].append(AgendaItemRecord(mid, text, from_child, source, position))

        # The agenda in words for the child, mostly two days or more before the meeting.
        due = day - dt.timedelta(days=2)
        roll = mr.random()
        sent_on = None
        if roll < 0.7 and planned_on <= due:
            sent_on = self.workday(self.mrng_day(max(planned_on, day - dt.timedelta(7)), due), due)
        elif roll < 0.9 or (held and self.settled(day)):
            late = day - dt.timedelta(days=mr.choice([0, 1]))
            sent_on = max(planned_on, self.workday(late, day))
        if sent_on is not None and sent_on <= min(day, last):
            record.agenda_letter = self.letter(
                c,
                day=sent_on,
                kind="meeting_agenda",
                subject=f"Dit møde den {self.danish_day(day)}",
                body=(
                    f"Kære {c.child.first_name}\n\n{record.purpose_for_child}\n\n"
                    f"Hvornår: {self.danish_day(day)} kl. {record.starts_at:%H.%M}\n"
                    f"Hvor: {record.place}\n\nVi skal tale om:\n"
                    + "\n".join(f"- {text}" for text, _child, _source in items)
                ),
                channel=self.child_channel(age),
                about=ref,
                actor=self.actor(c, sent_on),
                event=("meeting.agenda_sent", f"{ref}#agenda", {"about": ref, "channel": "letter"}),
            )
        if not held:
            return carried

        record.status, record.held_on = "held", day
        held_by = self.actor(c, day)
        self.emit(
            c,
            day,
            "meeting.held",
            held_by,
            ref=ref,
            data={"held_on": day.isoformat(), "kind": kind},
        )
        topics: list[tuple[uuid.UUID, NextTimeTopicRecord]] = []
        if age >= 7 and mr.random() < 0.35:
            topic = NextTimeTopicRecord(mid, mr.choice(CHILD_TOPICS), None)
            rows["next_time_topics"].append(topic)
            topics.append((mid, topic))
        # "What we decided and why", mostly within the 5 working days.
        settled = self.settled(day + dt.timedelta(days=7))
        roll = mr.random()
        given = None
        if roll < (0.7 if settled else 0.6):
            given = self.workday(day + dt.timedelta(days=mr.randint(0, 6)), c.last_day)
        elif settled or roll < 0.75:
            given = self.workday(day + dt.timedelta(days=mr.randint(8, 25)), c.last_day)
        if given is not None and given > c.last_day:
            given = c.last_day if settled or c.last_day < self.yesterday else None
        if given is not None or mr.random() < 0.5:
            record.summary_for_child = c.fill(
                mr.choice(MEETING_SUMMARIES[kind]), ny=self.names[held_by]
            )
        if given is None:
            return topics
        if age < 4:
            understood = "not_asked"
        else:
            understood = mr.choices(["yes", "partly", "no", "not_asked"], [75, 17, 3, 5])[0]
        how = mr.choices(["conversation", "digital_post", "letter", "phone"], [55, 25, 10, 10])[0]
        record.summary_delivered_on, record.summary_delivered_how = given, how
        record.child_understood = understood
        giver = self.actor(c, given)
        data = {"about": ref, "understood": understood, "how": how}
        if how in ("digital_post", "letter"):
            self.letter(
                c,
                day=given,
                kind="meeting_summary",
                subject=f"Det aftalte vi på mødet den {self.danish_day(day)}",
                body=f"Kære {c.child.first_name}\n\n{record.summary_for_child}",
                channel=how,
                about=ref,
                actor=giver,
                event=("meeting.summary_delivered", f"{ref}#summary", data),
            )
        else:
            self.emit(c, given, "meeting.summary_delivered", giver, ref=f"{ref}#summary", data=data)
        return topics

    # -- the measure running

    def long_steps(self, c: _Case, s: _Schedule, *, flavour: dict[str, Any], closed: bool) -> None:
        """Follow-ups, supervision visits, new reports and the way to closing, after the start."""
        rng = self.rng
        randint = rng.randint
        workday = self.workday
        limit = c.last_day
        target = s.target
        span = c.measures[0]
        start = span.start
        far = dt.date.max
        days = dt.timedelta

        close_on = None
        stop = limit
        if target == CLOSING:
            close_on = limit - days(randint(14, 60) if closed else randint(3, 50))
            close_on = workday(min(max(close_on, start + days(45), c.last_step), limit), limit)
            stop = close_on - days(25)

        # Follow-ups: the first within 3 months of the start, mostly on time; then every 3–6
        # months, as agreed at the previous one, some of them late.
        due = self.first_follow_up_due(span)
        first = True
        previous = start
        planned: list[list[Any]] = []  # [held, next, outcome, (decided, started) of a new one]
        new_measure = False
        while True:
            roll = rng.random()
            if first:
                jitter = -randint(0, 25) if roll < 0.9 else randint(1, 45)
            elif roll < 0.75:
                jitter = randint(-21, 3)
            else:
                jitter = randint(4, 30) if roll < 0.92 else randint(31, 90)
            held = workday(max(due + days(jitter), previous + days(21)), limit)
            if held > stop:
                break
            months = 3 if (held - start).days < 365 and self.chance(0.5) else 6
            months = rng.choice((3, 4, 6, 6)) if months == 6 else months
            next_on = workday(_add_months(held, months), far)
            outcome = ADJUST if self.chance(0.28) else CONTINUE
            replacement = None
            if (
                s.paragraph == "32"
                and not new_measure
                and held + days(100) < stop
                and self.chance(0.07)
            ):
                outcome, new_measure = NEW_MEASURE, True
                decided = workday(held + days(randint(7, 30)), limit)
                replacement = (decided, workday(decided + days(randint(5, 25)), limit))
                # The new measure's first follow-up is within 3 months of its start.
                next_on = min(next_on, workday(_add_months(replacement[1], 3), far))
            planned.append([held, next_on, outcome, replacement])
            previous, due, first = held, next_on, replacement is not None
        if target == FOLLOW_UP and planned and planned[-1][2] != NEW_MEASURE:
            # The follow-up now in progress was set for about now at the previous one.
            last = planned[-1]
            if due > self.today + days(21) and last[0] <= self.today - days(45):
                last[1] = workday(max(self.today + days(randint(-10, 21)), last[0] + days(45)), far)
                due = last[1]
        for held, next_on, outcome, replacement in planned:
            self.follow_up(c, held, outcome=outcome, next_on=next_on)
            if replacement is not None:
                self.new_measure(c, held, *replacement)

        # Supervision visits at a placement: two in each year from the placement date (rolling
        # years, as the deadline engine counts them), some years only one.
        next_visit = None
        if span.placement:
            last_visit = close_on or limit
            year = 0
            while next_visit is None:
                begins = _add_months(start, 12 * year)
                visits = [begins + days(randint(40, 150)), begins + days(randint(200, 330))]
                if self.chance(0.15):
                    visits.pop(rng.randrange(2))
                for visit in visits:
                    day = workday(visit, limit)
                    if day > last_visit:
                        next_visit = visit
                        break
                    self.supervision(c, day)
                year += 1

        # A new report while the measure runs: someone new reassesses it.
        if (flavour.get("new_report") or self.chance(0.18)) and (stop - start).days > 40:
            day = workday(start + days(randint(30, (stop - start).days - 5)), limit)
            abuse = self.chance(0.08)
            conversation_on = None
            if abuse:
                conversation_on = workday(day + days(randint(0, 3)), limit)
                if conversation_on > limit:
                    conversation_on = None
            self.intake(
                c,
                day=day,
                minute=randint(8 * 60, 14 * 60),
                kind=UNDERRETNING,
                abuse=abuse,
                child_has_measure=any(
                    m.decision.paragraph in MEASURES_NEEDING_REASSESSMENT
                    and m.start <= day
                    and (m.end is None or m.end > day)
                    for m in c.measures
                ),
                first=False,
                urgency_days=rng.choices((0, 1, 3), (62, 31, 7))[0],
                urgency_latest=None,
                conversation_on=conversation_on,
            )

        if close_on is not None:
            self.follow_up(c, close_on, outcome=CLOSE, next_on=None)
            c.entries.append((CLOSING, close_on))
            ends = workday(close_on + days(randint(0, 21)), limit)
            if closed:  # closing the case ends what still runs
                ends = min(ends, limit)
            for measure in c.measures:
                if measure.end is None and ends <= limit:
                    self.end_measure(c, measure, ends)
        elif target == FOLLOW_UP:
            first = max(c.last_step, due - days(30))
            c.entries.append(
                (FOLLOW_UP, workday(self.day_between(min(first, limit), limit), limit))
            )
        elif target == SUPERVISION and next_visit is not None:
            first = max(c.last_step, next_visit - days(30))
            entered = workday(self.day_between(min(first, limit), limit), limit)
            c.entries.append((SUPERVISION, entered))

    def new_measure(self, c: _Case, held: dt.date, decided: dt.date, started: dt.date) -> None:
        """A follow-up found the measure not working: a new § 32 decision and measure."""
        rng = self.rng
        days = dt.timedelta
        c.entries.append((CHOICE_OF_MEASURE, held))
        current = c.measures[-1]
        options = [m for m in SUPPORT_MEASURES if m[0] != current.record.description]
        description, provider = rng.choice(options)
        plan_decided = self.chance(0.6)
        decision = self.decision(
            c,
            decided,
            paragraph="32",
            plan_decided=plan_decided,
            provisional=False,
            description=description,
            abuse=False,
        )
        c.entries.append((PLAN if plan_decided else START_UP_MEETING, decided))
        self.end_measure(c, current, started)
        self.measure(
            c,
            started,
            decision=decision,
            description=description,
            provider=provider,
            parallel_end=None,
        )
        held_on = self.workday(started + days(rng.randint(0, 10)), c.last_day)
        if plan_decided:
            made = self.workday(decided + days(rng.randint(10, 60)), c.last_day)
            self.plan(c, made, kind=BARNETS_PLAN, placement=False)
            if made < held_on:
                c.entries.append((START_UP_MEETING, made))
        self.startup(c, held_on, placement=False)
        c.entries.append((MEASURE_RUNNING, held_on))

    # -- milestones that follow the child's age

    def milestones(self, c: _Case, *, opened_on: dt.date) -> None:
        rng = self.rng
        randint = rng.randint
        days = dt.timedelta
        birth = c.child.birth_date
        limit = c.last_day
        start = c.received_on or opened_on

        # Party status from 10: told at the start of the case, or around the 10th birthday.
        ten = _add_years(birth, 10)
        roll = rng.random()
        informed = None
        if ten <= start:  # due the day the case began
            if roll < 0.7:
                informed = start
            elif roll < 0.95:
                informed = start + days(randint(1, 14))
            elif roll < 0.98:
                informed = start + days(randint(15, 40))
        elif ten <= limit:
            if roll < 0.85:
                informed = max(start, ten - days(randint(0, 30)))
            elif roll < 0.95:
                informed = ten + days(randint(1, 60))
        if informed is not None:
            informed = self.workday(informed, limit)
            if informed <= limit:
                note = c.fill(rng.choice(PARTY_STATUS_NOTES))
                self.milestone(c, informed, PARTY_STATUS_INFORMED, "party_status.informed", note)

        # From 16 with a measure: decide on an ungeplan (§ 108).
        sixteen = _add_years(birth, 16)
        for span in c.measures:
            if span.end is not None and span.end <= sixteen:
                continue
            begins = max(sixteen, span.start)
            roll = rng.random()
            if begins > limit or roll >= 0.92:
                break
            decided = begins + days(randint(0, 75) if roll < 0.82 else randint(95, 200))
            decided = self.workday(decided, limit)
            if decided > limit:
                break
            make = self.chance(0.7)
            self.milestone(c, decided, UNGEPLAN_DECIDED, "ungeplan.decided", UNGEPLAN_NOTES[make])
            if make and self.chance(0.7):
                made = self.workday(decided + days(randint(14, 60)), limit)
                if made <= limit:
                    self.plan(c, made, kind=UNGEPLAN, placement=span.placement)
            break

        # A placed youth: decide on ungestøtte (§ 114) at least 6 months before 18.
        due = _add_months(_add_years(birth, 18), -6)
        for span in c.measures:
            if not span.placement or span.start > due:
                continue
            if span.end is not None and span.end <= sixteen:
                continue
            roll = rng.random()
            if roll >= 0.95:
                break
            earliest = max(_add_months(_add_years(birth, 17), -2), span.start + days(30), sixteen)
            if roll < 0.85:
                decided = earliest + days(randint(0, max(0, min(100, (due - earliest).days))))
            else:
                decided = due + days(randint(5, 60))
            decided = self.workday(decided, limit)
            if decided <= limit and (span.end is None or decided <= span.end):
                self.decision(
                    c,
                    decided,
                    paragraph="114",
                    plan_decided=None,
                    provisional=False,
                    description="Ungestøtte",
                    abuse=False,
                )
            break

    # -- families

    def person(
        self, *, first: str, last: str, phone: float, email: float, address: str = ""
    ) -> PersonPlan:
        domain = self.rng.choice(["example.com", "example.org", "example.net"])
        person = PersonPlan(
            key=len(self.persons),
            first_name=first,
            last_name=last,
            phone=self.phone() if self.chance(phone) else "",
            email=self.email(first_name=first, last_name=last, domain=domain)
            if self.chance(email)
            else "",
            address=address,
        )
        self.persons.append(person)
        return person

    def relate(
        self, *, child: ChildPlan, person: PersonPlan, relation: str, custody: bool, note: str = ""
    ) -> _Link:
        self.relations.append(
            RelationPlan(
                child_id=child.id,
                person_key=person.key,
                relation=relation,
                has_custody=custody,
                note=note,
            )
        )
        return person, relation, custody

    def family(self, *, child: ChildPlan, age: int, placed: bool) -> _Family:
        """The child's parents, foster parents if placed, and a network of one to four people."""
        rng = self.rng
        home = self.address()
        last = child.last_name
        mother_last = last if self.chance(0.75) else self.last_name()
        family = _Family(parents=[], foster=[], network=[])

        def parent(gender: str, *, surname: str, address: str) -> PersonPlan:
            return self.person(
                first=self.first_name(gender), last=surname, phone=0.95, email=0.6, address=address
            )

        def link(person: PersonPlan, relation: str, custody: bool, note: str = "") -> None:
            family.parents.append(
                self.relate(
                    child=child, person=person, relation=relation, custody=custody, note=note
                )
            )

        roll = rng.random()
        if roll < 0.58:  # parents live together with joint custody
            link(parent(GIRL, surname=mother_last, address=home), "mother", True)
            link(parent(BOY, surname=last, address=home), "father", True)
        elif roll < 0.72:  # separated; the child lives with the mother
            link(parent(GIRL, surname=mother_last, address=home), "mother", True)
            father = parent(BOY, surname=last, address=self.address())
            link(father, "father", False, "Samvær hver anden weekend")
        elif roll < 0.77:  # separated; the child lives with the father
            link(parent(BOY, surname=last, address=home), "father", True, "Barnet bor hos far")
            mother = parent(GIRL, surname=mother_last, address=self.address())
            link(mother, "mother", False, "Samvær hver anden weekend")
        elif roll < 0.87:  # joint custody; the mother lives with a new partner
            link(parent(GIRL, surname=mother_last, address=home), "mother", True)
            father = parent(BOY, surname=last, address=self.address())
            link(father, "father", True, "Delt bopæl, hver anden uge")
            link(
                parent(BOY, surname=self.last_name(), address=home),
                "step_parent",
                False,
                "Mors samlever",
            )
        elif roll < 0.93:  # single mother, no father registered
            mother = parent(GIRL, surname=last, address=home)
            link(mother, "mother", True, "Eneste indehaver af forældremyndigheden")
        elif roll < 0.97:  # two mothers
            link(parent(GIRL, surname=mother_last, address=home), "mother", True)
            link(parent(GIRL, surname=last, address=home), "parent", True, "Medmor")
        else:  # custody transferred to a relative
            link(parent(GIRL, surname=mother_last, address=self.address()), "mother", False)
            aunt = parent(GIRL, surname=mother_last, address=home)
            link(aunt, "guardian", True, "Moster; forældremyndigheden er overdraget")

        if placed:
            foster_last, foster_home = self.last_name(), self.address()
            for gender in [GIRL, BOY] if self.chance(0.7) else [GIRL]:
                foster = parent(gender, surname=foster_last, address=foster_home)
                family.foster.append(
                    self.relate(
                        child=child,
                        person=foster,
                        relation="foster_parent",
                        custody=False,
                        note="Plejefamilie",
                    )
                )

        candidates = self.network_candidates(age=age, mother_last=mother_last, family_last=last)
        count = rng.choices([1, 2, 3, 4], [65, 25, 7, 3])[0]
        for relation, gender, surname, note in rng.sample(candidates, min(count, len(candidates))):
            person = self.person(first=self.first_name(gender), last=surname, phone=0.7, email=0.3)
            family.network.append(
                self.relate(child=child, person=person, relation=relation, custody=False, note=note)
            )
        return family

    def network_candidates(
        self, *, age: int, mother_last: str, family_last: str
    ) -> list[tuple[str, str, str, str]]:
        """Possible network members as (relation, gender, last name, note), fitting the age."""
        rng = self.rng
        note, gender, surname = rng.choice(
            [
                ("Mormor", GIRL, mother_last),
                ("Morfar", BOY, mother_last),
                ("Farmor", GIRL, family_last),
                ("Farfar", BOY, family_last),
            ]
        )
        any_gender = rng.choice([GIRL, BOY])
        relative = rng.choice(
            [("Moster", GIRL), ("Faster", GIRL), ("Morbror", BOY), ("Farbror", BOY)]
        )
        candidates = [
            ("grandparent", gender, surname, note),
            ("other_family", relative[1], self.last_name(), relative[0]),
        ]
        if age < 6:
            candidates += [
                ("teacher", GIRL, self.last_name(), f"Pædagog i {rng.choice(DAYCARES)}"),
                (
                    "health_visitor",
                    GIRL,
                    self.last_name(),
                    "Sundhedsplejerske" if age < 2 else "Egen læge",
                ),
                ("friend", any_gender, self.last_name(), "Ven af familien"),
            ]
        else:
            candidates += [
                ("teacher", any_gender, self.last_name(), f"Klasselærer på {rng.choice(SCHOOLS)}"),
                (
                    "coach",
                    rng.choice([GIRL, BOY]),
                    self.last_name(),
                    f"Træner i {rng.choice(CLUBS)}",
                ),
                ("health_visitor", rng.choice([GIRL, BOY]), self.last_name(), "Egen læge"),
                (
                    "friend",
                    any_gender,
                    self.last_name(),
                    "Ven fra klassen" if age >= 10 else "Ven af familien",
                ),
            ]
        return candidates


def _name(child: ChildPlan) -> str:
    return f"{child.first_name} {child.last_name}"


def _monotone(path: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The path with every stage entered no earlier than the one before it."""
    result, latest = [], 0
    for stage, offset in path:
        latest = max(latest, offset)
        result.append((stage, latest))
    return result
