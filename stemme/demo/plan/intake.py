"""S0: a report or request received, and its urgency assessment."""

from __future__ import annotations

import datetime as dt

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    ANONYMOUS,
    BOY,
    CITIZEN,
    GIRL,
    HENVENDELSE,
    OTHER_MUNICIPALITY,
    PROFESSIONAL,
    TASK_REPORT,
)
from stemme.demo.plan.helpers import add_working_days, age_on, at_minute
from stemme.demo.plan.records import IntakeRecord
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import ABUSE_TALKS, REPORTER_ROLES, REPORTS, URGENCY_ACUTE, URGENCY_CALM


class IntakeBuilder(BuilderBase):
    def intake(
        self,
        c: CaseState,
        *,
        day: dt.date,
        minute: int,
        kind: str,
        abuse: bool,
        child_has_measure: bool,
        first: bool,
        urgency_days: int,
        urgency_latest: dt.date | None,
        conversation_on: dt.date | None,
    ) -> IntakeRecord:
        """A report (or enquiry) with its urgency assessment, receipt and reassessment."""
        rng = self.rng
        age = age_on(c.child.birth_date, day)
        abuse = abuse and age >= 3
        if kind == HENVENDELSE:
            candidates = [r for r in REPORTS if r.kind == kind and r.low <= age <= r.high]
        else:
            weights = (80, 12, 8, 0) if abuse else (74, 12, 7, 7 if first else 0)
            reporter_type = rng.choices(
                (PROFESSIONAL, CITIZEN, ANONYMOUS, OTHER_MUNICIPALITY), weights
            )[0]
            candidates = [
                r
                for r in REPORTS
                if r.kind == kind
                and r.abuse == abuse
                and r.reporter_type == reporter_type
                and r.low <= age <= r.high
            ]
        report = rng.choice(candidates)
        texts = {**c.texts, "voksen": "en pædagog" if age < 6 else "sin klasselærer"}
        reporter_name = ""
        if report.reporter_type in (PROFESSIONAL, CITIZEN, OTHER_MUNICIPALITY):
            role = rng.choice(REPORTER_ROLES[report.source]).format_map(texts)
            female = role in ("mormor", "farmor", "moster", "faster") or self.chance(0.7)
            name = f"{self.first_name(GIRL if female else BOY)} {self.last_name()}"
            reporter_name = f"{name}, {role}"
        received_at = at_minute(day, minute)
        actor = self.actor(c, day)
        summary = report.summary.format_map(texts)
        intake = IntakeRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=actor,
            kind=report.kind,
            reporter_type=report.reporter_type,
            reporter_name=reporter_name,
            received_at=received_at,
            content=report.content.format_map(texts),
            abuse=report.abuse,
            parent_suspected=report.parent_suspected,
            honour_related=report.honour_related,
            child_has_measure=child_has_measure,
            urgency_assessed_at=None,
            urgency_is_acute=None,
            urgency_assessment="",
            receipt_sent_on=None,
            reassessed_on=None,
        )
        self.record(c, "intakes", intake, day)
        if report.kind == HENVENDELSE:
            self.emit(
                c,
                day,
                events.henvendelse_received(summary=summary),
                actor,
                ref=intake.ref,
                stamp=intake,
                minute=minute,
            )
            return intake
        self.emit(
            c,
            day,
            events.underretning_received(
                reporter_type=intake.reporter_type,
                abuse=intake.abuse,
                child_has_measure=child_has_measure,
                parent_suspected=intake.parent_suspected,
                summary=summary,
            ),
            actor,
            ref=intake.ref,
            stamp=intake,
            minute=minute,
        )
        c.tasks.append((*TASK_REPORT, intake.ref, day))

        # Within 24 hours, mostly: the same day, or the next morning (a Friday report the same
        # day). A few are assessed days later.
        acute = self.chance(0.45 if intake.abuse else 0.05)
        if acute:
            urgency_days = 0
        if urgency_days == 0 or (urgency_days == 1 and day.weekday() == 4):
            assessed_on = day
        elif urgency_days == 1:
            assessed_on = day + dt.timedelta(days=1)
        else:
            assessed_on = add_working_days(day, urgency_days - 1)
        if urgency_latest is not None:
            assessed_on = max(day, min(assessed_on, urgency_latest))
        if urgency_latest is not None or (not first and assessed_on <= c.last_day):
            if assessed_on == day:
                assessed = min(minute + rng.randint(15, 150), 16 * 60 + 30)
                assessed = max(assessed, minute + 5)
            elif (assessed_on - day).days == 1 and urgency_days <= 1:
                assessed = rng.randint(8 * 60, max(8 * 60, minute - 10))
            else:
                assessed = rng.randint(8 * 60, 16 * 60)
            intake.urgency_assessed_at = at_minute(assessed_on, assessed)
            intake.urgency_is_acute = acute
            template = rng.choice(URGENCY_ACUTE if acute else URGENCY_CALM)
            intake.urgency_assessment = template.format_map(
                {**texts, "institution_or_school": texts["institution" if age < 6 else "skole"]}
            )
            self.emit(
                c,
                assessed_on,
                events.underretning_urgency_assessed(
                    underretning=intake.ref, acute=acute, summary="Akut" if acute else "Ikke akut"
                ),
                actor,
                ref=intake.ref,
                minute=assessed,
            )
            c.last_step = max(c.last_step, assessed_on)

        # A receipt to a professional reporter within 6 working days, mostly.
        if intake.reporter_type == PROFESSIONAL and self.chance(0.95):
            days = rng.randint(1, 6) if self.chance(0.92) else rng.randint(7, 12)
            sent_on = add_working_days(day, days)
            if sent_on <= c.last_day:
                intake.receipt_sent_on = sent_on
                self.emit(
                    c,
                    sent_on,
                    events.underretning_receipt_sent(underretning=intake.ref),
                    self.actor(c, sent_on),
                    ref=intake.ref,
                )
        # The child already has a measure: someone new to the case reassesses it (§ 137).
        if child_has_measure:
            roll = rng.random()
            reassessed_on = None
            if roll < 0.85:
                reassessed_on = add_working_days(day, rng.randint(1, 4))
            elif roll < 0.93:
                reassessed_on = add_working_days(day, rng.randint(6, 14))
            if reassessed_on is not None and reassessed_on <= c.last_day:
                intake.reassessed_on = reassessed_on
                involved = {*(name for _, name in c.history.primaries), c.secondary}
                others = [name for name in c.teammates if name not in involved]
                who = rng.choice(others) if others and self.chance(0.5) else c.leader
                self.emit(
                    c,
                    reassessed_on,
                    events.underretning_reassessed(
                        underretning=intake.ref, summary=f"Genvurderet af {self.names[who]}"
                    ),
                    who,
                    ref=intake.ref,
                )
        # A report about abuse: talk with the child, alone, within days.
        if intake.abuse and conversation_on is not None:
            note = ABUSE_TALKS[intake.parent_suspected].format_map(texts)
            self.conversation(c, conversation_on, note=note, alone=True, intake=intake)
        return intake
