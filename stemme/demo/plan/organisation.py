"""Staff and teams, the children with their registration events, and their families."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from stemme.children.cpr import century
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    ADMINISTRATOR,
    AFDAEKNING,
    AGE_WEIGHTS,
    BOY,
    CASES_PER_CASEWORKER,
    CASEWORKER,
    CASEWORKERS_PER_TEAM,
    CLOSING,
    DEMO_EMAIL_DOMAIN,
    GIRL,
    JOB_TITLES,
    OTHER,
    PLACEMENT_STAGES,
    SCREENING,
    STAGE_WEIGHTS,
    SUPERVISION,
    TEAM_DEPARTMENTS,
    TEAM_LEADER,
    TEAM_NAMES,
    VOICE_KINDS,
    VOICE_REFS,
)
from stemme.demo.plan.helpers import age_on, at_minute, child_name, cpr_mod11_sum, years_before
from stemme.demo.plan.records import (
    ChildPlan,
    EventPlan,
    PersonPlan,
    RelationPlan,
    StaffPlan,
    TeamPlan,
)
from stemme.demo.plan.state import Family, Link, RawEvent, Schedule, linked
from stemme.demo.plan.texts import BOY_NAMES, CLUBS, DAYCARES, GIRL_NAMES, SCHOOLS


class OrganisationBuilder(BuilderBase):
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
            department = TEAM_DEPARTMENTS[key % len(TEAM_DEPARTMENTS)]
            self.teams.append(TeamPlan(key=key, name=name, department=department))
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

    def birth_date(self, *, min_age_days: int) -> dt.date | None:
        """A birth date under 18 years before today and at least ``min_age_days`` before it."""
        latest_possible = self.today - dt.timedelta(days=min_age_days)
        weights, ranges = [], []
        for years_old, weight in enumerate(AGE_WEIGHTS):
            latest = min(years_before(self.today, years_old), latest_possible)
            earliest = years_before(self.today, years_old + 1) + dt.timedelta(days=1)
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
        earlier: Schedule | None = None
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
        age = age_on(birth, self.today)

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

        raw: list[RawEvent] = []
        histories = []
        first_state, first_decision = len(self.case_states), len(self.steps["decisions"])
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
        registration: list[RawEvent] = [
            (day, minute, "child.created", registrar, None, "", {"name": child_name(child)}, None)
        ]
        for link in family.parents:
            minute += rng.randint(1, 4)
            registration.append(
                (day, minute, "person.linked", registrar, None, "", linked(link), None)
            )
        raw[:0] = registration  # first in the day's order: the case is opened after it
        # Foster parents come in when the placement starts; the network is found along the way.
        opened_on = self.workday(schedule.opened, self.yesterday)
        placed_on = history.placed_on or opened_on
        fostered_on = min(placed_on + dt.timedelta(days=rng.randint(0, 14)), self.yesterday)
        for link in family.foster:
            day = self.workday(fostered_on, self.yesterday)
            raw.append(
                (day, None, "person.linked", history.primary_on(day), None, "", linked(link), None)
            )
        for link in family.network:
            day = self.workday(self.day_between(opened_on, self.yesterday), self.yesterday)
            raw.append(
                (day, None, "person.linked", history.primary_on(day), None, "", linked(link), None)
            )
        self.add_events(child=child, raw=raw)
        # The case file, once the child's events have their times (from its own generator).
        self.case_file(
            child=child,
            parents=family.parents,
            states=self.case_states[first_state:],
            decisions=self.steps["decisions"][first_decision:],
        )

    def add_events(self, *, child: ChildPlan, raw: list[RawEvent]) -> None:
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
            at = at_minute(day, minutes[position])
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
    ) -> Link:
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

    def family(self, *, child: ChildPlan, age: int, placed: bool) -> Family:
        """The child's parents, foster parents if placed, and a network of one to four people."""
        rng = self.rng
        home = self.address()
        last = child.last_name
        mother_last = last if self.chance(0.75) else self.last_name()
        family = Family(parents=[], foster=[], network=[])

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
