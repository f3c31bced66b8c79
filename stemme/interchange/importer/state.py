"""What an import knows while it reads the file, and the checks every section uses.

``ImportState`` holds the unsaved rows by table, the issues found so far, the file's users and
teams and the ids the database already has. Its helpers report an issue at the JSON path of the
bad value: a row's ``full_clean``, a date or time, a new id, a username, a team, a key of the
child's registers, and the generic row of a version-2 list (``section_row``).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, Hearing, HearingParty, PlanGoal
from stemme.children.models import Child
from stemme.continuity.models import Handover
from stemme.deadlines.models import HolidaySettings
from stemme.documents.models import Document
from stemme.interchange.errors import ImportIssue
from stemme.interchange.fields import (
    CHILD_IMPLIED,
    FULL_CLEAN_EXEMPT,
    RECORD_SPECS,
    REGISTERS,
    YEAR_MAX,
    YEAR_MIN,
    Section,
    is_user_fk,
    parse_date,
    parse_datetime,
    parse_time_of_day,
    parse_uuid,
)
from stemme.journal.models import JournalNote
from stemme.letters.models import Letter
from stemme.meetings.models import Meeting
from stemme.portal.models import GoalRating, MeetingFeedback, MeetingWish, PortalMessage

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
    "journal_notes": JournalNote,
    "documents": Document,
    "hearings": Hearing,
    "hearing_parties": HearingParty,
}


def date_text(day: dt.date) -> str:
    return day.isoformat()


def not_in_records(noun: str, value: str, key: str) -> str:
    return _("%(model)s %(id)s is not among the case's records.%(list)s") % {
        "model": noun,
        "id": value,
        "list": key,
    }


@dataclass
class ChildScope:
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


class ImportState:
    """The document without its children (``payload``: they are read a batch at a time), the
    unsaved rows built from it and not yet written, and the issues found."""

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
        # Set by the municipality's section (organisation.py).
        self.municipality: Municipality | None = None
        self.municipality_created = False
        self.teams: dict[str, Team] = {}
        self.users: dict[str, User] = {}
        # Set by file_ids_start and, per batch of children, existing_ids_load.
        self.existing: dict = {}
        self.existing_stored_names: set = set()
        self.existing_cprs: set = set()
        self.municipality_children: set = set()
        self.seen_ids: dict = defaultdict(set)
        self.seen_cprs: set = set()
        self.file_children: set = set()
        self.sibling_refs: list[tuple[str, object]] = []

    @property
    def v2(self) -> bool:
        return self.version >= 2

    @property
    def v3(self) -> bool:
        return self.version >= 3

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

    # -- names the rows point to

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

    # -- ids

    def file_ids_start(self) -> None:
        """Before the first child: what the municipality holds that a child may point to, and
        nothing seen yet."""
        self.municipality_children = set()
        if not self.municipality_created:
            self.municipality_children = set(
                Child.objects.filter(municipality=self.municipality).values_list("pk", flat=True)
            )
        self.seen_ids = defaultdict(set)
        self.seen_cprs = set()
        self.file_children = set()
        self.sibling_refs = []

    def existing_ids_load(self, children: list) -> None:
        """Which of the ids and CPR numbers of ``children`` (a batch of the file's children)
        the database already holds (one query each, per table)."""
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
            "journal_notes": [r["id"] for case in cases for r in case.get("journal_notes", [])],
            "documents": [r["id"] for case in cases for r in case.get("documents", [])],
            "hearings": [r["id"] for case in cases for r in case.get("hearings", [])],
            "hearing_parties": [
                party["id"]
                for case in cases
                for hearing in case.get("hearings", [])
                for party in hearing.get("parties", [])
            ],
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

        self.existing = {}
        for table, model in ID_TABLES.items():
            wanted = sorted(ids(file_ids[table]))
            found: set = set()
            # In slices: SQLite refuses a statement with more than 32766 parameters.
            for start in range(0, len(wanted), ID_QUERY_SIZE):
                chunk = wanted[start : start + ID_QUERY_SIZE]
                found |= set(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            self.existing[table] = found
        stored_names = sorted(
            {d["stored_name"] for case in cases for d in case.get("documents", [])}
        )
        self.existing_stored_names = set()
        for start in range(0, len(stored_names), ID_QUERY_SIZE):
            self.existing_stored_names |= set(
                Document.objects.filter(
                    stored_name__in=stored_names[start : start + ID_QUERY_SIZE]
                ).values_list("stored_name", flat=True)
            )
        self.existing_cprs = set()
        if not self.municipality_created:
            numbers = [c["cpr"] for c in children]
            for start in range(0, len(numbers), ID_QUERY_SIZE):
                self.existing_cprs |= set(
                    Child.objects.filter(
                        municipality=self.municipality,
                        cpr__in=numbers[start : start + ID_QUERY_SIZE],
                    ).values_list("cpr", flat=True)
                )

    def new_id(self, table: str, raw: str, path: str, noun: str):
        """The record's UUID, if it is neither repeated in the file nor already in the database."""
        value = parse_uuid(raw)
        # Every id of the file is kept until its end: as a number, a third of a UUID object.
        seen = value.int if value is not None else None
        if seen in self.seen_ids[table]:
            self.error(
                path,
                _("id %(id)s appears more than once in the file (%(noun)s)")
                % {"id": raw, "noun": noun},
                "duplicate",
            )
            return None
        self.seen_ids[table].add(seen)
        if value in self.existing[table]:
            self.error(
                path,
                _("%(noun)s with id %(id)s already exists in the database")
                % {"noun": noun, "id": raw},
                "exists",
            )
            return None
        return value

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
        if field_.get_internal_type() == "TimeField":
            parsed = parse_time_of_day(value)
            if parsed is None:
                self.error(where, _("is not a valid time of day (e.g. 09:30)"), "time")
            return parsed
        return value

    # -- the child's keyed registers and the rows of the version-2 lists

    def key_register(self, scope: ChildScope, register: str, key: str, row, path: str) -> None:
        if key in scope.keys[register]:
            self.error(
                path,
                _("the key «%(key)s» appears more than once in %(list)s")
                % {"key": key, "list": register},
                "duplicate",
            )
            return
        scope.keys[register][key] = row

    def key_link(self, scope: ChildScope, register: str, key: str, path: str):
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

    def section_row(self, section: Section, data: dict, path: str, scope: ChildScope, **fixed):
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
