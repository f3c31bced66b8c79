"""The child's voice: wishes, explanations, statements, conversations and rights information."""

from __future__ import annotations

import datetime as dt

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    AGAINST,
    FOLLOWED,
    NO_WISH,
    OMIT_AGE,
    OMIT_DECLINED,
    OMIT_NATURE,
    PARTLY,
    PLACEMENTS,
    RIGHTS_DAYS,
    RIGHTS_FROM_AGE,
    RIGHTS_TOPICS,
    SETTLED_AFTER_DAYS,
    TASK_FOLLOW_UP,
)
from stemme.demo.plan.helpers import age_on, in_key_order
from stemme.demo.plan.records import (
    ChildStatementRecord,
    ConversationRecord,
    DecisionRecord,
    RightsInformationRecord,
)
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import (
    EXPLANATION_HOW,
    EXPLANATIONS,
    OBTAINED_OTHERWISE,
    OMISSION_TEXTS,
    STATEMENT_TRUSTED_ADULTS,
    VOICE_METHODS,
    VOICE_SETTINGS,
    VOICE_TALKS,
    WEIGHINGS,
    WISH_WEIGHTS,
    YOUNG_METHODS,
    YOUNG_WEIGHING,
)


class VoiceBuilder(BuilderBase):
    def settled(self, due: dt.date) -> bool:
        """A task due this long ago has been dealt with, on time or not (see SETTLED_AFTER_DAYS)."""
        return due < self.today - dt.timedelta(days=SETTLED_AFTER_DAYS)

    def child_wish(self, c: CaseState, decision: DecisionRecord, *, view: str) -> None:
        """How the decision relates to the child's wish, and the plain explanation when it goes
        against it. A child too young to give a view was observed instead."""
        vr = self.vrng
        if not view:  # as the decision service requires: a wish and a weighing all the same
            decision.child_view_exception_reason = OMIT_AGE
            decision.child_view_obtained_otherwise = c.fill(vr.choice(OBTAINED_OTHERWISE))
            decision.child_view_weighing = c.fill(YOUNG_WEIGHING)
            decision.child_wish = NO_WISH
            return
        decision.child_view_weighing = c.fill(vr.choice(WEIGHINGS))
        key = (
            "placement"
            if decision.paragraph in PLACEMENTS
            else "114"
            if decision.paragraph == "114"
            else "other"
        )
        decision.child_wish = vr.choices((FOLLOWED, PARTLY, AGAINST, NO_WISH), WISH_WEIGHTS[key])[0]
        # As the decision service requires: a wish followed only in part is explained too.
        if decision.child_wish in (AGAINST, PARTLY):
            decision.explanation_for_child = vr.choice(EXPLANATIONS)
            decision.explanation_how = c.fill(vr.choice(EXPLANATION_HOW))
            later = decision.decided_on + dt.timedelta(days=vr.randint(3, 10))
            decision.explanation_due_on = self.workday(later, dt.date.max)

    def explanation(self, c: CaseState, decision: DecisionRecord) -> None:
        """The explanation of a decision against the child's wish, given (mostly in time)."""
        due = decision.explanation_due_on
        if due is None:
            return
        vr = self.vrng
        roll = vr.random()
        if roll < 0.86:
            day = decision.decided_on + dt.timedelta(
                days=vr.randint(1, (due - decision.decided_on).days)
            )
            day = self.workday(day, due)
        elif roll < 0.94 or self.settled(due):
            day = self.workday(due + dt.timedelta(days=vr.randint(1, 14)), dt.date.max)
        else:
            return  # not yet: the task is on the worklist
        if day > c.last_day:
            return
        decision.explanation_delivered_on = day
        decision.explanation_delivered_how = decision.explanation_how
        self.emit(
            c,
            day,
            events.explanation_delivered(
                about=decision.ref,
                how=decision.explanation_how,
                summary=decision.explanation_how,
            ),
            self.actor(c, day),
            ref=f"{decision.ref}#explanation",
        )

    def statement(self, c: CaseState, decision: DecisionRecord) -> list[str]:
        """The child's view behind a decision, recorded in the child's own words: its ref."""
        if not decision.child_view:
            return []
        vr = self.vrng
        day = decision.decided_on - dt.timedelta(days=vr.randint(1, 12))
        day = self.workday(day, decision.decided_on)
        if c.received_on is not None and day < c.received_on:
            day = decision.decided_on
        trusted = vr.random() < 0.15
        record = ChildStatementRecord(
            id=self.voice_id(),
            child_id=c.child.id,
            case_id=c.id,
            recorded_by=self.actor(c, day),
            words=decision.child_view,
            mode="trusted_adult" if trusted else "direct",
            trusted_adult=c.fill(vr.choice(STATEMENT_TRUSTED_ADULTS)) if trusted else "",
            stated_on=day,
            informs_ref=decision.ref,
        )
        self.steps["statements"].append(record)
        self.emit(
            c,
            day,
            "statement.recorded",
            record.recorded_by,
            ref=record.ref,
            data={"mode": record.mode, "informs": decision.ref},
            stamp=record,
        )
        return [record.ref]

    def occasion(self, c: CaseState, day: dt.date, ref: str, occasion: str) -> None:
        """A moment to tell the child about their rights (the engine's rettigheder task)."""
        self.emit(c, day, events.rights_occasion(occasion=occasion), self.actor(c, day), ref=ref)
        c.occasions.append((ref, day))

    def schedule_follow_up(self, c: CaseState, day: dt.date, ref: str, due: dt.date) -> None:
        """The date agreed for the next follow-up: talk with the child alone before it."""
        self.emit(
            c,
            day,
            events.follow_up_scheduled(due_on=due),
            self.actor(c, day),
            ref=ref,
        )
        c.follow_ups.append((ref, day, due))

    def voice(self, c: CaseState) -> None:
        """Answer the case's involvement tasks the way a caseworker would: mostly in time, some
        late, a few omitted with a reason, and a few recent ones not yet (they are the worklist).
        """
        for rule, days, ref, day in sorted(c.tasks, key=lambda task: task[3]):
            if any(
                talk_day >= day and (linked is None or linked == ref)
                for talk_day, _alone, linked in c.talks
            ):
                continue  # an earlier conversation (a milestone) already answers it
            self.answer(c, rule, ref, day, day + dt.timedelta(days=days), alone=False)
        for ref, day, due in c.follow_ups:
            self.answer(c, TASK_FOLLOW_UP[0], ref, day, due, alone=True)
        self.rights(c)

    def answer(
        self, c: CaseState, rule: str, ref: str, day: dt.date, due: dt.date, *, alone: bool
    ) -> None:
        """A conversation for one task (``alone``: it must be with the child alone), or the
        reason it did not take place."""
        vr = self.vrng
        age = age_on(c.child.birth_date, due)
        settled = self.settled(due)
        # Before a follow-up the conversation comes in the last three weeks.
        earliest = max(day, due - dt.timedelta(days=21)) if alone else day
        on_time = self.workday(self.vrng_day(earliest, due), due)
        late = self.workday(due + dt.timedelta(days=vr.randint(1, 21)), dt.date.max)
        roll = vr.random()
        reason = None
        if age < (7 if alone else 3):  # too young for that conversation: observed instead
            if roll >= 0.9 and not settled:
                return
            reason, when = OMIT_AGE, on_time
        elif roll < 0.86:
            when = on_time
        elif roll < 0.92 or (settled and roll < 0.985):
            when = late
        elif roll < 0.95:
            reason, when = vr.choices((OMIT_DECLINED, OMIT_NATURE), (70, 30))[0], on_time
        else:
            return  # not yet
        if when < day or when > c.last_day:
            return
        actor = self.actor(c, when)
        if reason is not None:
            text = c.fill(OMISSION_TEXTS[reason])
            record = ConversationRecord(
                id=self.voice_id(),
                case_id=c.id,
                recorded_by=actor,
                held=False,
                happened_on=when,
                about_ref=ref,
                setting="",
                present="",
                child_alone=False,
                parents_present=False,
                without_parental_consent=False,
                methods=[],
                summary="",
                omission_reason=reason,
                omission_text=text,
            )
            fact = events.conversation_omitted(
                about=ref, rule=rule, reason=reason, summary=text[:160]
            )
        else:
            child_alone = alone or (age >= 7 and vr.random() < 0.6)
            parents = not child_alone and vr.random() < 0.8
            name = c.child.first_name
            record = ConversationRecord(
                id=self.voice_id(),
                case_id=c.id,
                recorded_by=actor,
                held=True,
                happened_on=when,
                about_ref=ref,
                setting=c.fill(vr.choice(VOICE_SETTINGS)),
                present=f"{name} og rådgiveren"
                if not parents
                else f"{name}, en forælder og rådgiveren",
                child_alone=child_alone,
                parents_present=parents,
                without_parental_consent=False,
                methods=list(vr.choice(YOUNG_METHODS if age < 7 else VOICE_METHODS)),
                summary=c.fill(vr.choice(VOICE_TALKS[rule])),
                omission_reason="",
                omission_text="",
            )
            fact = events.conversation_held(
                alone=child_alone,
                methods=record.methods,
                without_parental_consent=False,
                parents_present=parents,
                about=ref,
                summary=record.summary[:160],
                underretning=ref if ref.startswith("intake:") else None,
            )
            fact = in_key_order(
                fact,
                "alone",
                "methods",
                "without_parental_consent",
                "parents_present",
                "about",
                "summary",
            )

            c.talks.append((when, child_alone, ref))
        self.steps["conversations"].append(record)
        self.emit(c, when, fact, actor, ref=record.ref, stamp=record)

    def vrng_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.vrng.randint(0, max(0, (last - first).days)))

    def rights(self, c: CaseState) -> None:
        """Rights explained to the child (from 6) after each occasion, mostly within 14 days."""
        vr = self.vrng
        given: list[tuple[dt.date, bool]] = []
        for _ref, day in sorted(c.occasions, key=lambda occasion: occasion[1]):
            age = age_on(c.child.birth_date, day)
            if age < RIGHTS_FROM_AGE:
                continue
            if any(on >= day and to_child for on, to_child in given):
                continue  # told after this occasion already
            due = day + dt.timedelta(days=RIGHTS_DAYS)
            settled = self.settled(due)
            roll = vr.random()
            to_child = True
            if roll < 0.85:
                when = self.workday(self.vrng_day(day, due), due)
            elif roll < 0.92 or (settled and roll < 0.985):
                when = self.workday(due + dt.timedelta(days=vr.randint(1, 30)), dt.date.max)
            elif roll < 0.95 and not settled:
                when, to_child = self.workday(self.vrng_day(day, due), due), False
            else:
                continue
            if when < day or when > c.last_day:
                continue
            method = vr.choices(
                ("conversation", "letter", "meeting", "portal"),
                (50, 25, 20, 5 if age >= 12 else 0),
            )[0]
            topics = ["involvement", *vr.sample(RIGHTS_TOPICS[1:], vr.randint(1, 3))]
            record = RightsInformationRecord(
                id=self.voice_id(),
                child_id=c.child.id,
                case_id=c.id,
                recorded_by=self.actor(c, when),
                topics=topics,
                method=method,
                given_on=when,
                to_child=to_child,
                to_others="" if to_child else "Forældrene",
                note="",
            )
            self.steps["rights_information"].append(record)
            self.emit(
                c,
                when,
                events.rights_informed(topics=topics, to_child=to_child, method=method),
                record.recorded_by,
                ref=record.ref,
                stamp=record,
            )
            given.append((when, to_child))
