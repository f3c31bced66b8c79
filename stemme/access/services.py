"""Writes for access beyond the ordinary rules: appointing and ending deputies (stedfortræder),
and emergency access (nødadgang) with its review. One transaction and one event each.

Who may see what follows from these rows in stemme/access/selectors.py; nothing here changes
access in any other way, and no job is needed for access to end.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.access import selectors
from stemme.access.models import DeputyAccess, EmergencyAccess
from stemme.accounts.models import Role, User
from stemme.audit.services import event_record
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child
from stemme.operations.tasks import due_check_soon

DEPUTY_MAX_DAYS = 366  # a deputy is for an absence, not a second caseload: at most a year
DEPUTY_REASON_MAX = 300
EMERGENCY_HOURS = 8  # a working day; a new need is a new, logged, reviewed use
EMERGENCY_REASON_MIN = 20
EMERGENCY_REASON_MAX = 1000
REVIEW_NOTE_MAX = 1000


def _name(user) -> str:
    return user.get_full_name() or user.username


def _leader_of(actor) -> None:
    if (
        actor is None
        or not actor.is_active
        or actor.role != Role.TEAM_LEADER
        or actor.municipality_id is None
    ):
        raise ValidationError(_("Only a team leader can do this."))


def _on_leaders_team(leader, user) -> bool:
    return (
        user.is_active
        and user.role == Role.CASEWORKER
        and user.municipality_id == leader.municipality_id
        and user.teams.filter(pk__in=leader.teams.all()).exists()
    )


# --- Deputies ------------------------------------------------------------------------------------


def deputy_appoint(
    *,
    actor,
    deputy: User,
    covered: User,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> DeputyAccess:
    """``deputy`` sees every child ``covered`` is assigned to, from ``starts_on`` to ``ends_on``
    inclusive. Both must be caseworkers on one of the leader's teams."""
    _leader_of(actor)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = {}
    if deputy is None or not _on_leaders_team(actor, deputy):
        errors["deputy"] = _("Choose a caseworker on one of your teams.")
    if covered is None or not _on_leaders_team(actor, covered):
        errors["covered"] = _("Choose a caseworker on one of your teams.")
    elif deputy is not None and deputy.pk == covered.pk:
        errors["covered"] = _("A caseworker cannot be their own deputy.")
    if starts_on is None:
        errors["starts_on"] = _("Give the first day of the deputy period.")
    elif starts_on < today:
        errors["starts_on"] = _("The first day cannot be in the past.")
    if ends_on is None:
        errors["ends_on"] = _("Give the last day of the deputy period.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    elif starts_on is not None and (ends_on - starts_on).days >= DEPUTY_MAX_DAYS:
        errors["ends_on"] = _("A deputy period can be at most one year.")
    if not reason:
        errors["reason"] = _("Say why a deputy is needed, e.g. holiday or illness.")
    elif len(reason) > DEPUTY_REASON_MAX:
        errors["reason"] = _("The reason can be at most %(max)d characters.") % {
            "max": DEPUTY_REASON_MAX
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        overlapping = DeputyAccess.objects.filter(
            deputy=deputy,
            covered=covered,
            ended_early_at__isnull=True,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        if overlapping.exists():
            raise ValidationError(
                _("%(deputy)s is already deputy for %(covered)s in part of this period.")
                % {"deputy": _name(deputy), "covered": _name(covered)}
            )
        grant = DeputyAccess.objects.create(
            municipality_id=actor.municipality_id,
            deputy=deputy,
            covered=covered,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
            appointed_by=actor,
        )
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="deputy.appointed",
            ref=f"deputy:{grant.pk}",
            data={
                "deputy": _name(deputy),
                "deputy_id": deputy.pk,
                "covered": _name(covered),
                "covered_id": covered.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "reason": reason,
            },
        )
    return grant


def deputy_end(*, actor, grant: DeputyAccess, now: dt.datetime | None = None) -> DeputyAccess:
    """End a deputy period before its end date (or cancel one not yet started): the access
    stops at once."""
    _leader_of(actor)
    now = now or timezone.now()
    if grant.municipality_id != actor.municipality_id:
        raise ValidationError(_("Only a team leader can do this."))
    if grant.ends_on < timezone.localdate(now):
        raise ValidationError(_("The deputy period has already ended."))
    with transaction.atomic():
        updated = DeputyAccess.objects.filter(pk=grant.pk, ended_early_at__isnull=True).update(
            ended_early_at=now, ended_early_by=actor
        )
        if not updated:
            raise ValidationError(_("The deputy period has already ended."))
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="deputy.ended",
            ref=f"deputy:{grant.pk}",
            data={
                "deputy": _name(grant.deputy),
                "deputy_id": grant.deputy_id,
                "covered": _name(grant.covered),
                "covered_id": grant.covered_id,
                "ends_on": grant.ends_on.isoformat(),
            },
        )
    grant.refresh_from_db()
    return grant


# --- Emergency access ---------------------------------------------------------------------------


def emergency_access_grant(
    *, actor, cpr: str, reason: str, now: dt.datetime | None = None
) -> tuple[Child, EmergencyAccess | None]:
    """Open a child outside the user's reach, in their own municipality, for a stated reason.

    Returns the child and the new ``EmergencyAccess`` — or ``None`` when the user may already see
    the child (nothing is written). An unknown CPR number is refused with a message and the
    attempt is recorded as an event all the same.
    """
    if (
        actor is None
        or not actor.is_active
        or actor.role not in (Role.CASEWORKER, Role.TEAM_LEADER)
        or actor.municipality_id is None
    ):
        raise ValidationError(_("Only caseworkers and team leaders can use emergency access."))
    now = now or timezone.now()
    try:
        number = cpr_numbers.validate(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from error
    reason = (reason or "").strip()
    if len(reason) < EMERGENCY_REASON_MIN:
        raise ValidationError(
            {
                "reason": _("Explain why you need access now, in at least %(min)d characters.")
                % {"min": EMERGENCY_REASON_MIN}
            }
        )
    if len(reason) > EMERGENCY_REASON_MAX:
        raise ValidationError(
            {
                "reason": _("The reason can be at most %(max)d characters.")
                % {"max": EMERGENCY_REASON_MAX}
            }
        )
    # Only children with a case can be shown (access follows cases): a child without one is
    # answered like an unknown number.
    child = (
        Child.objects.filter(municipality_id=actor.municipality_id, cpr=number, cases__isnull=False)
        .select_related("municipality")
        .first()
    )
    if child is None:
        with transaction.atomic():
            event_record(
                actor=actor,
                municipality=actor.municipality,
                kind="emergency_access.refused",
                data={"cpr": number, "reason": reason},
                occurred_at=now,
            )
        raise ValidationError(
            {"cpr": _("No child with this CPR number has a case in your municipality.")}
        )
    if selectors.children_visible_to(actor, now=now).filter(pk=child.pk).exists():
        return child, None
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            user=actor,
            child=child,
            reason=reason,
            granted_at=now,
            expires_at=now + dt.timedelta(hours=EMERGENCY_HOURS),
        )
        event_record(
            actor=actor,
            municipality=child.municipality,
            kind="emergency_access.granted",
            child=child,
            ref=f"emergency_access:{access.pk}",
            data={
                "reason": reason,
                "user": _name(actor),
                "expires_at": access.expires_at.isoformat(),
            },
            occurred_at=now,
        )
        # The leaders who review it are told now, not at the next timer (notifications).
        due_check_soon()
    return child, access


def emergency_access_review(*, actor, access: EmergencyAccess, note: str) -> EmergencyAccess:
    """A team leader has looked at a use of emergency access (with an optional note)."""
    _leader_of(actor)
    note = (note or "").strip()
    if len(note) > REVIEW_NOTE_MAX:
        raise ValidationError(
            {"note": _("The note can be at most %(max)d characters.") % {"max": REVIEW_NOTE_MAX}}
        )
    if access.user_id == actor.pk:
        raise ValidationError(_("Another team leader must review your own emergency access."))
    if selectors.emergency_access_for_review(actor, access.pk) is None:
        raise ValidationError(_("Only a team leader can do this."))
    with transaction.atomic():
        updated = EmergencyAccess.objects.filter(pk=access.pk, reviewed_at__isnull=True).update(
            reviewed_by=actor, reviewed_at=timezone.now(), review_note=note
        )
        if not updated:
            raise ValidationError(_("This use of emergency access has already been reviewed."))
        event_record(
            actor=actor,
            municipality=access.child.municipality,
            kind="emergency_access.reviewed",
            child=access.child,
            ref=f"emergency_access:{access.pk}",
            data={"user": _name(access.user), "note": note},
        )
    access.refresh_from_db()
    return access
