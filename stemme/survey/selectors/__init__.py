"""Reads of the youth survey: the items, who is invited and their coarse strata, a child's
invitation and pages in Min sag, and the leaders' list of rounds. The figures are in report.py.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from stemme.accounts.models import Role
from stemme.cases.models import Case, Measure, Paragraph, Stage
from stemme.children.models import AccountKind, ChildRelation, PortalAccount, Relation
from stemme.dashboards.selectors.contact import contacts_by_case, primary_changes_by_child
from stemme.dashboards.selectors.results import Period
from stemme.survey import instrument as default_instrument
from stemme.survey import scales
from stemme.survey.models import (
    Action,
    AgeBand,
    ChangesBucket,
    ContactBucket,
    GenderStratum,
    Instrument,
    Invitation,
    Item,
    MeasureType,
    Wave,
)

# The Min sag pages of the questionnaire, in order: (the page's word in its address, the
# dimensions on it). Fixed words, never data (core/tests/test_security_headers.py).
SECTIONS = (
    ("relation", ("relation",)),
    ("kontakt", ("contact",)),
    ("information", ("information",)),
    ("indflydelse", ("influence",)),
    ("rettigheder", ("rights",)),
    ("plan", ("plan",)),
    ("trivsel", ("wellbeing",)),
    ("dine-ord", ("open",)),
)
SECTION_KEYS = frozenset(key for key, _dimensions in SECTIONS)


def instrument_current(*, municipality_id) -> Instrument | None:
    """The municipality's own latest version of the questionnaire (with its added items), or
    None when it uses the national default as it is."""
    return (
        Instrument.objects.filter(municipality_id=municipality_id, key=default_instrument.KEY)
        .order_by("-version")
        .first()
    )


def questionnaire_shown(*, municipality_id) -> tuple[Instrument | None, list[Item]]:
    """The questionnaire the next round will use and its items, without writing anything: the
    municipality's own version, else the national default (unsaved items from
    ``instrument.py`` until the first round or change writes it)."""
    instrument = instrument_current(municipality_id=municipality_id) or (
        Instrument.objects.filter(
            municipality=None, key=default_instrument.KEY, version=default_instrument.VERSION
        ).first()
    )
    if instrument is not None:
        return instrument, list(instrument.items.all())
    return None, [
        Item(
            code=spec.code,
            order=order,
            dimension=spec.dimension,
            scale=spec.scale,
            text_younger=spec.younger,
            text_older=spec.older,
            locked=True,
        )
        for order, spec in enumerate(default_instrument.ITEMS, start=1)
    ]


def wave_items(wave: Wave):
    """The questions a round asks: its questionnaire's, the wellbeing core only if included."""
    items = Item.objects.filter(instrument_id=wave.instrument_id)
    return items if wave.with_wellbeing else items.filter(optional=False)


def items_by_code(wave: Wave) -> dict[str, Item]:
    return {item.code: item for item in wave_items(wave)}


def is_shown(item: Item, answers: dict) -> bool:
    """Whether ``item``'s filter shows it, given the answers so far (H1-H3 only after "yes" to
    H0; F5 only after a "badly" to F4)."""
    if not item.shown_if:
        return True
    code, _colon, wanted = item.shown_if.partition(":")
    return answers.get(code) in scales.values(wanted)


# --- Who is invited -----------------------------------------------------------------------------


def _age_band(birth: dt.date, on: dt.date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return AgeBand.YOUNGER if age < 14 else AgeBand.OLDER


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _changes(count: int) -> str:
    if count == 0:
        return ChangesBucket.NONE
    return ChangesBucket.ONE if count == 1 else ChangesBucket.TWO_PLUS


def _contact(count: int) -> str:
    if count == 0:
        return ContactBucket.NONE
    return ContactBucket.SOME if count <= 3 else ContactBucket.MANY


def strata_for(
    *, municipality_id, teams, min_age: int, max_age: int, on: dt.date, with_account: bool = True
) -> dict:
    """{child id: coarse strata} for the children a round invites (see services.wave_open):
    with an active Min sag account of their own (``with_account``; the demo's earlier rounds,
    before Min sag, invited on paper).

    A fixed number of queries whatever the number of children: the cases, the measures, the
    foster relations, the changes of caseworker and the contacts, each grouped."""
    # Aged at least ``min_age``: born on or before this day; at most ``max_age``: after that.
    youngest_birth = _years_before(on, min_age)
    oldest_birth = _years_before(on, max_age + 1)
    accounts = PortalAccount.objects.filter(
        kind=AccountKind.CHILD, activated_at__isnull=False, disabled_at__isnull=True
    )
    open_cases = (
        Case.objects.filter(child__municipality_id=municipality_id, closed_on__isnull=True)
        .exclude(stage=Stage.CLOSED)
        .filter(child__birth_date__lte=youngest_birth, child__birth_date__gt=oldest_birth)
    )
    if with_account:
        open_cases = open_cases.filter(child_id__in=accounts.values("child_id"))
    if teams:
        open_cases = open_cases.filter(team__in=teams)
    case_rows = list(
        open_cases.order_by("child_id", "-opened_on").values(
            "pk", "child_id", "team_id", "child__birth_date", "child__gender"
        )
    )
    first_case: dict = {}
    for row in case_rows:
        first_case.setdefault(row["child_id"], row)
    if not first_case:
        return {}
    case_ids = [row["pk"] for row in case_rows]
    active = Measure.objects.filter(case_id__in=case_ids, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    placed = set(
        active.filter(decision__paragraph__in=Paragraph.placements()).values_list(
            "case__child_id", flat=True
        )
    )
    measured = set(active.values_list("case__child_id", flat=True))
    foster = set(
        ChildRelation.objects.filter(child_id__in=first_case, relation=Relation.FOSTER_PARENT)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("child_id", flat=True)
    )
    period = Period(start=on, end=on)
    scope = Case.objects.filter(pk__in=case_ids)
    changes = {
        row["child_id"]: row["changes"]
        for row in primary_changes_by_child(scope, period, list(first_case))
    }
    contacts_per_case = contacts_by_case(case_ids=case_ids, period=period)
    contacts: dict = {}
    for row in case_rows:
        contacts[row["child_id"]] = contacts.get(row["child_id"], 0) + contacts_per_case.get(
            row["pk"], 0
        )
    strata = {}
    for child_id, row in first_case.items():
        if child_id in placed:
            measure = MeasureType.FOSTER_CARE if child_id in foster else MeasureType.INSTITUTION
        else:
            measure = MeasureType.PREVENTIVE if child_id in measured else MeasureType.NONE
        gender = row["child__gender"]
        strata[child_id] = {
            "team_id": row["team_id"],
            "age_band": _age_band(row["child__birth_date"], on),
            "gender": gender if gender in GenderStratum.values else GenderStratum.OTHER,
            "measure_type": measure,
            "changes": _changes(changes.get(child_id, 0)),
            "contact": _contact(contacts.get(child_id, 0)),
        }
    return strata


# --- Min sag ------------------------------------------------------------------------------------


def invitation_current(*, child, today: dt.date | None = None) -> Invitation | None:
    """The child's invitation to a round open today (answered or not), if any."""
    today = today or timezone.localdate()
    return (
        Invitation.objects.filter(
            child=child,
            wave__closed_at__isnull=True,
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
        )
        .select_related("wave")
        .order_by("-wave__opens_on")
        .first()
    )


@dataclass
class Question:
    item: Item
    text: str
    choices: list
    value: object  # what the child answered so far, or None


@dataclass
class SurveyPage:
    key: str
    index: int  # 1-based
    count: int
    questions: list[Question]
    previous: str | None
    next: str | None


def _section_keys(items: list[Item], answers: dict) -> list[str]:
    shown = {item.dimension for item in items if is_shown(item, answers)}
    return [key for key, dimensions in SECTIONS if shown & set(dimensions)]


def survey_page(*, invitation: Invitation, key: str) -> SurveyPage | None:
    """One page of the questionnaire for the child, in the wording for their age band at
    invitation; None for a page that does not exist (or is hidden by a filter)."""
    items = list(wave_items(invitation.wave))
    answers = invitation.draft
    keys = _section_keys(items, answers)
    if key not in keys:
        return None
    dimensions = dict(SECTIONS)[key]
    younger = invitation.age_band == AgeBand.YOUNGER
    questions = [
        Question(
            item=item,
            text=item.text_younger if younger else item.text_older,
            choices=scales.CHOICES[item.scale],
            value=answers.get(item.code),
        )
        for item in items
        if item.dimension in dimensions and is_shown(item, answers)
    ]
    index = keys.index(key)
    return SurveyPage(
        key=key,
        index=index + 1,
        count=len(keys),
        questions=questions,
        previous=keys[index - 1] if index > 0 else None,
        next=keys[index + 1] if index + 1 < len(keys) else None,
    )


def first_page_key(*, invitation: Invitation) -> str:
    items = list(wave_items(invitation.wave))
    return _section_keys(items, invitation.draft)[0]


def answered_count(*, invitation: Invitation) -> int:
    return len(invitation.draft)


def actions_for_child(*, child) -> list[Action]:
    """ "I sagde – vi gør" of the closed rounds the child was invited to, newest first."""
    return list(
        Action.objects.filter(
            wave__invitations__child=child, wave__closed_at__isnull=False
        ).order_by("-wave__closed_at", "created_at")
    )


# --- The leaders' list --------------------------------------------------------------------------


@dataclass
class WaveRow:
    wave: Wave
    responses: int
    teams: list

    @property
    def rate(self) -> float | None:
        return self.responses / self.wave.invited if self.wave.invited else None


def waves_for(*, user) -> list[WaveRow]:
    """The rounds of the user's municipality, newest first (a leader sees every round: the
    figures are the municipality's, suppressed)."""
    if user.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or user.municipality_id is None:
        return []
    waves = (
        Wave.objects.filter(municipality_id=user.municipality_id)
        .annotate(response_count=Count("responses"))
        # Meta.ordering does not apply to a grouped query: said again.
        .order_by("-opens_on", "-created_at")
        .prefetch_related("teams")
    )
    return [
        WaveRow(wave=wave, responses=wave.response_count, teams=list(wave.teams.all()))
        for wave in waves
    ]


def wave_for(*, user, wave_id) -> Wave | None:
    if user.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or user.municipality_id is None:
        return None
    return (
        Wave.objects.filter(pk=wave_id, municipality_id=user.municipality_id)
        .select_related("instrument")
        .first()
    )


def wave_teams(wave: Wave) -> list:
    """The round's teams, or every team of the municipality when it names none."""
    chosen = list(wave.teams.all())
    if chosen:
        return chosen
    return list(wave.municipality.teams.order_by("name"))


def sms_number_of(*, child_id) -> str:
    """The number the child gave in Min sag for SMS, or "" (their own active account only)."""
    account = (
        PortalAccount.objects.filter(
            child_id=child_id,
            kind=AccountKind.CHILD,
            activated_at__isnull=False,
            disabled_at__isnull=True,
        )
        .exclude(sms_number="")
        .first()
    )
    return account.sms_number if account is not None else ""


def invitations_sms_due(*, today: dt.date, remind_days_left: int) -> list[tuple]:
    """(invitation id, "invite" | "remind") for the SMS due today: rounds open today, not
    answered, the child with a number; the reminder when ``remind_days_left`` days or fewer
    are left (one query)."""
    with_number = PortalAccount.objects.filter(
        kind=AccountKind.CHILD, activated_at__isnull=False, disabled_at__isnull=True
    ).exclude(sms_number="")
    rows = Invitation.objects.filter(
        answered_on=None,
        wave__closed_at=None,
        wave__opens_on__lte=today,
        wave__closes_on__gte=today,
        child_id__in=with_number.values("child_id"),
    ).values_list("pk", "notified_on", "reminded_on", "wave__closes_on")
    due = []
    for pk, notified_on, reminded_on, closes_on in rows:
        if notified_on is None:
            due.append((pk, "invite"))
        elif reminded_on is None and (closes_on - today).days <= remind_days_left:
            due.append((pk, "remind"))
    return due
