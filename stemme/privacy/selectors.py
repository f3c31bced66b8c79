"""Reads for the right of access (aktindsigt, GDPR art. 15): everything Stemme holds about a child.

**Generic on purpose.** The records are found by walking the foreign keys of every model, not
from a hand-kept list: a row belongs to the child when one of its foreign keys points to the child
or to a row that belongs to the child (a case, a meeting, a plan goal, a portal account …),
repeated until nothing new is found. A model added later is in the export without anyone
remembering to add it; the test proves it for every model with a path to the child.

People (parents, network, reporters registered as persons) are included when a record of the
child points to them. Staff are named in the records (who wrote what), because the export is for
the municipality to review before anything is handed out; the access log is given twice: as the
child portal shows it (``access_insight``: day, purpose, kind of staff and unit — no names, the
form Datatilsynet's 2024 practice asks for) and as the raw rows for the authority's review.

Secrets are never exported: password and PIN hashes and activation-code hashes
(``EXCLUDED_FIELDS``).
"""

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemme.access.fields import reporter_identity_fields
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, Person
from stemme.deadlines.labels import (
    UNIT_LABELS,
    VERIFICATION_LABELS,
    legal_basis_display,
    rule_title,
)
from stemme.participation.selectors.safety import restricted_names, restricted_people
from stemme.portal.selectors.looked import access_insight

FORMAT = "stemme-right-of-access-1"
# The two logs have their own sections; Person rows are found through the records that name them.
SEPARATE_MODELS = {Event, AccessLog, Person}
EXCLUDED_FIELDS = {"password", "secret_hash", "code_hash"}
# Technical fields that mean nothing to a reader: in the JSON file, not in the PDF's words
# (an edit counter, list positions, internal references between records).
TECHNICAL_FIELDS = {"version", "position", "session_generation", "ref", "form_key"}
# The date that tells a record apart from its siblings, in the words naming it ("Afgørelse,
# 01.12.2026"), for the records whose model has no name of its own.
NAMING_DATES = (
    "decided_on",
    "received_at",
    "started_on",
    "made_on",
    "held_on",
    "screened_on",
    "visited_on",
    "happened_on",
    "stated_on",
    "starts_at",
    "created_at",
    "recorded_at",
)


@dataclass
class Record:
    """One row: its model, its id and its fields (raw for JSON, labelled for the PDF)."""

    model: str  # app_label.ModelName
    pk: str
    values: dict
    labelled: list[tuple[str, str]]
    review: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = {"id": self.pk, **self.values}
        if self.review:
            data["_review"] = self.review
        return data


@dataclass
class Section:
    model: str
    title: str
    records: list[Record]
    singular: str = ""


@dataclass
class RightOfAccess:
    child: Child
    child_record: Record
    generated_at: dt.datetime
    sections: list[Section]
    persons: list[Record]
    events: list[dict]
    access_log: list[dict]
    access_insight: list[dict]
    review: list[str]

    def record_count(self) -> int:
        return sum(len(s.records) for s in self.sections) + len(self.persons)

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at,
            "for_review_by_the_authority": self.review,
            "child": self.child_record.as_dict(),
            "persons": [r.as_dict() for r in self.persons],
            "records": {s.model: [r.as_dict() for r in s.records] for s in self.sections},
            "events": self.events,
            "access_insight": self.access_insight,
            "access_log": self.access_log,
        }


# --- Finding the rows ----------------------------------------------------------------------------


def foreign_keys(model) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if f.many_to_one]


def _candidate_models() -> list:
    """Every model with a foreign key, except the logs and the people (their own sections)."""
    return [
        model
        for model in apps.get_models()
        if model not in SEPARATE_MODELS and model is not Child and foreign_keys(model)
    ]


def owned_rows(child: Child) -> dict:
    """{model: {pk: instance}} for every row that belongs to the child (a fixpoint)."""
    owned: dict = {Child: {child.pk: child}}
    candidates = _candidate_models()
    changed = True
    while changed:
        changed = False
        for model in candidates:
            condition = Q()
            for fk in foreign_keys(model):
                ids = owned.get(fk.related_model)
                if ids:
                    condition |= Q(**{f"{fk.attname}__in": list(ids)})
            if not condition:
                continue
            known = owned.setdefault(model, {})
            rows = model._default_manager.filter(condition).exclude(pk__in=list(known))
            for row in rows:
                known[row.pk] = row
                changed = True
    owned.pop(Child)
    return {model: rows for model, rows in owned.items() if rows}


def withheld_rows(owned: dict) -> tuple[dict, list[str]]:
    """Leave out the rows a model marks as not to be handed out before they are reviewed (its
    ``WITHHELD_FROM_ACCESS_EXPORT`` condition, e.g. internal journal notes) and every row that
    hangs on one of them (a note's versions). Returns the rows kept and what the export says
    about those left out (the model's ``withheld_from_access_export_text(count)``)."""
    dropped: dict = {}
    said = []
    for model, rows in owned.items():
        condition = getattr(model, "WITHHELD_FROM_ACCESS_EXPORT", None)
        if condition is None:
            continue
        withheld = model._default_manager.filter(condition, pk__in=list(rows))
        ids = set(withheld.values_list("pk", flat=True))
        if ids:
            dropped[model] = ids
            said.append(model.withheld_from_access_export_text(len(ids)))
    changed = bool(dropped)
    while changed:
        changed = False
        for model, rows in owned.items():
            for fk in foreign_keys(model):
                gone = dropped.get(fk.related_model)
                if not gone:
                    continue
                hanging = {pk for pk, row in rows.items() if getattr(row, fk.attname) in gone}
                hanging -= dropped.get(model, set())
                if hanging:
                    dropped.setdefault(model, set()).update(hanging)
                    changed = True
    kept = {
        model: {pk: row for pk, row in rows.items() if pk not in dropped.get(model, ())}
        for model, rows in owned.items()
    }
    return {model: rows for model, rows in kept.items() if rows}, said


# --- Shaping a row -------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return (
            f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
            if timezone.is_aware(value)
            else str(value)
        )
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class Names:
    """What a foreign key points to, in words (``str()`` of the row), each row read once."""

    def __init__(self, users: dict | None = None):
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        self._cache = {(user_model, pk): _user_label(user) for pk, user in (users or {}).items()}

    def __call__(self, model, pk) -> str:
        key = (model, pk)
        if key not in self._cache:
            row = model._default_manager.filter(pk=pk).first()
            self._cache[key] = _row_words(row) if row is not None else str(pk)
        return self._cache[key]


def _row_words(row) -> str:
    """A row in words: its own name, or (a model without one would read "Decision object
    (…)") what kind of record it is and its date."""
    if type(row).__str__ is not models.Model.__str__:
        return str(row)
    words = capfirst(str(row._meta.verbose_name))
    for name in NAMING_DATES:
        value = getattr(row, name, None)
        if isinstance(value, dt.date):
            return f"{words}, {_shown(value)}"
    return words


def _obligation_words(name: str, shown: str) -> str:
    """A duty's rule, legal basis, source and unit as the case page words them."""
    if name == "rule_id":
        return rule_title(shown)
    if name == "legal_basis":
        return legal_basis_display(shown)
    if name == "verification":
        return str(VERIFICATION_LABELS.get(shown, shown))
    if name == "unit":
        return str(UNIT_LABELS.get(shown, shown))
    return shown


def _technical(f) -> bool:
    return f.name in TECHNICAL_FIELDS or f.name.endswith("_ref")


def _label(f) -> str | None:
    """A field's label in words, or None when it has none a reader could use (a field whose
    name Django made into a label is English: a foreign key is named by what it points to)."""
    if isinstance(f.verbose_name, Promise):
        return capfirst(str(f.verbose_name))
    if f.many_to_one or f.one_to_one:
        return capfirst(str(f.related_model._meta.verbose_name))
    return None


def _user_label(user) -> str:
    return user.get_full_name() or user.username


def record_shape(instance, *, names: Names | None = None, child: Child | None = None) -> Record:
    """One row as a Record: every concrete field raw (JSON), and labelled in words (PDF).

    A foreign key to a staff member is also given by name (who wrote or did it). In the
    labelled form a foreign key to ``child`` itself is left out (it is the whole export's
    subject), and other foreign keys are named by what they point to.
    """
    names = names or Names()
    values, labelled = {}, []
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.name in EXCLUDED_FIELDS:
            continue
        raw = getattr(instance, f.attname)
        values[f.attname] = _plain(raw)
        label = None if _technical(f) else _label(f)
        if f.many_to_one and raw is not None:
            shown = names(f.related_model, raw)
            if f.related_model is user_model:
                values[f.name] = shown
            if label and not (child is not None and f.related_model is Child and raw == child.pk):
                labelled.append((label, shown))
            continue
        if label is None:
            continue
        display = getattr(instance, f"get_{f.name}_display", None) if f.choices else None
        shown = str(display()) if display and raw not in ("", None) else _shown(raw)
        if instance._meta.label == "deadlines.Obligation":
            shown = _obligation_words(f.name, shown)
        labelled.append((label, shown))
    for f in instance._meta.many_to_many:
        related = list(getattr(instance, f.name).all())
        values[f.name] = sorted(str(row.pk) for row in related)
        label = _label(f) or capfirst(str(f.related_model._meta.verbose_name_plural))
        labelled.append((label, ", ".join(sorted(_row_words(row) for row in related)) or "–"))
    return Record(model=instance._meta.label, pk=str(instance.pk), values=values, labelled=labelled)


def _person_ids(instance) -> set[str]:
    """The people a row names (foreign keys and many-to-many fields to Person)."""
    ids = {
        getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.many_to_one and f.related_model is Person
    }
    for f in instance._meta.many_to_many:
        if f.related_model is Person:
            ids |= set(getattr(instance, f.name).values_list("pk", flat=True))
    return {str(pk) for pk in ids if pk is not None}


REPORTER_WITHHELD = gettext_lazy(
    "[withheld: the reporter's identity is shown only to the case team]"
)


def _withhold_reporter_identity(instance, record: Record) -> None:
    """Replace the reporter's identity (stemme/access/fields.py) with a placeholder: the record
    stays, and so does its review note (the field still has a value)."""
    for name in reporter_identity_fields(type(instance)):
        if not record.values.get(name):
            continue
        placeholder = str(REPORTER_WITHHELD)
        record.values[name] = placeholder
        label = capfirst(str(instance._meta.get_field(name).verbose_name))
        record.labelled = [
            (shown_label, placeholder if shown_label == label else shown)
            for shown_label, shown in record.labelled
        ]


def _review_notes(instance, record: Record, *, child: Child, case_ids: set, restricted: set):
    """What the authority must look at before handing this record out."""
    notes = []
    owner_child = record.values.get("child_id")
    owner_case = record.values.get("case_id")
    if (owner_child and owner_child != str(child.pk)) or (
        owner_case and owner_case not in case_ids
    ):
        notes.append(_("Belongs to another child's case (e.g. a sibling investigation)."))
    if any(key.startswith("reporter") and value for key, value in record.values.items()):
        notes.append(_("Names the reporter: the reporter's identity is not handed out unreviewed."))
    if _person_ids(instance) & restricted:
        notes.append(_("Names a person an active safety restriction protects the child from."))
    return notes


# --- The whole export -----------------------------------------------------------------------------


def _referenced_person_ids(owned: dict) -> set:
    ids = set()
    for model, rows in owned.items():
        fks = [f.attname for f in foreign_keys(model) if f.related_model is Person]
        m2m = [f.name for f in model._meta.many_to_many if f.related_model is Person]
        for row in rows.values():
            ids |= {getattr(row, name) for name in fks} - {None}
            for name in m2m:
                ids |= set(getattr(row, name).values_list("pk", flat=True))
    return ids


def _referenced_user_ids(owned: dict, extra=()) -> set:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    ids = set(extra)
    for model, rows in owned.items():
        names = [f.attname for f in foreign_keys(model) if f.related_model is user_model]
        for row in rows.values():
            ids |= {getattr(row, name) for name in names} - {None}
    return ids


def _events(child: Child, case_ids: set, users: dict) -> list[dict]:
    rows = Event.objects.filter(Q(child=child) | Q(case_id__in=case_ids)).order_by(
        "occurred_at", "pk"
    )
    return [
        {
            "id": event.pk,
            "kind": event.kind,
            "what": str(EVENT_KINDS.get(event.kind, event.kind)),
            "occurred_at": _plain(event.occurred_at),
            "recorded_at": _plain(event.recorded_at),
            "actor": _user_label(users[event.actor_id]) if event.actor_id in users else None,
            "case_id": _plain(event.case_id),
            "ref": event.ref,
            "data": event.data,
        }
        for event in rows
    ]


def _cpr_searches(child: Child) -> Q:
    """Searches for the child's CPR number that are logged without the child (nothing shown,
    e.g. by someone without access): still a lookup of the child's data."""
    forms = {child.cpr, cpr_numbers.formatted(child.cpr), f"{child.cpr[:6]} {child.cpr[6:]}"}
    return Q(
        child__isnull=True,
        action=AccessAction.SEARCH,
        municipality_id=child.municipality_id,
        criterion__in=sorted(forms),
    )


def _access_actor(row: AccessLog) -> dict:
    """Who looked: a staff user, or a Min sag account (the child's own, or a parent's)."""
    if row.user is not None:
        return {"user": _user_label(row.user), "role": row.user.role, "portal_account": None}
    account = row.portal_account
    if account.person is not None:
        label = _("%(name)s (parent, in My case)") % {"name": account.person.full_name}
    else:
        label = _("The child, in My case")
    return {"user": label, "role": f"my_case_{account.kind}", "portal_account": str(account.pk)}


def _access_log(child: Child) -> list[dict]:
    rows = (
        AccessLog.objects.filter(Q(child=child) | _cpr_searches(child))
        .select_related("user", "portal_account__person")
        .order_by("at", "pk")
    )
    return [
        {
            "id": row.pk,
            "at": _plain(row.at),
            **_access_actor(row),
            "action": row.action,
            "action_label": str(row.get_action_display()),
            "purpose": row.purpose,
            "criterion": row.criterion,
            "result_count": row.result_count,
        }
        for row in rows
    ]


def _insight(child: Child) -> list[dict]:
    return [
        {
            "day": line.day.isoformat(),
            "who": line.who,
            "unit": line.unit,
            "what": line.what,
            "times": line.times,
            "who_key": line.who_key,
            "what_key": line.what_key,
        }
        for line in access_insight(child=child)
    ]


REVIEW = [
    gettext_lazy("This export is for the municipality to review before anything is handed out."),
    gettext_lazy(
        "It holds everything about the child, including what a party may not receive: "
        "information about third parties, staff names, and anything a person named in a safety "
        "restriction must not receive. The reporter's identity is withheld."
    ),
    gettext_lazy(
        "The access log in the form the child portal shows it names no staff; the raw access "
        "log does, for the authority's own review."
    ),
]


def _chronological(model):
    """Sort key: the model's first date or time field (oldest first), then the id."""
    dated = next(
        (
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField | models.DateTimeField)
        ),
        None,
    )

    def key(row):
        value = getattr(row, dated) if dated else None
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            day, moment = value.date(), value.time()
        elif isinstance(value, dt.date):
            day, moment = value, dt.time.min
        else:
            day, moment = dt.date.min, dt.time.min
        return (day, moment, str(row.pk))

    return key


def right_of_access_collect(*, child: Child) -> RightOfAccess:
    """Everything Stemme holds about ``child`` (call after the access is logged, so the export
    includes its own access-log row)."""
    owned, withheld = withheld_rows(owned_rows(child))
    case_model = apps.get_model("cases", "Case")
    case_ids = {str(pk) for pk in owned.get(case_model, {})}
    restricted = {str(pk) for pk in restricted_people(child=child).person_ids}
    event_actor_ids = Event.objects.filter(
        Q(child=child) | Q(case_id__in=case_ids), actor__isnull=False
    ).values_list("actor_id", flat=True)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    users = user_model.objects.in_bulk(_referenced_user_ids(owned, event_actor_ids))
    names = Names(users)
    sections = []
    for model in apps.get_models():  # INSTALLED_APPS order, then definition order
        rows = owned.get(model)
        if not rows:
            continue
        records = []
        for row in sorted(rows.values(), key=_chronological(model)):
            record = record_shape(row, names=names, child=child)
            _withhold_reporter_identity(row, record)
            record.review = _review_notes(
                row, record, child=child, case_ids=case_ids, restricted=restricted
            )
            records.append(record)
        title = capfirst(str(model._meta.verbose_name_plural))
        sections.append(Section(model._meta.label, title, records, str(model._meta.verbose_name)))
    persons = []
    for person in Person.objects.filter(pk__in=_referenced_person_ids(owned)).order_by(
        "last_name", "first_name", "pk"
    ):
        record = record_shape(person, names=names)
        if str(person.pk) in restricted:
            record.review.append(
                _(
                    "An active safety restriction protects the child from this person: they must "
                    "receive nothing about the child."
                )
            )
        persons.append(record)
    return RightOfAccess(
        child=child,
        child_record=record_shape(child, names=names),
        generated_at=timezone.now(),
        sections=sections,
        persons=persons,
        events=_events(child, case_ids, users),
        access_log=_access_log(child),
        access_insight=_insight(child),
        review=[str(text) for text in REVIEW] + withheld,
    )


def restricted_names_for(*, child: Child) -> list[str]:
    """Who an active safety restriction protects the child from (for the page's warning)."""
    return restricted_names(restricted_people(child=child))
