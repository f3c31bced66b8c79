"""Reads for the portal. Everything is scoped to the account's own child."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from stemme.cases.models import CaseworkerAssignment, Stage
from stemme.children.models import PortalAccount
from stemme.meetings.models import Meeting, MeetingStatus
from stemme.participation.selectors.voice import age_band
from stemme.survey.selectors import actions_for_child, invitation_current


def _current_assignments(child):
    return CaseworkerAssignment.objects.filter(case__child=child, ended_on__isnull=True).exclude(
        case__stage=Stage.CLOSED
    )


def current_caseworkers(*, child) -> list:
    """The child's current caseworkers on open cases, primary first (one query)."""
    seen = {}
    for assignment in (
        _current_assignments(child).select_related("caseworker").order_by("role", "started_on")
    ):
        seen.setdefault(assignment.caseworker_id, assignment.caseworker)
    return list(seen.values())


def caseworker_for_photo(*, child, user_id: int):
    """A current caseworker of ``child`` with a photo, or None: the portal shows no one else."""
    return (
        get_user_model()
        .objects.filter(pk=user_id, pk__in=_current_assignments(child).values("caseworker_id"))
        .exclude(photo="")
        .only("pk", "photo")
        .first()
    )


def next_meeting(*, child, person=None) -> Meeting | None:
    """The next planned meeting of the child's open case(s); for a parent (``person``), the
    next one the parent is invited to."""
    meetings = Meeting.objects.filter(
        case__child=child, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
    ).exclude(case__stage=Stage.CLOSED)
    if person is not None:
        meetings = meetings.filter(participants__person=person)
    return meetings.order_by("starts_at").first()


def portal_home(*, account: PortalAccount) -> dict:
    child = account.child
    return {
        "band": age_band(child=child),
        "caseworkers": current_caseworkers(child=child),
        "meeting": next_meeting(child=child, person=account.person if account.is_parent else None),
        # The youth survey, for the child's own account while they have not answered.
        "survey": None if account.is_parent else _survey_waiting(child),
        # "I sagde – vi gør": what the municipality does after a survey the child was asked in.
        "survey_actions": [] if account.is_parent else actions_for_child(child=child),
    }


def _survey_waiting(child):
    invitation = invitation_current(child=child)
    return invitation if invitation is not None and invitation.answered_on is None else None


def accounts_for_child(*, child) -> list[PortalAccount]:
    return list(PortalAccount.objects.filter(child=child).select_related("person").order_by("kind"))


def account_of_child(*, child, account_id) -> PortalAccount | None:
    return PortalAccount.objects.filter(child=child, pk=account_id).first()
