"""Writes about continuity: a change of caseworker with its handover, the letter introducing
the new caseworker, notices to the parents, "my story so far", and the secondary caseworker.

Each write runs in one transaction with its events. A handover records ``caseworker.changed``
and ``rights.occasion`` (occasion ``caseworker_change``) under the handover's ref; the deadline
engine turns them into the tasks "introduce the new caseworker to the child" (rule
``overdragelse-brev``, met by ``handover.letter_sent``) and "tell the child about their rights"
(rule ``rettigheder``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit.services import event_record
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Stage
from stemme.cases.services.case import caseworker_assign, caseworker_unassign
from stemme.cases.services.unit import (
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
)
from stemme.children.models import ChildRelation
from stemme.continuity.models import ChildStory, Handover
from stemme.core.conflicts import EditConflict, conflict_of, saved_values
from stemme.deadlines import events
from stemme.letters.models import Channel, LetterKind, LetterStatus, RecipientKind
from stemme.letters.services import Recipient, letter_send
from stemme.operations.tasks import due_check_soon
from stemme.participation import selectors as participation

# How far ahead a change of caseworker can be planned.
PLAN_AHEAD_DAYS = 60


def _stale_message() -> str:
    return _(
        "Someone else changed the handover while you were working on it. Reload and try again."
    )


def _locked_handover(handover: Handover) -> Handover:
    return Handover.objects.select_for_update().get(pk=handover.pk)


def _refuse_stale(current: Handover, expected_version: int | None, mine: dict) -> None:
    """Refuse a save based on an older version of the handover, if it would change a value
    someone saved since (``mine``: field → the value this save writes)."""
    if expected_version is None or current.version == expected_version:
        return
    if any(getattr(current, name) != value for name, value in mine.items()):
        raise conflict_of(current, list(mine), message=_stale_message(), mine=mine)


def _occurred_at(day: dt.date) -> dt.datetime:
    """A change dated today or earlier happened on that day; a planned one is recorded now."""
    today = timezone.localdate()
    return occurred_at_for(day) if day < today else timezone.now()


def may_manage_caseworkers(actor, case: Case) -> bool:
    """A leader of the case's team, or a caseworker currently on the case (or the system)."""
    if actor is None:
        return True
    if actor.municipality_id != case.child.municipality_id:
        return False
    if actor.role == Role.TEAM_LEADER:
        return actor.teams.filter(pk=case.team_id).exists()
    if actor.role == Role.CASEWORKER:
        return CaseworkerAssignment.objects.filter(
            case=case, caseworker=actor, ended_on__isnull=True
        ).exists()
    return False


def _guard_manage(actor, case: Case) -> None:
    if not may_manage_caseworkers(actor, case):
        raise ValidationError(
            _("Only the team leader or a caseworker on the case can change who works on the case.")
        )


# --- Starting a handover ---------------------------------------------------------------------


def handover_start(
    *,
    actor,
    case: Case,
    to_caseworker,
    changes_on: dt.date,
    role: str = AssignmentRole.PRIMARY,
    leaving_caseworker=None,
) -> Handover:
    """Give the case a new caseworker in ``role`` and open the handover checklist.

    The assignment changes now (``cases.services.caseworker_assign``), dated ``changes_on``.
    ``leaving_caseworker`` (the leader's "a caseworker leaves" screen) refuses the change when
    that caseworker no longer holds the role, e.g. because someone else handed it over first.
    """
    if role not in AssignmentRole.values:
        raise ValidationError(_("Unknown caseworker role."))
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is closed."))
    if to_caseworker is None:
        raise ValidationError({"to_caseworker": _("Choose the new caseworker.")})
    if changes_on is None:
        raise ValidationError({"changes_on": _("This field is required.")})
    if changes_on > timezone.localdate() + dt.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError(
            {"changes_on": _("A change of caseworker can be planned at most 60 days ahead.")}
        )
    _guard_manage(actor, case)
    if not to_caseworker.is_active or not to_caseworker.teams.filter(pk=case.team_id).exists():
        raise ValidationError(
            {"to_caseworker": _("The new caseworker must be a caseworker on the case's team.")}
        )
    with transaction.atomic():
        case = (
            Case.objects.select_for_update().select_related("child__municipality").get(pk=case.pk)
        )
        current = (
            CaseworkerAssignment.objects.filter(case=case, role=role, ended_on__isnull=True)
            .select_related("caseworker")
            .first()
        )
        from_caseworker = current.caseworker if current is not None else None
        if leaving_caseworker is not None and from_caseworker != leaving_caseworker:
            raise ValidationError(
                _("The child is no longer on %(name)s's caseload.")
                % {"name": leaving_caseworker.get_full_name()}
            )
        if current is not None and changes_on < current.started_on:
            raise ValidationError(
                {
                    "changes_on": _(
                        "The change cannot be before the current caseworker started on %(date)s."
                    )
                    % {"date": date_format(current.started_on, "DATE_FORMAT")}
                }
            )
        # The secondary caseworker taking over is the gentlest change: the child knows them.
        # They give up the secondary role on the day they become primary.
        other_role = (
            CaseworkerAssignment.objects.filter(
                case=case, caseworker=to_caseworker, ended_on__isnull=True
            )
            .exclude(role=role)
            .first()
        )
        if other_role is not None and changes_on >= other_role.started_on:
            caseworker_unassign(actor=actor, assignment=other_role, ended_on=changes_on)
        try:
            caseworker_assign(
                actor=actor, case=case, caseworker=to_caseworker, role=role, started_on=changes_on
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"to_caseworker": error.messages}) from error
        handover = Handover.objects.create(
            case=case,
            role=role,
            from_caseworker=from_caseworker,
            to_caseworker=to_caseworker,
            changes_on=changes_on,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        at = _occurred_at(changes_on)
        if role == AssignmentRole.PRIMARY:
            fact_record(
                actor=actor,
                case=case,
                ref=handover.ref,
                fact=events.caseworker_changed(
                    from_caseworker=from_caseworker.get_full_name() if from_caseworker else None,
                    to_caseworker=to_caseworker.get_full_name(),
                    role=role,
                    changes_on=changes_on,
                ),
                at=at,
            )
            fact_record(
                actor=actor,
                case=case,
                ref=handover.ref,
                fact=events.rights_occasion(occasion="caseworker_change"),
                at=at,
            )
        else:
            fact_record(
                actor=actor,
                case=case,
                kind="handover.changed",
                ref=handover.ref,
                data={
                    "from": from_caseworker.get_full_name() if from_caseworker else None,
                    "to": to_caseworker.get_full_name(),
                    "role": role,
                    "changes_on": changes_on.isoformat(),
                },
                at=at,
            )
        obligations_refresh(case)
        # The new caseworker is told now, not at the next timer (notifications).
        due_check_soon()
    return handover


# --- The checklist ---------------------------------------------------------------------------

_PAIRS = (
    ("child_told_on", "child_not_told_reason"),
    ("letter_sent_on", "no_letter_reason"),
    ("meeting_on", "no_meeting_reason"),
    ("parents_notified_on", "parents_not_notified_reason"),
    ("providers_notified_on", "providers_not_notified_reason"),
)
_TEXT_ONLY = ("no_story_reason",)


def handover_update(*, actor, handover: Handover, expected_version: int, **changes) -> Handover:
    """Record steps of the checklist: a date when done, or why not. Only the given fields
    change; ``expected_version`` refuses a stale form."""
    allowed = {name for pair in _PAIRS for name in pair} | set(_TEXT_ONLY)
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown handover fields: {sorted(unknown)}")
    _guard_manage(actor, handover.case)
    values = {}
    for name, value in changes.items():
        values[name] = value.strip() if isinstance(value, str) else value
    merged = {name: values.get(name, getattr(handover, name)) for pair in _PAIRS for name in pair}
    errors = {}
    for date_field, reason_field in _PAIRS:
        if merged[date_field] is not None and merged[reason_field]:
            errors[reason_field] = _("Give either a date or a reason, not both.")
    for name in ("child_told_on", "letter_sent_on", "parents_notified_on", "providers_notified_on"):
        if name in values and values[name] is not None and values[name] > timezone.localdate():
            errors[name] = _("The date cannot be in the future.")
    told = values.get("child_told_on")
    if told is not None and told > handover.changes_on:
        errors["child_told_on"] = _(
            "Told in advance means before the new caseworker takes over. If the child was "
            "told later, write why the child was not told in advance."
        )
    meeting = values.get("meeting_on")
    if meeting is not None and meeting > handover.changes_on + dt.timedelta(days=PLAN_AHEAD_DAYS):
        errors["meeting_on"] = _("Plan the handover meeting within 60 days of the change.")
    if errors:
        raise ValidationError(errors)
    if not values:
        return handover
    with transaction.atomic():
        _refuse_stale(_locked_handover(handover), expected_version, values)
        Handover.objects.filter(pk=handover.pk).update(**values, version=F("version") + 1)
        handover.refresh_from_db()
        fact_record(
            actor=actor,
            case=handover.case,
            kind="handover.changed",
            ref=handover.ref,
            data={
                name: value.isoformat() if isinstance(value, dt.date) else value
                for name, value in values.items()
            },
        )
    return handover


def handover_letter_default(handover: Handover) -> str:
    """The letter to the child in plain words: who, how to reach, when we meet, your story."""
    child = handover.case.child
    new = handover.to_caseworker
    lines = [_("Dear %(name)s,") % {"name": child.first_name}, ""]
    lines.append(
        _("From %(date)s I am your new caseworker. My name is %(name)s.")
        % {"date": date_format(handover.changes_on, "DATE_FORMAT"), "name": new.get_full_name()}
    )
    if new.introduction:
        lines += ["", new.introduction]
    lines.append("")
    if new.phone:
        lines.append(
            _("You can call or text me on %(phone)s. If I do not answer, I will call you back.")
            % {"phone": new.phone}
        )
    else:
        lines.append(_("You can always ask the adults around you to help you contact me."))
    lines.append("")
    if handover.meeting_on is not None:
        lines.append(
            _("We will meet on %(date)s. You are welcome to bring someone you feel safe with.")
            % {"date": date_format(handover.meeting_on, "DATE_FORMAT")}
        )
    else:
        lines.append(_("I will contact you soon so we can meet and get to know each other."))
    lines += [
        "",
        _(
            "Your story goes with you. I have read what you have told before, so you do not "
            "have to tell it all again. You decide what we talk about, and you can always tell "
            "me if something has changed."
        ),
        "",
        _("Best wishes"),
        new.get_full_name(),
    ]
    return "\n".join(lines)


def handover_send_letter(
    *, actor, handover: Handover, channel: str, text: str, expected_version: int | None = None
):
    """Send the child the letter introducing the new caseworker and tick the step. With
    ``expected_version`` from an older page, a letter step someone recorded since (a letter
    sent, or why none is sent) is shown as a conflict instead of sending."""
    _guard_manage(actor, handover.case)
    case = handover.case
    with transaction.atomic():
        current = _locked_handover(handover)
        if current.letter_sent_on is not None or current.no_letter_reason:
            _refuse_stale(
                current,
                expected_version,
                {"letter_sent_on": timezone.localdate(), "no_letter_reason": ""},
            )
        letter = letter_send(
            actor=actor,
            child=case.child,
            recipient=Recipient.child(case.child),
            kind=LetterKind.CASEWORKER_INTRODUCTION,
            subject=_("Your new caseworker: %(name)s")
            % {"name": handover.to_caseworker.get_full_name()},
            body=text,
            channel=channel,
            case=case,
            related_ref=handover.ref,
        )
        today = timezone.localdate()
        Handover.objects.filter(pk=handover.pk).update(
            letter_sent_on=today, no_letter_reason="", version=F("version") + 1
        )
        handover.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=f"{handover.ref}#letter",
            fact=events.handover_letter_sent(about=handover.ref, letter=letter.ref),
        )
        obligations_refresh(case)
    return letter


def handover_notify_parents(
    *,
    actor,
    handover: Handover,
    channel: str = Channel.DIGITAL_POST,
    expected_version: int | None = None,
):
    """Send a notice of the new caseworker to each custody holder. The safety restriction stops
    a letter to anyone it names; returns (sent, blocked) letters. With ``expected_version``
    from an older page, a parents step someone recorded since is shown as a conflict."""
    _guard_manage(actor, handover.case)
    case = handover.case
    child = case.child
    holders = list(
        ChildRelation.objects.filter(child=child, has_custody=True).select_related("person")
    )
    if not holders:
        raise ValidationError(
            _(
                "No custody holders are registered for the child. Write why the parents are "
                "not notified instead."
            )
        )
    restricted = participation.restricted_people(child=child)
    new = handover.to_caseworker
    body = _(
        "%(child)s has a new caseworker from %(date)s: %(name)s.\n\n"
        "You can reach %(name)s on %(phone)s.\n\nBest wishes\n%(team)s"
    ) % {
        "child": child.first_name,
        "date": date_format(handover.changes_on, "DATE_FORMAT"),
        "name": new.get_full_name(),
        "phone": new.phone or "–",
        "team": case.team.name,
    }
    sent, blocked = [], []
    with transaction.atomic():
        current = _locked_handover(handover)
        if current.parents_notified_on is not None or current.parents_not_notified_reason:
            _refuse_stale(
                current,
                expected_version,
                {"parents_notified_on": timezone.localdate(), "parents_not_notified_reason": ""},
            )
        for relation in holders:
            letter = letter_send(
                actor=actor,
                child=child,
                recipient=Recipient(
                    kind=RecipientKind.PERSON,
                    name=relation.person.full_name,
                    person=relation.person,
                ),
                kind=LetterKind.HANDOVER_NOTICE,
                subject=_("New caseworker for %(child)s") % {"child": child.first_name},
                body=body,
                channel=channel,
                case=case,
                related_ref=handover.ref,
                restricted=restricted,
            )
            (blocked if letter.status == LetterStatus.BLOCKED else sent).append(letter)
        Handover.objects.filter(pk=handover.pk).update(
            parents_notified_on=timezone.localdate(),
            parents_not_notified_reason="",
            version=F("version") + 1,
        )
        handover.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            kind="handover.changed",
            ref=handover.ref,
            data={
                "parents_notified_on": handover.parents_notified_on.isoformat(),
                "sent": len(sent),
                "blocked": len(blocked),
            },
        )
    return sent, blocked


# --- "My story so far" -------------------------------------------------------------------------


def story_update(
    *,
    actor,
    child,
    expected_version: int,
    text: str,
    made_with_child: bool = False,
    child_approved_on: dt.date | None = None,
) -> ChildStory:
    """Save a new version of the child's story. ``expected_version`` is the version the editor
    started from (0 for a first story); a newer version refuses the save."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("This field is required.")})
    date_not_future(child_approved_on, "child_approved_on", required=False)
    if child_approved_on is not None and not made_with_child:
        raise ValidationError(
            {
                "made_with_child": _(
                    "The child can only have agreed to a story written together with the child."
                )
            }
        )
    with transaction.atomic():
        current = (
            ChildStory.objects.select_for_update().filter(child=child).order_by("-version").first()
        )
        latest = current.version if current is not None else 0
        mine = {
            "text": text,
            "made_with_child": made_with_child,
            "child_approved_on": child_approved_on,
        }
        if latest != expected_version and (
            current is None or any(getattr(current, name) != value for name, value in mine.items())
        ):
            raise EditConflict(
                _(
                    "Someone else changed the story while you were working on it. "
                    "Reload and try again."
                ),
                version=latest,
                saved=saved_values(current, mine)[0] if current else dict.fromkeys(mine),
                saved_by=current.recorded_by if current else None,
                saved_at=current.recorded_at if current else None,
            )
        story = ChildStory.objects.create(
            child=child,
            version=latest + 1,
            text=text,
            made_with_child=made_with_child,
            child_approved_on=child_approved_on,
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            kind="story.changed",
            ref=f"story:{child.pk}",
            data={"version": story.version, "made_with_child": made_with_child},
        )
    return story


# --- The secondary caseworker ------------------------------------------------------------------


def secondary_assign(*, actor, case: Case, caseworker, started_on: dt.date | None = None):
    """Make ``caseworker`` the case's secondary caseworker (leaders and the case's caseworkers)."""
    _guard_manage(actor, case)
    if caseworker is None:
        raise ValidationError({"caseworker": _("Choose the secondary caseworker.")})
    if not caseworker.teams.filter(pk=case.team_id).exists():
        raise ValidationError(
            {"caseworker": _("The secondary caseworker must be on the case's team.")}
        )
    date_not_future(started_on, "started_on", required=False)
    try:
        with transaction.atomic():
            assignment = caseworker_assign(
                actor=actor,
                case=case,
                caseworker=caseworker,
                role=AssignmentRole.SECONDARY,
                started_on=started_on,
            )
            obligations_refresh(case)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"caseworker": error.messages}) from error
    return assignment
