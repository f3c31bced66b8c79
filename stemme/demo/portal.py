"""Min sag in the demo: three children of ``raadgiver`` (one per age band) with portal accounts
whose user numbers and PIN are published in the README, and something to see in each page.

Everything goes through the real services (activation, meetings, goals, messages), so the demo
shows what a municipality would get. Only the user numbers are fixed afterwards, so people
trying Stemme can type them from the README.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stemme.accounts.models import Team, User
from stemme.cases.models import AssignmentRole, CaseworkerAssignment, Plan, Stage
from stemme.cases.services.goals import current_plan, goal_add
from stemme.children.models import PortalAccount
from stemme.children.selectors import age_on
from stemme.demo.plan import DEMO_PORTAL_LOGINS, DEMO_PORTAL_PIN
from stemme.meetings import services as meetings
from stemme.portal import services as portal
from stemme.portal.services import messages as portal_messages

# The age band each demo user number stands for: (youngest, oldest) age.
_AGES = {"DEM-008": (6, 9), "DEM-012": (10, 14), "DEM-016": (15, 17)}


def _children_of_raadgiver(today: dt.date) -> list:
    """raadgiver's children on open cases, with a plan first (so "My plan" has content)."""
    raadgiver = User.objects.get(username="raadgiver")
    assignments = (
        CaseworkerAssignment.objects.filter(
            caseworker=raadgiver, role=AssignmentRole.PRIMARY, ended_on__isnull=True
        )
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case__child__municipality", "case__team")
        .order_by("case__child__cpr")
    )
    with_plan = set(Plan.objects.values_list("case_id", flat=True))
    rows = [(a.case_id not in with_plan, a.case.child.cpr, a.case) for a in assignments]
    return [case for _no_plan, _cpr, case in sorted(rows, key=lambda r: (r[0], r[1]))]


def _pick(cases, ages, today, taken):
    low, high = ages
    for case in cases:
        child = case.child
        if child.pk not in taken and low <= age_on(child.birth_date, today) <= high:
            taken.add(child.pk)
            return case
    return None


def _staff_details(raadgiver: User) -> None:
    if not raadgiver.reachable:
        User.objects.filter(pk=raadgiver.pk).update(reachable="Mandag til torsdag kl. 9-12")
    Team.objects.filter(members=raadgiver, duty_phone="").update(
        duty_phone="72 34 56 00", duty_hours="Mandag til fredag kl. 9-15"
    )


def _meetings(*, raadgiver, case, now) -> None:

    held = meetings.meeting_plan(
        actor=raadgiver,
        case=case,
        kind="follow_up",
        purpose_for_child="Vi snakker om, hvordan det går i skolen og derhjemme.",
        starts_at=now.replace(hour=8, minute=0, second=0, microsecond=0),
        duration_minutes=45,
        place="Dit klasselokale",
        child_chose_place_time=True,
    )
    meetings.meeting_hold(actor=raadgiver, meeting=held, held_on=now.date())
    held = meetings.meeting_record_summary(
        actor=raadgiver,
        meeting=held,
        summary_for_child=(
            "Vi aftalte, at du går til fodbold om tirsdagen. Vi ses igen om en måned."
        ),
        child_understood="yes",
        next_time_topics=["Hvordan det går til fodbold"],
    )
    meetings.meeting_deliver_summary(
        actor=raadgiver, meeting=held, delivered_on=now.date(), how="conversation"
    )
    meetings.meeting_plan(
        actor=raadgiver,
        case=case,
        kind="follow_up",
        purpose_for_child=(
            "Vi ser på din plan sammen, og du fortæller, hvad der er vigtigt for dig."
        ),
        starts_at=(now + dt.timedelta(days=5)).replace(hour=14, minute=0, second=0, microsecond=0),
        duration_minutes=45,
        place="Ungdomsklubben",
        child_chose_place_time=True,
    )


def _goals(*, raadgiver, case, today) -> None:

    if current_plan(case=case) is None:
        return
    for words, success, proposed in (
        ("Jeg vil gå til fodbold hver uge", "Jeg har været til træning 4 gange", True),
        ("Jeg vil sove bedre", "Jeg er ikke træt i skolen", False),
    ):
        goal_add(
            actor=raadgiver,
            case=case,
            words=words,
            success=success,
            responsible="Mor og din kontaktperson",
            review_on=today + dt.timedelta(days=45),
            proposed_by_child=proposed,
        )


def demo_portal_seed(*, today: dt.date) -> int:
    """Give one child per age band a Min sag account; returns how many were made. ``today`` (the
    demo's date) picks the children by age; what the services date is dated today for real."""

    raadgiver = User.objects.get(username="raadgiver")
    _staff_details(raadgiver)
    cases = _children_of_raadgiver(today)
    taken: set = set()
    made = 0
    now = timezone.localtime()
    for login_id, _description in DEMO_PORTAL_LOGINS:
        case = _pick(cases, _AGES[login_id], today, taken)
        if case is None:
            continue
        with transaction.atomic():
            issued = portal.activation_code_issue(actor=raadgiver, child=case.child)
            account = portal.portal_activate(code=issued.code, secret=DEMO_PORTAL_PIN)
            PortalAccount.objects.filter(pk=account.pk).update(login_id=login_id)
        made += 1
        if login_id == "DEM-012":
            _meetings(raadgiver=raadgiver, case=case, now=now)
            _goals(raadgiver=raadgiver, case=case, today=now.date())
            portal_messages.message_send(
                account=account,
                kind="three_houses",
                good_things="Fodbold og min ven Ali.",
                worries="Når mor og far skændes om aftenen.",
                dreams="At blive målmand på holdet.",
            )
    return made
