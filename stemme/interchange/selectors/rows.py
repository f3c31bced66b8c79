"""What the export reads: the municipality's own rows once, its children's rows a batch at a
time (one query per kind of row per batch, whatever the number of children in it, meetings or
letters), and everyone the file names."""

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
    """The rows of a batch of children: one query per kind of row, whatever the number of
    children in the batch."""

    children: list
    relations: list
    cases: list
    assignments: list
    records: dict  # RECORD_SPECS key → the rows of cases
    caseless: dict  # RECORD_SPECS key → the child's rows without a case
    events: list
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


@dataclass
class MunicipalityRows:
    """The municipality's own rows, small whatever the number of children: read once."""

    overrides: list
    holidays: HolidaySettings | None
    events: list  # the municipality's own events: no case, no child
    actors: set  # everyone who acted in an event of the municipality: the staff names them


def municipality_rows_read(municipality: Municipality) -> MunicipalityRows:
    in_municipality = Event.objects.filter(municipality=municipality)
    return MunicipalityRows(
        overrides=list(RuleOverride.objects.filter(municipality=municipality)),
        holidays=HolidaySettings.objects.filter(municipality=municipality).first(),
        events=list(in_municipality.filter(case=None, child=None).defer("recorded_at")),
        # The actors of every event, also one the file leaves out (its case or child belongs
        # to another municipality): the staff section has always named them. The database
        # makes them distinct, so this stays as small as the staff.
        actors=set(
            in_municipality.exclude(actor=None)
            .order_by()
            .values_list("actor_id", flat=True)
            .distinct()
        ),
    )


def children_in_file_order(municipality: Municipality) -> list:
    """The pks of the municipality's children in the file's order: by last name, first name and
    id as the file writes them, sorted in Python (never by the database's collation). Only these
    keys are read, so a large municipality's list stays small."""
    keys = (
        Child.objects.filter(municipality=municipality)
        .order_by()
        .values_list("last_name", "first_name", "pk")
    )
    ordered = sorted((last, first, str(pk), pk) for last, first, pk in keys.iterator())
    return [pk for _last, _first, _id, pk in ordered]


def rows_read(municipality: Municipality, child_ids) -> ExportRows:
    """The rows of the municipality's children ``child_ids`` (a batch): one query per kind of
    row, whatever the number of children in the batch, meetings or letters."""
    children = list(Child.objects.filter(municipality=municipality, pk__in=child_ids))
    # Every other row by the ids of the children read, so no row comes without its child.
    ids = [child.pk for child in children]

    def of(path: str) -> Q:
        return Q(**{f"{path}_id__in": ids})

    in_batch = of("case__child")
    of_children = of("child")
    relations = list(
        ChildRelation.objects.filter(of_children).select_related("person").order_by("pk")
    )
    cases = list(Case.objects.filter(of_children).select_related("team"))
    assignments = list(CaseworkerAssignment.objects.filter(in_batch))
    records = {}
    caseless = {}
    for spec in RECORD_SPECS:
        if spec.model in CHILD_IMPLIED:
            # Statements and rights information may belong to the child without a case.
            rows = list(spec.model.objects.filter(of_children))
            records[spec.key] = [row for row in rows if row.case_id is not None]
            caseless[spec.key] = [row for row in rows if row.case_id is None]
        else:
            records[spec.key] = list(spec.model.objects.filter(in_batch))
    # The events of the batch's cases and of its children (events_grouped keeps the children's
    # own without a case). Only the indexes on case and child are asked for: with the
    # municipality, or "no case", as a condition the database reads every event of the
    # municipality, or every one without a case, for each batch. So the municipality is
    # checked here.
    events = [
        event
        for event in Event.objects.filter(
            Q(case_id__in=[case.pk for case in cases]) | Q(child_id__in=ids)
        ).defer("recorded_at")
        if event.municipality_id == municipality.pk
    ]

    # Format version 2: the records around the child and the case, one query each.
    in_meetings = of("meeting__case__child")
    return ExportRows(
        children=children,
        relations=relations,
        cases=cases,
        assignments=assignments,
        records=records,
        caseless=caseless,
        events=events,
        profiles=list(ParticipationProfile.objects.filter(of_children)),
        network=list(NetworkMember.objects.filter(of_children).order_by("pk")),
        bisiddere=list(Bisidder.objects.filter(of_children).order_by("pk")),
        restrictions=list(SafetyRestriction.objects.filter(of_children).order_by("pk")),
        restricted_persons=list(
            SafetyRestriction.persons.through.objects.filter(of("safetyrestriction__child"))
        ),
        restricted_members=list(
            SafetyRestriction.network_members.through.objects.filter(of("safetyrestriction__child"))
        ),
        stories=list(ChildStory.objects.filter(of_children)),
        letters=list(Letter.objects.filter(of_children)),
        messages=list(PortalMessage.objects.filter(of_children)),
        meetings=list(Meeting.objects.filter(in_batch)),
        participants=list(MeetingParticipant.objects.filter(in_meetings).order_by("pk")),
        agenda_items=list(AgendaItem.objects.filter(in_meetings).order_by("pk")),
        topics=list(NextTimeTopic.objects.filter(in_meetings).order_by("pk")),
        feedback=list(MeetingFeedback.objects.filter(in_meetings)),
        wishes=list(MeetingWish.objects.filter(in_meetings)),
        handovers=list(Handover.objects.filter(in_batch)),
        goals=list(PlanGoal.objects.filter(of("plan__case__child"))),
        ratings=list(GoalRating.objects.filter(of("goal__plan__case__child"))),
        notes=list(JournalNote.objects.filter(in_batch)),
        note_versions=list(JournalNoteVersion.objects.filter(of("note__case__child"))),
        note_persons=list(
            JournalNote.present_persons.through.objects.filter(of("journalnote__case__child"))
        ),
        documents=list(Document.objects.filter(in_batch)),
        hearings=list(Hearing.objects.filter(in_batch)),
        hearing_parties=list(HearingParty.objects.filter(of("hearing__case__child"))),
    )


def users_named(rows: ExportRows) -> set:
    """The staff the batch's rows name (besides the events' actors: ``MunicipalityRows``)."""
    named = {row.caseworker_id for row in rows.assignments}
    for records in [*rows.records.values(), *rows.caseless.values()]:
        named |= {row.recorded_by_id for row in records}
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
            named |= {
                getattr(row, field.attname)
                for field in row._meta.concrete_fields
                if is_user_fk(field)
            }
    named.discard(None)
    return named


def usernames_read(municipality: Municipality | None, user_ids) -> dict:
    """{pk: username} of the municipality's staff (none when ``municipality`` is None) and of
    ``user_ids``."""
    wanted = Q(pk__in=user_ids)
    if municipality is not None:
        wanted |= Q(municipality=municipality)
    return dict(User.objects.filter(wanted).values_list("pk", "username"))


def staff_read(municipality: Municipality, named) -> list[User]:
    """Everyone the file names: the municipality's staff, and anyone else who acted in its
    cases (``named``)."""
    return list(
        User.objects.filter(Q(municipality=municipality) | Q(pk__in=named)).prefetch_related(
            Prefetch("teams", queryset=Team.objects.filter(municipality=municipality))
        )
    )


def events_grouped(rows: ExportRows) -> tuple[dict, dict]:
    """The batch's events by case, and by child (without a case)."""
    events_by_case, events_by_child = defaultdict(list), defaultdict(list)
    case_ids = {case.pk for case in rows.cases}
    child_ids = {child.pk for child in rows.children}
    for event in rows.events:
        if event.case_id is not None and event.case_id in case_ids:
            events_by_case[event.case_id].append(event)
        elif event.case_id is None and event.child_id in child_ids:
            events_by_child[event.child_id].append(event)
    return events_by_case, events_by_child
