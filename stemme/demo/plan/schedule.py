"""When a case's steps happen: a schedule that puts the case in its target stage today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    AFDAEKNING,
    BFU,
    CHOICE_OF_MEASURE,
    CLOSING,
    EARLY_TARGETS,
    FOLLOW_UP,
    HENVENDELSE,
    INITIAL_CONVERSATIONS,
    LONG_STAGES,
    MEASURE_RUNNING,
    OUTCOME_AFDAEKNING,
    OUTCOME_BFU,
    OUTCOME_CLOSE,
    OUTCOME_EARLY,
    PLAN,
    RECEIVED,
    SCREENING,
    START_UP_MEETING,
    SUPERVISION,
    UNDERRETNING,
)
from stemme.demo.plan.helpers import monotone
from stemme.demo.plan.state import Schedule


class ScheduleBuilder(BuilderBase):
    def schedule(
        self,
        *,
        target: str,
        placed: bool,
        flavour: dict[str, Any],
        force_change: bool = False,
        closed: dt.date | None = None,
    ) -> Schedule:
        """A schedule that puts the case in ``target`` today, or closes it on ``closed``."""
        rng = self.rng
        for _attempt in range(100):
            schedule = self.draft(
                target=target, placed=placed, flavour=flavour, closed=closed is not None
            )
            offsets = dict(schedule.path)
            if closed is not None:
                if schedule.closure is not None:
                    length = schedule.closure
                else:  # closed after a measure: follow-ups, then the closing
                    length = offsets[MEASURE_RUNNING] + rng.randint(150, 600)
                schedule.opened = closed - dt.timedelta(days=length)
                schedule.closed = closed
                return schedule
            if target in LONG_STAGES:
                low = {MEASURE_RUNNING: 1, FOLLOW_UP: 75, SUPERVISION: 150, CLOSING: 150}[target]
                length = int(rng.triangular(low, 1300, low + 150))
                if force_change:
                    length = max(length, 420 - offsets[MEASURE_RUNNING])
                schedule.opened = self.today - dt.timedelta(days=offsets[MEASURE_RUNNING] + length)
                return schedule
            stages = [stage for stage, _ in schedule.path]
            if target not in stages:
                continue
            position = stages.index(target)
            # Opened ``days_ago`` days ago: the target stage began, the next has not.
            first = schedule.path[position][1] + 1
            last = schedule.path[position + 1][1]
            if last < first:
                continue
            if flavour.get("late_in_stage"):
                days_ago = last - rng.randint(0, min(3, last - first))
            else:
                days_ago = rng.randint(first, last)
            schedule.opened = self.today - dt.timedelta(days=days_ago)
            return schedule
        raise ValueError(f"No schedule puts a case in the stage {target!r}.")

    def draft(
        self, *, target: str, placed: bool, flavour: dict[str, Any], closed: bool
    ) -> Schedule:
        """The early steps of a case, in days after it was opened (see ``Schedule``)."""
        rng = self.rng
        chance = self.chance
        randint = rng.randint
        short = closed and target in (SCREENING, AFDAEKNING)  # closed before any measure
        lag = rng.choices((0, 1, 2, 3), (82, 10, 5, 3))[0]
        henvendelse = flavour.get("henvendelse", chance(0.5 if target == RECEIVED else 0.12))
        kind = HENVENDELSE if henvendelse else UNDERRETNING
        # A report about abuse cannot be closed at the screening (§ 20, stk. 1, nr. 2).
        abuse = kind == UNDERRETNING and not short and flavour.get("abuse", chance(0.087))

        urgency_days = 0
        first_stage: int | None = None  # the initial conversations stage
        if kind == UNDERRETNING:
            if target == RECEIVED:  # received yesterday; the urgency assessment is due today
                lag, urgency_days = 0, 1
            elif not abuse:
                urgency_days = rng.choices((0, 1, 2, 3, 4), (62, 31, 3, 2, 2))[0]
            first_stage = urgency_days - lag  # the urgency assessment moves the case on
        conversation = None
        if abuse:  # talk with the child within days
            days = randint(0, 2) if chance(0.85) else randint(3, 6)
            conversation = max(0, days - lag)
        elif target == INITIAL_CONVERSATIONS or chance(0.6):
            if first_stage is not None:
                conversation = max(0, first_stage) + randint(0, 6)
            else:
                conversation = randint(1, 6)
        if kind == HENVENDELSE and conversation is not None:
            first_stage = conversation
        base = max(0, first_stage or 0, conversation or 0)
        screening_entry = None
        if target == SCREENING or chance(0.7):
            screening_entry = base + randint(1, 3)
        screened = max(
            (screening_entry or base) + randint(1, 4),
            randint(2, 10) if chance(0.9) else randint(11, 28),
        )

        # What the case leads to.
        if short:
            paragraph = None
        elif placed:
            paragraph = flavour.get("paragraph") or (
                "47" if target != PLAN and chance(0.15) else "46"
            )
        elif "paragraph" in flavour:
            paragraph = flavour["paragraph"]
        elif target in EARLY_TARGETS and chance(0.22):
            paragraph = "31" if chance(0.6) else "30"
        else:
            paragraph = "32"
        early = paragraph in ("30", "31")
        afdaekning_first = target == AFDAEKNING or chance(0.3 if early else 0.1)

        path: list[tuple[str, int]] = [(RECEIVED, 0)]
        if first_stage is not None:
            path.append((INITIAL_CONVERSATIONS, first_stage))
        if screening_entry is not None:
            path.append((SCREENING, screening_entry))
        afdaekning = None
        after = screened  # the day the last investigation (or the screening) finished
        if afdaekning_first:
            afdaekning = (screened, screened + randint(20, 60))
            after = afdaekning[1]
            path.append((AFDAEKNING, screened))
        if short:
            outcome = OUTCOME_AFDAEKNING if afdaekning else OUTCOME_CLOSE
        else:
            outcome = OUTCOME_AFDAEKNING if afdaekning else OUTCOME_EARLY if early else OUTCOME_BFU

        empty = {
            "bfu": None,
            "bfu_conversation": None,
            "provisional": False,
            "plan_decided": None,
            "decided": None,
            "plan_before": None,
            "measure_start": None,
            "plan": None,
            "startup": None,
        }
        common = {
            "target": target,
            "lag": lag,
            "kind": kind,
            "abuse": abuse,
            "urgency_days": urgency_days,
            "conversation": conversation,
            "screening_entry": screening_entry,
            "screened": screened,
            "outcome": outcome,
            "afdaekning": afdaekning,
        }
        if short:  # the screening (or the afdækning) closes the case the same day
            return Schedule(
                **common,
                **empty,
                paragraph=None,
                closure=after,
                path=monotone(path),
            )

        bfu = None
        bfu_conversation = None
        if not early:
            start = after + (randint(0, 7) if afdaekning else 0)
            if afdaekning and start > after:
                path.append((CHOICE_OF_MEASURE, after))
            path.append((BFU, start))
            awareness = -lag
            mode = flavour.get("bfu") or rng.choices(("on_time", "prelim", "late"), (75, 13, 12))[0]
            preliminary = None
            if mode == "on_time":  # within 4 months of the awareness date (≥ 120 days)
                done = max(start + 21, min(awareness + 116, start + randint(45, 110)))
            elif mode == "prelim":
                preliminary = max(start + 14, awareness + randint(100, 116))
                done = max(preliminary + 14, awareness + randint(135, 200))
            else:
                done = max(start + 30, awareness + randint(128, 185))
            bfu = (start, preliminary, done)
            if done - start >= 8:
                bfu_conversation = start + randint(3, min(40, done - start - 2))
            after = done

        provisional = (
            paragraph == "46"
            and bfu is not None
            and bfu[2] - bfu[0] >= 10
            and flavour.get("provisional", chance(0.15))
        )
        plan_decided = None
        if paragraph == "32":
            plan_decided = flavour.get("plan_decided", True if target == PLAN else chance(0.65))
        needs_plan = paragraph == "46" or (paragraph == "32" and plan_decided)

        plan_before = None
        if early:
            decided = after + randint(5, 30)
        elif paragraph == "47":
            plan_before = after + randint(5, 30)
            decided = plan_before + randint(7, 35)
            if not flavour and chance(0.03):  # no plan before the decision: overdue at once
                plan_before = decided + randint(5, 30)
        elif provisional:
            assert bfu is not None
            decided = bfu[0] + randint(3, min(40, bfu[2] - bfu[0] - 3))
        else:
            decided = after + randint(3, 30)
        if placed:
            measure_start = decided + (randint(0, 2) if provisional else randint(0, 21))
        elif paragraph == "32":
            measure_start = decided + randint(5, 35)
        else:
            measure_start = decided + randint(3, 21)
        plan = None
        if needs_plan:
            mode = flavour.get("plan") or rng.choices(("on_time", "late", "missing"), (85, 8, 7))[0]
            if mode == "on_time":  # within 3 months (≥ 89 days)
                plan = decided + randint(10, 85)
            elif mode == "late":
                plan = decided + randint(96, 150)
        startup = None
        if chance(0.4 if early else 0.85):
            startup = measure_start + randint(0, 21)

        after_decision = max(decided, after)
        running = max(measure_start, startup if startup is not None else measure_start)
        running = max(running, after_decision)
        if not provisional:
            path.append((CHOICE_OF_MEASURE, after))
        if needs_plan and not (plan is not None and plan <= after_decision):
            path.append((PLAN, after_decision))
            if plan is not None and plan < running:
                path.append((START_UP_MEETING, plan))
        else:
            path.append((START_UP_MEETING, after_decision))
        path.append((MEASURE_RUNNING, running))
        return Schedule(
            **common,
            bfu=bfu,
            bfu_conversation=bfu_conversation,
            paragraph=paragraph,
            provisional=provisional,
            plan_decided=plan_decided,
            decided=decided,
            plan_before=plan_before,
            measure_start=measure_start,
            plan=plan,
            startup=startup,
            closure=None,
            path=monotone(path),
        )
