"""Writes for privacy: archive holds, and the retention job's deletion.

Each service runs in one transaction and records its event (``audit.services.event_record``).
"""

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit.services import event_record
from stemme.children.models import Child, Person
from stemme.privacy.models import ArchiveHold
from stemme.privacy.retention import Verdict, blockers_for, retention_plan
from stemme.privacy.selectors import foreign_keys, owned_rows

# Who may set or lift an archive hold, or run the deletion: leaders and administrators.
RETENTION_ROLES = frozenset({Role.TEAM_LEADER, Role.ADMINISTRATOR})


def _check_actor(actor, municipality) -> None:
    if actor is None or not actor.is_active or actor.role not in RETENTION_ROLES:
        raise ValidationError(_("Only a team leader or an administrator may do this."))
    if actor.municipality_id != municipality.pk:
        raise ValidationError(_("The user does not belong to the child's municipality."))


def archive_hold_set(*, actor, child: Child, reason: str, set_on: dt.date | None = None):
    """Keep ``child``'s records for the archive: the retention job will not delete them."""
    _check_actor(actor, child.municipality)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the records are kept.")})
    with transaction.atomic():
        hold = ArchiveHold.objects.create(
            child=child, reason=reason, set_on=set_on or timezone.localdate(), set_by=actor
        )
        event_record(
            actor=actor,
            municipality=child.municipality,
            kind="archive_hold.set",
            child=child,
            ref=f"archive_hold:{hold.pk}",
            data={"reason": reason},
        )
    return hold


def archive_hold_lift(*, actor, hold: ArchiveHold, reason: str) -> ArchiveHold:
    _check_actor(actor, hold.child.municipality)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the hold is lifted.")})
    with transaction.atomic():
        updated = ArchiveHold.objects.filter(pk=hold.pk, lifted_on__isnull=True).update(
            lifted_on=timezone.localdate(), lifted_by=actor, lift_reason=reason
        )
        if not updated:
            raise ValidationError(_("The hold is already lifted."))
        event_record(
            actor=actor,
            municipality=hold.child.municipality,
            kind="archive_hold.lifted",
            child=hold.child,
            ref=f"archive_hold:{hold.pk}",
            data={"reason": reason},
        )
    hold.refresh_from_db()
    return hold


class RetentionBlocked(Exception):
    """Deletion refused before anything was deleted; ``verdicts`` are the blocked children."""

    def __init__(self, verdicts: list[Verdict]):
        self.verdicts = verdicts
        super().__init__(f"{len(verdicts)} children cannot be deleted")


def _delete_child(child: Child) -> dict:
    """Delete every row of the child's own records, the people only they name, and the child.

    Raw deletes, so that the order of PROTECT foreign keys between the child's own rows does
    not matter: the database checks the (deferred) foreign keys when the transaction commits,
    and anything outside that still pointed at them would roll the whole deletion back.
    """
    owned = owned_rows(child)
    counts = {}
    person_ids = set()
    for model, rows in owned.items():
        ids = list(rows)
        for fk in foreign_keys(model):
            if fk.related_model is Person:
                person_ids |= {getattr(row, fk.attname) for row in rows.values()} - {None}
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            if m2m.related_model is Person:
                person_ids |= set(
                    through.objects.filter(**{f"{source}__in": ids}).values_list(
                        m2m.m2m_reverse_field_name(), flat=True
                    )
                )
            through.objects.filter(**{f"{source}__in": ids})._raw_delete(connection.alias)
        counts[model._meta.label] = len(ids)
    for model, rows in owned.items():
        model._default_manager.filter(pk__in=list(rows))._raw_delete(connection.alias)
    Child.objects.filter(pk=child.pk)._raw_delete(connection.alias)
    # The people only this child's records named: nobody else's records point to them now.
    person_models = [
        (model, fk.attname)
        for model in _models_with_fk_to(Person)
        for fk in foreign_keys(model)
        if fk.related_model is Person
    ]
    orphans = [
        pk
        for pk in person_ids
        if not any(m._default_manager.filter(**{name: pk}).exists() for m, name in person_models)
        and not _in_any_m2m(pk)
    ]
    Person.objects.filter(pk__in=orphans)._raw_delete(connection.alias)
    counts["children.Person"] = len(orphans)
    return counts


def _models_with_fk_to(target):
    return [
        model
        for model in apps.get_models()
        if any(f.related_model is target for f in foreign_keys(model))
    ]


def _in_any_m2m(person_id) -> bool:
    for model in apps.get_models():
        for m2m in model._meta.many_to_many:
            if m2m.related_model is Person:
                through = m2m.remote_field.through
                if through.objects.filter(**{m2m.m2m_reverse_field_name(): person_id}).exists():
                    return True
    return False


def retention_apply(*, actor, municipality, today: dt.date | None = None) -> list[Verdict]:
    """Delete every due child of ``municipality`` — or nothing at all.

    The plan is made first; if any due child is blocked (audit rows, another child's records),
    nothing is deleted and ``RetentionBlocked`` names them. Otherwise each child is deleted in
    one transaction with a ``retention.child_deleted`` event that keeps the child's id but no
    personal data.
    """
    _check_actor(actor, municipality)
    if actor.role != Role.ADMINISTRATOR:
        raise ValidationError(_("Only an administrator may run the deletion."))
    due = [v for v in retention_plan(today=today, municipality=municipality) if v.due]
    blocked = [v for v in due if v.blockers]
    if blocked:
        raise RetentionBlocked(blocked)
    deleted = []
    for verdict in due:
        with transaction.atomic():
            child = Child.objects.select_for_update().filter(pk=verdict.child_id).first()
            if child is None:
                continue
            if blockers_for(child):  # written to since the plan was made
                raise RetentionBlocked([verdict])
            counts = _delete_child(child)
            event_record(
                actor=actor,
                municipality=municipality,
                kind="retention.child_deleted",
                data={
                    "child_id": verdict.child_id,
                    "last_closed": verdict.last_closed.isoformat(),
                    "reason": verdict.reason,
                    "rows": counts,
                },
            )
        deleted.append(verdict)
    return deleted
