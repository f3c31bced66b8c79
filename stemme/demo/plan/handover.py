"""Handovers between primary caseworkers, with their checklists and introductions."""

from __future__ import annotations

import datetime as dt
import itertools
from functools import partial

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import HANDOVER_MEETING_KIND, PRIMARY
from stemme.demo.plan.helpers import age_on
from stemme.demo.plan.records import HandoverRecord
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import HANDOVER_NO_MEETING, HANDOVER_NOT_TOLD


class HandoverBuilder(BuilderBase):
    def handovers(self, c: CaseState) -> None:
        """Each change of primary caseworker as a handover with its checklist: the child mostly
        told in advance and sent a letter introducing the new caseworker, often a meeting."""
        mr = self.mrng
        primaries = c.history.primaries
        for (_start, before), (day, after) in itertools.pairwise(primaries):
            hid = self.meeting_id()
            ref = f"handover:{hid}"
            age = age_on(c.child.birth_date, day)
            settled = self.settled(day + dt.timedelta(days=7))
            told = None
            if age >= 3 and mr.random() < 0.75:
                told = self.workday(day - dt.timedelta(days=mr.randint(3, 14)), day)
            # The letter introducing the new caseworker (for a young child it is read aloud at
            # home); mostly within the 5 working days, a few recent ones not yet.
            letter_on, no_letter = None, ""
            roll = mr.random()
            if roll < 0.8:
                letter_on = self.workday(day + dt.timedelta(days=mr.randint(0, 6)), c.last_day)
            elif roll < 0.93 or settled:
                letter_on = self.workday(day + dt.timedelta(days=mr.randint(8, 25)), c.last_day)
            if letter_on is not None and letter_on > c.last_day:
                letter_on = c.last_day if settled else None
            meeting_on, no_meeting = None, ""
            if mr.random() < 0.55:
                meeting_on = self.workday(day + dt.timedelta(days=mr.randint(0, 14)), c.last_day)
                if meeting_on > c.last_day:
                    meeting_on = None
            if meeting_on is None:
                no_meeting = mr.choice(HANDOVER_NO_MEETING)
            parents_on = None
            if mr.random() < 0.85:
                parents_on = self.workday(day + dt.timedelta(days=mr.randint(0, 5)), c.last_day)
            providers_on = None
            if c.measures and mr.random() < 0.7:
                providers_on = self.workday(day + dt.timedelta(days=mr.randint(0, 7)), c.last_day)
            record = HandoverRecord(
                id=hid,
                case_id=c.id,
                from_caseworker=before,
                to_caseworker=after,
                changes_on=day,
                child_told_on=told,
                child_not_told_reason="" if told else mr.choice(HANDOVER_NOT_TOLD),
                letter_sent_on=letter_on,
                no_letter_reason=no_letter,
                meeting_on=meeting_on,
                no_meeting_reason=no_meeting,
                parents_notified_on=min(parents_on, c.last_day) if parents_on else None,
                parents_not_notified_reason="" if parents_on else "Forældrene var på mødet.",
                providers_notified_on=min(providers_on, c.last_day) if providers_on else None,
                providers_not_notified_reason=""
                if providers_on
                else "Der er ingen leverandør at orientere.",
                created_by=c.leader,
            )
            self.meeting_rows["handovers"].append(record)
            changed = events.caseworker_changed(
                from_caseworker=self.names[before],
                to_caseworker=self.names[after],
                role=PRIMARY,
                changes_on=day,
            )
            self.emit(c, day, changed, c.leader, ref=ref, stamp=record)
            self.occasion(c, day, ref, "caseworker_change")
            if letter_on is not None:
                self.letter(
                    c,
                    day=letter_on,
                    kind="caseworker_introduction",
                    subject=f"Din nye rådgiver: {self.names[after]}",
                    body=(
                        f"Kære {c.child.first_name}\n\nFra den {self.danish_day(day)} er "
                        f"{self.names[after]} din nye rådgiver. {self.names[before]} har fortalt "
                        f"{self.names[after]} om det, der er vigtigt for dig. Du kan altid ringe, "
                        "hvis du vil spørge om noget.\n\nVenlig hilsen\n"
                        f"{self.names[after]}"
                    ),
                    channel=self.child_channel(age),
                    about=ref,
                    actor=after,
                    event=(f"{ref}#letter", partial(events.handover_letter_sent, about=ref)),
                )
            if meeting_on is not None:
                c.meeting_days.append((HANDOVER_MEETING_KIND, meeting_on))
