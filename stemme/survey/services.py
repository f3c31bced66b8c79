"""Writes of the youth survey: the instrument, waves, a child's answers, paper answers, and what
the municipality will do ("I sagde – vi gør"). See models.py for the two sides that share no key.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit.services import event_record
from stemme.notifications.sms import sms_adapter
from stemme.operations.tasks import enqueue_on_commit
from stemme.survey import instrument as default_instrument
from stemme.survey import scales, selectors
from stemme.survey.models import (
    Action,
    AgeBand,
    Answer,
    AnsweredWith,
    ChangesBucket,
    Comment,
    ContactBucket,
    GenderStratum,
    Instrument,
    Invitation,
    Item,
    MeasureType,
    Response,
    Wave,
)

MAX_WINDOW_DAYS = 92
AGES = range(12, 18)


# --- The instrument -----------------------------------------------------------------------------


def instrument_default_ensure() -> Instrument:
    """The national default questionnaire, written once (idempotent)."""
    found = Instrument.objects.filter(
        municipality=None, key=default_instrument.KEY, version=default_instrument.VERSION
    ).first()
    if found is not None:
        return found
    with transaction.atomic():
        instrument = Instrument.objects.create(
            municipality=None,
            key=default_instrument.KEY,
            version=default_instrument.VERSION,
            title=default_instrument.TITLE,
        )
        Item.objects.bulk_create(
            Item(
                instrument=instrument,
                code=spec.code,
                order=order,
                dimension=spec.dimension,
                scale=spec.scale,
                text_younger=spec.younger,
                text_older=spec.older,
                share_label=spec.share_label,
                share_values=spec.share_values,
                base_values=spec.base_values,
                shown_if=spec.shown_if,
                higher_is_better=spec.higher_is_better,
                national_share=spec.national,
                national_note=spec.note,
                locked=True,
                in_score=spec.in_score,
                reversed=spec.reversed,
                optional=spec.optional,
            )
            for order, spec in enumerate(default_instrument.ITEMS, start=1)
        )
    return instrument


# The dimensions and scales a municipality's own item may have.
OWN_DIMENSIONS = ("relation", "information", "influence", "rights", "plan", "open")
OWN_SCALES = ("fits", "yes_no", "open")
OWN_SHARES = {
    "fits": ("passer godt eller meget godt", default_instrument.TOP_2, default_instrument.FITS),
    "yes_no": ("ja, blandt dem der svarede ja eller nej", default_instrument.YES, "1,2"),
    "open": ("", "", ""),
}
MAX_OWN_ITEMS = 10


def _item_copy(item: Item, instrument: Instrument) -> Item:
    copy = Item(
        **{
            field.attname: getattr(item, field.attname)
            for field in Item._meta.concrete_fields
            if field.attname not in ("id", "instrument_id")
        }
    )
    copy.instrument = instrument
    return copy


def _instrument_next(actor, *, keep, add=None) -> Instrument:
    """A new version of the municipality's questionnaire with the items ``keep`` returns True
    for, and ``add``: rounds already opened keep the version they were opened with."""
    with transaction.atomic():
        default = instrument_default_ensure()
        current = selectors.instrument_current(municipality_id=actor.municipality_id)
        if current is not None:
            # Serialises two leaders' changes: the second one builds on the first.
            current = Instrument.objects.select_for_update().get(pk=current.pk)
        base = current or default
        instrument = Instrument.objects.create(
            municipality_id=actor.municipality_id,
            key=default.key,
            version=(current.version + 1) if current else 1,
            title=f"{default.title} – {actor.municipality.name}",
        )
        items = [_item_copy(item, instrument) for item in base.items.all() if keep(item)]
        if add is not None:
            add.instrument = instrument
            add.order = max((item.order for item in items), default=0) + 1
            items.append(add)
        Item.objects.bulk_create(items)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="survey.questionnaire_changed",
            ref=f"survey_instrument:{instrument.pk}",
            data={"version": instrument.version},
        )
    return instrument


def item_add(
    *, actor, dimension: str, scale: str, text_younger: str, text_older: str
) -> Instrument:
    """Add the municipality's own question. The VIVE items stay as they are (locked)."""
    _may_run_waves(actor)
    errors = {}
    if dimension not in OWN_DIMENSIONS:
        errors["dimension"] = _("Choose one of the areas.")
    if scale not in OWN_SCALES:
        errors["scale"] = _("Choose one of the answer scales.")
    elif (scale == "open") != (dimension == "open"):
        errors["scale"] = _('Free text goes under "In your own words", and only free text.')
    for name, text in (("text_younger", text_younger), ("text_older", text_older)):
        if not text.strip():
            errors[name] = _("This field is required.")
        elif len(text.strip()) > 300:
            errors[name] = _("Write at most %(limit)s characters.") % {"limit": 300}
    current = selectors.instrument_current(municipality_id=actor.municipality_id)
    own = [item for item in current.items.all() if not item.locked] if current else []
    if len(own) >= MAX_OWN_ITEMS:
        errors["text_older"] = _("At most %(max)s questions of your own.") % {"max": MAX_OWN_ITEMS}
    if errors:
        raise ValidationError(errors)
    used = {item.code for item in own}
    code = next(f"k{n}" for n in range(1, MAX_OWN_ITEMS + 2) if f"k{n}" not in used)
    label, share, base = OWN_SHARES[scale]
    return _instrument_next(
        actor,
        keep=lambda item: True,
        add=Item(
            code=code,
            order=0,
            dimension=dimension,
            scale=scale,
            text_younger=text_younger.strip(),
            text_older=text_older.strip(),
            share_label=label,
            share_values=share,
            base_values=base,
            higher_is_better=True if scale != "open" else None,
            national_note="Kommunens eget spørgsmål",
            locked=False,
        ),
    )


def item_remove(*, actor, item_id: int) -> Instrument:
    """Remove one of the municipality's own questions (a VIVE item cannot be removed)."""
    _may_run_waves(actor)
    current = selectors.instrument_current(municipality_id=actor.municipality_id)
    item = current.items.filter(pk=item_id).first() if current else None
    if item is None:
        raise PermissionDenied
    if item.locked:
        raise ValidationError(
            _("The questions from VIVE's survey cannot be removed: they make the comparison.")
        )
    return _instrument_next(actor, keep=lambda kept: kept.code != item.code)


# --- Waves --------------------------------------------------------------------------------------


def _may_run_waves(user) -> None:
    if user.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or user.municipality_id is None:
        raise PermissionDenied


def wave_open(
    *,
    actor,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    teams=(),
    min_age: int = 12,
    max_age: int = 17,
    with_wellbeing: bool = False,
    today: dt.date | None = None,
) -> Wave:
    """Open a round of the survey and invite the children it covers.

    Invited: children of the municipality aged ``min_age``-``max_age`` on ``opens_on``, with an
    open case on one of ``teams`` (a leader's own teams when empty; an administrator's empty
    choice is every team) and an active Min sag account of their own. Their coarse strata are
    taken now (``selectors.strata_for``)."""
    _may_run_waves(actor)
    today = today or timezone.localdate()
    errors = {}
    if opens_on < today:
        errors["opens_on"] = _("A round cannot open in the past.")
    if closes_on <= opens_on:
        errors["closes_on"] = _("The round must close after it opens.")
    elif (closes_on - opens_on).days > MAX_WINDOW_DAYS:
        errors["closes_on"] = _("A round can be open for at most three months.")
    if min_age not in AGES or max_age not in AGES or min_age > max_age:
        errors["min_age"] = _("Choose ages from 12 to 17, the youngest first.")
    teams = list(teams)
    own_teams = list(actor.teams.all()) if actor.role == Role.TEAM_LEADER else []
    if any(team.municipality_id != actor.municipality_id for team in teams):
        errors["teams"] = _("Choose teams of your own municipality.")
    elif own_teams and any(team not in own_teams for team in teams):
        errors["teams"] = _("A team leader can open a round for their own teams only.")
    if errors:
        raise ValidationError(errors)
    if not teams:
        teams = own_teams
    with transaction.atomic():
        wave = Wave.objects.create(
            municipality_id=actor.municipality_id,
            instrument=selectors.instrument_current(municipality_id=actor.municipality_id)
            or instrument_default_ensure(),
            title=title.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            min_age=min_age,
            max_age=max_age,
            with_wellbeing=with_wellbeing,
            created_by=actor,
        )
        wave.teams.set(teams)
        strata = selectors.strata_for(
            municipality_id=actor.municipality_id,
            teams=teams,
            min_age=min_age,
            max_age=max_age,
            on=opens_on,
        )
        Invitation.objects.bulk_create(
            Invitation(wave=wave, child_id=child_id, invited_on=opens_on, **row)
            for child_id, row in strata.items()
        )
        wave.invited = len(strata)
        wave.save(update_fields=["invited"])
        if opens_on == today:
            survey_sms_due(today=today)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="survey.wave_opened",
            ref=f"survey_wave:{wave.pk}",
            data={"invited": wave.invited, "teams": [team.pk for team in teams]},
        )
    return wave


def wave_close(*, actor, wave: Wave, now: dt.datetime | None = None) -> Wave:
    """Close the round: no answers after this, the drafts not sent are deleted, and the figures
    can be shown (they never change after). ``actor`` None: closed by the worker on the day
    after ``closes_on``."""
    if actor is not None:
        _may_run_waves(actor)
        if actor.municipality_id != wave.municipality_id:
            raise PermissionDenied
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if wave.closed_at is not None:
            return wave
        wave.closed_at = now or timezone.now()
        wave.save(update_fields=["closed_at"])
        Invitation.objects.filter(wave=wave, answered_on=None).update(draft={}, answered_with="")
        event_record(
            actor=actor,
            municipality=wave.municipality,
            kind="survey.wave_closed",
            ref=f"survey_wave:{wave.pk}",
            data={"responses": wave.responses.count()},
        )
    return wave


def waves_close_due(*, today: dt.date | None = None) -> int:
    """Close every round whose last day has passed (the worker's sweep; idempotent)."""
    today = today or timezone.localdate()
    due = list(Wave.objects.filter(closed_at=None, closes_on__lt=today))
    for wave in due:
        wave_close(actor=None, wave=wave)
    return len(due)


# --- A child's answers --------------------------------------------------------------------------


def _clean_answers(items: dict, answers: dict) -> dict:
    """Only known items and allowed values; a value of None removes the answer (skipped)."""
    clean = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            raise ValidationError(_("Unknown question."))
        if value is None or value == "":
            clean[code] = None
        elif item.scale == "open":
            text = str(value).strip()
            if len(text) > scales.OPEN_MAX_CHARS:
                raise ValidationError(
                    _("Write at most %(limit)s characters.") % {"limit": scales.OPEN_MAX_CHARS}
                )
            clean[code] = text or None
        else:
            if not isinstance(value, int) or value not in scales.allowed(item.scale):
                raise ValidationError(_("Choose one of the answers."))
            clean[code] = value
    return clean


def _without_hidden(items: dict, draft: dict) -> dict:
    """Drop answers to questions that their filter no longer shows (H1-H3 after "no" to H0)."""
    kept = dict(draft)
    for code, item in items.items():
        if item.shown_if and not selectors.is_shown(item, kept):
            kept.pop(code, None)
    return kept


def _open_invitation(invitation_id, *, child, today) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("wave")
        .filter(pk=invitation_id, child=child)
        .first()
    )
    if invitation is None:
        raise PermissionDenied
    wave = invitation.wave
    if invitation.answered_on is not None:
        raise ValidationError(_("You have already sent your answers. Thank you!"))
    if wave.closed_at is not None or not wave.opens_on <= today <= wave.closes_on:
        raise ValidationError(_("The survey is closed. Your answers were not saved."))
    return invitation


def draft_save(
    *,
    child,
    invitation_id,
    answers: dict,
    answered_with: str | None = None,
    today: dt.date | None = None,
) -> Invitation:
    """Keep what the child answered on one page (they can stop and go on later). Answers merge
    into what was saved before, so two tabs on different pages lose nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invitation = _open_invitation(invitation_id, child=child, today=today)
        items = selectors.items_by_code(invitation.wave)
        draft = {**invitation.draft}
        for code, value in _clean_answers(items, answers).items():
            if value is None:
                draft.pop(code, None)
            else:
                draft[code] = value
        invitation.draft = _without_hidden(items, draft)
        if answered_with is not None:
            if answered_with not in (AnsweredWith.ALONE, AnsweredWith.ADULT):
                raise ValidationError(_("Choose one of the answers."))
            invitation.answered_with = answered_with
        invitation.version += 1
        invitation.save(update_fields=["draft", "answered_with", "version"])
    return invitation


def response_submit(*, child, invitation_id, today: dt.date | None = None) -> None:
    """Send the answers: they move to the answer side without any link to the child, and the
    invitation only records the day. Sending twice is refused, not duplicated."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invitation = _open_invitation(invitation_id, child=child, today=today)
        wave = invitation.wave
        items = selectors.items_by_code(wave)
        draft = _without_hidden(items, invitation.draft)
        _response_write(
            wave=wave,
            strata={name: getattr(invitation, name) for name in Invitation.STRATA},
            answered_with=invitation.answered_with or AnsweredWith.ALONE,
            answers=draft,
            items=items,
        )
        invitation.draft = {}
        invitation.answered_on = today
        invitation.version += 1
        invitation.save(update_fields=["draft", "answered_on", "version"])
        # No child and no response on the event: the timeline says that someone answered.
        event_record(
            actor=None,
            municipality=wave.municipality,
            kind="survey.response_received",
            ref=f"survey_wave:{wave.pk}",
        )


def _response_write(*, wave, strata: dict, answered_with: str, answers: dict, items: dict):
    response = Response.objects.create(wave=wave, answered_with=answered_with, **strata)
    Answer.objects.bulk_create(
        Answer(response=response, item=items[code], value=value)
        for code, value in answers.items()
        if items[code].scale != "open" and value is not None
    )
    Comment.objects.bulk_create(
        Comment(wave=wave, text=text)
        for code, text in answers.items()
        if items[code].scale == "open" and text
    )
    return response


# --- SMS to the young person ------------------------------------------------------------------

# Content-free: not even that it is a survey (a phone is seen by others).
SMS_TEXT = "Du har noget nyt i Min sag."
REMIND_DAYS_LEFT = 7
SMS_KINDS = {"invite": "notified_on", "remind": "reminded_on"}


def _sms_task():
    # The tasks module imports this one (its task calls the service): imported on use.
    from stemme.survey.tasks import survey_sms_send

    return survey_sms_send


def invitation_sms_send(*, invitation_id, kind: str, today: dt.date | None = None) -> str:
    """Send an invitation's SMS once ("invite" on the round's first days, "remind" when a week
    is left); what happened, as a word. A gateway's refusal raises (the task retries) and
    records nothing."""
    today = today or timezone.localdate()
    field = SMS_KINDS[kind]
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("wave")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return "gone"
        wave = invitation.wave
        open_now = wave.closed_at is None and wave.opens_on <= today <= wave.closes_on
        if invitation.answered_on is not None or not open_now:
            return "not due"
        if getattr(invitation, field) is not None:
            return "already sent"
        number = selectors.sms_number_of(child_id=invitation.child_id)
        adapter = sms_adapter()
        if not number or not adapter.available:
            return "no number"
        adapter.send(number, SMS_TEXT)
        setattr(invitation, field, today)
        invitation.save(update_fields=[field])
    return "sent"


def survey_sms_due(*, today: dt.date | None = None) -> int:
    """Queue the SMS that are due: the invitation of every open round not yet told, and one
    reminder when a week or less is left; only to young people who gave a number and have not
    answered. Run daily (``survey_daily``) and when a round opens today."""
    today = today or timezone.localdate()
    due = selectors.invitations_sms_due(today=today, remind_days_left=REMIND_DAYS_LEFT)
    for invitation_id, kind in due:
        enqueue_on_commit(_sms_task(), str(invitation_id), kind)
    return len(due)


def survey_daily(*, today: dt.date | None = None) -> tuple[int, int]:
    """The daily work: close the rounds that have ended, queue the SMS that are due."""
    return waves_close_due(today=today), survey_sms_due(today=today)


# --- Paper answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperResponse:
    """One paper questionnaire: the strata the municipality knows for it, and the answers."""

    strata: dict
    answers: dict


# The paper CSV's strata columns and the words they accept (docs/survey.md).
PAPER_STRATA = {
    "team": None,
    "age_band": {"12-13": AgeBand.YOUNGER, "14-17": AgeBand.OLDER},
    "gender": {"pige": GenderStratum.GIRL, "dreng": GenderStratum.BOY, "andet": "other"},
    "measure_type": {
        "forebyggende": MeasureType.PREVENTIVE,
        "familiepleje": MeasureType.FOSTER_CARE,
        "institution": MeasureType.INSTITUTION,
        "ingen": MeasureType.NONE,
    },
    "changes": {"0": ChangesBucket.NONE, "1": ChangesBucket.ONE, "2+": ChangesBucket.TWO_PLUS},
    "contact": {"0": ContactBucket.NONE, "1-3": ContactBucket.SOME, "4+": ContactBucket.MANY},
}
MAX_PAPER_ROWS = 5000
MAX_ERRORS_SHOWN = 20


def paper_csv_parse(*, wave: Wave, text: str) -> list[PaperResponse]:
    """Every row of a paper-answers CSV, checked whole: a ``ValidationError`` listing each
    problem by row and column (the first 20), or the responses. Semicolon or comma separated
    (Danish spreadsheets write semicolons)."""
    items = selectors.items_by_code(wave)
    teams = {team.name.casefold(): team for team in selectors.wave_teams(wave)}
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [name.strip().casefold() for name in next(reader, [])]
    problems = []
    unknown = [name for name in header if name not in PAPER_STRATA and name not in items]
    missing = [name for name in PAPER_STRATA if name not in header]
    if not header:
        raise ValidationError(_("The file is empty."))
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if len(set(header)) != len(header):
        problems.append(_("A column is named twice."))
    if problems:
        raise ValidationError(problems)
    responses = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(responses) >= MAX_PAPER_ROWS:
            raise ValidationError(_("At most %(max)s rows per file.") % {"max": MAX_PAPER_ROWS})
        if len(row) != len(header):
            problems.append(
                _("Row %(row)s: %(found)s columns, the header has %(expected)s.")
                % {"row": number, "found": len(row), "expected": len(header)}
            )
            continue
        strata, answers = {}, {}
        for name, cell in zip(header, row, strict=True):
            cell = cell.strip()
            where = {"row": number, "column": name, "value": cell[:40]}
            if name == "team":
                team = teams.get(cell.casefold()) if cell else None
                if cell and team is None:
                    problems.append(
                        _(
                            "Row %(row)s, column %(column)s: no team of the round is called "
                            '"%(value)s".'
                        )
                        % where
                    )
                strata["team_id"] = team.pk if team else None
            elif name in PAPER_STRATA:
                value = PAPER_STRATA[name].get(cell.casefold())
                if value is None:
                    where["allowed"] = ", ".join(PAPER_STRATA[name])
                    problems.append(
                        _('Row %(row)s, column %(column)s: "%(value)s" is not one of %(allowed)s.')
                        % where
                    )
                strata[name] = value
            elif items[name].scale == "open":
                answers[name] = cell or None
            elif cell:
                allowed = scales.allowed(items[name].scale)
                if not cell.isdigit() or int(cell) not in allowed:
                    where["allowed"] = ", ".join(str(v) for v in sorted(allowed))
                    problems.append(
                        _(
                            'Row %(row)s, column %(column)s: "%(value)s" is not one of '
                            "%(allowed)s (empty: skipped)."
                        )
                        % where
                    )
                else:
                    answers[name] = int(cell)
        responses.append(PaperResponse(strata=strata, answers=answers))
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        if len(problems) > MAX_ERRORS_SHOWN:
            shown.append(
                _("… and %(count)s more problems.") % {"count": len(problems) - MAX_ERRORS_SHOWN}
            )
        raise ValidationError(shown)
    if not responses:
        raise ValidationError(_("The file has no rows with answers."))
    return responses


def paper_responses_record(*, actor, wave: Wave, responses: list[PaperResponse]) -> int:
    """Record paper answers, all or none (the CSV import checks every row first)."""
    _may_run_waves(actor)
    if actor.municipality_id != wave.municipality_id:
        raise PermissionDenied
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if wave.closed_at is not None:
            raise ValidationError(
                _("The round is closed: its figures are final, so no answers can be added.")
            )
        items = selectors.items_by_code(wave)
        for paper in responses:
            answers = _without_hidden(items, _clean_answers(items, paper.answers))
            _response_write(
                wave=wave,
                strata=paper.strata,
                answered_with=AnsweredWith.PAPER,
                answers={code: value for code, value in answers.items() if value is not None},
                items=items,
            )
        event_record(
            actor=actor,
            municipality=wave.municipality,
            kind="survey.paper_recorded",
            ref=f"survey_wave:{wave.pk}",
            data={"responses": len(responses)},
        )
    return len(responses)


# --- "I sagde – vi gør" -------------------------------------------------------------------------


def action_record(
    *, actor, wave: Wave, finding: str, action: str, text_for_children: str
) -> Action:
    _may_run_waves(actor)
    if actor.municipality_id != wave.municipality_id:
        raise PermissionDenied
    if wave.closed_at is None:
        raise ValidationError(_("Write what you will do once the round is closed."))
    errors = {}
    for name, value in (
        ("finding", finding),
        ("action", action),
        ("text_for_children", text_for_children),
    ):
        if not value.strip():
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        recorded = Action.objects.create(
            wave=wave,
            finding=finding.strip(),
            action=action.strip(),
            text_for_children=text_for_children.strip(),
            created_by=actor,
        )
        event_record(
            actor=actor,
            municipality=wave.municipality,
            kind="survey.action_recorded",
            ref=f"survey_wave:{wave.pk}",
        )
    return recorded
