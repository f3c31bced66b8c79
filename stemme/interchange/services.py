"""Export and import of whole case histories (docs/import-format.md).

``cases_export`` reads a municipality into the exchange format and logs the export as an access
to every child. ``cases_import`` validates a whole document — schema, then every rule the models
and the database would enforce — and only when nothing is wrong writes it in one transaction
with ``bulk_create``, then derives the obligations from the imported events. Errors name the
record and field (``children[3].cases[0].events[2].occurred_at: …``) and are in Danish: the
commands are operator tools outside the web UI's message catalogue.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

import jsonschema
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation

from stemme.accounts.models import Municipality, Role, Team, User
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import AccessAction, Event
from stemme.audit.services import access_log_children
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.deadlines.rules import RULES_BY_ID, Verification
from stemme.deadlines.services import obligations_recompute_all
from stemme.interchange.fields import (
    ASSIGNMENT_FIELDS,
    CASE_FIELDS,
    CHILD_IMPLIED,
    CPR_PATTERN,
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT_VERSION,
    FULL_CLEAN_EXEMPT,
    MUNICIPALITY_CODE_PATTERN,
    PERSON_FIELDS,
    RECORD_SPECS,
    RECORD_SPECS_BY_PREFIX,
    UUID_PATTERN,
    is_user_fk,
    parse_date,
    parse_datetime,
    parse_uuid,
    record_fields,
)
from stemme.interchange.schema import load_schema
from stemme.interchange.selectors import municipality_export

EXPORT_PURPOSE = "export_cases"
EXPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.TEAM_LEADER})
BATCH_SIZE = 800

# --- Export ------------------------------------------------------------------------------------


def export_permission_check(*, user, municipality) -> None:
    """The staff member responsible for an export: an administrator or team leader there."""
    if not user.is_active:
        raise PermissionDenied(f"Brugeren {user.username} er deaktiveret.")
    if user.municipality_id != municipality.pk:
        raise PermissionDenied(f"Brugeren {user.username} hører ikke til {municipality.name}.")
    if user.role not in EXPORT_ROLES:
        raise PermissionDenied(
            f"Brugeren {user.username} er {Role(user.role).label.lower()}: kun en administrator "
            "eller en teamleder i kommunen kan stå for en eksport."
        )


def cases_export(*, municipality: Municipality, user) -> dict:
    """The municipality's children, cases and events as a format-version-1 document.

    The export shows every child's data, so it is logged as one access per child (action
    "export", purpose "export_cases") for ``user``, the staff member responsible for it.
    """
    with translation.override("da"):
        export_permission_check(user=user, municipality=municipality)
    with transaction.atomic():
        document, children = municipality_export(municipality=municipality)
        access_log_children(
            user=user, children=children, purpose=EXPORT_PURPOSE, action=AccessAction.EXPORT
        )
    return document


def export_text(document: dict) -> str:
    """The canonical bytes of a document: the same data always gives the same text."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- Import: errors and result -----------------------------------------------------------------


class ImportErrors(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, in Danish."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} fejl: " + "; ".join(self.errors[:3]))


@dataclass
class ImportResult:
    municipality: Municipality
    municipality_created: bool
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def payload_parse(raw: bytes | str) -> dict:
    """Parse the file's bytes as JSON; a syntax error names the line and column."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportErrors([f"Filen er ikke gyldig UTF-8 (byte nr. {exc.start + 1})."]) from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportErrors(
            [
                f"Ugyldig JSON i linje {exc.lineno}, kolonne {exc.colno}: "
                f"{_JSON_ERRORS.get(exc.msg, exc.msg)}."
            ]
        ) from exc


_JSON_ERRORS = {
    "Expecting ',' delimiter": "der mangler et komma",
    "Expecting ':' delimiter": "der mangler et kolon",
    "Expecting value": "der mangler en værdi",
    "Expecting property name enclosed in double quotes": (
        "der mangler et feltnavn i dobbelte anførselstegn (eller der er et komma for meget)"
    ),
    "Unterminated string starting at": "en tekst mangler sit afsluttende anførselstegn",
    "Extra data": "der står mere efter JSON-dokumentets afslutning",
    "Invalid control character at": "ugyldigt kontroltegn i en tekst",
    "Invalid \\escape": "ugyldig escape-sekvens med \\",
}


# --- Import: the schema, in Danish --------------------------------------------------------------


def path_text(parts) -> str:
    """``["children", 3, "cases", 0]`` → ``children[3].cases[0]``; the root is ``filen``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "filen"


_TYPE_NAMES = {
    "string": "en tekst",
    "integer": "et heltal",
    "number": "et tal",
    "boolean": "true eller false",
    "object": "et objekt ({…})",
    "array": "en liste ([…])",
    "null": "null",
}

_PATTERN_MESSAGES = {
    DATE_PATTERN: "skal være en dato som ÅÅÅÅ-MM-DD, fx 2026-03-01",
    DATETIME_PATTERN: "skal være et tidspunkt med tidszone, fx 2026-03-01T09:30:00+01:00",
    UUID_PATTERN: "skal være et UUID, fx 0b7d5c1e-3f2a-4c6b-9d8e-1a2b3c4d5e6f",
    CPR_PATTERN: "skal være et CPR-nummer med 10 cifre uden bindestreg, fx 0102031234",
    MUNICIPALITY_CODE_PATTERN: "skal være en kommunekode med tre cifre, fx 101",
}


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _schema_messages(error: jsonschema.ValidationError) -> list[tuple[list, str]]:
    """One or more (path, Danish message) for a jsonschema error."""
    path = list(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        return [(path + [name], "feltet mangler") for name in expected if name not in value]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            (path + [name], "ukendt felt (se docs/import-format.md)")
            for name in value
            if name not in known
        ]
    if kind == "type":
        names = [expected] if isinstance(expected, str) else expected
        wanted = " eller ".join(_TYPE_NAMES[name] for name in names)
        return [(path, f"skal være {wanted}, ikke {_TYPE_NAMES[_json_type(value)]}")]
    if kind == "enum":
        allowed = ", ".join(json.dumps(item, ensure_ascii=False) for item in expected)
        shown = json.dumps(value, ensure_ascii=False)
        return [(path, f"ugyldig værdi {shown}; tilladte værdier: {allowed}")]
    if kind == "const":
        if path == ["version"]:
            return [
                (
                    path,
                    f"filen har formatversion {json.dumps(value)}; denne udgave af Stemme "
                    f"læser version {FORMAT_VERSION}",
                )
            ]
        return [(path, f"skal være {json.dumps(expected, ensure_ascii=False)}")]
    if kind == "pattern":
        return [(path, _PATTERN_MESSAGES.get(expected, f"har ikke den krævede form {expected}"))]
    if kind == "maxLength":
        return [(path, f"må højst være {expected} tegn (er {len(value)})")]
    if kind == "minLength":
        return [
            (path, "må ikke være tom" if expected == 1 else f"skal være mindst {expected} tegn")
        ]
    if kind == "minimum":
        return [(path, f"skal være mindst {expected}")]
    if kind == "uniqueItems":
        return [(path, "indeholder den samme værdi flere gange")]
    return [(path, error.message)]  # pragma: no cover - a keyword the schema does not use


def _path_key(parts) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in parts)


def schema_errors(payload) -> list[str]:
    validator = jsonschema.Draft202012Validator(load_schema())
    found = []
    for error in validator.iter_errors(payload):
        found += _schema_messages(error)
    found.sort(key=lambda item: (_path_key(item[0]), item[1]))
    return list(dict.fromkeys(f"{path_text(path)}: {message}" for path, message in found))


# --- Import ------------------------------------------------------------------------------------


def cases_import(*, payload: dict, dry_run: bool = False) -> ImportResult:
    """Import a format-version-1 document: everything, or — on any error — nothing.

    Raises ImportErrors with every problem found before anything is written. With ``dry_run``
    the whole import runs and is rolled back, so the result counts what would be written.
    """
    with translation.override("da"):
        errors = schema_errors(payload)
        if errors:
            raise ImportErrors(errors)
        importer = _Importer(payload)
        importer.validate()
        if importer.errors:
            raise ImportErrors(importer.errors)
        try:
            with transaction.atomic():
                result = importer.write(dry_run=dry_run)
                if dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:  # a concurrent write that validation could not foresee
            raise ImportErrors([f"Databasen afviste importen, intet er skrevet: {exc}"]) from exc
    return result


def _date_text(day: dt.date) -> str:
    return day.isoformat()


class _Importer:
    """Validates a schema-valid document and builds the unsaved rows; then writes them."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.errors: list[str] = []
        self.error_paths: set[str] = set()
        self.notes: list[str] = []
        self.rows: dict[str, list] = defaultdict(list)
        self.memberships: list[tuple[User, Team]] = []
        self.holiday_settings: HolidaySettings | None = None

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")
        self.error_paths.add(path)

    def clean(self, obj, path: str, *, exclude=()) -> None:
        """``full_clean`` the row; Django's (Danish) messages are mapped to the record path."""
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
                    self.error(where, message)

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
                f"{len(events)} kommunehændelser i filen er ikke indlæst, fordi kommunen "
                "findes i forvejen."
            )
        elif events:
            self.events_validate(events, "events", child_id=None, case=None)

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
                    f"kommunekode {data['code']} findes allerede med navnet «{by_code.name}»",
                )
            return
        if by_name is not None:
            self.error(
                "municipality.name",
                f"en anden kommune (kode {by_name.code}) har allerede navnet «{data['name']}»",
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
                self.error(path, f"teamet «{name}» står flere gange i filen")
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
            self.error(path, f"teamet «{name}» findes hverken i filens teams eller i kommunen")
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
                    f"{path}.username", f"brugernavnet «{username}» står flere gange i filen"
                )
                continue
            seen.add(username)
            if username in self.users:
                reused += 1  # already a member of staff in the municipality: left as it is
                continue
            if username in existing_elsewhere:
                self.error(
                    f"{path}.username",
                    f"brugernavnet «{username}» findes allerede og hører ikke til "
                    f"{self.municipality.name}",
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
                f"{reused} medarbejdere fandtes allerede i kommunen og er ikke ændret."
            )

    def user(self, username: str | None, path: str) -> User | None:
        if username is None:
            return None
        user = self.users.get(username)
        if user is None:
            self.error(
                path,
                f"brugernavnet «{username}» findes hverken i filens staff-liste eller blandt "
                "kommunens medarbejdere",
            )
        return user

    def existing_ids_load(self) -> None:
        """Which of the file's ids and CPR numbers the database already holds (one query each)."""
        children = self.payload["children"]
        cases = [case for child in children for case in child.get("cases", [])]

        def ids(values) -> set:
            return {value for value in (parse_uuid(v) for v in values) if value is not None}

        self.existing: dict = {
            "children": set(
                Child.objects.filter(pk__in=ids(c["id"] for c in children)).values_list(
                    "pk", flat=True
                )
            ),
            "cases": set(
                Case.objects.filter(pk__in=ids(c["id"] for c in cases)).values_list("pk", flat=True)
            ),
        }
        for spec in RECORD_SPECS:
            file_ids = ids(
                record["id"]
                for case in cases
                for record in case.get("records", {}).get(spec.key, [])
            )
            self.existing[spec.key] = set(
                spec.model.objects.filter(pk__in=file_ids).values_list("pk", flat=True)
            )
        self.existing_cprs = set()
        self.municipality_children: set = set()
        if not self.municipality_created:
            self.existing_cprs = set(
                Child.objects.filter(
                    municipality=self.municipality, cpr__in=[c["cpr"] for c in children]
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
            self.error(path, f"id {raw} står flere gange i filen ({noun})")
            return None
        self.seen_ids[table].add(value)
        if value in self.existing[table]:
            self.error(path, f"{noun} med id {raw} findes allerede i databasen")
            return None
        return value

    # -- children

    def child_validate(self, data: dict, path: str) -> None:
        child_id = self.new_id("children", data["id"], f"{path}.id", "et barn")
        if child_id is not None:
            self.file_children.add(child_id)
        number = data["cpr"]
        try:
            cpr_numbers.validate(number)
        except ValidationError:
            self.error(f"{path}.cpr", "de første seks cifre skal være en rigtig dato (ddmmåå)")
            encoded = None
        else:
            encoded = cpr_numbers.birth_date(number)
            if number in self.seen_cprs:
                self.error(
                    f"{path}.cpr",
                    f"CPR-nummeret {cpr_numbers.mask(number)} står ved flere børn i filen",
                )
            elif number in self.existing_cprs:
                self.error(
                    f"{path}.cpr",
                    f"et barn med CPR-nummeret {cpr_numbers.mask(number)} findes allerede i "
                    "kommunen",
                )
            self.seen_cprs.add(number)
        birth_date = encoded
        if data.get("birth_date") is not None:
            birth_date = parse_date(data["birth_date"])
            if birth_date is None:
                self.error(f"{path}.birth_date", "er ikke en gyldig dato")
            elif encoded is not None and birth_date != encoded:
                self.error(
                    f"{path}.birth_date",
                    f"fødselsdatoen {_date_text(birth_date)} passer ikke med CPR-nummeret, "
                    f"som giver {_date_text(encoded)}",
                )
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
        for index, relation in enumerate(data.get("relations", [])):
            self.relation_validate(relation, f"{path}.relations[{index}]", child)
        for index, case in enumerate(data.get("cases", [])):
            self.case_validate(case, f"{path}.cases[{index}]", child_id)
        self.events_validate(data.get("events", []), f"{path}.events", child_id=child_id, case=None)

    def relation_validate(self, data: dict, path: str, child: Child) -> None:
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
        self.rows["persons"].append(person)
        self.rows["relations"].append(link)

    # -- cases

    def case_validate(self, data: dict, path: str, child_id) -> None:
        case_id = self.new_id("cases", data["id"], f"{path}.id", "en sag")
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
                    f"en tildeling kan ikke slutte ({_date_text(row.ended_on)}) før den begyndte "
                    f"({_date_text(row.started_on)})",
                )
            if row.ended_on is None:
                if row.role in current_roles:
                    label = AssignmentRole(row.role).label.lower()
                    self.error(
                        f"{where}.ended_on",
                        f"sagen har allerede en nuværende {label} (assignments"
                        f"[{current_roles[row.role]}]); kun én må være uden ended_on",
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
                self.rows[spec.key].append(row)
        case_ref = f"case:{data['id']}"
        self.events_validate(
            data.get("events", []),
            f"{path}.events",
            child_id=child_id,
            case=(case_id, case_ref, record_ids),
        )

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
                    f"{related._meta.verbose_name} {value} findes ikke blandt sagens records.{key}",
                )
        setattr(row, field_.attname, target)

    def sibling_refs_validate(self) -> None:
        for path, target in self.sibling_refs:
            if target not in self.file_children and target not in self.municipality_children:
                self.error(path, f"barnet {target} findes hverken i filen eller i kommunen")

    def value(self, field_, value, path: str):
        """A JSON value as the model field's Python value; dates are checked to be real dates."""
        if value is None:
            return None
        where = f"{path}.{field_.name}"
        if field_.get_internal_type() == "DateTimeField":
            parsed = parse_datetime(value)
            if parsed is None:
                self.error(where, "er ikke et gyldigt tidspunkt")
            return parsed
        if field_.get_internal_type() == "DateField":
            parsed = parse_date(value)
            if parsed is None:
                self.error(where, "er ikke en gyldig dato")
            return parsed
        return value

    # -- events

    def events_validate(self, events: list, path: str, *, child_id, case) -> None:
        for index, data in enumerate(events):
            where = f"{path}[{index}]"
            if data["kind"] not in EVENT_KINDS:
                self.error(
                    f"{where}.kind",
                    f"ukendt hændelsestype «{data['kind']}»; se listen i docs/import-format.md",
                )
            occurred_at = parse_datetime(data["occurred_at"])
            if occurred_at is None:
                self.error(f"{where}.occurred_at", "er ikke et gyldigt tidspunkt")
            ref = data.get("ref", "")
            if case is not None:
                self.event_ref_validate(ref, f"{where}.ref", case)
            event = Event(
                municipality=self.municipality,
                child_id=child_id,
                case_id=case[0] if case else None,
                kind=data["kind"],
                ref=ref,
                occurred_at=occurred_at,
                actor=self.user(data.get("actor"), f"{where}.actor"),
                data=data.get("data", {}),
            )
            self.clean(event, where)
            self.rows["events"].append(event)

    def event_ref_validate(self, ref: str, path: str, case) -> None:
        """A ref to a record (``decision:<id>``) must name a record of the same case; a part of
        a record (``decision:<id>#explanation``, ``case:<id>#start``) likewise."""
        _case_id, case_ref, record_ids = case
        base = ref.partition("#")[0]
        prefix, _sep, raw = base.partition(":")
        if prefix == "case" and base != case_ref:
            self.error(path, f"{ref} er ikke denne sag ({case_ref})")
        spec = RECORD_SPECS_BY_PREFIX.get(prefix)
        if spec is None or not _sep:
            return
        if parse_uuid(raw) not in record_ids[spec.key]:
            self.error(
                path, f"henviser til {ref}, som ikke findes blandt sagens records.{spec.key}"
            )

    # -- the municipality's settings

    def settings_validate(self) -> None:
        data = self.payload["municipality"]
        overrides = data.get("rule_overrides", [])
        holidays = data.get("holiday_settings")
        if not self.municipality_created:
            if overrides or holidays is not None:
                self.notes.append(
                    "Kommunens helligdage og fristregler i filen er ikke indlæst, fordi kommunen "
                    "findes i forvejen."
                )
            return
        if holidays is not None:
            self.holiday_settings = HolidaySettings(municipality=self.municipality, **holidays)
        seen = set()
        for index, override in enumerate(overrides):
            path = f"municipality.rule_overrides[{index}]"
            rule = RULES_BY_ID.get(override["rule_id"])
            if rule is None:
                self.error(f"{path}.rule_id", f"ukendt fristregel «{override['rule_id']}»")
            elif override["rule_id"] in seen:
                self.error(f"{path}.rule_id", "reglen står flere gange i filen")
            else:
                if override.get("enabled") is False and rule.verification is Verification.LAW:
                    self.error(
                        f"{path}.enabled",
                        f"reglen er en lovbestemt pligt ({rule.legal_basis}) og kan ikke slås fra",
                    )
                if override.get("duration") is not None and rule.duration == 0:
                    self.error(
                        f"{path}.duration",
                        "fristen gælder på selve tidspunktet og kan ikke ændres",
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
        counts = {}
        order = ["teams", "staff"]
        order += ["children", "persons", "relations", "cases", "assignments"]
        order += [spec.key for spec in RECORD_SPECS] + ["events", "rule_overrides"]
        models_by_key = {
            "teams": Team,
            "staff": User,
            "children": Child,
            "persons": Person,
            "relations": ChildRelation,
            "cases": Case,
            "assignments": CaseworkerAssignment,
            "events": Event,
            "rule_overrides": RuleOverride,
        } | {spec.key: spec.model for spec in RECORD_SPECS}
        for key in order:
            rows = self.rows.get(key, [])
            # bulk_create reads the ids of the related rows saved above (teams, users, persons).
            models_by_key[key].objects.bulk_create(rows, batch_size=BATCH_SIZE)
            if key == "staff":
                membership = User.teams.through
                membership.objects.bulk_create(
                    [
                        membership(user_id=user.pk, team_id=team.pk)
                        for user, team in self.memberships
                    ],
                    batch_size=BATCH_SIZE,
                )
            counts[key] = len(rows)
        counts["obligations"] = obligations_recompute_all(municipality=self.municipality)
        return ImportResult(
            municipality=self.municipality,
            municipality_created=self.municipality_created,
            dry_run=dry_run,
            counts=counts,
            notes=self.notes,
        )
