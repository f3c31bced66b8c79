"""Writes about the child's registers: participation profile, network, bisidder, safety.

Each service validates, writes and records its event in one transaction. None of these events
is a deadline fact, so no obligations are recomputed. The records belong to the child, not to
a case or a caseworker: they stay when the caseworker changes.

- ``profile_update``: a new version of the participation profile (``expected_version`` guards
  against two people editing at once: ``core.conflicts.EditConflict``, like every stale edit
  here).
- ``network_member_add`` / ``_update`` / ``_remove`` and ``network_reviewed_with_child``.
- ``bisidder_add`` / ``bisidder_end`` (§ 6: the bisidder must be 15 on the meeting date, which
  ``selectors.registers.bisidder_can_attend`` checks when a meeting is planned).
- ``safety_restriction_set`` / ``_update`` / ``_lift``: named people who must receive nothing
  about the child (§ 137; honour-related conflict, negative social control). Letters check it in
  ``letters.services.letter_send``. They are in ``safety`` (re-exported here); the checks both
  modules share are in ``checks``.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from stemme.cases.services.unit import date_not_future, fact_record
from stemme.children.models import Child, ChildRelation, Person
from stemme.core.conflicts import EditConflict, conflict_of, saved_values
from stemme.participation.models import (
    Bisidder,
    ContactForm,
    Importance,
    Involvement,
    NetworkMember,
    ParticipationProfile,
    Sphere,
)
from stemme.participation.services.checks import (
    _actor_or_none,
    _field_error,
    _locked_child,
    _required,
    _today,
)

# The safety restriction's services are in ``safety``; the callers that import them from here
# keep working.
from stemme.participation.services.safety import (
    safety_restriction_lift,
    safety_restriction_set,
    safety_restriction_update,
)

PROFILE_FIELDS = (
    "communication",
    "aids",
    "language",
    "interpreter_needed",
    "meeting_places",
    "meeting_times",
    "wants_present",
    "wants_absent",
    "follow_up_wishes",
    "loyalty_conflict",
    "loyalty_conflict_note",
)
PROFILE_FLAGS = ("interpreter_needed", "loyalty_conflict")

NETWORK_FIELDS = (
    "name",
    "relation",
    "sphere",
    "contact_form",
    "importance",
    "child_wants_involved",
    "consent_to_share",
    "contact",
    "last_reviewed_on",
    "person",
)


# --- Stale edits --------------------------------------------------------------------------------


def _stale_message() -> str:
    return _("Someone else changed this while you were working on it. Reload and try again.")


def _member_conflict(member: NetworkMember, *, mine: dict | None = None) -> EditConflict:
    """The network member as saved now (and ``mine``: what a removal would write)."""
    return conflict_of(
        member,
        NETWORK_FIELDS + tuple(mine or ()),
        message=_stale_message(),
        mine=mine,
        ref=f"network:{member.pk}",
    )


# --- Participation profile ---------------------------------------------------------------------


def profile_update(*, actor, child: Child, expected_version: int, **fields) -> ParticipationProfile:
    """Record a new version of the child's participation profile.

    ``expected_version`` is the version the user edited (0 when there was none yet). Fields not
    given are carried over from the previous version.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        child = _locked_child(child)
        previous = ParticipationProfile.objects.filter(child=child).order_by("-version").first()
        current_version = previous.version if previous else 0
        values = {}
        for name in PROFILE_FIELDS:
            if name in fields:
                value = fields[name]
            else:
                value = getattr(previous, name) if previous else None
            if name in PROFILE_FLAGS:
                values[name] = bool(value)
            else:
                values[name] = (value or "").strip()
        if values["loyalty_conflict"] and not values["loyalty_conflict_note"]:
            raise _field_error(
                "loyalty_conflict_note",
                _(
                    "Say a few words about the loyalty conflict, so the next person "
                    "knows what to be careful about."
                ),
                "required",
            )
        if previous is not None:
            changed = [n for n in PROFILE_FIELDS if getattr(previous, n) != values[n]]
        else:
            changed = [n for n in PROFILE_FIELDS if values[n]]
        if not changed:
            raise ValidationError(_("Nothing has changed, so nothing was saved."), code="unchanged")
        if expected_version != current_version:
            saved = (
                saved_values(previous, PROFILE_FIELDS)[0]
                if previous is not None
                else dict.fromkeys(PROFILE_FIELDS)
            )
            raise EditConflict(
                _stale_message(),
                version=current_version,
                saved=saved,
                saved_by=previous.recorded_by if previous else None,
                saved_at=previous.recorded_at if previous else None,
            )
        profile = ParticipationProfile.objects.create(
            child=child,
            version=current_version + 1,
            recorded_by=_actor_or_none(actor),
            **values,
        )
        fact_record(
            actor=actor,
            child=child,
            kind="profile.changed",
            ref=f"profile:{child.pk}",
            data={"version": profile.version, "changed": changed},
        )
    return profile


# --- Network ------------------------------------------------------------------------------------


def _clean_network_values(*, child: Child, values: dict) -> dict:
    """Validate and normalise the fields of a network member (all of NETWORK_FIELDS)."""
    values = dict(values)
    values["name"] = (values.get("name") or "").strip()
    values["relation"] = (values.get("relation") or "").strip()
    values["contact"] = (values.get("contact") or "").strip()
    values["consent_to_share"] = bool(values.get("consent_to_share"))
    _required({"name": values["name"], "relation": values["relation"]})
    errors = {}
    if values.get("sphere") not in Sphere.values:
        errors["sphere"] = ValidationError(
            _("Choose whether the person is private or professional."), code="invalid"
        )
    if values.get("contact_form") not in ContactForm.values:
        errors["contact_form"] = ValidationError(
            _("Choose how the child is in contact with the person."), code="invalid"
        )
    try:
        values["importance"] = int(values.get("importance"))
    except (TypeError, ValueError):
        values["importance"] = None
    if values["importance"] not in Importance.values:
        errors["importance"] = ValidationError(
            _("Choose how important the person is to the child."), code="invalid"
        )
    if values.get("child_wants_involved") not in Involvement.values:
        errors["child_wants_involved"] = ValidationError(
            _("Choose whether the child wants them involved."), code="invalid"
        )
    if values.get("last_reviewed_on") is None:
        values["last_reviewed_on"] = _today()
    elif values["last_reviewed_on"] > _today():
        errors["last_reviewed_on"] = ValidationError(
            _("The date cannot be in the future."), code="future_date"
        )
    person = values.get("person")
    if person is not None and not ChildRelation.objects.filter(child=child, person=person).exists():
        errors["person"] = ValidationError(
            _("Choose one of the people registered with the child."), code="invalid"
        )
    if errors:
        raise ValidationError(errors)
    return values


def network_member_add(
    *,
    actor,
    child: Child,
    name: str,
    relation: str,
    sphere: str,
    contact_form: str,
    importance: int,
    child_wants_involved: str,
    consent_to_share: bool = False,
    contact: str = "",
    last_reviewed_on: dt.date | None = None,
    person: Person | None = None,
) -> NetworkMember:
    """Add someone to the child's network, as the child sees them."""
    values = _clean_network_values(
        child=child,
        values={
            "name": name,
            "relation": relation,
            "sphere": sphere,
            "contact_form": contact_form,
            "importance": importance,
            "child_wants_involved": child_wants_involved,
            "consent_to_share": consent_to_share,
            "contact": contact,
            "last_reviewed_on": last_reviewed_on,
            "person": person,
        },
    )
    with transaction.atomic():
        child = _locked_child(child)
        member = NetworkMember.objects.create(
            child=child, recorded_by=_actor_or_none(actor), version=1, **values
        )
        fact_record(
            actor=actor,
            child=child,
            kind="network.changed",
            ref=f"network:{member.pk}",
            data={"action": "added", "person": member.name, "sphere": member.sphere},
        )
    return member


def _locked_member(member: NetworkMember) -> NetworkMember:
    return (
        NetworkMember.objects.select_for_update()
        .select_related("child__municipality")
        .get(pk=member.pk)
    )


def network_member_update(
    *, actor, member: NetworkMember, expected_version: int, **fields
) -> NetworkMember:
    """Change a network member. Fields not given keep their value."""
    unknown = set(fields) - set(NETWORK_FIELDS)
    if unknown:
        raise ValueError(f"Unknown network fields: {sorted(unknown)}")
    with transaction.atomic():
        member = _locked_member(member)
        if member.removed_on is not None:
            raise ValidationError(
                _("This person has been removed from the network."), code="removed"
            )
        current = {name: getattr(member, name) for name in NETWORK_FIELDS}
        values = _clean_network_values(child=member.child, values={**current, **fields})
        changed = [name for name in NETWORK_FIELDS if current[name] != values[name]]
        if not changed:
            return member  # the same as saved: nothing to overwrite, even from an old page
        if member.version != expected_version:
            raise _member_conflict(member)
        NetworkMember.objects.filter(pk=member.pk).update(**values, version=F("version") + 1)
        member.refresh_from_db()
        fact_record(
            actor=actor,
            child=member.child,
            kind="network.changed",
            ref=f"network:{member.pk}",
            data={"action": "changed", "person": member.name, "changed": changed},
        )
    return member


def network_member_remove(
    *,
    actor,
    member: NetworkMember,
    expected_version: int,
    removed_on: dt.date | None = None,
) -> NetworkMember:
    """Take someone off the network map. The record stays, with the date it was removed."""
    removed_on = removed_on or _today()
    date_not_future(removed_on, "removed_on", required=False)
    with transaction.atomic():
        member = _locked_member(member)
        if member.removed_on is not None:
            raise ValidationError(
                _("This person has already been removed from the network."), code="removed"
            )
        if member.version != expected_version:
            # Someone changed the person since the page was shown: show them before removing.
            raise _member_conflict(member, mine={"removed_on": removed_on})
        NetworkMember.objects.filter(pk=member.pk).update(
            removed_on=removed_on, version=F("version") + 1
        )
        member.refresh_from_db()
        fact_record(
            actor=actor,
            child=member.child,
            kind="network.changed",
            ref=f"network:{member.pk}",
            data={"action": "removed", "person": member.name},
        )
    return member


def network_reviewed_with_child(*, actor, child: Child, reviewed_on: dt.date | None = None) -> int:
    """The caseworker went through the whole network with the child: mark every current member
    as reviewed on ``reviewed_on`` (today by default). Returns the number of members."""
    reviewed_on = reviewed_on or _today()
    date_not_future(reviewed_on, "reviewed_on", required=False)
    with transaction.atomic():
        child = _locked_child(child)
        current = NetworkMember.objects.filter(child=child, removed_on__isnull=True)
        count = current.update(last_reviewed_on=reviewed_on, version=F("version") + 1)
        if not count:
            raise ValidationError(
                _("The child has no one in the network yet. Add the people first."),
                code="empty",
            )
        fact_record(
            actor=actor,
            child=child,
            kind="network.changed",
            ref=f"network:child:{child.pk}",
            data={"action": "reviewed", "count": count, "reviewed_on": reviewed_on.isoformat()},
        )
    return count


# --- Bisidder (§ 6) -----------------------------------------------------------------------------


def bisidder_add(
    *,
    actor,
    child: Child,
    name: str,
    birth_date: dt.date,
    relation: str,
    contact: str = "",
    chosen_on: dt.date | None = None,
    note: str = "",
) -> Bisidder:
    """Register a bisidder the child has chosen.

    Someone younger than 15 may be registered, but may only come to meetings held on or after
    their 15th birthday (``selectors.registers.bisidder_can_attend``).
    """
    name, relation = (name or "").strip(), (relation or "").strip()
    chosen_on = chosen_on or _today()
    _required({"name": name, "relation": relation, "birth_date": birth_date})
    date_not_future(chosen_on, "chosen_on", required=False)
    if birth_date >= chosen_on:
        raise _field_error(
            "birth_date",
            _("The date of birth must be before the day the child chose them."),
            "invalid_birth_date",
        )
    if birth_date.year < chosen_on.year - 120:
        raise _field_error("birth_date", _("Check the date of birth."), "invalid_birth_date")
    with transaction.atomic():
        child = _locked_child(child)
        duplicate = Bisidder.objects.filter(
            child=child, name__iexact=name, birth_date=birth_date, ended_on__isnull=True
        ).exists()
        if duplicate:
            raise ValidationError(
                _("%(name)s is already the child's bisidder.") % {"name": name},
                code="duplicate",
            )
        bisidder = Bisidder.objects.create(
            child=child,
            name=name,
            birth_date=birth_date,
            relation=relation,
            contact=(contact or "").strip(),
            chosen_on=chosen_on,
            note=(note or "").strip(),
            recorded_by=_actor_or_none(actor),
        )
        fact_record(
            actor=actor,
            child=child,
            kind="bisidder.changed",
            ref=f"bisidder:{bisidder.pk}",
            data={"action": "added", "person": bisidder.name},
        )
    return bisidder


def bisidder_end(
    *, actor, bisidder: Bisidder, ended_on: dt.date | None = None, reason: str = ""
) -> Bisidder:
    """The person is no longer the child's bisidder (the child chose someone else, or they
    stopped). The record stays."""
    ended_on = ended_on or _today()
    date_not_future(ended_on, "ended_on", required=False)
    with transaction.atomic():
        bisidder = (
            Bisidder.objects.select_for_update()
            .select_related("child__municipality")
            .get(pk=bisidder.pk)
        )
        if bisidder.ended_on is not None:
            raise ValidationError(_("This person is no longer the child's bisidder."), code="ended")
        if ended_on < bisidder.chosen_on:
            raise _field_error(
                "ended_on",
                _("The date cannot be before the day the child chose them."),
                "before_chosen",
            )
        Bisidder.objects.filter(pk=bisidder.pk).update(ended_on=ended_on)
        bisidder.refresh_from_db()
        data = {"action": "ended", "person": bisidder.name}
        if reason.strip():
            data["reason"] = reason.strip()
        fact_record(
            actor=actor,
            child=bisidder.child,
            kind="bisidder.changed",
            ref=f"bisidder:{bisidder.pk}",
            data=data,
        )
    return bisidder


__all__ = [
    "NETWORK_FIELDS",
    "PROFILE_FIELDS",
    "PROFILE_FLAGS",
    "bisidder_add",
    "bisidder_end",
    "network_member_add",
    "network_member_remove",
    "network_member_update",
    "network_reviewed_with_child",
    "profile_update",
    "safety_restriction_lift",
    "safety_restriction_set",
    "safety_restriction_update",
]
