"""The demo generator: a reproducible plan, valid synthetic data that records casework the way
the step services do, and a writer and command that leave the database consistent."""

import collections
import dataclasses
import datetime as dt
import functools
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from stemme.access.selectors import children_visible_to
from stemme.accounts.models import Municipality, Role, Team, User
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.cases.models import (
    AssignmentRole,
    Case,
    CaseworkerAssignment,
    ChildWish,
    FollowUpOutcome,
    Hearing,
    HearingParty,
    IntakeKind,
    InvestigationKind,
    MilestoneKind,
    Paragraph,
    PlanKind,
    ReporterType,
    ScreeningOutcome,
    Stage,
)
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Gender, Person, Relation
from stemme.continuity.models import Handover
from stemme.demo.plan import (
    CLOSED,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    OPEN_STAGES,
    STAGE_WEIGHTS,
    STEP_RECORDS,
    TIME_ZONE,
    VOICE_RECORDS,
    DemoPlan,
    build_demo_plan,
    cpr_mod11_sum,
)
from stemme.demo.services import STEP_MODELS, VOICE_MODELS, DemoDataExists, demo_write
from stemme.documents.models import Document
from stemme.journal.models import JournalNote, JournalNoteVersion
from stemme.letters.models import Channel, Letter, LetterKind
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    NextTimeTopic,
    ParticipantKind,
    SummaryHow,
    Understood,
)
from stemme.participation.models import (
    ConversationMethod,
    InformationMethod,
    OmissionReason,
    RightsTopic,
    StatementMode,
)

TODAY = dt.date(2026, 1, 15)
PAST_INVESTIGATION = {
    Stage.CHOICE_OF_MEASURE,
    Stage.PLAN,
    Stage.START_UP_MEETING,
    Stage.MEASURE_RUNNING,
    Stage.FOLLOW_UP,
    Stage.SUPERVISION,
    Stage.CLOSING,
}
# DemoPlan attribute → model, for the case file's own tables (its statements and decision
# letters are rows of ChildStatement and Letter).
CASE_FILE_TABLES = {
    "journal_notes": JournalNote,
    "journal_versions": JournalNoteVersion,
    "documents": Document,
    "hearings": Hearing,
    "hearing_parties": HearingParty,
}
# DemoPlan attribute → model, for the meetings, letters and handovers.
MEETING_TABLES = {
    "meetings": Meeting,
    "participants": MeetingParticipant,
    "agenda_items": AgendaItem,
    "next_time_topics": NextTimeTopic,
    "handovers": Handover,
    "letters": Letter,
}
STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}

# The event each step record is written with (its first event), by DemoPlan attribute.
CREATION_EVENTS = {
    "intakes": {"underretning.received", "henvendelse.received"},
    "screenings": {"screening.completed"},
    "investigations": {"afdaekning.started", "bfu.started"},
    "decisions": {"decision.made"},
    "measures": {"measure.started"},
    "plans": {"plan.made"},
    "startup_meetings": {"start_up_meeting.held"},
    "follow_ups": {"follow_up.held"},
    "supervision_visits": {"supervision.held"},
    "closures": {"case.closed"},
    "milestones": {"conversation.held", "party_status.informed", "ungeplan.decided"},
    "conversations": {"conversation.held", "conversation.omitted"},
    "statements": {"statement.recorded"},
    "rights_information": {"rights.informed"},
    "meetings": {"meeting.planned"},
    "handovers": {"caseworker.changed"},
}
# The contract of the deadline engine's facts: the data keys each event kind must carry.
DATA_KEYS = {
    "underretning.received": {
        "reporter_type",
        "abuse",
        "child_has_measure",
        "parent_suspected",
        "summary",
    },
    "henvendelse.received": {"summary"},
    "underretning.urgency_assessed": {"underretning", "acute"},
    "underretning.receipt_sent": {"underretning"},
    "underretning.reassessed": {"underretning"},
    "screening.completed": {"outcome"},
    "decision.made": {
        "paragraph",
        "plan_decided",
        "neglect_or_abuse",
        "siblings_under_15",
        "against_child_wish",
        "child_wish",
        "explanation_due_on",
    },
    "measure.started": {"decision", "placement", "parallel_investigation_ends_on", "description"},
    "measure.ended": {"decision", "placement"},
    "plan.made": {"ungeplan"},
    "follow_up.held": {"outcome", "talked_with_child_alone"},
    "supervision.held": {"with_child_conversation"},
    "conversation.held": {"alone"},
    "conversation.omitted": {"about", "rule", "reason"},
    "explanation.delivered": {"about", "how"},
    "follow_up.scheduled": {"due_on"},
    "rights.occasion": {"occasion"},
    "rights.informed": {"topics", "to_child", "method"},
    "statement.recorded": {"mode", "informs"},
    "case.closed": {"stage"},
    "case.stage_changed": {"stage"},
    "assignment.started": {"caseworker", "role"},
    "assignment.ended": {"caseworker", "role"},
    "meeting.planned": {"due_on", "kind"},
    "meeting.agenda_sent": {"about", "letter"},
    "meeting.held": {"held_on", "kind"},
    "meeting.summary_delivered": {"about", "understood", "how"},
    "caseworker.changed": {"from", "to", "role", "changes_on"},
    "handover.letter_sent": {"about", "letter"},
}
# Kinds whose ref is the record they are about (by ref prefix; a "#" suffix names a part of it,
# e.g. "decision:<uuid>#explanation", "startup:<uuid>#next", "case:<uuid>#start").
REF_PREFIX = {
    "underretning.received": {"intake"},
    "henvendelse.received": {"intake"},
    "underretning.urgency_assessed": {"intake"},
    "underretning.receipt_sent": {"intake"},
    "underretning.reassessed": {"intake"},
    "screening.completed": {"screening"},
    "afdaekning.started": {"investigation"},
    "afdaekning.completed": {"investigation"},
    "bfu.started": {"investigation"},
    "bfu.preliminary_assessment": {"investigation"},
    "bfu.completed": {"investigation"},
    "decision.made": {"decision"},
    "measure.started": {"measure"},
    "measure.ended": {"measure"},
    "plan.made": {"plan"},
    "start_up_meeting.held": {"startup"},
    "follow_up.held": {"followup"},
    "supervision.held": {"supervision"},
    "conversation.held": {"milestone", "conversation"},
    "conversation.omitted": {"conversation"},
    "party_status.informed": {"milestone"},
    "ungeplan.decided": {"milestone"},
    "case.closed": {"closure"},
    "statement.recorded": {"statement"},
    "rights.informed": {"rights"},
    "explanation.delivered": {"decision"},
    "follow_up.scheduled": {"startup", "followup"},
    "rights.occasion": {"case", "decision", "plan", "handover"},
    "meeting.planned": {"meeting"},
    "meeting.agenda_sent": {"meeting"},
    "meeting.held": {"meeting"},
    "meeting.summary_delivered": {"meeting"},
    "caseworker.changed": {"handover"},
    "handover.letter_sent": {"handover"},
}
# The part a "#" names, by kind.
REF_PART = {
    "explanation.delivered": "explanation",
    "follow_up.scheduled": "next",
    "rights.occasion": "start",  # only for "case:" refs
    "meeting.agenda_sent": "agenda",
    "meeting.summary_delivered": "summary",
    "handover.letter_sent": "letter",
}


@functools.cache
def plan_for(children: int, seed: int = 1) -> DemoPlan:
    """Plans are pure, so tests share them instead of rebuilding."""
    return build_demo_plan(children=children, seed=seed, today=TODAY)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_months(day: dt.date, months: int) -> dt.date:
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def table_counts() -> dict[str, int]:
    models = [
        Municipality,
        Team,
        User,
        Child,
        Person,
        ChildRelation,
        Case,
        CaseworkerAssignment,
        *STEP_MODELS.values(),
        *VOICE_MODELS.values(),
        *MEETING_TABLES.values(),
        *CASE_FILE_TABLES.values(),
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Event"] = Event.objects.count()
    counts["memberships"] = User.teams.through.objects.count()
    return counts


@dataclasses.dataclass
class CaseView:
    """One case of a plan with its step records and events, for checking."""

    case: object
    child: object
    events: list
    steps: dict[str, list]

    def one(self, name: str):
        return self.steps[name]

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]


@functools.cache
def case_views(children: int, seed: int = 1) -> list[CaseView]:
    plan = plan_for(children, seed)
    children_by_id = {child.id: child for child in plan.children}
    events = collections.defaultdict(list)
    for event in plan.events:
        if event.case_id:
            events[event.case_id].append(event)
    steps = collections.defaultdict(lambda: collections.defaultdict(list))
    for name, records in plan.steps().items():
        for record in records:
            steps[record.case_id][name].append(record)
    return [
        CaseView(case, children_by_id[case.child_id], events[case.id], steps[case.id])
        for case in plan.cases
    ]


def case_file_refs(plan: DemoPlan) -> set[str]:
    """The refs of the case file's records: their events are checked in test_case_file_demo."""
    refs = {
        record.ref
        for records in plan.case_file().values()
        for record in records
        if hasattr(record, "ref")
    }
    return refs | {f"decision:{h.decision_id}" for h in plan.hearings if h.exception_reason}


def is_case_file_event(event, refs: set[str]) -> bool:
    base = event.ref.partition("#")[0]
    return base in refs and (event.kind.startswith("hearing.") or not base.startswith("decision:"))


def records_by_ref(plan: DemoPlan) -> dict[str, tuple[str, object]]:
    """Step, child's-voice, meeting and handover records by ref."""
    everything = {
        **plan.steps(),
        **plan.voice(),
        "meetings": plan.meetings,
        "handovers": plan.handovers,
    }
    return {
        record.ref: (name, record) for name, records in everything.items() for record in records
    }


# --- The plan ----------------------------------------------------------------------------------


def test_same_arguments_give_the_same_plan():
    first = build_demo_plan(children=30, seed=7, today=TODAY)
    second = build_demo_plan(children=30, seed=7, today=TODAY)
    assert first == second
    assert [child.id for child in first.children] == [child.id for child in second.children]
    for name in STEP_RECORDS:
        assert [r.id for r in getattr(first, name)] == [r.id for r in getattr(second, name)]
    assert [(e.occurred_at, e.kind, e.ref) for e in first.events] == [
        (e.occurred_at, e.kind, e.ref) for e in second.events
    ]


def test_another_seed_gives_another_plan():
    first = build_demo_plan(children=30, seed=7, today=TODAY)
    other = build_demo_plan(children=30, seed=8, today=TODAY)
    assert first != other
    assert {child.cpr for child in first.children} != {child.cpr for child in other.children}
    assert {child.id for child in first.children}.isdisjoint({child.id for child in other.children})
    assert {r.id for r in first.intakes}.isdisjoint({r.id for r in other.intakes})


def test_too_few_children_is_refused():
    with pytest.raises(ValueError, match="at least"):
        build_demo_plan(children=9, seed=1, today=TODAY)


def test_the_plan_uses_only_values_the_models_accept():
    plan = plan_for(1000)
    assert [*OPEN_STAGES, CLOSED] == Stage.values
    assert list(STAGE_WEIGHTS) == OPEN_STAGES
    assert {staff.role for staff in plan.staff} == set(Role.values)
    assert {child.gender for child in plan.children} <= {*Gender.values, ""}
    assert {relation.relation for relation in plan.relations} <= set(Relation.values)
    assert {case.stage for case in plan.cases} <= set(Stage.values)
    assert {assignment.role for assignment in plan.assignments} <= set(AssignmentRole.values)
    assert {event.kind for event in plan.events} <= EVENT_KINDS.keys()
    assert {r.kind for r in plan.intakes} == {IntakeKind.UNDERRETNING, IntakeKind.HENVENDELSE}
    # The child's own report arises in live use, from a message in Min sag ("Registrér som
    # underretning"); the demo's reports come from adults.
    assert {r.reporter_type for r in plan.intakes} == {*ReporterType.values, ""} - {
        ReporterType.CHILD
    }
    assert {r.outcome for r in plan.screenings} == set(ScreeningOutcome.values)
    assert {r.kind for r in plan.investigations} == set(InvestigationKind.values)
    assert {r.paragraph for r in plan.decisions} == {"30", "31", "32", "46", "47", "114"}
    assert {r.kind for r in plan.plans} == set(PlanKind.values)
    assert {r.outcome for r in plan.follow_ups} == set(FollowUpOutcome.values) - {
        FollowUpOutcome.NEW_INVESTIGATION
    }
    assert {r.kind for r in plan.milestones} == set(MilestoneKind.values) - {
        MilestoneKind.SIBLING_BFU_DECIDED
    }
    assert {r.kind for r in plan.meetings} == set(MeetingKind.values) - {MeetingKind.OTHER}
    assert {r.status for r in plan.meetings} == {MeetingStatus.PLANNED, MeetingStatus.HELD}
    # Summaries reach the child in a conversation, by letter or by phone in the demo.
    assert {r.summary_delivered_how for r in plan.meetings} <= {*SummaryHow.values, ""}
    assert {"conversation", "letter"} <= {r.summary_delivered_how for r in plan.meetings}
    assert {r.child_understood for r in plan.meetings} == {*Understood.values, ""}
    assert {r.kind for r in plan.participants} == {
        ParticipantKind.CHILD,
        ParticipantKind.CASEWORKER,
        ParticipantKind.PROFESSIONAL,
    }
    assert {r.kind for r in plan.letters} == {
        LetterKind.MEETING_AGENDA,
        LetterKind.MEETING_SUMMARY,
        LetterKind.CASEWORKER_INTRODUCTION,
    }
    assert {r.channel for r in plan.letters} <= set(Channel.values)


def test_step_records_have_the_models_fields():
    for name, model in STEP_MODELS.items():
        fields = {item.name for item in dataclasses.fields(STEP_RECORDS[name])}
        columns = {field.attname for field in model._meta.concrete_fields}
        assert fields == (columns - {"recorded_by_id"}) | {"recorded_by"}, name
        assert model.ref_prefix == STEP_RECORDS[name].PREFIX
    for name, model in VOICE_MODELS.items():
        fields = {item.name for item in dataclasses.fields(VOICE_RECORDS[name])}
        columns = {field.attname for field in model._meta.concrete_fields}
        assert fields == (columns - {"recorded_by_id"}) | {"recorded_by"}, name
        assert model().ref.split(":")[0] == VOICE_RECORDS[name].PREFIX


def test_cpr_numbers_are_valid_synthetic_and_unique():
    plan = plan_for(1000)
    numbers = [child.cpr for child in plan.children]
    assert len(set(numbers)) == len(numbers)
    for child in plan.children:
        assert cpr_numbers.validate(child.cpr) == child.cpr
        assert cpr_numbers.birth_date(child.cpr) == child.birth_date
        # Fails the old modulus-11 check, so it cannot be mistaken for a real person's number.
        assert cpr_mod11_sum(child.cpr) % 11 != 0
        last_digit = int(child.cpr[-1])
        if child.gender == Gender.BOY:
            assert last_digit % 2 == 1
        if child.gender == Gender.GIRL:
            assert last_digit % 2 == 0


def test_children_are_0_to_17_years_old_and_spread():
    plan = plan_for(1000)
    ages = [age_on(child.birth_date, TODAY) for child in plan.children]
    assert min(ages) >= 0
    assert max(ages) <= 17
    assert len(set(ages)) == 18
    assert all(child.birth_date <= TODAY for child in plan.children)


def test_every_child_has_parents_and_a_network():
    plan = plan_for(200)
    relations = collections.defaultdict(list)
    for relation in plan.relations:
        relations[relation.child_id].append(relation)
    for child in plan.children:
        linked = relations[child.id]
        assert any(r.relation in Relation.parental() and r.has_custody for r in linked)
        assert 1 <= sum(r.relation not in Relation.parental() for r in linked) <= 4
    person_keys = [relation.person_key for relation in plan.relations]
    assert sorted(person_keys) == list(range(len(plan.persons)))


def test_assignment_invariants():
    plan = plan_for(1000)
    staff = {member.username: member for member in plan.staff}
    by_case = collections.defaultdict(list)
    for assignment in plan.assignments:
        by_case[assignment.case_id].append(assignment)
        assert staff[assignment.caseworker].role == Role.CASEWORKER
        assert assignment.ended_on is None or assignment.ended_on >= assignment.started_on
    for case in plan.cases:
        assignments = by_case[case.id]
        current = [a for a in assignments if a.ended_on is None]
        assert len(current) == len({a.role for a in current}), "one current per role"
        for assignment in assignments:
            assert assignment.started_on >= case.opened_on
            assert staff[assignment.caseworker].team_keys == (case.team_key,)
        if case.stage == Stage.CLOSED:
            assert not current
            assert case.closed_on is not None
            assert all(a.ended_on <= case.closed_on for a in assignments)
        else:
            assert case.closed_on is None
            assert [a.role for a in current].count(AssignmentRole.PRIMARY) == 1
        # Primary caseworkers follow each other without gaps or overlaps.
        primaries = sorted(
            (a for a in assignments if a.role == AssignmentRole.PRIMARY), key=lambda a: a.started_on
        )
        for before, after in zip(primaries, primaries[1:], strict=False):
            assert before.ended_on == after.started_on


def test_caseloads_secondaries_and_changes_are_realistic():
    plan = plan_for(2000)
    open_cases = [case for case in plan.cases if case.stage != Stage.CLOSED]
    by_case = collections.defaultdict(list)
    for assignment in plan.assignments:
        by_case[assignment.case_id].append(assignment)
    loads = collections.Counter(
        a.caseworker for a in plan.assignments if a.role == "primary" and a.ended_on is None
    )
    assert 15 <= min(loads.values()) <= max(loads.values()) <= 25
    with_secondary = [
        case
        for case in open_cases
        if any(a.role == "secondary" and a.ended_on is None for a in by_case[case.id])
    ]
    assert 0.25 < len(with_secondary) / len(open_cases) < 0.45
    older = [case for case in open_cases if (TODAY - case.opened_on).days > 365]
    changed = [case for case in older if sum(a.role == "primary" for a in by_case[case.id]) > 1]
    assert 0.3 < len(changed) / len(older) < 0.5
    closed = [case for case in plan.cases if case.stage == Stage.CLOSED]
    assert 0.1 < len(closed) / len(plan.children) < 0.2
    assert len(open_cases) == len(plan.children)
    teams = collections.Counter(s.team_keys for s in plan.staff if s.role == Role.CASEWORKER)
    assert all(8 <= size <= 10 for size in teams.values())


def test_events_are_ordered_dated_in_the_past_and_match_the_case():
    plan = plan_for(300)
    occurred = [event.occurred_at for event in plan.events]
    assert occurred == sorted(occurred)
    assert all(event.occurred_at.tzinfo is TIME_ZONE for event in plan.events)
    assert all(event.occurred_at.date() < TODAY for event in plan.events)
    for view in case_views(300):
        case, kinds = view.case, view.kinds()
        assert kinds[0] in ("underretning.received", "henvendelse.received")
        assert view.events[0].occurred_at.date() == case.awareness_date
        opened = [e for e in view.events if e.kind == "case.opened"]
        assert len(opened) == 1
        assert opened[0].occurred_at.date() == case.opened_on
        changes = [
            e.data["stage"] for e in view.events if e.kind in ("case.stage_changed", "case.closed")
        ]
        assert (changes[-1] if changes else Stage.RECEIVED) == case.stage
        assert case.version == 1 + len(changes)
        stage_days = [
            e.occurred_at for e in view.events if e.kind in ("case.stage_changed", "case.closed")
        ]
        assert stage_days == sorted(stage_days)
        if case.stage == Stage.CLOSED:
            assert kinds[-1] == "case.closed"
            assert view.events[-1].occurred_at.date() == case.closed_on
    refs = case_file_refs(plan_for(300))
    per_child = collections.Counter(
        event.child_id for event in plan.events if not is_case_file_event(event, refs)
    )
    assert set(per_child) == {child.id for child in plan.children}
    # The casework and, since M3/M4, the child's voice (conversations, rights, statements); the
    # case file (journal, documents, hearings, letters) is counted in test_case_file_demo.
    assert 20 <= sum(per_child.values()) / len(per_child) <= 55


def test_every_step_record_has_its_event_and_every_event_its_record():
    plan = plan_for(500)
    records = records_by_ref(plan)
    created = collections.defaultdict(list)
    case_file = case_file_refs(plan)
    for event in plan.events:
        if is_case_file_event(event, case_file):
            continue  # test_case_file_demo
        prefixes = REF_PREFIX.get(event.kind)
        if prefixes is None:
            assert event.ref == "", event.kind
            continue
        base, _, part = event.ref.partition("#")
        assert base.split(":")[0] in prefixes, event.ref
        assert event.actor is not None
        if base.startswith("case:"):
            assert (event.kind, part) == ("rights.occasion", "start")
            assert base == f"case:{event.case_id}"
            continue
        assert part == ("" if event.kind == "rights.occasion" else REF_PART.get(event.kind, ""))
        assert base in records, f"{event.kind} points at a record that does not exist"
        name, record = records[base]
        assert event.case_id == record.case_id
        if event.kind in CREATION_EVENTS[name] and not part:
            created[event.ref].append(event)
    staff = {member.username: member for member in plan.staff}
    for ref, (name, record) in records.items():
        assert len(created[ref]) == 1, f"{ref} ({name}) has no single creating event"
        event = created[ref][0]
        # Written by the caseworker (or leader) who did it, when it happened.
        assert record.recorded_at == event.occurred_at
        assert record.recorded_by == event.actor
        assert staff[record.recorded_by].role in (Role.CASEWORKER, Role.TEAM_LEADER)
    for record in plan.intakes:
        assert record.recorded_at == record.received_at


def test_events_carry_the_data_the_deadline_engine_reads():
    plan = plan_for(500)
    records = records_by_ref(plan)
    case_file = case_file_refs(plan)
    for event in plan.events:
        missing = DATA_KEYS.get(event.kind, set()) - event.data.keys()
        assert not missing, f"{event.kind} lacks {missing}"
        if is_case_file_event(event, case_file):
            continue  # its record is checked in test_case_file_demo
        data = event.data
        base = event.ref.partition("#")[0]
        record = records[base][1] if base in records else None
        if event.kind == "underretning.received":
            assert data["reporter_type"] == record.reporter_type
            assert data["abuse"] is record.abuse
            assert data["child_has_measure"] is record.child_has_measure
            assert data["parent_suspected"] is record.parent_suspected
            assert event.occurred_at == record.received_at
        if event.kind.startswith("underretning.") and event.kind != "underretning.received":
            assert data["underretning"] == event.ref
        if event.kind == "underretning.urgency_assessed":
            assert event.occurred_at == record.urgency_assessed_at
            assert data["acute"] is record.urgency_is_acute
        if event.kind == "underretning.receipt_sent":
            assert event.occurred_at.date() == record.receipt_sent_on
        if event.kind == "underretning.reassessed":
            assert event.occurred_at.date() == record.reassessed_on
        if event.kind == "screening.completed":
            assert data["outcome"] == record.outcome
        if event.kind == "decision.made":
            assert data["paragraph"] == record.paragraph
            assert "§" not in data["paragraph"]
            assert data["plan_decided"] is record.plan_decided
            assert data["neglect_or_abuse"] is record.neglect_or_abuse
            assert data["siblings_under_15"] == []
            assert data["child_wish"] == record.child_wish
            assert data["against_child_wish"] is (record.child_wish == ChildWish.AGAINST)
            due = record.explanation_due_on
            assert data["explanation_due_on"] == (due.isoformat() if due else None)
            assert data["child_view_exception"] == (record.child_view_exception_reason or None)
            assert data["statements"] == (
                [s.ref for s in plan.statements if s.informs_ref == record.ref]
            )
        if event.kind in ("measure.started", "measure.ended"):
            decision = records[data["decision"]][1]
            assert decision.id == record.decision_id
            assert data["placement"] is (decision.paragraph in Paragraph.placements())
        if event.kind == "measure.started":
            ends = record.parallel_investigation_ends_on
            assert data["parallel_investigation_ends_on"] == (ends.isoformat() if ends else None)
            assert data["description"] == record.description
        if event.kind == "measure.ended":
            assert event.occurred_at.date() == record.ended_on
        if event.kind == "plan.made":
            assert data["ungeplan"] is (record.kind == PlanKind.UNGEPLAN)
        if event.kind == "follow_up.held":
            assert data["outcome"] == record.outcome
            assert data["talked_with_child_alone"] is record.talked_with_child_alone
        if event.kind == "supervision.held":
            assert data["with_child_conversation"] is record.talked_with_child
        if event.kind == "conversation.held" and event.ref.startswith("milestone:"):
            assert data["alone"] is record.child_alone
            intake = records[f"intake:{record.intake_id}"][1] if record.intake_id else None
            if intake is not None and intake.kind == IntakeKind.UNDERRETNING:
                assert data["underretning"] == intake.ref
            else:
                assert "underretning" not in data
        if event.kind == "conversation.held" and event.ref.startswith("conversation:"):
            assert record.held
            assert data["alone"] is record.child_alone
            assert data["about"] == record.about_ref
            assert data["methods"] == record.methods
            assert data["parents_present"] is record.parents_present
            assert data["without_parental_consent"] is record.without_parental_consent
            assert data.get("underretning") == (
                record.about_ref if record.about_ref.startswith("intake:") else None
            )
            assert event.occurred_at.date() == record.happened_on
        if event.kind == "conversation.omitted":
            assert not record.held
            assert (data["about"], data["reason"]) == (record.about_ref, record.omission_reason)
            assert event.occurred_at.date() == record.happened_on
        if event.kind == "explanation.delivered":
            assert data["about"] == base
            assert record.child_wish in (ChildWish.AGAINST, ChildWish.PARTLY)
            assert event.occurred_at.date() == record.explanation_delivered_on
            assert data["how"] == record.explanation_delivered_how
        if event.kind == "follow_up.scheduled":
            agreed = getattr(record, "first_follow_up_on", None) or record.next_follow_up_on
            assert data["due_on"] == agreed.isoformat()
        if event.kind == "rights.informed":
            assert data["topics"] == record.topics
            assert data["to_child"] is record.to_child
            assert data["method"] == record.method
            assert event.occurred_at.date() == record.given_on
        if event.kind == "statement.recorded":
            assert (data["mode"], data["informs"]) == (record.mode, record.informs_ref)
        if event.kind == "case.closed":
            assert data["stage"] == Stage.CLOSED
        if event.kind == "meeting.planned":
            assert data["kind"] == record.kind
            assert data["due_on"] == record.starts_at.date().isoformat()
            assert event.occurred_at == record.recorded_at
        if event.kind == "meeting.agenda_sent":
            assert data["about"] == base
            assert event.occurred_at == record.agenda_sent_at
        if event.kind == "meeting.held":
            assert (
                data["held_on"]
                == record.held_on.isoformat()
                == event.occurred_at.date().isoformat()
            )
        if event.kind == "meeting.summary_delivered":
            assert data["about"] == base
            assert event.occurred_at.date() == record.summary_delivered_on
            assert (data["understood"], data["how"]) == (
                record.child_understood,
                record.summary_delivered_how,
            )
        if event.kind == "caseworker.changed":
            assert data["changes_on"] == record.changes_on.isoformat()
            assert event.occurred_at.date() == record.changes_on
        if event.kind == "handover.letter_sent":
            assert data["about"] == base
            assert event.occurred_at.date() == record.letter_sent_on


def test_step_dates_follow_each_other():
    for view in case_views(1000):
        steps = view.steps
        case = view.case
        limit = case.closed_on or TODAY - dt.timedelta(days=1)
        dates = []
        for name, records in steps.items():
            for record in records:
                for field in dataclasses.fields(record):
                    value = getattr(record, field.name)
                    if isinstance(value, dt.date) and field.name not in (
                        "next_follow_up_on",
                        "first_follow_up_on",
                        "parallel_investigation_ends_on",
                        "explanation_due_on",  # agreed ahead: may be after today
                    ):
                        day = value.date() if isinstance(value, dt.datetime) else value
                        dates.append(day)
                        assert day.weekday() < 5 or name == "intakes", (name, field.name)
        assert all(case.awareness_date <= day <= limit for day in dates)
        assert steps["intakes"][0].received_at.date() == case.awareness_date
        for intake in steps["intakes"]:
            if intake.urgency_assessed_at:
                assert intake.received_at < intake.urgency_assessed_at
            if intake.receipt_sent_on:
                assert intake.received_at.date() < intake.receipt_sent_on
            if intake.reassessed_on:
                assert intake.child_has_measure
                assert intake.received_at.date() < intake.reassessed_on
        screened = [s.screened_on for s in steps["screenings"]]
        assert len(screened) <= 1
        screened_on = screened[0] if screened else dt.date.max
        for investigation in steps["investigations"]:
            assert investigation.started_on >= screened_on
            if investigation.completed_on:
                assert investigation.completed_on >= investigation.started_on
            if investigation.preliminary_assessment_on:
                assert investigation.kind == InvestigationKind.BFU
                assert (
                    investigation.started_on
                    <= investigation.preliminary_assessment_on
                    <= (investigation.completed_on or limit)
                )
        bfu_done = [i.completed_on for i in steps["investigations"] if i.kind == "bfu"]
        bfu_done_on = (bfu_done[0] if bfu_done else None) or dt.date.max
        for decision in steps["decisions"]:
            assert decision.decided_on >= screened_on
            if decision.paragraph in ("32", "46", "47") and not decision.provisional_reason:
                assert decision.decided_on >= bfu_done_on
        decisions = {d.id: d for d in steps["decisions"]}
        for measure in steps["measures"]:
            assert measure.started_on >= decisions[measure.decision_id].decided_on
            if measure.ended_on:
                assert measure.ended_on >= measure.started_on
        first_start = min((m.started_on for m in steps["measures"]), default=dt.date.max)
        for meeting in steps["startup_meetings"]:
            assert first_start <= meeting.held_on
        for follow_up in steps["follow_ups"]:
            assert first_start <= follow_up.held_on
        for visit in steps["supervision_visits"]:
            assert first_start <= visit.visited_on
        for meeting in steps["startup_meetings"]:
            assert meeting.first_follow_up_on > meeting.held_on
        for follow_up in steps["follow_ups"]:
            if follow_up.outcome == FollowUpOutcome.CLOSE:
                assert follow_up.next_follow_up_on is None
            else:
                assert follow_up.next_follow_up_on > follow_up.held_on
        for closure in steps["closures"]:
            assert case.stage == Stage.CLOSED
            assert closure.closed_on == case.closed_on == max(dates)


def test_decisions_have_the_childs_view_purpose_and_duration():
    plan = plan_for(1000)
    children = {child.id: child for child in plan.children}
    cases = {case.id: case for case in plan.cases}
    for decision in plan.decisions:
        child = children[cases[decision.case_id].child_id]
        assert bool(decision.child_view) != bool(decision.child_view_exception)
        if age_on(child.birth_date, decision.decided_on) < 4:
            assert decision.child_view_exception
            assert child.first_name in decision.child_view_exception
        else:
            assert decision.child_view
        if decision.paragraph in Paragraph.needs_purpose():
            assert decision.purpose
            assert decision.expected_duration
        assert decision.legal_basis.startswith("barnets lov §")
        assert (decision.plan_decided is None) == (decision.paragraph != "32")
        if decision.neglect_or_abuse:
            assert decision.paragraph in Paragraph.placements()


def test_placements_follow_the_rules_for_investigation_and_plan():
    views = [view for view in case_views(2000) if view.steps["decisions"]]
    before_47 = []
    for view in views:
        bfu = [i for i in view.steps["investigations"] if i.kind == InvestigationKind.BFU]
        for decision in view.steps["decisions"]:
            if decision.paragraph == "46":
                finished = (
                    bfu and bfu[0].completed_on and bfu[0].completed_on <= decision.decided_on
                )
                assert finished or decision.provisional_reason
            if decision.paragraph == "47":
                before_47.append(any(p.made_on < decision.decided_on for p in view.steps["plans"]))
            if decision.provisional_reason:
                assert decision.paragraph == "46"
                measure = next(m for m in view.steps["measures"] if m.decision_id == decision.id)
                assert measure.parallel_investigation_ends_on >= measure.started_on
    assert before_47
    assert sum(before_47) / len(before_47) >= 0.9  # mostly; a few overdue on purpose


def test_the_stage_matches_the_steps():
    for view in case_views(2000):
        stage, steps = view.case.stage, view.steps
        index = STAGE_ORDER[stage]
        has = {name: bool(steps[name]) for name in STEP_RECORDS}
        if stage == Stage.CLOSED:
            assert has["closures"]
            continue
        assert not has["closures"]
        first = steps["intakes"][0]
        if stage == Stage.RECEIVED:
            assert first.urgency_assessed_at is None
        if index <= STAGE_ORDER[Stage.SCREENING]:
            assert not has["screenings"]
        else:
            assert has["screenings"]
        running = [i for i in steps["investigations"] if i.completed_on is None]
        if stage in (Stage.AFDAEKNING, Stage.BFU):
            assert [i.kind for i in running] == [stage]
            assert not has["decisions"] or steps["decisions"][0].provisional_reason
        else:
            assert not running
        if stage == Stage.CHOICE_OF_MEASURE:
            assert not has["decisions"]
        if index >= STAGE_ORDER[Stage.PLAN]:
            assert has["decisions"]
        if index >= STAGE_ORDER[Stage.MEASURE_RUNNING]:
            assert has["measures"]
        if stage == Stage.SUPERVISION:
            assert any(d.paragraph in Paragraph.placements() for d in steps["decisions"])
        if stage == Stage.CLOSING:
            assert steps["follow_ups"][-1].outcome == FollowUpOutcome.CLOSE
        if has["supervision_visits"]:
            assert any(d.paragraph in Paragraph.placements() for d in steps["decisions"])


def test_reports_conversations_and_reassessments_are_realistic():
    plan = plan_for(3000)
    intakes = plan.intakes
    reports = [r for r in intakes if r.kind == IntakeKind.UNDERRETNING]
    share = collections.Counter(r.reporter_type for r in reports)
    assert share[ReporterType.PROFESSIONAL] / len(reports) > 0.65
    assert 0.05 < share[ReporterType.CITIZEN] / len(reports) < 0.2
    assert share[ReporterType.ANONYMOUS] / len(reports) < 0.12
    assert share[ReporterType.OTHER_MUNICIPALITY] / len(reports) < 0.12
    assert 0.05 < (len(intakes) - len(reports)) / len(intakes) < 0.2  # henvendelser
    abuse = [r for r in reports if r.abuse]
    assert 0.05 < len(abuse) / len(reports) < 0.11
    assert 0.2 < sum(r.parent_suspected for r in abuse) / len(abuse) < 0.9

    assessed = [r for r in reports if r.urgency_assessed_at]
    within = [
        r for r in assessed if r.urgency_assessed_at - r.received_at <= dt.timedelta(hours=24)
    ]
    assert 0.85 < len(within) / len(assessed) < 0.99  # mostly; some late
    professional = [r for r in reports if r.reporter_type == ReporterType.PROFESSIONAL]
    assert sum(r.receipt_sent_on is not None for r in professional) / len(professional) > 0.75
    assert all(r.reporter_name for r in professional)
    assert not any(r.reporter_name for r in reports if r.reporter_type == ReporterType.ANONYMOUS)
    assert not any(r.receipt_sent_on for r in intakes if r.reporter_type != "professional")
    with_measure = [r for r in reports if r.child_has_measure]
    assert with_measure
    assert sum(r.reassessed_on is not None for r in with_measure) / len(with_measure) > 0.7

    # An abuse report is followed within days by a conversation with the child alone.
    talks = collections.defaultdict(list)
    for milestone in plan.milestones:
        if milestone.kind == MilestoneKind.CONVERSATION and milestone.intake_id:
            talks[milestone.intake_id].append(milestone)
    answered = 0
    for report in abuse:
        for talk in talks[report.id]:
            assert talk.child_alone
            assert 0 <= (talk.happened_on - report.received_at.date()).days <= 10
            answered += 1
    assert answered / len(abuse) > 0.9


def test_investigations_decisions_and_follow_ups_are_mostly_on_time():
    plan = plan_for(3000)
    cases = {case.id: case for case in plan.cases}
    bfus = [i for i in plan.investigations if i.kind == InvestigationKind.BFU and i.completed_on]
    on_time = [i for i in bfus if i.completed_on <= add_months(cases[i.case_id].awareness_date, 4)]
    assert 0.6 < len(on_time) / len(bfus) < 0.9
    late = [i for i in bfus if i not in on_time]
    assert 0.3 < sum(bool(i.preliminary_assessment_on) for i in late) / len(late) < 0.8

    paragraphs = collections.Counter(d.paragraph for d in plan.decisions)
    assert paragraphs["32"] > paragraphs["46"] > paragraphs["47"] > 0
    assert paragraphs["30"] + paragraphs["31"] > paragraphs["47"]

    plans = collections.defaultdict(list)
    for item in plan.plans:
        plans[item.case_id].append(item.made_on)
    needing = [
        d
        for d in plan.decisions
        if d.paragraph == "46" or (d.paragraph == "32" and d.plan_decided)
        if add_months(d.decided_on, 3) < TODAY
    ]
    timely = [
        d
        for d in needing
        if any(d.decided_on <= made <= add_months(d.decided_on, 3) for made in plans[d.case_id])
    ]
    assert 0.75 < len(timely) / len(needing) < 0.97  # some late or missing: overdue on purpose

    by_case = collections.defaultdict(list)
    for follow_up in plan.follow_ups:
        by_case[follow_up.case_id].append(follow_up)
    first_on_time = 0
    measures = [m for m in plan.measures if add_months(m.started_on, 3) < TODAY - dt.timedelta(60)]
    for measure in measures:
        due = add_months(measure.started_on, 3)
        if measure.parallel_investigation_ends_on:
            due = min(due, measure.parallel_investigation_ends_on)
        held = [f.held_on for f in by_case[measure.case_id] if f.held_on >= measure.started_on]
        first_on_time += bool(held) and min(held) <= due + dt.timedelta(days=3)
    assert 0.6 < first_on_time / len(measures) < 0.95


def test_placed_children_get_supervision_visits_and_youths_their_milestones():
    plan = plan_for(3000)
    cases = {case.id: case for case in plan.cases}
    children = {child.id: child for child in plan.children}
    decisions = {d.id: d for d in plan.decisions}
    visits = collections.defaultdict(list)
    for visit in plan.supervision_visits:
        visits[visit.case_id].append(visit.visited_on)
    yearly = []
    for measure in plan.measures:
        if decisions[measure.decision_id].paragraph not in ("46", "47"):
            continue
        end = measure.ended_on or TODAY
        if (end - measure.started_on).days > 400:
            first_year = [
                d
                for d in visits[measure.case_id]
                if measure.started_on <= d < add_months(measure.started_on, 12)
            ]
            yearly.append(len(first_year))
    assert yearly
    assert 1.5 < sum(yearly) / len(yearly) < 2.6  # about two a year
    assert any(count == 1 for count in yearly)  # some years only one

    kinds = collections.defaultdict(set)
    for milestone in plan.milestones:
        kinds[milestone.case_id].add(milestone.kind)
    teens = [
        case
        for case in plan.cases
        if case.stage in (Stage.MEASURE_RUNNING, Stage.FOLLOW_UP)
        and age_on(children[case.child_id].birth_date, TODAY - dt.timedelta(days=200)) >= 16
    ]
    assert teens
    decided = [case for case in teens if MilestoneKind.UNGEPLAN_DECIDED in kinds[case.id]]
    assert len(decided) / len(teens) > 0.7
    open_cases = [case for case in plan.cases if case.stage != Stage.CLOSED]
    informed = [
        case
        for case in open_cases
        if age_on(children[case.child_id].birth_date, TODAY - dt.timedelta(days=100)) >= 10
    ]
    told = [case for case in informed if MilestoneKind.PARTY_STATUS_INFORMED in kinds[case.id]]
    assert len(told) / len(informed) > 0.85
    assert any(d.paragraph == "114" for d in plan.decisions)
    assert {cases[d.case_id].stage for d in plan.decisions if d.paragraph == "114"} <= {
        Stage.MEASURE_RUNNING,
        Stage.FOLLOW_UP,
        Stage.SUPERVISION,
        Stage.CLOSING,
    }


# --- The child's voice (M3/M4) -----------------------------------------------------------------

INVOLVEMENT_CONVERSATION_RULES = {
    "samtale-underretning",
    "samtale-undersoegelse",
    "samtale-indsats",
    "samtale-foer-opfoelgning",
}


def test_the_childs_voice_uses_only_values_the_models_accept():
    plan = plan_for(1000)
    assert {d.child_wish for d in plan.decisions} == set(ChildWish.values)
    assert {d.child_view_exception_reason for d in plan.decisions} == {"age", ""}
    methods = {method for c in plan.conversations for method in c.methods}
    assert methods <= set(ConversationMethod.values)
    assert {c.omission_reason for c in plan.conversations} <= {*OmissionReason.values, ""}
    assert {s.mode for s in plan.statements} <= set(StatementMode.values)
    assert {t for r in plan.rights_information for t in r.topics} <= set(RightsTopic.values)
    assert {r.method for r in plan.rights_information} <= set(InformationMethod.values)
    assert plan.conversations
    assert plan.statements
    assert plan.rights_information


def test_decisions_record_the_childs_wish_and_explain_decisions_against_it():
    plan = plan_for(2000)
    delivered = {e.ref: e for e in plan.events if e.kind == "explanation.delivered"}
    with_view = [d for d in plan.decisions if d.child_view]
    for decision in plan.decisions:
        # What the decision service requires of every decision.
        assert decision.child_wish in ChildWish.values
        assert decision.child_view_weighing
        if decision.child_view:
            assert not decision.child_view_exception_reason
        else:  # too young: observed instead, and the reason says so
            assert decision.child_wish == ChildWish.NO_WISH
            assert decision.child_view_exception_reason == "age"
            assert decision.child_view_obtained_otherwise
        # Against the wish, or following it only in part: the child gets an explanation.
        against = decision.child_wish in (ChildWish.AGAINST, ChildWish.PARTLY)
        assert bool(decision.explanation_for_child) is against
        assert bool(decision.explanation_how) is against
        assert (decision.explanation_due_on is not None) is against
        if decision.explanation_due_on:
            assert decision.explanation_due_on > decision.decided_on
        event = delivered.get(f"{decision.ref}#explanation")
        assert (event is not None) is (decision.explanation_delivered_on is not None)
        if event is not None:
            assert against
            assert decision.decided_on <= decision.explanation_delivered_on
            assert decision.explanation_delivered_how
    wishes = collections.Counter(d.child_wish for d in with_view)
    assert 0.05 < wishes[ChildWish.AGAINST] / len(with_view) < 0.25
    assert wishes[ChildWish.FOLLOWED] > wishes[ChildWish.PARTLY] > wishes[ChildWish.AGAINST]
    due_long_ago = [
        d
        for d in plan.decisions
        if d.explanation_due_on and d.explanation_due_on < TODAY - dt.timedelta(days=60)
    ]
    assert due_long_ago
    on_time = [
        d
        for d in due_long_ago
        if d.explanation_delivered_on and d.explanation_delivered_on <= d.explanation_due_on
    ]
    assert sum(bool(d.explanation_delivered_on) for d in due_long_ago) / len(due_long_ago) > 0.95
    assert 0.75 < len(on_time) / len(due_long_ago) < 0.97  # a few late on purpose


def test_conversations_answer_the_tasks_of_their_own_case():
    plan = plan_for(1000)
    tasks: dict = collections.defaultdict(dict)  # case id → trigger ref → (kind, day)
    for event in plan.events:
        if event.kind in ("underretning.received", "bfu.started", "measure.started"):
            tasks[event.case_id][event.ref] = (event.kind, event.occurred_at.date())
        if event.kind == "follow_up.scheduled":
            tasks[event.case_id][event.ref] = (event.kind, event.occurred_at.date())
    children = {child.id: child for child in plan.children}
    cases = {case.id: case for case in plan.cases}
    for conversation in plan.conversations:
        kind, day = tasks[conversation.case_id][conversation.about_ref]
        assert conversation.happened_on >= day
        assert conversation.happened_on.weekday() < 5
        case = cases[conversation.case_id]
        assert conversation.happened_on <= (case.closed_on or TODAY - dt.timedelta(days=1))
        if conversation.held:
            assert conversation.methods
            assert conversation.summary
            assert conversation.setting
            assert not conversation.omission_reason
            if kind == "follow_up.scheduled":  # before a follow-up: with the child alone
                assert conversation.child_alone
                assert not conversation.parents_present
        else:
            assert conversation.omission_reason
            assert conversation.omission_text
            assert not conversation.methods
        if conversation.omission_reason == OmissionReason.AGE:
            birth = children[case.child_id].birth_date
            assert age_on(birth, conversation.happened_on) < 8
    # Mostly held; omitted mostly because the child is too young for that conversation.
    reasons = collections.Counter(c.omission_reason for c in plan.conversations)
    assert reasons[""] > 2 * (len(plan.conversations) - reasons[""])
    assert reasons[OmissionReason.CHILD_DECLINED] + reasons[OmissionReason.NATURE_OF_CASE] > 0
    assert reasons[OmissionReason.CHILD_DECLINED] < 0.1 * len(plan.conversations)


def test_statements_and_rights_information_are_consistent():
    plan = plan_for(1000)
    decisions = {d.ref: d for d in plan.decisions}
    children = {child.id: child for child in plan.children}
    cases = {case.id: case for case in plan.cases}
    for statement in plan.statements:
        decision = decisions[statement.informs_ref]
        assert decision.case_id == statement.case_id
        assert cases[statement.case_id].child_id == statement.child_id
        assert statement.words == decision.child_view
        assert statement.stated_on <= decision.decided_on
        assert bool(statement.trusted_adult) is (statement.mode == StatementMode.TRUSTED_ADULT)
    assert len(plan.statements) == sum(bool(d.child_view) for d in plan.decisions)
    occasions = collections.defaultdict(list)
    for event in plan.events:
        if event.kind == "rights.occasion":
            occasions[event.case_id].append(event.occurred_at.date())
    for information in plan.rights_information:
        assert cases[information.case_id].child_id == information.child_id
        assert "involvement" in information.topics
        assert information.to_child or information.to_others
        # Given after an occasion at which the child was at least 6.
        birth = children[information.child_id].birth_date
        assert any(
            day <= information.given_on and age_on(birth, day) >= 6
            for day in occasions[information.case_id]
        )
    # Every case has its start occasion, and every decision and plan one of its own.
    refs = {e.ref for e in plan.events if e.kind == "rights.occasion"}
    assert {f"case:{case.id}#start" for case in plan.cases} <= refs
    assert {d.ref for d in plan.decisions} | {p.ref for p in plan.plans} <= refs


def _obligations(plan: DemoPlan) -> list[tuple[object, object]]:
    """(case plan, obligation) for every case of the plan, from the pure engine."""
    from stemme.deadlines.engine import derive_obligations
    from stemme.deadlines.facts import FACT_KINDS, CaseFacts, Fact

    children = {child.id: child for child in plan.children}
    facts = collections.defaultdict(list)
    for event in plan.events:
        if event.case_id and event.kind in FACT_KINDS:
            facts[event.case_id].append(Fact(event.kind, event.occurred_at, event.ref, event.data))
    as_of = dt.datetime.combine(TODAY, dt.time(8), tzinfo=TIME_ZONE)
    result = []
    for case in plan.cases:
        case_facts = CaseFacts(
            f"case:{case.id}",
            f"child:{case.child_id}",
            children[case.child_id].birth_date,
            case.awareness_date,
            tuple(facts[case.id]),
        )
        result += [(case, o) for o in derive_obligations(case_facts, as_of=as_of)]
    return result


def test_meetings_letters_and_handovers_are_realistic():
    """Most open cases past the investigation have had 1-4 meetings with the child, prepared
    with an agenda and followed by a summary; each change of caseworker is a handover."""
    plan = plan_for(1000)
    held = collections.Counter(m.case_id for m in plan.meetings if m.status == MeetingStatus.HELD)
    past = [case for case in plan.cases if case.stage in PAST_INVESTIGATION]
    counts = [held[case.id] for case in past]
    assert sum(1 <= n <= 4 for n in counts) / len(counts) > 0.6
    assert sum(n == 0 for n in counts) / len(counts) < 0.1
    assert sum(held[case.id] for case in plan.cases) / len(plan.children) > 2
    planned = [m for m in plan.meetings if m.status == MeetingStatus.PLANNED]
    assert all(m.starts_at.date() >= TODAY for m in planned)
    assert len(planned) / sum(case.stage in PAST_INVESTIGATION for case in plan.cases) > 0.3
    meetings = [m for m in plan.meetings if m.status == MeetingStatus.HELD]
    before = [m for m in meetings if m.agenda_sent_at and m.agenda_sent_at < m.starts_at]
    given = [m for m in meetings if m.summary_delivered_on is not None]
    assert 0.7 < len(before) / len(meetings) < 0.98
    assert 0.8 < len(given) / len(meetings) < 0.99
    assert all(m.summary_for_child for m in given)
    assert all(m.held_on >= m.recorded_at.date() for m in meetings)
    assert all(m.summary_delivered_on >= m.held_on for m in given)
    # The child's own items: some fresh, some carried from the topics for next time.
    by_meeting = collections.defaultdict(list)
    for item in plan.agenda_items:
        by_meeting[item.meeting_id].append(item)
    with_child = [m for m in meetings if any(i.from_child for i in by_meeting[m.id])]
    assert 0.3 < len(with_child) / len(meetings) < 0.8
    carried = [i for i in plan.agenda_items if i.carried_from_id is not None]
    used = {t.used_in_id for t in plan.next_time_topics if t.used_in_id is not None}
    assert carried
    assert {i.meeting_id for i in carried} == used
    # Every participant list has the caseworker; most have the child.
    people = collections.defaultdict(set)
    for participant in plan.participants:
        people[participant.meeting_id].add(participant.kind)
    assert all(ParticipantKind.CASEWORKER in people[m.id] for m in plan.meetings)
    assert sum(ParticipantKind.CHILD in people[m.id] for m in meetings) / len(meetings) > 0.6
    # Each change of primary caseworker is one handover, to the new primary.
    changes = collections.Counter()
    primaries = collections.defaultdict(list)
    for assignment in plan.assignments:
        if assignment.role == AssignmentRole.PRIMARY:
            primaries[assignment.case_id].append(assignment)
    for case_id, rows in primaries.items():
        rows.sort(key=lambda a: a.started_on)
        for earlier, later in itertools.pairwise(rows):
            changes[(case_id, earlier.caseworker, later.caseworker, later.started_on)] += 1
    handovers = collections.Counter(
        (h.case_id, h.from_caseworker, h.to_caseworker, h.changes_on) for h in plan.handovers
    )
    assert handovers == changes
    assert sum(h.letter_sent_on is not None for h in plan.handovers) / len(plan.handovers) > 0.8
    # Letters are about a meeting or a handover of the same case.
    refs = {m.ref: m.case_id for m in plan.meetings} | {h.ref: h.case_id for h in plan.handovers}
    assert all(refs[letter.related_ref] == letter.case_id for letter in plan.letters)


def test_involvement_tasks_are_mostly_met_and_the_worklist_shows_a_few_misses():
    from stemme.deadlines.engine import Status
    from stemme.deadlines.rules import INVOLVEMENT_RULES

    plan = plan_for(1000)
    involvement = {rule.id for rule in INVOLVEMENT_RULES}
    settled_before = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(), TIME_ZONE)
    by_rule = collections.defaultdict(list)
    pending = []
    for case, obligation in _obligations(plan):
        if obligation.rule_id not in involvement:
            continue
        by_rule[obligation.rule_id].append(obligation)
        if case.stage != Stage.CLOSED and obligation.status in (Status.OPEN, Status.OVERDUE):
            pending.append(obligation)
    # The demo gives tasks for conversations, rights, explanations, meetings (the agenda before,
    # the summary after) and the letter introducing a new caseworker.
    demo_rules = INVOLVEMENT_CONVERSATION_RULES | {
        "rettigheder",
        "forklaring-afgoerelse",
        "moede-dagsorden",
        "moede-opsummering",
        "overdragelse-brev",
    }
    assert demo_rules <= set(by_rule)
    for rule_id in demo_rules:
        obligations = by_rule[rule_id]
        old = [
            o for o in obligations if o.due_at < settled_before and o.status is not Status.LAPSED
        ]
        met = [o for o in old if o.status is Status.MET]
        assert len(met) / len(old) > 0.9, rule_id  # dealt with, on time or late
        assert any(o.met_late for o in met), rule_id  # some late, as in real life
    overdue = [o for o in pending if o.status is Status.OVERDUE]
    assert overdue, "the worklist shows some missed involvement tasks"
    open_cases = sum(case.stage != Stage.CLOSED for case in plan.cases)
    assert len(overdue) / open_cases < 0.2  # not flooded: a few per caseworker


def test_fixed_logins_and_the_first_caseworkers_caseload():
    plan = plan_for(200)
    staff = {member.username: member for member in plan.staff}
    assert [username for username, _ in DEMO_LOGINS] == [
        "raadgiver",
        "raadgiver2",
        "leder",
        "admin",
    ]
    assert staff["raadgiver"].role == Role.CASEWORKER
    assert staff["raadgiver2"].role == Role.CASEWORKER
    assert staff["leder"].role == Role.TEAM_LEADER
    assert staff["admin"].role == Role.ADMINISTRATOR
    assert staff["raadgiver"].team_keys == staff["leder"].team_keys == (0,)
    assert staff["raadgiver2"].team_keys == (1,)
    assert staff["admin"].team_keys == ()
    leaders = collections.Counter(s.team_keys for s in plan.staff if s.role == Role.TEAM_LEADER)
    assert set(leaders.values()) == {1}
    assert len(leaders) == len(plan.teams)
    assert all(s.email.endswith("@stemmeby.dk") and s.phone and s.job_title for s in plan.staff)

    cases = {case.id: case for case in plan.cases}
    mine = [a for a in plan.assignments if a.caseworker == "raadgiver" and a.role == "primary"]
    current = [cases[a.case_id] for a in mine if a.ended_on is None]
    assert 15 <= len(current) <= 25
    assert len({case.stage for case in current}) >= 10
    current_ids = {case.id for case in current}
    secondaries = [
        a
        for a in plan.assignments
        if a.case_id in current_ids and a.role == "secondary" and a.ended_on is None
    ]
    assert len(secondaries) >= 2
    taken_over = {a.case_id for a in plan.assignments if a.case_id in current_ids and a.ended_on}
    assert taken_over, "raadgiver took over at least one case from a colleague"

    # raadgiver's caseload shows the deadline situations: an abuse report, a BFU with a
    # preliminary assessment, a placement without consent, a new report during a measure.
    steps = {view.case.id: view.steps for view in case_views(200)}
    mine_steps = [steps[case.id] for case in current]
    assert any(r.abuse for s in mine_steps for r in s["intakes"])
    assert any(i.preliminary_assessment_on for s in mine_steps for i in s["investigations"])
    assert any(d.paragraph == "47" for s in mine_steps for d in s["decisions"])
    assert any(d.paragraph == "46" for s in mine_steps for d in s["decisions"])
    assert any(r.child_has_measure for s in mine_steps for r in s["intakes"])


@pytest.mark.parametrize("children", [10, 11, 40])
def test_fixed_logins_exist_for_small_demos(children):
    plan = build_demo_plan(children=children, seed=3, today=TODAY)
    usernames = {member.username for member in plan.staff}
    assert {username for username, _ in DEMO_LOGINS} <= usernames
    assert any(a.caseworker == "raadgiver" and a.ended_on is None for a in plan.assignments)


@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 17), dt.date(2026, 1, 18), dt.date(2026, 1, 19)]
)
def test_no_step_is_dated_today_or_later_on_any_weekday(today):
    plan = build_demo_plan(children=60, seed=5, today=today)
    assert all(event.occurred_at.date() < today for event in plan.events)


# --- Writing it --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_writing_a_small_plan():
    plan = plan_for(40)
    counts = demo_write(plan)

    municipality = Municipality.objects.get(name="Stemmeby Kommune")
    assert municipality.code == "999"
    assert municipality.caseworkers_see_team_children is False
    assert counts == plan.counts()
    expected = {
        "Municipality": 1,
        "Team": len(plan.teams),
        "User": len(plan.staff),
        "Child": 40,
        "Person": len(plan.persons),
        "ChildRelation": len(plan.relations),
        "Case": len(plan.cases),
        "CaseworkerAssignment": len(plan.assignments),
        **{model.__name__: len(getattr(plan, name)) for name, model in STEP_MODELS.items()},
        **{model.__name__: len(getattr(plan, name)) for name, model in VOICE_MODELS.items()},
        **{model.__name__: len(getattr(plan, name)) for name, model in MEETING_TABLES.items()},
        **{model.__name__: len(getattr(plan, name)) for name, model in CASE_FILE_TABLES.items()},
        "Event": len(plan.events),
        "memberships": len(plan.staff) - 1,  # everyone but the administrator is on a team
    }
    # The child's words filed from journal notes are statements; decision letters are letters.
    expected["ChildStatement"] += len(plan.journal_statements)
    expected["Letter"] += len(plan.decision_letters)
    assert table_counts() == expected
    assert set(Event.objects.values_list("kind", flat=True)) <= EVENT_KINDS.keys()
    assert not Event.objects.exclude(municipality=municipality).exists()
    # Actors are the staff who did it; the timeline reads like the services wrote it.
    # (The virus scan is the system's, as in the documents service.)
    assert not Event.objects.filter(actor__isnull=True).exclude(kind="documents.scanned").exists()
    assert Case.objects.filter(stage=Stage.CLOSED, closed_on__isnull=True).count() == 0

    # The rows pass the models' own validation.
    for child in Child.objects.all():
        child.full_clean()
    for person in Person.objects.all():
        person.full_clean()
    for case in Case.objects.all():
        case.full_clean()
    refs = {f"case:{pk}" for pk in Case.objects.values_list("pk", flat=True)}
    for model in [*STEP_MODELS.values(), *VOICE_MODELS.values(), Meeting, Handover]:
        for record in model.objects.all():
            record.full_clean()
            refs.add(record.ref)
    for model in (MeetingParticipant, AgendaItem, NextTimeTopic, Letter, JournalNoteVersion):
        for record in model.objects.all():
            record.full_clean()
    # The case file's records with events of their own: the notes, documents, hearings sent
    # (a waived one's event is about its decision), the parties who answered, decision letters.
    for model in (JournalNote, Document):
        for record in model.objects.all():
            record.full_clean()
            refs.add(record.ref)
    for hearing in Hearing.objects.all():
        hearing.full_clean()
        if not hearing.exception_reason:
            refs.add(hearing.ref)
    for party in HearingParty.objects.all():
        party.full_clean()
        if party.answered_on is not None:
            refs.add(party.ref)
    refs |= {
        letter.ref for letter in Letter.objects.filter(kind__in=["decision", "decision_child"])
    }
    # Every event with a ref points at a record in the database (a "#" names a part of it, like
    # "decision:<uuid>#explanation"), and every record has its events.
    step_events = Event.objects.exclude(ref="")
    assert {event.ref.partition("#")[0] for event in step_events} <= refs
    assert len({event.ref.partition("#")[0] for event in step_events}) == len(refs) - sum(
        not Event.objects.filter(ref=f"case:{pk}#start").exists()
        for pk in Case.objects.values_list("pk", flat=True)
    )
    for event in step_events.filter(kind="decision.made"):
        decision = Case.objects.get(pk=event.case_id).decisions.get(pk=event.ref.split(":")[1])
        assert decision.paragraph == event.data["paragraph"]
    # Every open case's team is its current primary caseworker's team.
    for assignment in CaseworkerAssignment.objects.filter(
        role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).select_related("case", "caseworker"):
        assert assignment.case.team in assignment.caseworker.teams.all()
    assert (
        Case.objects.exclude(stage=Stage.CLOSED)
        .annotate(
            primaries=Count(
                "assignments",
                filter=Q(assignments__role="primary", assignments__ended_on__isnull=True),
            )
        )
        .exclude(primaries=1)
        .count()
        == 0
    )


@pytest.mark.django_db
def test_written_voice_records_match_their_events_and_give_obligations():
    from stemme.cases.models import Decision
    from stemme.deadlines.models import Obligation
    from stemme.deadlines.services import obligations_recompute_all
    from stemme.participation.models import ChildStatement, Conversation, RightsInformation

    plan = plan_for(40)
    demo_write(plan)
    conversations = {c.ref: c for c in Conversation.objects.all()}
    for event in Event.objects.filter(kind__in=["conversation.held", "conversation.omitted"]):
        if event.ref.startswith("milestone:"):
            continue
        conversation = conversations[event.ref]
        assert conversation.case_id == event.case_id
        assert conversation.held is (event.kind == "conversation.held")
        assert conversation.about_ref == event.data["about"]
    for event in Event.objects.filter(kind="explanation.delivered"):
        decision = Decision.objects.get(pk=event.data["about"].split(":")[1])
        assert event.ref == f"{decision.ref}#explanation"
        assert decision.child_wish in (ChildWish.AGAINST, ChildWish.PARTLY)
        assert decision.explanation_delivered_on == event.occurred_at.date()
    # The statements behind decisions inform them; those filed from journal notes inform none.
    for statement in ChildStatement.objects.exclude(informs_ref=""):
        assert Decision.objects.filter(pk=statement.informs_ref.split(":")[1]).exists()
    filed = ChildStatement.objects.filter(informs_ref="", journal_notes__isnull=False)
    assert filed.count() == ChildStatement.objects.filter(informs_ref="").count()
    assert filed.count() == len(plan.journal_statements)
    rights = {r.ref for r in RightsInformation.objects.all()}
    assert rights == set(Event.objects.filter(kind="rights.informed").values_list("ref", flat=True))
    assert Decision.objects.filter(child_wish=ChildWish.AGAINST).exists()

    municipality = Municipality.objects.get(name="Stemmeby Kommune")
    assert obligations_recompute_all(municipality=municipality) > 0
    rules = set(Obligation.objects.values_list("rule_id", flat=True))
    assert {"samtale-underretning", "samtale-foer-opfoelgning", "rettigheder"} <= rules
    assert Obligation.objects.filter(rule_id="samtale-indsats", status="met").exists()


@pytest.mark.django_db
def test_written_times_and_json_round_trip():
    plan = plan_for(40)
    demo_write(plan)
    first = plan.intakes[0]
    from stemme.cases.models import Intake

    stored = Intake.objects.get(pk=first.id)
    assert stored.received_at == first.received_at
    assert stored.recorded_at == first.recorded_at
    assert stored.recorded_by.username == first.recorded_by
    event = next(e for e in plan.events if e.kind == "decision.made")
    row = Event.objects.get(ref=event.ref, kind="decision.made")
    assert row.data == event.data
    assert row.occurred_at == event.occurred_at
    assert row.actor.username == event.actor


@pytest.mark.django_db
def test_written_logins_work_and_see_what_their_role_allows():
    demo_write(plan_for(40))
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[u for u, _ in DEMO_LOGINS])
    }
    assert len(users) == 4
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    # One hash for everybody (hashing is slow): the same salt and hash string.
    assert len(set(User.objects.values_list("password", flat=True))) == 1

    raadgiver, raadgiver2 = users["raadgiver"], users["raadgiver2"]
    assert list(raadgiver.teams.values_list("name", flat=True)) == ["Team Nord"]
    assert list(raadgiver2.teams.values_list("name", flat=True)) == ["Team Syd"]
    assert list(users["leder"].teams.values_list("name", flat=True)) == ["Team Nord"]

    mine = set(children_visible_to(raadgiver).values_list("pk", flat=True))
    theirs = set(children_visible_to(raadgiver2).values_list("pk", flat=True))
    assert mine
    assert theirs
    assert mine.isdisjoint(theirs)
    assert mine <= set(children_visible_to(users["leder"]).values_list("pk", flat=True))
    assert not children_visible_to(users["admin"]).exists()


@pytest.mark.django_db
def test_writing_twice_is_refused():
    demo_write(plan_for(40))
    before = table_counts()
    with pytest.raises(DemoDataExists):
        demo_write(plan_for(40))
    assert table_counts() == before


@pytest.mark.django_db
def test_a_taken_demo_username_stops_the_write_before_anything_is_written():
    User.objects.create_user(username="admin", password="another-password-123")
    before = table_counts()
    with pytest.raises(DemoDataExists, match="admin"):
        demo_write(plan_for(40))
    assert table_counts() == before


# --- The command -------------------------------------------------------------------------------


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_creates_the_demo_and_prints_a_summary():
    output = run_seed("--children", "20", "--seed", "2", "--today", "2026-01-15")
    assert Child.objects.count() == 20
    assert "Stemmeby Kommune" in output
    assert "raadgiver" in output
    assert "events" in output
    assert "intakes" in output


@pytest.mark.django_db
def test_if_empty_leaves_a_populated_database_unchanged():
    run_seed("--children", "20", "--today", "2026-01-15")
    before = table_counts()
    output = run_seed("--children", "30", "--if-empty")
    assert "springes over" in output
    assert table_counts() == before


@pytest.mark.django_db
def test_if_empty_skips_any_municipality_not_only_the_demo():
    Municipality.objects.create(name="Andenby Kommune", code="902")
    run_seed("--children", "20", "--if-empty")
    assert not Municipality.objects.filter(name="Stemmeby Kommune").exists()


@pytest.mark.django_db
def test_second_run_without_if_empty_fails():
    run_seed("--children", "20", "--today", "2026-01-15")
    before = table_counts()
    with pytest.raises(CommandError, match="Stemmeby Kommune findes allerede"):
        run_seed("--children", "20", "--today", "2026-01-15")
    assert table_counts() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--children", "5"],
        ["--children", "tyve"],
        ["--today", "15-01-2026"],
        ["--seed", "x"],
    ],
)
@pytest.mark.django_db
def test_bad_arguments_are_command_errors(args):
    with pytest.raises(CommandError):
        run_seed(*args)
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_the_written_demo_exports_to_a_valid_file_with_the_childs_voice():
    from stemme.interchange.services import cases_export, schema_errors

    plan = plan_for(40)
    demo_write(plan)
    municipality = Municipality.objects.get(name="Stemmeby Kommune")
    document = cases_export(municipality=municipality, user=User.objects.get(username="leder"))
    assert schema_errors(document) == []
    records = [case["records"] for child in document["children"] for case in child["cases"]]
    assert sum(len(r["conversations"]) for r in records) == len(plan.conversations)
    statements = len(plan.statements) + len(plan.journal_statements)
    assert sum(len(r["statements"]) for r in records) == statements
    assert sum(len(r["rights_information"]) for r in records) == len(plan.rights_information)
