"""The demo municipality as a plan: plain data, built without touching the database.

``build_demo_plan`` turns (number of children, seed, today) into dataclasses describing every row
the demo needs: one fictional municipality, its teams and staff, children with their families
and networks, cases, caseworker assignments and the event history. The same arguments always give
the same plan, UUIDs included, so a demo, a screenshot or a failing test can be reproduced. Writing
the plan is ``stemme.demo.services.demo_write``'s job; keeping the two apart lets the plan be
tested (and timed) on its own.

This module deliberately imports no models: ``make run`` reads ``DEMO_LOGINS`` before Django is
set up. The string values used for roles, stages and relations are checked against the models'
choices in the tests.

All people are fictional. CPR numbers are CPR-shaped but fail the old modulus-11 check on
purpose, so they are recognisably synthetic.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from faker import Faker

from stemme.children.cpr import century

DEMO_PASSWORD = "stemme-demo"  # noqa: S105 - the published demo password, not a secret
DEMO_MUNICIPALITY_NAME = "Stemmeby Kommune"
DEMO_MUNICIPALITY_CODE = "999"
DEMO_EMAIL_DOMAIN = "stemmeby.dk"
MIN_CHILDREN = 10

# The logins printed by ``make run``; every demo database has them, whatever its size.
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
_STAGE_INDEX = {stage: index for index, stage in enumerate(OPEN_STAGES)}

# Where open cases stand: most children known to a municipality have a measure running or are
# being followed up; only a few reports are days old.
STAGE_WEIGHTS = {
    RECEIVED: 3,
    INITIAL_CONVERSATIONS: 4,
    SCREENING: 5,
    AFDAEKNING: 5,
    BFU: 11,
    CHOICE_OF_MEASURE: 4,
    PLAN: 5,
    START_UP_MEETING: 4,
    MEASURE_RUNNING: 27,
    FOLLOW_UP: 20,
    SUPERVISION: 6,
    CLOSING: 6,
}
# How many days ago a case now in the stage was opened (a BFU must finish within four months).
OPENED_DAYS_AGO = {
    RECEIVED: (1, 6),
    INITIAL_CONVERSATIONS: (5, 21),
    SCREENING: (8, 35),
    AFDAEKNING: (21, 90),
    BFU: (30, 120),
    CHOICE_OF_MEASURE: (90, 170),
    PLAN: (100, 200),
    START_UP_MEETING: (110, 230),
    MEASURE_RUNNING: (180, 1095),
    FOLLOW_UP: (240, 1460),
    SUPERVISION: (270, 1460),
    CLOSING: (365, 1825),
}
# Typical days spent in a stage before the next; long-lived stages absorb the rest of a long case.
NOMINAL_DAYS = {
    RECEIVED: 4,
    INITIAL_CONVERSATIONS: 10,
    SCREENING: 12,
    AFDAEKNING: 35,
    BFU: 80,
    CHOICE_OF_MEASURE: 20,
    PLAN: 14,
    START_UP_MEETING: 14,
    MEASURE_RUNNING: 180,
    FOLLOW_UP: 120,
    SUPERVISION: 90,
    CLOSING: 30,
}
LONG_STAGES = {MEASURE_RUNNING, FOLLOW_UP, SUPERVISION}
# Stages where a placement outside the home can have been decided.
PLACEMENT_STAGES = {PLAN, START_UP_MEETING, MEASURE_RUNNING, FOLLOW_UP, CLOSING}

# raadgiver's first cases, so the demo login shows every kind of situation at once:
# (stage, has a secondary caseworker, took the case over from a colleague).
RAADGIVER_CASES: list[tuple[str, bool, bool]] = [
    (MEASURE_RUNNING, True, True),
    (BFU, True, False),
    (RECEIVED, False, False),
    (FOLLOW_UP, False, True),
    (SCREENING, False, False),
    (PLAN, True, False),
    (INITIAL_CONVERSATIONS, False, False),
    (SUPERVISION, True, False),
    (AFDAEKNING, False, False),
    (CHOICE_OF_MEASURE, False, False),
    (START_UP_MEETING, False, False),
    (CLOSING, False, False),
    (BFU, False, False),
    (MEASURE_RUNNING, False, False),
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

# (minimum age, maximum age, source, summary) for reports of concern.
REPORTS: list[tuple[int, int, str, str]] = [
    (0, 0, "Hospital", "Underretning fra fødeafdelingen om bekymring for forældrenes overskud"),
    (0, 1, "Sundhedsplejerske", "Underretning fra sundhedsplejersken om manglende trivsel"),
    (1, 5, "Daginstitution", "Underretning fra daginstitution om sen afhentning og hygiejne"),
    (1, 5, "Daginstitution", "Underretning fra vuggestuen om et barn, der virker utrygt og trist"),
    (6, 17, "Skole", "Underretning fra skole om højt fravær og bekymring for trivsel"),
    (6, 17, "Skole", "Underretning fra skolen om konflikter og udadreagerende adfærd"),
    (6, 17, "PPR", "Underretning fra PPR om mistrivsel og behov for støtte"),
    (12, 17, "Politi", "Underretning fra politiet om den unges deltagelse i uro i bymidten"),
    (12, 17, "Ungdomsklub", "Underretning fra ungdomsklubben om bekymrende adfærd og rusmidler"),
    (0, 17, "Politi", "Underretning fra politiet efter uro og skænderier i hjemmet"),
    (0, 17, "Egen læge", "Underretning fra egen læge om bekymring for barnets trivsel"),
    (0, 17, "Nabo", "Anonym underretning fra nabo om råb og skrig fra lejligheden"),
    (0, 17, "Forældre", "Forældrene har selv henvendt sig og bedt om hjælp"),
]
CONVERSATIONS_YOUNG = [
    "Observation af barnet i hjemmet sammen med forældrene",
    "Observation af barnet i daginstitutionen",
]
CONVERSATIONS = [
    "Første samtale med barnet og forældrene",
    "Børnesamtale på skolen",
    "Børnesamtale i hjemmet",
    "Samtale med barnet med en bisidder til stede",
]
CONVERSATIONS_TEEN = ["Samtale med den unge alene på rådhuset", "Walk-and-talk med den unge"]
SUPPORT_MEASURES = [
    "Familiebehandling",
    "Fast kontaktperson",
    "Praktisk pædagogisk støtte i hjemmet",
    "Aflastning i weekender",
]
FOLLOW_UPS = [
    "Opfølgning: indsatsen virker, og barnet trives bedre",
    "Opfølgning: indsatsen justeres, flere timer hos familiebehandleren",
    "Opfølgning: barnet fortæller, at det går bedre derhjemme",
    "Opfølgning: fortsat bekymring for fravær, ny aftale med skolen",
]
PLAN_GOALS = [
    "Komme i skole hver dag",
    "Have en voksen at tale med",
    "Mere ro og faste rammer derhjemme",
    "Trives i plejefamilien og se mor og far hver anden weekend",
    "Have en fritidsaktivitet og venner",
]
CLOSE_REASONS_SHORT = [
    "Screeningen viste ikke behov for særlig støtte",
    "Familien klarer sig med råd og vejledning; ingen indsats",
]
CLOSE_REASONS_LONG = [
    "Indsatsen har virket; familien klarer sig nu uden støtte",
    "Målene i barnets plan er nået",
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
    data: dict[str, Any]


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


def _age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years old on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def cpr_mod11_sum(cpr: str) -> int:
    """The old modulus-11 check sum; a number "passes" when it is divisible by 11."""
    return sum(int(d) * w for d, w in zip(cpr, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True))


# An event before it gets its time of day: (day, kind, actor, case id, data).
_RawEvent = tuple[dt.date, str, str | None, uuid.UUID | None, dict[str, Any]]
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

    def primary_on(self, day: dt.date) -> str:
        starts = [start for start, _ in self.primaries]
        return self.primaries[max(0, bisect.bisect_right(starts, day) - 1)][1]


@dataclass(slots=True)
class _Family:
    parents: list[_Link]  # linked when the child is registered
    foster: list[_Link]  # linked when the placement starts
    network: list[_Link]  # linked during the case


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
        self.cprs: set[str] = set()
        self.emails: dict[str, int] = {}
        self.team_caseworkers: list[list[str]] = []
        self.team_leader: dict[int, str] = {}
        self.team_of: dict[str, int] = {}
        self.names: dict[str, str] = {}

    # -- small helpers

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

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

    def build_child(self, *, primary: str, curated: tuple[str, bool, bool] | None) -> None:
        rng = self.rng
        if curated:
            stage, force_secondary, force_change = curated
        else:
            stage = rng.choices(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()))[0]
            force_secondary = force_change = False
        low, high = OPENED_DAYS_AGO[stage]
        if force_change:
            low, high = max(low, 400), max(high, 500)
        opened_on = self.today - dt.timedelta(days=rng.randint(low, high))
        awareness = opened_on - dt.timedelta(days=rng.randint(0, 3))
        min_age_days = (self.today - awareness).days + 14

        # An earlier, closed case, decided before the birth date so the child is old enough.
        earlier: tuple[dt.date, dt.date, dt.date, bool] | None = None
        birth = None
        if not curated and self.chance(0.15):
            long_track = self.chance(0.35)
            closed_on = awareness - dt.timedelta(days=rng.randint(60, 1095))
            duration = rng.randint(240, 720) if long_track else rng.randint(14, 90)
            old_opened = closed_on - dt.timedelta(days=duration)
            old_awareness = old_opened - dt.timedelta(days=rng.randint(0, 3))
            birth = self.birth_date(min_age_days=(self.today - old_awareness).days + 14)
            if birth:
                earlier = (old_awareness, old_opened, closed_on, long_track)
        birth = birth or self.birth_date(min_age_days=min_age_days)
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
        placed = stage == SUPERVISION or (stage in PLACEMENT_STAGES and self.chance(0.25))
        family = self.family(child=child, age=age, placed=placed)

        raw: list[_RawEvent] = []
        # The child is registered, with the parents, when the first report comes in.
        registered_on = earlier[0] if earlier else awareness
        registrar = primary
        if earlier:
            registrar = rng.choice(self.team_caseworkers[rng.randrange(len(self.teams))])
        raw.append((registered_on, "child.created", registrar, None, {"name": _name(child)}))
        raw.extend(
            (registered_on, "person.linked", registrar, None, _linked(link))
            for link in family.parents
        )
        if earlier:
            old_awareness, old_opened, closed_on, long_track = earlier
            self.case(
                raw=raw,
                child=child,
                primary=registrar,
                target=CLOSING if long_track else rng.choice([SCREENING, SCREENING, AFDAEKNING]),
                opened_on=old_opened,
                awareness=old_awareness,
                closed_on=closed_on,
                placed=False,
                force_secondary=False,
                force_change=False,
            )
        history = self.case(
            raw=raw,
            child=child,
            primary=primary,
            target=stage,
            opened_on=opened_on,
            awareness=awareness,
            closed_on=None,
            placed=placed,
            force_secondary=force_secondary,
            force_change=force_change,
        )
        # Foster parents come in when the placement starts; the network is found along the way.
        placed_on = history.placed_on or opened_on
        fostered_on = min(placed_on + dt.timedelta(days=rng.randint(0, 14)), self.yesterday)
        for link in family.foster:
            day = fostered_on
            raw.append((day, "person.linked", history.primary_on(day), None, _linked(link)))
        for link in family.network:
            day = self.day_between(opened_on, self.yesterday)
            raw.append((day, "person.linked", history.primary_on(day), None, _linked(link)))
        self.add_events(child=child, raw=raw)

    def add_events(self, *, child: ChildPlan, raw: list[_RawEvent]) -> None:
        """Give the child's events times of day in order: the same day's events minutes apart."""
        current_day: dt.date | None = None
        minute = 0
        for index in sorted(range(len(raw)), key=lambda i: (raw[i][0], i)):
            day, kind, actor, case_id, data = raw[index]
            if day != current_day:
                current_day, minute = day, self.rng.randint(8 * 60, 14 * 60)
            else:
                minute = min(minute + self.rng.randint(3, 45), 21 * 60 + 59)
            self.events.append(
                EventPlan(
                    occurred_at=dt.datetime(
                        day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TIME_ZONE
                    ),
                    kind=kind,
                    actor=actor,
                    child_id=child.id,
                    case_id=case_id,
                    data=data,
                )
            )

    # -- cases

    def path(self, *, target: str, placed: bool) -> list[str]:
        """The stages a case went through to reach ``target``; real cases skip some."""
        optional = {
            INITIAL_CONVERSATIONS: 0.35,
            SCREENING: 0.5,
            AFDAEKNING: 0.1,
            CHOICE_OF_MEASURE: 0.3,
            START_UP_MEETING: 0.35,
            SUPERVISION: 0.7 if placed else 0.0,
        }
        path = [RECEIVED]
        for stage in OPEN_STAGES[1 : _STAGE_INDEX[target]]:
            if self.rng.random() < optional.get(stage, 1.0):
                path.append(stage)
        if target != RECEIVED:
            path.append(target)
        return path

    def entry_dates(
        self, *, path: list[str], start: dt.date, end: dt.date, closed: bool
    ) -> list[dt.date]:
        """The day the case entered each stage of ``path``, from ``start`` to at most ``end``.

        Early stages take their typical time (compressed when the case is young); in an old case
        the long-lived stages (measure, follow-up, supervision) absorb the rest.
        """
        span = (end - start).days
        durations = [NOMINAL_DAYS[stage] * self.rng.uniform(0.6, 1.4) for stage in path[:-1]]
        budget = span * (self.rng.uniform(0.85, 0.95) if closed else self.rng.uniform(0.55, 0.85))
        total = sum(durations)
        if total > budget:
            durations = [d * budget / total for d in durations]
        else:
            long = [i for i, stage in enumerate(path[:-1]) if stage in LONG_STAGES]
            long_total = sum(durations[i] for i in long)
            for i in long:
                durations[i] += (budget - total) * durations[i] / long_total
        entries, elapsed = [start], 0.0
        for duration in durations:
            elapsed += duration
            entries.append(start + dt.timedelta(days=min(span, round(elapsed))))
        return entries

    def case(
        self,
        *,
        raw: list[_RawEvent],
        child: ChildPlan,
        primary: str,
        target: str,
        opened_on: dt.date,
        awareness: dt.date,
        closed_on: dt.date | None,
        placed: bool,
        force_secondary: bool,
        force_change: bool,
    ) -> _CaseHistory:
        """One case with its assignments and events; ``closed_on`` makes it a closed case."""
        rng = self.rng
        case_id = self.new_id()
        age = _age_on(child.birth_date, awareness)  # reports and talks fit the age back then
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

        path = self.path(target=target, placed=placed)
        entries = self.entry_dates(
            path=path, start=opened_on, end=end, closed=closed_on is not None
        )
        entered = dict(zip(path, entries, strict=True))

        def record(day: dt.date, kind: str, actor: str, data: dict[str, Any]) -> None:
            raw.append((day, kind, actor, case_id, data))

        first_worker = chain[0]
        source, summary = rng.choice([(s, t) for lo, hi, s, t in REPORTS if lo <= age <= hi])
        record(
            awareness, "underretning.received", first_worker, {"source": source, "summary": summary}
        )
        record(opened_on, "case.opened", first_worker, {"team": self.teams[team].name})
        record(opened_on, "assignment.started", leader, self.assignment_data(first_worker, PRIMARY))
        for i in range(1, len(chain)):
            record(
                starts[i], "assignment.ended", leader, self.assignment_data(chain[i - 1], PRIMARY)
            )
            record(starts[i], "assignment.started", leader, self.assignment_data(chain[i], PRIMARY))

        # A secondary caseworker: common in investigations and placements.
        probability = 0.2 if closed_on else 0.55 if target == BFU else 0.6 if placed else 0.28
        candidates = [name for name in teammates if name not in chain] or teammates
        if candidates and (force_secondary or self.chance(probability)):
            secondary = rng.choice(candidates)
            start = entered.get(BFU) or self.day_between(opened_on, end)
            if secondary in chain:  # a former primary stays on as the secondary
                start = max(start, starts[chain.index(secondary) + 1])
            self.assignments.append(AssignmentPlan(case_id, secondary, SECONDARY, start, closed_on))
            data = self.assignment_data(secondary, SECONDARY)
            record(start, "assignment.started", leader, data)
            if closed_on:
                record(closed_on, "assignment.ended", leader, data)

        for position, stage in enumerate(path[1:], start=1):
            day = entries[position]
            until = entries[position + 1] if position + 1 < len(entries) else end
            actor = history.primary_on(day)
            if stage == PLAN:
                decision = self.decision(placed=placed)
                history.placed_on = day if placed else None
                # Placement without consent is decided by the committee, presented by the leader.
                record(
                    day,
                    "decision.made",
                    leader if decision["paragraph"] == "§47" else actor,
                    decision,
                )
            record(day, "case.stage_changed", actor, {"stage": stage})
            extra = self.stage_extra(stage=stage, age=age, placed=placed)
            if extra:
                kind, data = extra
                record(
                    day + dt.timedelta(days=rng.randint(0, max(0, min(14, (until - day).days)))),
                    kind,
                    actor,
                    data,
                )

        if closed_on:
            record(closed_on, "assignment.ended", leader, self.assignment_data(chain[-1], PRIMARY))
            reasons = CLOSE_REASONS_LONG if target == CLOSING else CLOSE_REASONS_SHORT
            record(
                closed_on,
                "case.closed",
                chain[-1],
                {"stage": CLOSED, "summary": rng.choice(reasons)},
            )

        self.cases.append(
            CasePlan(
                id=case_id,
                child_id=child.id,
                team_key=team,
                stage=CLOSED if closed_on else target,
                opened_on=opened_on,
                awareness_date=awareness,
                closed_on=closed_on,
                # Every stage change raised the version, as case_change_stage does.
                version=len(path) + (1 if closed_on else 0),
            )
        )
        return history

    def assignment_data(self, username: str, role: str) -> dict[str, Any]:
        return {"caseworker": self.names[username], "role": role}

    def decision(self, *, placed: bool) -> dict[str, Any]:
        if placed and self.chance(0.8):
            return {
                "paragraph": "§46",
                "measure": "Anbringelse i plejefamilie",
                "summary": "Anbringelse uden for hjemmet med samtykke fra forældrene",
            }
        if placed:
            return {
                "paragraph": "§47",
                "measure": "Anbringelse i plejefamilie",
                "summary": "Børne- og ungeudvalget har besluttet anbringelse uden samtykke",
            }
        measure = self.rng.choice(SUPPORT_MEASURES)
        return {
            "paragraph": "§32",
            "measure": measure,
            "summary": f"Bevilget {measure[0].lower()}{measure[1:]} som støttende indsats",
        }

    def stage_extra(self, *, stage: str, age: int, placed: bool) -> tuple[str, dict] | None:
        """What usually happens while a case is in ``stage`` (shortly after it began), if any."""
        rng = self.rng
        if stage == SUPERVISION:
            return "conversation.held", {"summary": "Personligt tilsynsbesøg i plejefamilien"}
        if stage == INITIAL_CONVERSATIONS or (stage == BFU and self.chance(0.6)):
            if age < 3:
                summary = rng.choice(CONVERSATIONS_YOUNG)
            else:
                summary = rng.choice(CONVERSATIONS + (CONVERSATIONS_TEEN if age >= 13 else []))
            return "conversation.held", {"summary": summary}
        if stage == CHOICE_OF_MEASURE and self.chance(0.4):
            summary = "Netværksmøde med forældre, skole og barnet om valg af indsats"
            return "meeting.held", {"summary": summary}
        if stage == PLAN:
            goals = [goal for goal in PLAN_GOALS if placed or "plejefamilien" not in goal]
            summary = "Barnets plan udarbejdet sammen med barnet og forældrene"
            return "plan.created", {"summary": summary, "goal": rng.choice(goals)}
        if stage == START_UP_MEETING:
            summary = "Opstartsmøde med familien og udføreren af indsatsen"
            return "meeting.held", {"summary": summary}
        if stage == FOLLOW_UP:
            return "follow_up.held", {"summary": rng.choice(FOLLOW_UPS)}
        if stage == CLOSING:
            return "meeting.held", {"summary": "Afslutningsmøde med familien"}
        return None

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
