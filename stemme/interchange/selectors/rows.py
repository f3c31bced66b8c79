"""What the export reads: one query per kind of row, whatever the number of children,
meetings or letters; and everyone the file names."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment, Hearing, HearingParty, PlanGoal
from stemme.children.models import Child, ChildRelation
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.documents.models import Document
from stemme.interchange.fields import CHILD_IMPLIED, RECORD_SPECS, is_user_fk
from stemme.journal.models import JournalNote, JournalNoteVersion
from stemme.letters.models import Letter
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.portal.models import GoalRating, MeetingFeedback, MeetingWish, PortalMessage


@dataclass
class ExportRows:
    """Every row the export reads: one query per kind of row, whatever the number of children."""

    children: list
    relations: list
    cases: list
    assignments: list
    records: dict  # RECORD_SPECS key → the rows of cases
    caseless: dict  # RECORD_SPECS key → the child's rows without a case
    events: list
    overrides: list
    holidays: HolidaySettings | None
    profiles: list
    network: list
    bisiddere: list
    restrictions: list
    restricted_persons: list
    restricted_members: list
    stories: list
    letters: list
    messages: list
    meetings: list
    participants: list
    agenda_items: list
    topics: list
    feedback: list
    wishes: list
    handovers: list
    goals: list
    ratings: list
    # Format version 3.
    notes: list
    note_versions: list
    note_persons: list
    documents: list
    hearings: list
    hearing_parties: list


def rows_read(municipality: Municipality) -> ExportRows:
    in_municipality = Q(case__child__municipality=municipality)
    of_children = Q(child__municipality=municipality)
    children = list(Child.objects.filter(municipality=municipality))
    relations = list(
        ChildRelation.objects.filter(of_children).select_related("person").order_by("pk")
    )
    cases = list(Case.objects.filter(of_children).select_related("team"))
    assignments = list(CaseworkerAssignment.objects.filter(in_municipality))
    records = {}
    caseless = {}
    for spec in RECORD_SPECS:
        if spec.model in CHILD_IMPLIED:
            # Statements and rights information may belong to the child without a case.
            rows = list(spec.model.objects.filter(of_children))
            records[spec.key] = [row for row in rows if row.case_id is not None]
            caseless[spec.key] = [row for row in rows if row.case_id is None]
        else:
            records[spec.key] = list(spec.model.objects.filter(in_municipality))
    events = list(Event.objects.filter(municipality=municipality).defer("recorded_at"))
    overrides = list(RuleOverride.objects.filter(municipality=municipality))
    holidays = HolidaySettings.objects.filter(municipality=municipality).first()

    # Format version 2: the records around the child and the case, one query each.
    in_meetings = Q(meeting__case__child__municipality=municipality)
    return ExportRows(
        children=children,
        relations=relations,
        cases=cases,
        assignments=assignments,
        records=records,
        caseless=caseless,
        events=events,
        overrides=overrides,
        holidays=holidays,
        profiles=list(ParticipationProfile.objects.filter(of_children)),
        network=list(NetworkMember.objects.filter(of_children).order_by("pk")),
        bisiddere=list(Bisidder.objects.filter(of_children).order_by("pk")),
        restrictions=list(SafetyRestriction.objects.filter(of_children).order_by("pk")),
        restricted_persons=list(
            SafetyRestriction.persons.through.objects.filter(
                safetyrestriction__child__municipality=municipality
            )
        ),
        restricted_members=list(
            SafetyRestriction.network_members.through.objects.filter(
                safetyrestriction__child__municipality=municipality
            )
        ),
        stories=list(ChildStory.objects.filter(of_children)),
        letters=list(Letter.objects.filter(of_children)),
        messages=list(PortalMessage.objects.filter(of_children)),
        meetings=list(Meeting.objects.filter(in_municipality)),
        participants=list(MeetingParticipant.objects.filter(in_meetings).order_by("pk")),
        agenda_items=list(AgendaItem.objects.filter(in_meetings).order_by("pk")),
        topics=list(NextTimeTopic.objects.filter(in_meetings).order_by("pk")),
        feedback=list(MeetingFeedback.objects.filter(in_meetings)),
        wishes=list(MeetingWish.objects.filter(in_meetings)),
        handovers=list(Handover.objects.filter(in_municipality)),
        goals=list(PlanGoal.objects.filter(plan__case__child__municipality=municipality)),
        ratings=list(GoalRating.objects.filter(goal__plan__case__child__municipality=municipality)),
        notes=list(JournalNote.objects.filter(in_municipality)),
        note_versions=list(
            JournalNoteVersion.objects.filter(note__case__child__municipality=municipality)
        ),
        note_persons=list(
            JournalNote.present_persons.through.objects.filter(
                journalnote__case__child__municipality=municipality
            )
        ),
        documents=list(Document.objects.filter(in_municipality)),
        hearings=list(Hearing.objects.filter(in_municipality)),
        hearing_parties=list(
            HearingParty.objects.filter(hearing__case__child__municipality=municipality)
        ),
    )


def staff_read(municipality: Municipality, rows: ExportRows) -> list[User]:
    """Everyone the file names: the municipality's staff, and anyone else who acted in its
    cases."""
    referenced = {row.caseworker_id for row in rows.assignments}
    referenced |= {row.actor_id for row in rows.events}
    referenced |= {row.changed_by_id for row in rows.overrides}
    for records in [*rows.records.values(), *rows.caseless.values()]:
        referenced |= {row.recorded_by_id for row in records}
    for records in (
        rows.profiles,
        rows.network,
        rows.bisiddere,
        rows.restrictions,
        rows.stories,
        rows.letters,
        rows.messages,
        rows.meetings,
        rows.wishes,
        rows.handovers,
        rows.goals,
        rows.notes,
        rows.note_versions,
        rows.documents,
        rows.hearings,
    ):
        for row in records:
            referenced |= {
                getattr(row, field.attname)
                for field in row._meta.concrete_fields
                if is_user_fk(field)
            }
    referenced.discard(None)
    return list(
        User.objects.filter(Q(municipality=municipality) | Q(pk__in=referenced)).prefetch_related(
            Prefetch("teams", queryset=Team.objects.filter(municipality=municipality))
        )
    )


def events_grouped(rows: ExportRows) -> tuple[dict, dict, list]:
    """The events by case, by child (without a case), and the municipality's own."""
    events_by_case, events_by_child, municipality_events = defaultdict(list), defaultdict(list), []
    case_ids = {case.pk for case in rows.cases}
    child_ids = {child.pk for child in rows.children}
    for event in rows.events:
        if event.case_id is not None and event.case_id in case_ids:
            events_by_case[event.case_id].append(event)
        elif event.case_id is None and event.child_id in child_ids:
            events_by_child[event.child_id].append(event)
        elif event.case_id is None and event.child_id is None:
            municipality_events.append(event)
    return events_by_case, events_by_child, municipality_events
