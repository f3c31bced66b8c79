"""Meetings with the child, their agendas and summaries, and the letters the child got."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    AFDAEKNING,
    BFU,
    FOLLOW_UP_MEETING_KIND,
    HANDOVER_MEETING_KIND,
    NETWORK_MEETING_KIND,
    PLAN,
    PLAN_MEETING_KIND,
)
from stemme.demo.plan.helpers import age_on, at_minute
from stemme.demo.plan.records import (
    AgendaItemRecord,
    LetterRecord,
    MeetingRecord,
    NextTimeTopicRecord,
    ParticipantRecord,
)
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import (
    CASEWORKER_ITEMS,
    CASEWORKER_PARTICIPANT_ROLE,
    CHILD_PARTICIPANT_ROLE,
    CHILD_TOPICS,
    CHILD_WANTS,
    DANISH_MONTHS,
    MEETING_PLACES,
    MEETING_PROFESSIONALS,
    MEETING_PURPOSES,
    MEETING_SUMMARIES,
)


class MeetingBuilder(BuilderBase):
    def meeting_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.mrng.getrandbits(128), version=4)

    def mrng_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.mrng.randint(0, max(0, (last - first).days)))

    def child_channel(self, age: int) -> str:
        if age >= 15:
            return self.mrng.choice(["digital_post", "digital_post", "portal"])
        if age >= 10:
            return self.mrng.choice(["letter", "by_hand", "digital_post"])
        return "by_hand"

    @staticmethod
    def danish_day(day: dt.date) -> str:
        return f"{day.day}. {DANISH_MONTHS[day.month - 1]}"

    def letter(
        self,
        c: CaseState,
        *,
        day: dt.date,
        kind: str,
        subject: str,
        body: str,
        channel: str,
        about: str,
        actor: str,
        event: tuple[str, Callable[..., events.FactData]],
    ) -> LetterRecord:
        """A letter to the child and the event it answers (its time is the letter's): ``event``
        is the event's ref and its fact, given the letter's ref as ``letter``."""
        record = LetterRecord(
            id=self.meeting_id(),
            child_id=c.child.id,
            case_id=c.id,
            kind=kind,
            recipient_name=f"{c.child.first_name} {c.child.last_name}",
            subject=subject,
            body=body,
            channel=channel,
            related_ref=about,
            created_by=actor,
        )
        self.meeting_rows["letters"].append(record)
        ref, fact = event
        self.emit(c, day, fact(letter=record.ref), actor, ref=ref, stamp=record)
        return record

    def meetings(self, c: CaseState, *, closed: bool) -> None:
        """Meetings with the child: the start-up meeting, each follow-up, often a network meeting
        during the investigation, the handover meetings, and the next one already planned."""
        mr = self.mrng
        opened = c.history.primaries[0][0]
        # Most follow-ups of the last year were meetings with the child; older ones are
        # in the follow-up records only (the demo's meeting history starts a year ago).
        recent = c.last_day - dt.timedelta(days=365)
        slots = [
            (kind, day)
            for kind, day in c.meeting_days
            if kind != FOLLOW_UP_MEETING_KIND or (day >= recent and mr.random() < 0.7)
        ]
        investigation = next((day for stage, day in c.entries if stage in (BFU, AFDAEKNING)), None)
        if investigation is not None and mr.random() < 0.6:
            later = [day for _stage, day in c.entries if day > investigation]
            end = min([*later, investigation + dt.timedelta(days=90), c.last_day])
            first = investigation + dt.timedelta(days=7)
            if first <= end:
                slots.append((NETWORK_MEETING_KIND, self.workday(self.mrng_day(first, end), end)))
        plan_day = next((day for stage, day in c.entries if stage == PLAN), None)
        if plan_day is not None and mr.random() < 0.35:
            day = self.workday(plan_day + dt.timedelta(days=mr.randint(3, 20)), c.last_day)
            slots.append((PLAN_MEETING_KIND, day))
        if c.measures and mr.random() < 0.3:
            first = c.measures[0].start + dt.timedelta(days=30)
            if first <= c.last_day:
                day = self.workday(self.mrng_day(first, c.last_day), c.last_day)
                slots.append((NETWORK_MEETING_KIND, day))
        carried: list[tuple[uuid.UUID, NextTimeTopicRecord]] = []
        for kind, day in sorted(slots, key=lambda slot: slot[1]):
            if opened < day <= c.last_day:
                carried = self.meeting(c, kind, day, carried=carried, held=True)
        if closed:
            return
        upcoming = None
        if c.follow_ups and self.today <= c.follow_ups[-1][2] <= self.today + dt.timedelta(70):
            upcoming = (FOLLOW_UP_MEETING_KIND, c.follow_ups[-1][2])
        elif investigation is not None and not c.measures and mr.random() < 0.4:
            upcoming = (NETWORK_MEETING_KIND, self.today + dt.timedelta(days=mr.randint(3, 30)))
        if upcoming is not None and mr.random() < 0.85:
            kind, day = upcoming
            self.meeting(c, kind, self.workday(day, dt.date.max), carried=carried, held=False)

    def meeting(
        self,
        c: CaseState,
        kind: str,
        day: dt.date,
        *,
        carried: list[tuple[uuid.UUID, NextTimeTopicRecord]],
        held: bool,
    ) -> list[tuple[uuid.UUID, NextTimeTopicRecord]]:
        """One meeting, planned a week or three before; held ones with the agenda sent to the
        child, a summary "what we decided and why" and sometimes the child's topics for next
        time. Returns the topics the next meeting carries."""
        mr = self.mrng
        age = age_on(c.child.birth_date, min(day, self.today))
        opened = c.history.primaries[0][0]
        last = c.last_day if held else self.yesterday
        planned_on = self.workday(max(opened, day - dt.timedelta(days=mr.randint(7, 21))), last)
        planned_on = min(planned_on, last, day)
        planner = self.actor(c, planned_on)
        new_caseworker = self.names[self.actor(c, day)]
        attends = mr.random() < (0.88 if age >= 6 else 0.3)
        mid = self.meeting_id()
        ref = f"meeting:{mid}"
        record = MeetingRecord(
            id=mid,
            case_id=c.id,
            kind=kind,
            status="held" if held else "planned",
            purpose_for_child=c.fill(mr.choice(MEETING_PURPOSES[kind]), ny=new_caseworker),
            starts_at=at_minute(day, mr.choice([540, 570, 600, 660, 780, 840])),
            duration_minutes=mr.choice([45, 60, 60, 90]),
            place=c.fill(mr.choice(MEETING_PLACES)),
            child_chose_place_time=age >= 10 and mr.random() < 0.5,
            child_attends=attends,
            child_wants_to_say=c.fill(mr.choice(CHILD_WANTS))
            if age >= 8 and mr.random() < 0.4
            else "",
            held_on=None,
            summary_for_child="",
            summary_delivered_on=None,
            summary_delivered_how="",
            child_understood="",
            created_by=planner,
        )
        self.meeting_rows["meetings"].append(record)
        self.emit(
            c,
            planned_on,
            events.meeting_planned(due_on=day, kind=kind),
            planner,
            ref=ref,
            stamp=record,
        )
        rows = self.meeting_rows
        people = []
        if attends:
            people.append(
                ("child", f"{c.child.first_name} {c.child.last_name}", CHILD_PARTICIPANT_ROLE)
            )
        people.append(("caseworker", self.names[planner], CASEWORKER_PARTICIPANT_ROLE))
        if kind != HANDOVER_MEETING_KIND and mr.random() < 0.6:
            name, role = mr.choice(MEETING_PROFESSIONALS)
            people.append(("professional", c.fill(name), role))
        for position, (who, name, role) in enumerate(people, start=1):
            rows["participants"].append(ParticipantRecord(mid, who, name, role, position))
        items = [(topic.text, True, source) for source, topic in carried]
        for _source, topic in carried:
            topic.used_in_id = mid
        if age >= 6 and mr.random() < 0.4:
            items.append((mr.choice(CHILD_TOPICS), True, None))
        items += [(text, False, None) for text in CASEWORKER_ITEMS[kind]]
        for position, (text, from_child, source) in enumerate(items, start=1):
            rows["agenda_items"].append(AgendaItemRecord(mid, text, from_child, source, position))

        # The agenda in words for the child, mostly two days or more before the meeting.
        due = day - dt.timedelta(days=2)
        roll = mr.random()
        sent_on = None
        if roll < 0.7 and planned_on <= due:
            sent_on = self.workday(self.mrng_day(max(planned_on, day - dt.timedelta(7)), due), due)
        elif roll < 0.9 or (held and self.settled(day)):
            late = day - dt.timedelta(days=mr.choice([0, 1]))
            sent_on = max(planned_on, self.workday(late, day))
        if sent_on is not None and sent_on <= min(day, last):
            record.agenda_letter = self.letter(
                c,
                day=sent_on,
                kind="meeting_agenda",
                subject=f"Dit møde den {self.danish_day(day)}",
                body=(
                    f"Kære {c.child.first_name}\n\n{record.purpose_for_child}\n\n"
                    f"Hvornår: {self.danish_day(day)} kl. {record.starts_at:%H.%M}\n"
                    f"Hvor: {record.place}\n\nVi skal tale om:\n"
                    + "\n".join(f"- {text}" for text, _child, _source in items)
                ),
                channel=self.child_channel(age),
                about=ref,
                actor=self.actor(c, sent_on),
                event=(
                    f"{ref}#agenda",
                    partial(events.meeting_agenda_sent, about=ref, channel="letter"),
                ),
            )
        if not held:
            return carried

        record.status, record.held_on = "held", day
        held_by = self.actor(c, day)
        self.emit(c, day, events.meeting_held(held_on=day, kind=kind), held_by, ref=ref)
        topics: list[tuple[uuid.UUID, NextTimeTopicRecord]] = []
        if age >= 7 and mr.random() < 0.35:
            topic = NextTimeTopicRecord(mid, mr.choice(CHILD_TOPICS), None)
            rows["next_time_topics"].append(topic)
            topics.append((mid, topic))
        # "What we decided and why", mostly within the 5 working days.
        settled = self.settled(day + dt.timedelta(days=7))
        roll = mr.random()
        given = None
        if roll < (0.7 if settled else 0.6):
            given = self.workday(day + dt.timedelta(days=mr.randint(0, 6)), c.last_day)
        elif settled or roll < 0.75:
            given = self.workday(day + dt.timedelta(days=mr.randint(8, 25)), c.last_day)
        if given is not None and given > c.last_day:
            given = c.last_day if settled or c.last_day < self.yesterday else None
        if given is not None or mr.random() < 0.5:
            record.summary_for_child = c.fill(
                mr.choice(MEETING_SUMMARIES[kind]), ny=self.names[held_by]
            )
        if given is None:
            return topics
        if age < 4:
            understood = "not_asked"
        else:
            understood = mr.choices(["yes", "partly", "no", "not_asked"], [75, 17, 3, 5])[0]
        how = mr.choices(["conversation", "digital_post", "letter", "phone"], [55, 25, 10, 10])[0]
        record.summary_delivered_on, record.summary_delivered_how = given, how
        record.child_understood = understood
        giver = self.actor(c, given)
        fact = partial(events.meeting_summary_delivered, about=ref, understood=understood, how=how)
        if how in ("digital_post", "letter"):
            self.letter(
                c,
                day=given,
                kind="meeting_summary",
                subject=f"Det aftalte vi på mødet den {self.danish_day(day)}",
                body=f"Kære {c.child.first_name}\n\n{record.summary_for_child}",
                channel=how,
                about=ref,
                actor=giver,
                event=(f"{ref}#summary", fact),
            )
        else:
            self.emit(c, given, fact(), giver, ref=f"{ref}#summary")

        return topics
