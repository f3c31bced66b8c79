"""The import's validation and writing (``services.cases_import`` is the entry point).

``Importer.validate`` checks a schema-valid document against the database and the models and
builds every row unsaved; ``Importer.write`` (inside the caller's transaction) writes them with
``bulk_create`` in dependency order. Errors are ``ImportIssue``s with the JSON path of the bad
value. A version-1 file is read with version 1's rules: it has none of the version-2 lists, and
refs to meetings, handovers and the child's registers in its events are not checked.
"""

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, Role, Team, User
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Plan, PlanGoal
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import HolidaySettings, Obligation, RuleOverride
from stemme.deadlines.rules import RULES_BY_ID, Verification
from stemme.deadlines.services import obligations_recompute_all
from stemme.interchange.errors import ImportIssue, data_problem
from stemme.interchange.fields import (
    AGENDA_ITEMS,
    ASSIGNMENT_FIELDS,
    BISIDDERE,
    CASE_FIELDS,
    CASE_REF_PREFIXES,
    CHILD_IMPLIED,
    FEEDBACK,
    FULL_CLEAN_EXEMPT,
    GOALS,
    HANDOVERS,
    LETTERS,
    MEETINGS,
    MESSAGES,
    NETWORK,
    PARTICIPANTS,
    PERSON_FIELDS,
    PROFILES,
    RATINGS,
    RECORD_SPECS,
    RECORD_SPECS_BY_PREFIX,
    REGISTER_REF_PREFIXES,
    REGISTERS,
    RESTRICTIONS,
    STORIES,
    TOPICS,
    WISHES,
    YEAR_MAX,
    YEAR_MIN,
    Section,
    is_user_fk,
    parse_date,
    parse_datetime,
    parse_uuid,
    record_fields,
)
from stemme.letters.models import Letter
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.portal.models import (
    AccountKind,
    GoalRating,
    MeetingFeedback,
    MeetingWish,
    PortalAccount,
    PortalMessage,
)
from stemme.portal.services.accounts import ALPHABET, LOGIN_ID_LENGTH, format_grouped

BATCH_SIZE = 800
ID_QUERY_SIZE = 10_000

# Rows with a UUID of their own, by the table name used for the duplicate checks.
ID_TABLES = {
    "children": Child,
    "cases": Case,
    **{spec.key: spec.model for spec in RECORD_SPECS},
    "meetings": Meeting,
    "handovers": Handover,
    "plan_goals": PlanGoal,
    "ratings": GoalRating,
    "letters": Letter,
    "portal_messages": PortalMessage,
    "feedback": MeetingFeedback,
    "wishes": MeetingWish,
}

# Write order: a row's foreign keys point to rows written before it.
WRITE_ORDER: tuple[tuple[str, type], ...] = (
    ("teams", Team),
    ("staff", User),
    ("children", Child),
    ("persons", Person),
    ("relations", ChildRelation),
    ("cases", Case),
    ("assignments", CaseworkerAssignment),
    *((spec.key, spec.model) for spec in RECORD_SPECS),
    ("network", NetworkMember),
    ("bisiddere", Bisidder),
    ("safety_restrictions", SafetyRestriction),
    ("participation_profiles", ParticipationProfile),
    ("stories", ChildStory),
    ("meetings", Meeting),
    ("participants", MeetingParticipant),
    ("next_time_topics", NextTimeTopic),
    ("agenda_items", AgendaItem),
    ("handovers", Handover),
    ("plan_goals", PlanGoal),
    ("portal_accounts", PortalAccount),
    ("portal_messages", PortalMessage),
    ("feedback", MeetingFeedback),
    ("wishes", MeetingWish),
    ("ratings", GoalRating),
    ("letters", Letter),
    ("events", Event),
    ("rule_overrides", RuleOverride),
)


def count_labels() -> dict[str, str]:
    """What each count of the result is, in words (the models' plural names)."""
    labels = {key: str(model._meta.verbose_name_plural) for key, model in WRITE_ORDER}
    labels["obligations"] = str(Obligation._meta.verbose_name_plural)
    return labels


@dataclass
class ImportResult:
    municipality: Municipality
    municipality_created: bool
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _date_text(day: dt.date) -> str:
    return day.isoformat()


@dataclass
class _ChildScope:
    """What the rows of one child may point to, and the links checked once all are read."""

    child_id: object
    path: str
    # Keyed register rows by list name ("relations", "network", …): {key: unsaved row}.
    keys: dict = field(default_factory=lambda: defaultdict(dict))
    meetings: set = field(default_factory=set)
    topics: dict = field(default_factory=dict)  # meeting id → its NextTimeTopic rows
    statements: set = field(default_factory=set)
    meeting_links: list = field(default_factory=list)  # (path, meeting id, row, attname)
    topic_links: list = field(default_factory=list)  # (path, meeting id, index, row)
    statement_links: list = field(default_factory=list)  # (path, statement id)
    portal_rows: list = field(default_factory=list)  # rows written by the child's account


class Importer:
    """Validates a schema-valid document and builds the unsaved rows; then writes them."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.version = payload["version"]
        self.issues: list[ImportIssue] = []
        self.error_paths: set[str] = set()
        self.notes: list[str] = []
        self.rows: dict[str, list] = defaultdict(list)
        self.memberships: list[tuple[User, Team]] = []
        self.m2m: list[tuple[type, dict]] = []  # (through model, {field: unsaved row})
        self.times: list[tuple[object, str, dt.datetime]] = []
        self.event_refs: list[tuple[Event, str, object, str]] = []
        self.holiday_settings: HolidaySettings | None = None

    @property
    def v2(self) -> bool:
        return self.version >= 2

    def error(self, path: str, message: str, code: str = "invalid") -> None:
        self.issues.append(ImportIssue(path, str(message), code))
        self.error_paths.add(path)

    def clean(self, obj, path: str, *, exclude=()) -> None:
        """``full_clean`` the row; Django's messages are mapped to the record path."""
        exclude = set(exclude) | {f.name for f in obj._meta.concrete_fields if f.is_relation}
        exclude |= FULL_CLEAN_EXEMPT.get(type(obj), frozenset())
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                where = path if name == NON_FIELD_ERRORS else f"{path}.{name}"
                if where in self.error_paths:
                    continue  # already reported, e.g. a date that is not a real date
                for message in messages:
                    self.error(where, message, "model")

    # -- the whole document

    def validate(self) -> None:
        self.municipality_validate()
        self.teams_validate()
        self.staff_validate()
        self.existing_ids_load()
        for index, child in enumerate(self.payload["children"]):
            self.child_validate(child, f"children[{index}]")
        self.sibling_refs_validate()
        self.settings_validate()
        events = self.payload.get("events", [])
        if events and not self.municipality_created:
            self.notes.append(
                _(
                    "%(count)s municipality events in the file were not imported, because the "
                    "municipality already exists."
                )
                % {"count": len(events)}
            )
        elif events:
            self.events_validate(events, "events", scope=None, case=None)

    def municipality_validate(self) -> None:
        data = self.payload["municipality"]
        by_code = Municipality.objects.filter(code=data["code"]).first()
        by_name = Municipality.objects.filter(name=data["name"]).first()
        self.municipality_created = by_code is None
        if by_code is not None:
            self.municipality = by_code
            if by_code.name != data["name"]:
                self.error(
                    "municipality.name",
                    _("municipality code %(code)s already exists with the name «%(name)s»")
                    % {"code": data["code"], "name": by_code.name},
                    "municipality",
                )
            return
        if by_name is not None:
            self.error(
                "municipality.name",
                _("another municipality (code %(code)s) already has the name «%(name)s»")
                % {"code": by_name.code, "name": data["name"]},
                "municipality",
            )
        self.municipality = Municipality(
            name=data["name"],
            code=data["code"],
            caseworkers_see_team_children=data.get("caseworkers_see_team_children", False),
        )
        self.clean(self.municipality, "municipality")

    def teams_validate(self) -> None:
        self.teams: dict[str, Team] = {}
        if not self.municipality_created:
            self.teams = {
                team.name: team for team in Team.objects.filter(municipality=self.municipality)
            }
        seen = set()
        for index, data in enumerate(self.payload.get("teams", [])):
            path, name = f"teams[{index}].name", data["name"]
            if name in seen:
                self.error(
                    path,
                    _("the team «%(name)s» appears more than once in the file") % {"name": name},
                    "duplicate",
                )
                continue
            seen.add(name)
            if name in self.teams:
                continue  # the municipality already has it
            team = Team(municipality=self.municipality, name=name)
            self.clean(team, f"teams[{index}]")
            self.teams[name] = team
            self.rows["teams"].append(team)

    def team(self, name: str, path: str) -> Team | None:
        team = self.teams.get(name)
        if team is None:
            self.error(
                path,
                _("the team «%(name)s» is neither in the file's teams nor in the municipality")
                % {"name": name},
                "unknown_team",
            )
        return team

    def staff_validate(self) -> None:
        self.users: dict[str, User] = {}
        if not self.municipality_created:
            self.users = {
                user.username: user for user in User.objects.filter(municipality=self.municipality)
            }
        staff = self.payload.get("staff", [])
        existing_elsewhere = {
            user.username: user
            for user in User.objects.filter(username__in=[s["username"] for s in staff])
            if user.username not in self.users
        }
        seen, reused = set(), 0
        for index, data in enumerate(staff):
            path, username = f"staff[{index}]", data["username"]
            if username in seen:
                self.error(
                    f"{path}.username",
                    _("the username «%(username)s» appears more than once in the file")
                    % {"username": username},
                    "duplicate",
                )
                continue
            seen.add(username)
            if username in self.users:
                reused += 1  # already a member of staff in the municipality: left as it is
                continue
            if username in existing_elsewhere:
                self.error(
                    f"{path}.username",
                    _(
                        "the username «%(username)s» already exists and does not belong to "
                        "%(municipality)s"
                    )
                    % {"username": username, "municipality": self.municipality.name},
                    "other_municipality",
                )
                continue
            user = User(
                username=username,
                municipality=self.municipality,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                role=data.get("role", Role.CASEWORKER),
                job_title=data.get("job_title", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                is_active=data.get("is_active", True),
            )
            # Passwords are never exported: the user logs in via SSO or gets a reset link.
            user.set_unusable_password()
            self.clean(user, path)
            for team_index, name in enumerate(data.get("teams", [])):
                team = self.team(name, f"{path}.teams[{team_index}]")
                if team is not None:
                    self.memberships.append((user, team))
            self.users[username] = user
            self.rows["staff"].append(user)
        if reused:
            self.notes.append(
                _(
                    "%(count)s staff members already existed in the municipality and were not "
                    "changed."
                )
                % {"count": reused}
            )

    def user(self, username: str | None, path: str) -> User | None:
        if username is None:
            return None
        user = self.users.get(username)
        if user is None:
            self.error(
                path,
                _(
                    "the username «%(username)s» is neither in the file's staff list nor among "
                    "the municipality's staff"
                )
                % {"username": username},
                "unknown_user",
            )
        return user

    def existing_ids_load(self) -> None:
        """Which of the file's ids and CPR numbers the database already holds (one query each)."""
        children = self.payload["children"]
        cases = [case for child in children for case in child.get("cases", [])]
        meetings = [meeting for case in cases for meeting in case.get("meetings", [])]
        goals = [goal for case in cases for goal in case.get("plan_goals", [])]
        owners = [*children, *cases]
        file_ids: dict[str, list] = {
            "children": [c["id"] for c in children],
            "cases": [c["id"] for c in cases],
            "meetings": [m["id"] for m in meetings],
            "handovers": [h["id"] for case in cases for h in case.get("handovers", [])],
            "plan_goals": [g["id"] for g in goals],
            "ratings": [r["id"] for g in goals for r in g.get("ratings", [])],
            "letters": [r["id"] for owner in owners for r in owner.get("letters", [])],
            "portal_messages": [
                r["id"] for owner in owners for r in owner.get("portal_messages", [])
            ],
            "feedback": [r["id"] for m in meetings for r in m.get("feedback", [])],
            "wishes": [r["id"] for m in meetings for r in m.get("wishes", [])],
        }
        for spec in RECORD_SPECS:
            file_ids[spec.key] = [
                record["id"]
                for case in cases
                for record in case.get("records", {}).get(spec.key, [])
            ]
            if spec.model in CHILD_IMPLIED:
                file_ids[spec.key] += [r["id"] for c in children for r in c.get(spec.key, [])]

        def ids(values) -> set:
            return {value for value in (parse_uuid(v) for v in values) if value is not None}

        self.existing: dict = {}
        for table, model in ID_TABLES.items():
            wanted = sorted(ids(file_ids[table]))
            found: set = set()
            # In slices: SQLite refuses a statement with more than 32766 parameters.
            for start in range(0, len(wanted), ID_QUERY_SIZE):
                chunk = wanted[start : start + ID_QUERY_SIZE]
                found |= set(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            self.existing[table] = found
        self.existing_cprs = set()
        self.municipality_children: set = set()
        if not self.municipality_created:
            numbers = [c["cpr"] for c in children]
            for start in range(0, len(numbers), ID_QUERY_SIZE):
                self.existing_cprs |= set(
                    Child.objects.filter(
                        municipality=self.municipality,
                        cpr__in=numbers[start : start + ID_QUERY_SIZE],
                    ).values_list("cpr", flat=True)
                )
            self.municipality_children = set(
                Child.objects.filter(municipality=self.municipality).values_list("pk", flat=True)
            )
        self.seen_ids: dict = defaultdict(set)
        self.seen_cprs: set = set()
        self.file_children: set = set()
        self.sibling_refs: list[tuple[str, object]] = []

    def new_id(self, table: str, raw: str, path: str, noun: str):
        """The record's UUID, if it is neither repeated in the file nor already in the database."""
        value = parse_uuid(raw)
        if value in self.seen_ids[table]:
            self.error(
                path,
                _("id %(id)s appears more than once in the file (%(noun)s)")
                % {"id": raw, "noun": noun},
                "duplicate",
            )
            return None
        self.seen_ids[table].add(value)
        if value in self.existing[table]:
            self.error(
                path,
                _("%(noun)s with id %(id)s already exists in the database")
                % {"noun": noun, "id": raw},
                "exists",
            )
            return None
        return value

    # -- children

    def child_validate(self, data: dict, path: str) -> None:
        child_id = self.new_id("children", data["id"], f"{path}.id", _("a child"))
        if child_id is not None:
            self.file_children.add(child_id)
        number = data["cpr"]
        if not (number.isascii() and number.isdigit()):
            # The schema's \d also lets other scripts' digits through.
            message = _("must be a CPR number of 10 digits without a dash, e.g. 0102031234")
            self.error(f"{path}.cpr", message, "format")
            encoded = None
        else:
            encoded = self.cpr_checked(number, path)
        birth_date = encoded
        if data.get("birth_date") is not None:
            birth_date = self.date(data["birth_date"], f"{path}.birth_date")
            if birth_date is not None and encoded is not None and birth_date != encoded:
                self.error(
                    f"{path}.birth_date",
                    _(
                        "the date of birth %(given)s does not match the CPR number, which gives "
                        "%(encoded)s"
                    )
                    % {"given": _date_text(birth_date), "encoded": _date_text(encoded)},
                    "birth_date",
                )
        self.child_rest_validate(data, path, child_id, number, birth_date)

    def cpr_checked(self, number: str, path: str) -> dt.date | None:
        """The birth date the CPR number gives, if it is a real date and new to the
        municipality and the file."""
        try:
            cpr_numbers.validate(number)
        except ValidationError:
            self.error(f"{path}.cpr", _("the first six digits must be a real date (ddmmyy)"), "cpr")
            encoded = None
        else:
            encoded = cpr_numbers.birth_date(number)
            if number in self.seen_cprs:
                self.error(
                    f"{path}.cpr",
                    _("the CPR number %(cpr)s appears for more than one child in the file")
                    % {"cpr": cpr_numbers.mask(number)},
                    "duplicate",
                )
            elif number in self.existing_cprs:
                self.error(
                    f"{path}.cpr",
                    _("a child with the CPR number %(cpr)s already exists in the municipality")
                    % {"cpr": cpr_numbers.mask(number)},
                    "exists",
                )
            self.seen_cprs.add(number)
        return encoded

    def child_rest_validate(self, data: dict, path: str, child_id, number, birth_date) -> None:
        """The child's row and everything under it."""
        child = Child(
            id=child_id,
            municipality=self.municipality,
            first_name=data["first_name"],
            last_name=data["last_name"],
            cpr=number,
            birth_date=birth_date,
            gender=data.get("gender", ""),
        )
        self.clean(child, path, exclude={"id", "birth_date"})
        self.rows["children"].append(child)
        scope = _ChildScope(child_id=child_id, path=path)
        for index, relation in enumerate(data.get("relations", [])):
            self.relation_validate(relation, f"{path}.relations[{index}]", child, scope)
        if self.v2:
            self.registers_validate(data, path, scope)
            for spec in RECORD_SPECS:
                if spec.model not in CHILD_IMPLIED:
                    continue
                for index, record in enumerate(data.get(spec.key, [])):
                    where = f"{path}.{spec.key}[{index}]"
                    row = self.record_build(spec, record, where, None, {}, child_id)
                    if row.pk is not None and spec.key == "statements":
                        scope.statements.add(row.pk)
                    self.rows[spec.key].append(row)
        for index, case in enumerate(data.get("cases", [])):
            self.case_validate(case, f"{path}.cases[{index}]", child_id, scope)
        child_refs = None
        if self.v2:
            child_refs = {name: set() for name in CASE_REF_PREFIXES.values()}
            self.letters_and_messages(data, path, scope, case_id=None, refs=child_refs)
        self.events_validate(
            data.get("events", []), f"{path}.events", scope=scope, case=None, refs=child_refs
        )
        if self.v2:
            self.scope_links_validate(scope)

    def relation_validate(self, data: dict, path: str, child: Child, scope) -> None:
        person = Person(
            municipality=self.municipality,
            **{name: data.get(name, "") for name in PERSON_FIELDS},
        )
        link = ChildRelation(
            child=child,
            person=person,
            relation=data["relation"],
            has_custody=data.get("has_custody", False),
            note=data.get("note", ""),
        )
        self.clean(person, path)
        self.clean(link, path)
        if "key" in data:
            self.key_register(scope, "relations", data["key"], person, f"{path}.key")
        self.rows["persons"].append(person)
        self.rows["relations"].append(link)

    # -- the child's registers (format version 2)

    def key_register(self, scope, register: str, key: str, row, path: str) -> None:
        if key in scope.keys[register]:
            self.error(
                path,
                _("the key «%(key)s» appears more than once in %(list)s")
                % {"key": key, "list": register},
                "duplicate",
            )
            return
        scope.keys[register][key] = row

    def key_link(self, scope, register: str, key: str, path: str):
        """The row a key names in the child's ``register`` list (``relations``, ``network``…)."""
        row = scope.keys[register].get(key)
        if row is None:
            self.error(
                path,
                _("«%(key)s» is not a key of the child's %(list)s")
                % {"key": key, "list": register},
                "unknown_key",
            )
        return row

    def section_row(self, section: Section, data: dict, path: str, scope, **fixed):
        """An unsaved row of a version-2 list: values, users, times and key links."""
        model = section.model
        row = model(**fixed)
        if "id" in section.fields:
            noun = str(model._meta.verbose_name)
            row.id = self.new_id(section.key, data["id"], f"{path}.id", noun)
        for name in section.fields:
            if name == "id" or name not in data:
                continue
            field_ = model._meta.get_field(name)
            value, where = data[name], f"{path}.{name}"
            if is_user_fk(field_):
                setattr(row, name, self.user(value, where))
            elif field_.is_relation:
                setattr(row, field_.attname, parse_uuid(value) if value is not None else None)
            else:
                setattr(row, name, self.value(field_, value, path))
        for json_name, model_name in section.times:
            if json_name in data:
                moment = self.moment(data[json_name], f"{path}.{json_name}")
                if moment is not None:
                    self.times.append((row, model_name, moment))
        for json_name, register in section.links:
            if data.get(json_name) is not None:
                target = self.key_link(
                    scope, REGISTERS[register], data[json_name], f"{path}.{json_name}"
                )
                setattr(row, json_name, target)
        if section.keyed and "key" in data:
            self.key_register(scope, section.key, data["key"], row, f"{path}.key")
        self.clean(row, path, exclude={"id"})
        self.rows[section.key].append(row)
        return row

    def registers_validate(self, data: dict, path: str, scope) -> None:
        child_id = scope.child_id
        for index, item in enumerate(data.get("network", [])):
            self.section_row(NETWORK, item, f"{path}.network[{index}]", scope, child_id=child_id)
        for index, item in enumerate(data.get("bisiddere", [])):
            where = f"{path}.bisiddere[{index}]"
            self.section_row(BISIDDERE, item, where, scope, child_id=child_id)
        through = {
            "persons": (SafetyRestriction.persons.through, "person", "relations"),
            "network_members": (
                SafetyRestriction.network_members.through,
                "networkmember",
                "network",
            ),
        }
        for index, item in enumerate(data.get("safety_restrictions", [])):
            where = f"{path}.safety_restrictions[{index}]"
            row = self.section_row(RESTRICTIONS, item, where, scope, child_id=child_id)
            for json_name, _register in RESTRICTIONS.key_lists:
                model, target_field, register = through[json_name]
                for position, key in enumerate(item.get(json_name, [])):
                    target = self.key_link(scope, register, key, f"{where}.{json_name}[{position}]")
                    if target is not None:
                        self.m2m.append((model, {"safetyrestriction": row, target_field: target}))
        for section in (PROFILES, STORIES):
            seen: dict[int, int] = {}
            for index, item in enumerate(data.get(section.key, [])):
                where = f"{path}.{section.key}[{index}]"
                self.section_row(section, item, where, scope, child_id=child_id)
                version = item["version"]
                if version in seen:
                    self.error(
                        f"{where}.version",
                        _("version %(version)s appears more than once (%(list)s[%(index)s])")
                        % {"version": version, "list": section.key, "index": seen[version]},
                        "duplicate",
                    )
                seen.setdefault(version, index)

    def letters_and_messages(self, data: dict, path: str, scope, *, case_id, refs) -> None:
        child_id = scope.child_id
        for index, item in enumerate(data.get("letters", [])):
            where = f"{path}.letters[{index}]"
            row = self.section_row(LETTERS, item, where, scope, child_id=child_id, case_id=case_id)
            if row.pk is not None:
                refs["letters"].add(row.pk)
        for index, item in enumerate(data.get("portal_messages", [])):
            where = f"{path}.portal_messages[{index}]"
            row = self.section_row(MESSAGES, item, where, scope, child_id=child_id, case_id=case_id)
            if row.pk is not None:
                refs["portal_messages"].add(row.pk)
            if item.get("statement") is not None:
                scope.statement_links.append((f"{where}.statement", row.statement_id))
            scope.portal_rows.append(row)

    def scope_links_validate(self, scope) -> None:
        """Links between rows of the same child, checked once the whole child is read: a
        meeting's topics carried into another meeting (maybe of another case), the statement a
        message was filed as. Then the child's account for what the child wrote in Min sag."""
        for path, meeting_id, row, attname in scope.meeting_links:
            if meeting_id not in scope.meetings:
                self.error(path, self.not_childs_meeting(meeting_id), "unknown_meeting")
            setattr(row, attname, meeting_id)
        for path, meeting_id, index, row in scope.topic_links:
            if meeting_id not in scope.meetings:
                self.error(
                    f"{path}.meeting", self.not_childs_meeting(meeting_id), "unknown_meeting"
                )
                continue
            topics = scope.topics.get(meeting_id, [])
            if index >= len(topics):
                self.error(
                    f"{path}.index",
                    _(
                        "the meeting %(id)s has no topic for next time with index %(index)s "
                        "(it has %(count)s)"
                    )
                    % {"id": meeting_id, "index": index, "count": len(topics)},
                    "unknown_topic",
                )
                continue
            row.topic = topics[index]
        for path, statement_id in scope.statement_links:
            if statement_id not in scope.statements:
                self.error(
                    path,
                    _("the statement %(id)s is not one of the child's statements in the file")
                    % {"id": statement_id},
                    "unknown_statement",
                )
        if scope.portal_rows:
            # What the child wrote in Min sag needs the child's account (the models require
            # one). Credentials never travel: the account has no PIN and is not activated;
            # staff give the child access in the new municipality as for any child.
            account = PortalAccount(child_id=scope.child_id, kind=AccountKind.CHILD)
            self.rows["portal_accounts"].append(account)
            for row in scope.portal_rows:
                row.account = account

    def not_childs_meeting(self, meeting_id) -> str:
        return _("the meeting %(id)s is not one of the child's meetings in the file") % {
            "id": meeting_id
        }

    # -- cases

    def case_validate(self, data: dict, path: str, child_id, scope) -> None:
        case_id = self.new_id("cases", data["id"], f"{path}.id", _("a case"))
        team = self.team(data["team"], f"{path}.team")
        case = Case(id=case_id, child_id=child_id, team=team)
        for name in CASE_FIELDS:
            if name != "id" and name in data:
                setattr(case, name, self.value(Case._meta.get_field(name), data[name], path))
        self.clean(case, path, exclude={"id"})
        self.rows["cases"].append(case)

        current_roles: dict[str, int] = {}
        for index, assignment in enumerate(data.get("assignments", [])):
            where = f"{path}.assignments[{index}]"
            row = CaseworkerAssignment(
                case_id=case_id,
                caseworker=self.user(assignment["caseworker"], f"{where}.caseworker"),
            )
            for name in ASSIGNMENT_FIELDS:
                if name in assignment:
                    field_ = CaseworkerAssignment._meta.get_field(name)
                    setattr(row, name, self.value(field_, assignment[name], where))
            self.clean(row, where)
            if row.ended_on is not None and row.started_on and row.ended_on < row.started_on:
                self.error(
                    f"{where}.ended_on",
                    _("an assignment cannot end (%(ended)s) before it began (%(started)s)")
                    % {"ended": _date_text(row.ended_on), "started": _date_text(row.started_on)},
                    "ended_before_started",
                )
            if row.ended_on is None:
                if row.role in current_roles:
                    self.error(
                        f"{where}.ended_on",
                        _(
                            "the case already has a current %(role)s (assignments[%(index)s]); "
                            "only one may be without ended_on"
                        )
                        % {
                            "role": AssignmentRole(row.role).label.lower(),
                            "index": current_roles[row.role],
                        },
                        "two_current",
                    )
                current_roles[row.role] = index
            self.rows["assignments"].append(row)

        records = data.get("records", {})
        record_ids: dict[str, set] = {}
        for spec in RECORD_SPECS:
            record_ids[spec.key] = set()
            for index, record in enumerate(records.get(spec.key, [])):
                where = f"{path}.records.{spec.key}[{index}]"
                row = self.record_build(spec, record, where, case_id, record_ids, child_id)
                if row.pk is not None:
                    record_ids[spec.key].add(row.pk)
                    if spec.key == "statements":
                        scope.statements.add(row.pk)
                self.rows[spec.key].append(row)
        refs = None
        if self.v2:
            refs = {name: set() for name in CASE_REF_PREFIXES.values()}
            self.meetings_validate(data, path, scope, case_id, refs)
            self.handovers_and_goals(data, path, scope, case_id, refs, record_ids)
            self.letters_and_messages(data, path, scope, case_id=case_id, refs=refs)
        case_ref = f"case:{data['id']}"
        self.events_validate(
            data.get("events", []),
            f"{path}.events",
            scope=scope,
            case=(case_id, case_ref, record_ids),
            refs=refs,
        )

    def meetings_validate(self, data: dict, path: str, scope, case_id, refs) -> None:
        for index, item in enumerate(data.get("meetings", [])):
            where = f"{path}.meetings[{index}]"
            meeting = self.section_row(MEETINGS, item, where, scope, case_id=case_id)
            meeting_id = meeting.pk
            if meeting_id is not None:
                refs["meetings"].add(meeting_id)
                scope.meetings.add(meeting_id)
            for number, participant in enumerate(item.get("participants", [])):
                self.section_row(
                    PARTICIPANTS,
                    participant,
                    f"{where}.participants[{number}]",
                    scope,
                    meeting=meeting,
                )
            topics = []
            for number, topic in enumerate(item.get("next_time_topics", [])):
                at = f"{where}.next_time_topics[{number}]"
                row = self.section_row(TOPICS, topic, at, scope, meeting=meeting)
                if topic.get("used_in") is not None:
                    scope.meeting_links.append(
                        (f"{at}.used_in", parse_uuid(topic["used_in"]), row, "used_in_id")
                    )
                topics.append(row)
            if meeting_id is not None:
                scope.topics[meeting_id] = topics
            for number, agenda in enumerate(item.get("agenda_items", [])):
                at = f"{where}.agenda_items[{number}]"
                row = self.section_row(AGENDA_ITEMS, agenda, at, scope, meeting=meeting)
                if agenda.get("carried_from") is not None:
                    scope.meeting_links.append(
                        (
                            f"{at}.carried_from",
                            parse_uuid(agenda["carried_from"]),
                            row,
                            "carried_from_id",
                        )
                    )
                topic = agenda.get("topic")
                if topic is not None:
                    scope.topic_links.append(
                        (f"{at}.topic", parse_uuid(topic["meeting"]), int(topic["index"]), row)
                    )
            for number, feedback in enumerate(item.get("feedback", [])):
                at = f"{where}.feedback[{number}]"
                row = self.section_row(FEEDBACK, feedback, at, scope, meeting=meeting)
                scope.portal_rows.append(row)
                if number > 0:
                    self.error(
                        at,
                        _("a meeting has at most one feedback from the child"),
                        "duplicate",
                    )
            for number, wish in enumerate(item.get("wishes", [])):
                at = f"{where}.wishes[{number}]"
                row = self.section_row(WISHES, wish, at, scope, meeting=meeting)
                scope.portal_rows.append(row)

    def handovers_and_goals(self, data: dict, path: str, scope, case_id, refs, record_ids) -> None:
        for index, item in enumerate(data.get("handovers", [])):
            where = f"{path}.handovers[{index}]"
            row = self.section_row(HANDOVERS, item, where, scope, case_id=case_id)
            if row.pk is not None:
                refs["handovers"].add(row.pk)
        for index, item in enumerate(data.get("plan_goals", [])):
            where = f"{path}.plan_goals[{index}]"
            goal = self.section_row(GOALS, item, where, scope)
            if goal.pk is not None:
                refs["plan_goals"].add(goal.pk)
            if goal.plan_id not in record_ids["plans"]:
                self.error(
                    f"{where}.plan",
                    self.not_in_records(str(Plan._meta.verbose_name), item["plan"], "plans"),
                    "unknown_record",
                )
            for number, rating in enumerate(item.get("ratings", [])):
                row = self.section_row(
                    RATINGS, rating, f"{where}.ratings[{number}]", scope, goal=goal
                )
                scope.portal_rows.append(row)

    def not_in_records(self, noun: str, value: str, key: str) -> str:
        return _("%(model)s %(id)s is not among the case's records.%(list)s") % {
            "model": noun,
            "id": value,
            "list": key,
        }

    def record_build(self, spec, data: dict, path: str, case_id, record_ids: dict, child_id):
        row = spec.model(case_id=case_id)
        if spec.model in CHILD_IMPLIED:
            row.child_id = child_id
        row.id = self.new_id(spec.key, data["id"], f"{path}.id", str(spec.model._meta.verbose_name))
        for field_ in record_fields(spec.model):
            name = field_.name
            if name == "id" or name not in data:
                continue
            value, where = data[name], f"{path}.{name}"
            if is_user_fk(field_):
                setattr(row, name, self.user(value, where))
            elif field_.is_relation:
                self.record_link(row, field_, value, where, record_ids)
            else:
                setattr(row, name, self.value(field_, value, path))
        self.clean(row, path, exclude={"id"})
        return row

    def record_link(self, row, field_, value, path: str, record_ids: dict) -> None:
        """A link from a step record to another: a decision or intake of the same case, or a
        sibling (a child in the file or in the municipality)."""
        if value is None:
            return
        target = parse_uuid(value)
        related = field_.related_model
        if related is Child:
            self.sibling_refs.append((path, target))
        else:
            key = next(spec.key for spec in RECORD_SPECS if spec.model is related)
            if target not in record_ids[key]:
                self.error(
                    path,
                    self.not_in_records(str(related._meta.verbose_name), value, key),
                    "unknown_record",
                )
        setattr(row, field_.attname, target)

    def sibling_refs_validate(self) -> None:
        for path, target in self.sibling_refs:
            if target not in self.file_children and target not in self.municipality_children:
                self.error(
                    path,
                    _("the child %(id)s is neither in the file nor in the municipality")
                    % {"id": target},
                    "unknown_child",
                )

    # -- values

    def date(self, value, path: str) -> dt.date | None:
        parsed = parse_date(value)
        if parsed is None:
            self.error(path, self.bad_moment(value, date=True), "date")
        return parsed

    def moment(self, value, path: str) -> dt.datetime | None:
        parsed = parse_datetime(value)
        if parsed is None:
            self.error(path, self.bad_moment(value, date=False), "time")
        return parsed

    def bad_moment(self, value, *, date: bool) -> str:
        """Not a real date or time, or one outside the years any case history has."""
        try:
            if date:
                dt.date.fromisoformat(value)
            else:
                dt.datetime.fromisoformat(value)
        except ValueError:
            return _("is not a valid date") if date else _("is not a valid time")
        limits = {"min": YEAR_MIN, "max": YEAR_MAX}
        if date:
            return _("must be a date between the years %(min)s and %(max)s") % limits
        return _("must be a time between the years %(min)s and %(max)s") % limits

    def value(self, field_, value, path: str):
        """A JSON value as the model field's Python value; dates are checked to be real dates."""
        if value is None:
            return None
        where = f"{path}.{field_.name}"
        if field_.get_internal_type() == "DateTimeField":
            return self.moment(value, where)
        if field_.get_internal_type() == "DateField":
            return self.date(value, where)
        return value

    # -- events

    def events_validate(self, events: list, path: str, *, scope, case, refs=None) -> None:
        for index, data in enumerate(events):
            where = f"{path}[{index}]"
            if data["kind"] not in EVENT_KINDS:
                self.error(
                    f"{where}.kind",
                    _("unknown event kind «%(kind)s»; see the list in docs/import-format.md")
                    % {"kind": data["kind"]},
                    "unknown_kind",
                )
            occurred_at = self.moment(data["occurred_at"], f"{where}.occurred_at")
            ref = data.get("ref", "")
            details = data.get("data", {})
            problem = data_problem(details)
            if problem:
                self.error(f"{where}.data", problem, "too_large")
            # The deadline engine reads these details: a bad one crashed the import after
            # validation (found by stemme/interchange/tests/test_fuzz_import.py).
            for key in ("due_on", "explanation_due_on", "parallel_investigation_ends_on"):
                value = details.get(key) if isinstance(details, dict) else None
                if value not in (None, ""):
                    self.date(value if isinstance(value, str) else "", f"{where}.data.{key}")
            siblings = details.get("siblings_under_15") if isinstance(details, dict) else None
            if siblings is not None and not isinstance(siblings, list):
                self.error(f"{where}.data.siblings_under_15", _("must be a list ([…])"), "type")
            event = Event(
                municipality=self.municipality,
                child_id=scope.child_id if scope else None,
                case_id=case[0] if case else None,
                kind=data["kind"],
                ref=ref,
                occurred_at=occurred_at,
                actor=self.user(data.get("actor"), f"{where}.actor"),
                data=details,
            )
            if case is not None:
                self.event_ref_validate(ref, f"{where}.ref", case)
            if self.v2 and scope is not None:
                self.event_ref_v2(event, ref, f"{where}.ref", scope, refs, in_case=case is not None)
            self.clean(event, where)
            self.rows["events"].append(event)

    def event_ref_validate(self, ref: str, path: str, case) -> None:
        """A ref to a record (``decision:<id>``) must name a record of the same case; a part of
        a record (``decision:<id>#explanation``, ``case:<id>#start``) likewise."""
        _case_id, case_ref, record_ids = case
        base = ref.partition("#")[0]
        prefix, sep, raw = base.partition(":")
        if prefix == "case" and base != case_ref:
            self.error(
                path,
                _("%(ref)s is not this case (%(case)s)") % {"ref": ref, "case": case_ref},
                "other_case",
            )
        spec = RECORD_SPECS_BY_PREFIX.get(prefix)
        if spec is None or not sep:
            return
        if parse_uuid(raw) not in record_ids[spec.key]:
            self.error(path, self.ref_missing(ref, f"records.{spec.key}"), "unknown_record")

    def ref_missing(self, ref: str, where: str) -> str:
        return _("refers to %(ref)s, which is not among the case's %(list)s") % {
            "ref": ref,
            "list": where,
        }

    def event_ref_v2(self, event: Event, ref: str, path: str, scope, refs, *, in_case) -> None:
        """Format version 2: refs to meetings, handovers, goals, letters and messages name rows
        of the same case (letters and messages without a case: of the child); refs to the
        child's registers (``network:n1``) name an entry by its key, and are written with the
        new row's id."""
        base = ref.partition("#")[0]
        prefix, sep, raw = base.partition(":")
        if not sep:
            return
        if prefix in REGISTER_REF_PREFIXES:
            register = REGISTER_REF_PREFIXES[prefix]
            if raw == f"child:{scope.child_id}":
                return
            if raw.startswith("child:"):
                self.error(
                    path,
                    _("%(ref)s is not this child (child:%(child)s)")
                    % {"ref": ref, "child": scope.child_id},
                    "other_child",
                )
                return
            target = scope.keys[register].get(raw)
            if target is None:
                self.error(
                    path,
                    _("refers to %(ref)s, which is not an entry of the child's %(list)s")
                    % {"ref": ref, "list": register},
                    "unknown_key",
                )
                return
            self.event_refs.append((event, prefix, target, ref[len(base) :]))
            return
        checked = (
            CASE_REF_PREFIXES
            if in_case
            else {"letter": "letters", "portal_message": "portal_messages"}
        )
        if prefix in checked and parse_uuid(raw) not in refs[checked[prefix]]:
            if in_case:
                self.error(path, self.ref_missing(ref, checked[prefix]), "unknown_record")
            else:
                self.error(
                    path,
                    _("refers to %(ref)s, which is not among the child's %(list)s without a case")
                    % {"ref": ref, "list": checked[prefix]},
                    "unknown_record",
                )

    # -- the municipality's settings

    def settings_validate(self) -> None:
        data = self.payload["municipality"]
        overrides = data.get("rule_overrides", [])
        holidays = data.get("holiday_settings")
        if not self.municipality_created:
            if overrides or holidays is not None:
                self.notes.append(
                    _(
                        "The municipality's holidays and deadline rules in the file were not "
                        "imported, because the municipality already exists."
                    )
                )
            return
        if holidays is not None:
            self.holiday_settings = HolidaySettings(municipality=self.municipality, **holidays)
        seen = set()
        for index, override in enumerate(overrides):
            path = f"municipality.rule_overrides[{index}]"
            rule = RULES_BY_ID.get(override["rule_id"])
            if rule is None:
                self.error(
                    f"{path}.rule_id",
                    _("unknown deadline rule «%(rule)s»") % {"rule": override["rule_id"]},
                    "unknown_rule",
                )
            elif override["rule_id"] in seen:
                self.error(
                    f"{path}.rule_id", _("the rule appears more than once in the file"), "duplicate"
                )
            else:
                if override.get("enabled") is False and rule.verification is Verification.LAW:
                    self.error(
                        f"{path}.enabled",
                        _("the rule is a statutory duty (%(basis)s) and cannot be switched off")
                        % {"basis": rule.legal_basis},
                        "statutory",
                    )
                if override.get("duration") is not None and rule.duration == 0:
                    self.error(
                        f"{path}.duration",
                        _("the deadline applies at the moment itself and cannot be changed"),
                        "fixed",
                    )
            seen.add(override["rule_id"])
            self.rows["rule_overrides"].append(
                RuleOverride(
                    municipality=self.municipality,
                    rule_id=override["rule_id"],
                    duration=override.get("duration"),
                    enabled=override.get("enabled", True),
                    reason=override["reason"],
                    changed_by=self.user(override["changed_by"], f"{path}.changed_by"),
                )
            )

    # -- writing

    def write(self, *, dry_run: bool) -> ImportResult:
        """Write every row (the caller holds the transaction), then derive the obligations."""
        if self.municipality_created:
            self.municipality.save()
        if self.holiday_settings is not None:
            self.holiday_settings.save()
        self.login_ids_assign()
        counts = {}
        for key, model in WRITE_ORDER:
            rows = self.rows.get(key, [])
            if key == "events":
                # Register refs named keys in the file; the rows have their ids now.
                for event, prefix, target, part in self.event_refs:
                    event.ref = f"{prefix}:{target.pk}{part}"
            # bulk_create reads the ids of the related rows saved above (teams, users, persons).
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            if key == "staff":
                membership = User.teams.through
                membership.objects.bulk_create(
                    [
                        membership(user_id=user.pk, team_id=team.pk)
                        for user, team in self.memberships
                    ],
                    batch_size=BATCH_SIZE,
                )
            if key == "safety_restrictions":
                self.m2m_write()
            counts[key] = len(rows)
        self.times_write()
        counts["obligations"] = obligations_recompute_all(municipality=self.municipality)
        return ImportResult(
            municipality=self.municipality,
            municipality_created=self.municipality_created,
            dry_run=dry_run,
            counts=counts,
            notes=self.notes,
        )

    def m2m_write(self) -> None:
        by_model = defaultdict(list)
        for model, links in self.m2m:
            by_model[model].append(model(**links))
        for model, rows in by_model.items():
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def times_write(self) -> None:
        """``auto_now_add`` stamps the time of writing; the history's own times go back in."""
        by_field = defaultdict(list)
        for row, name, moment in self.times:
            setattr(row, name, moment)
            by_field[type(row), name].append(row)
        for (model, name), rows in by_field.items():
            model.objects.bulk_update(rows, [name], batch_size=BATCH_SIZE)

    def login_ids_assign(self) -> None:
        """A fresh user number for each account the import makes (one query per batch)."""
        accounts = self.rows.get("portal_accounts", [])
        while True:
            wanted = [a for a in accounts if not a.login_id]
            if not wanted:
                return
            for account in wanted:
                account.login_id = format_grouped(
                    "".join(secrets.choice(ALPHABET) for _ in range(LOGIN_ID_LENGTH)), 3
                )
            candidates = [a.login_id for a in wanted]
            taken = set(
                PortalAccount.objects.filter(login_id__in=candidates).values_list(
                    "login_id", flat=True
                )
            )
            seen: set = set()
            for account in wanted:
                if account.login_id in taken or account.login_id in seen:
                    account.login_id = ""
                seen.add(account.login_id)


__all__ = ["ImportResult", "Importer", "count_labels"]
