"""A small, realistic case history, built through the real services.

Zenia's history holds every kind of record the format carries: the steps of the case, the
child's voice, meetings (held with a summary and feedback, planned with the child's topics
carried over, cancelled), a handover with its checklist and letter, "my story so far", the
participation profile, network, bisiddere, safety restrictions (one active, one lifted), plan
goals rated by the child, letters (sent and blocked) and messages from the child in Min sag.
"""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from conftest import make_child
from stemme.accounts.models import User
from stemme.cases.models import AssignmentRole
from stemme.cases.services import case_open, caseworker_assign, caseworker_unassign, steps
from stemme.cases.services import goals as goal_services
from stemme.children.services import person_add, person_link_to_child, relation_end
from stemme.continuity import services as continuity
from stemme.deadlines.models import HolidaySettings, Obligation
from stemme.deadlines.services import rule_override_set
from stemme.interchange.services import cases_export
from stemme.letters import services as letters
from stemme.meetings import services as meetings
from stemme.meetings import services as meetings_services
from stemme.participation.services import registers, voice
from stemme.portal.services import meetings as portal_meetings
from stemme.portal.services import messages as portal_messages
from stemme.portal.services import plan as portal_plan
from stemme.portal.testing import active_account


def aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def in_hours(hours: int) -> dt.datetime:
    return timezone.localtime() + dt.timedelta(hours=hours)


def plan_meeting(world, case, *, hours: int, kind="follow_up", purpose="Hvordan går det?"):
    return meetings.meeting_plan(
        actor=world.assigned_caseworker,
        case=case,
        kind=kind,
        purpose_for_child=purpose,
        starts_at=in_hours(hours),
        duration_minutes=45,
        place="Ungdomsklubben",
        child_chose_place_time=True,
        seating_wish="Ved vinduet",
        child_wants_to_say="Jeg vil gerne skifte klasse.",
        child_hopes="At jeg kan blive boende.",
        information_to="Mor",
    )


def records_around_the_case(world) -> None:
    """Everything Zenia's case history holds beyond the steps (format version 2)."""
    tove, leader, child, case = world.assigned_caseworker, world.leader, world.child, world.case
    today = timezone.localdate()
    maria = child.relations.get(person__first_name="Maria").person
    kurt = child.relations.get(person__first_name="Kurt").person
    frank = person_link_to_child(
        actor=tove, child=child, first_name="Frank", last_name="Hemmeligsen", relation="father"
    ).person
    # The people around the child travel whole: a sibling's birth date (§ 21) and CPR number,
    # and an ended relation that must come back as ended, without custody.
    person_add(
        actor=tove,
        child=child,
        first_name="Ida",
        last_name="Hansen",
        relation="sibling",
        birth_date=today - dt.timedelta(days=9 * 365),
    )
    stepfather = person_add(
        actor=tove,
        child=child,
        first_name="Bent",
        last_name="Holm",
        relation="step_parent",
        cpr="0101801234",
        started_on=today - dt.timedelta(days=800),
    )
    relation_end(
        actor=tove,
        link=stepfather,
        expected_version=stepfather.version,
        ended_on=today - dt.timedelta(days=30),
        end_reason="Flyttet fra mor",
    )

    # The registers: profile versions, network, bisiddere, safety restrictions, story versions.
    registers.profile_update(
        actor=tove, child=child, expected_version=0, communication="Tegner gerne", language="dansk"
    )
    registers.profile_update(
        actor=tove,
        child=child,
        expected_version=1,
        wants_absent="Far",
        loyalty_conflict=True,
        loyalty_conflict_note="Savner far, men er bange for ham.",
    )
    nina = registers.network_member_add(
        actor=tove,
        child=child,
        name="Nina Naboven",
        relation="Nabo",
        sphere="private",
        contact_form="physical",
        importance=3,
        child_wants_involved="yes",
        consent_to_share=True,
        contact="nina@example.com",
        last_reviewed_on=today,
    )
    registers.network_member_add(
        actor=tove,
        child=child,
        name="Kurt Træner",
        relation="Fodboldtræner",
        sphere="professional",
        contact_form="both",
        importance=2,
        child_wants_involved="unsure",
        last_reviewed_on=today,
        person=kurt,
    )
    finn = registers.network_member_add(
        actor=tove,
        child=child,
        name="Farbror Finn",
        relation="Farbror",
        sphere="private",
        contact_form="virtual",
        importance=1,
        child_wants_involved="no",
        last_reviewed_on=today,
    )
    ole = registers.network_member_add(
        actor=tove,
        child=child,
        name="Ole Onkel",
        relation="Onkel",
        sphere="private",
        contact_form="physical",
        importance=1,
        child_wants_involved="no",
        last_reviewed_on=today,
    )
    registers.network_member_remove(actor=tove, member=ole, expected_version=1, removed_on=today)
    bodil = registers.bisidder_add(
        actor=tove,
        child=child,
        name="Bodil Bisidder",
        birth_date=dt.date(1980, 5, 5),
        relation="Moster",
        contact="12121212",
        chosen_on=today,
    )
    earlier = registers.bisidder_add(
        actor=tove,
        child=child,
        name="Gitte Gammel",
        birth_date=dt.date(1975, 1, 2),
        relation="Lærer",
        chosen_on=today - dt.timedelta(days=40),
    )
    registers.bisidder_end(
        actor=tove, bisidder=earlier, ended_on=today, reason="Zenia valgte Bodil"
    )
    registers.safety_restriction_set(
        actor=tove,
        child=child,
        kind="parent_abuse",
        reason="Mistanke om vold fra far.",
        persons=[frank],
        network_members=[finn],
        set_on=today,
    )
    lifted = registers.safety_restriction_set(
        actor=tove,
        child=child,
        kind="social_control",
        reason="Uafklaret kontakt.",
        persons=[kurt],
        set_on=today - dt.timedelta(days=10),
    )
    registers.safety_restriction_lift(
        actor=leader, restriction=lifted, reason="Afklaret med skolen", lifted_on=today
    )
    continuity.story_update(
        actor=tove,
        child=child,
        expected_version=0,
        text="Jeg bor hos mor. Jeg går i 6. klasse.",
        made_with_child=True,
        child_approved_on=today,
    )
    continuity.story_update(
        actor=tove, child=child, expected_version=1, text="Jeg bor hos mor og spiller fodbold."
    )
    voice.statement_record(
        actor=tove,
        child=child,
        case=None,
        words="Jeg vil ikke se far.",
        mode="direct",
        stated_on=today,
    )
    voice.rights_inform(
        actor=tove, child=child, topics=["file_access"], method="letter", given_on=today
    )
    letters.letter_send(
        actor=tove,
        child=child,
        recipient=letters.Recipient(kind="person", name=maria.full_name, person=maria),
        kind="other",
        subject="Om Zenias sag",
        body="Kære Maria",
        channel="letter",
    )

    # Min sag: the child writes, staff answer.
    account = active_account(world)
    message = portal_messages.message_send(
        account=account, kind="free_text", text="Kan vi tale om skolen?"
    )
    portal_messages.message_answer(actor=tove, message=message, answer="Ja, jeg ringer i morgen.")
    portal_messages.message_send(
        account=account, kind="three_houses", good_things="Fodbold", worries="Far", dreams="Hund"
    )

    # A meeting held with everything: participants of every kind, the child's own items,
    # the agenda sent, invitations (the restricted father's is blocked), the summary given.
    held = plan_meeting(world, case, hours=2, kind="network", purpose="Vi taler om skolen.")
    portal_meetings.meeting_topic_add(account=account, meeting=held, text="Min klasse")
    wish = portal_meetings.meeting_wish_send(
        account=account, meeting=held, kind="bisidder", bisidder=bodil
    )
    portal_meetings.meeting_wish_send(
        account=account, meeting=held, kind="place_time", words="Efter skole"
    )
    meetings_services.wish_handle(actor=tove, wish=wish)
    for kind, extra in (
        ("person", {"person": maria}),
        ("person", {"person": frank}),
        ("network", {"network_member": nina}),
        ("bisidder", {"bisidder": bodil}),
        ("professional", {"name": "Lærer Hansen"}),
    ):
        meetings.meeting_participant_add(
            actor=tove, meeting=held, kind=kind, role_for_child="Kommer og lytter.", **extra
        )
    meetings.meeting_agenda_item_add(actor=tove, meeting=held, text="Status", from_child=False)
    meetings.meeting_send_agenda(actor=tove, meeting=held, channel="portal")
    meetings.meeting_invite(actor=tove, meeting=held)
    meetings.meeting_hold(actor=tove, meeting=held, held_on=today)
    meetings.meeting_record_summary(
        actor=tove,
        meeting=held,
        summary_for_child="Du får en kontaktperson, fordi du bad om det.",
        child_understood="partly",
        understood_note="Spurgte til hvornår",
        next_time_topics=["Fodbold", "Ferien"],
    )
    meetings.meeting_deliver_summary(actor=tove, meeting=held, delivered_on=today, how="portal")
    portal_meetings.meeting_feedback_give(
        account=account, meeting=held, smiley=4, heard="partly", words="Godt møde"
    )
    # The next meeting gets the child's topics for next time on its agenda; one more is
    # planned and cancelled.
    plan_meeting(world, case, hours=24 * 14, purpose="Vi følger op.")
    cancelled = plan_meeting(world, case, hours=24 * 7, kind="other")
    meetings.meeting_cancel(actor=tove, meeting=cancelled, reason="Zenia er syg.")

    # The plan's goals, one ended, one rated by the child.
    goal = goal_services.goal_add(
        actor=tove,
        case=case,
        words="Jeg vil komme i skole hver dag",
        success="Ingen fravær i en måned",
        responsible="Mor",
        review_on=today + dt.timedelta(days=30),
        proposed_by_child=True,
    )
    ended = goal_services.goal_add(actor=tove, case=case, words="Færre skænderier")
    goal_services.goal_end(actor=tove, goal=ended, expected_version=1, ended_on=today)
    portal_plan.goal_rate(account=account, goal=goal, rating=4, words="Det går bedre")

    # A new caseworker: the handover with its checklist and the letter to the child.
    handover = continuity.handover_start(
        actor=leader, case=case, to_caseworker=world.same_team_caseworker, changes_on=today
    )
    handover = continuity.handover_update(
        actor=leader,
        handover=handover,
        expected_version=1,
        child_told_on=today,
        no_meeting_reason="Zenia ønskede det ikke",
        parents_notified_on=today,
    )
    continuity.handover_send_letter(
        actor=leader, handover=handover, channel="portal", text="Kære Zenia, jeg er Karl."
    )


@pytest.fixture
def history(world):
    """Three children of Testby Kommune with histories from report to follow-up and closure."""
    tove, leader = world.assigned_caseworker, world.leader
    child, case = world.child, world.case
    person_link_to_child(
        actor=tove,
        child=child,
        first_name="Maria",
        last_name="Hemmeligsen",
        relation="mother",
        has_custody=True,
        phone="12345678",
        email="maria@example.com",
        note="Bor med Zenia",
    )
    person_link_to_child(
        actor=tove, child=child, first_name="Kurt", last_name="Træner", relation="coach"
    )
    intake = steps.intake_register(
        actor=tove,
        child=child,
        kind="underretning",
        received_at=aware(2026, 1, 6, 9, 15),
        content="Skolen er bekymret for Zenias fravær.",
        reporter_type="professional",
        reporter_name="Lærer Hansen, Testby Skole",
    )
    steps.intake_assess_urgency(
        actor=tove,
        intake=intake,
        is_acute=False,
        assessment="Ikke akut.",
        assessed_at=aware(2026, 1, 6, 14, 0),
    )
    steps.intake_send_receipt(actor=tove, intake=intake, sent_on=dt.date(2026, 1, 8))
    steps.milestone_record(
        actor=tove,
        case=case,
        kind="conversation",
        happened_on=dt.date(2026, 1, 12),
        child_alone=True,
        intake=intake,
        note="Samtale med Zenia alene",
    )
    caseworker_assign(
        actor=leader,
        case=case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
        started_on=dt.date(2026, 1, 15),
    )
    steps.screening_record(
        actor=tove,
        case=case,
        screened_on=dt.date(2026, 1, 20),
        information_weighted="Skolens oplysninger og samtalen med Zenia.",
        assessment="Der er brug for en børnefaglig undersøgelse.",
        outcome="bfu",
    )
    investigation = case.investigations.get()
    steps.investigation_complete(
        actor=tove,
        investigation=investigation,
        completed_on=dt.date(2026, 4, 10),
        child_development="Zenia trives fagligt men ikke socialt.",
        parents_capacity="Mor er ressourcestærk men presset.",
        family_and_network="Mormor er tæt på.",
        child_view="Jeg vil gerne have nogen at snakke med.",
        conclusion="Familiebehandling efter § 32.",
    )
    decision = steps.decision_make(
        actor=tove,
        case=case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=dt.date(2026, 4, 20),
        reasoning="Undersøgelsen viser behov for støtte i familien.",
        purpose="At Zenia kommer i skole hver dag.",
        expected_duration="Et år",
        plan_decided=True,
        child_view="Zenia vil gerne have hjælp.",
        child_view_weighing="Zenias ønske om hjælp har vejet tungt; familiebehandling frem for "
        "en kontaktperson, som hun ikke ville have.",
        child_wish="partly",
        explanation_for_child="Du får hjælp derhjemme, men ikke den kontaktperson, du ønskede.",
        explanation_how="Samtale med Zenia alene",
        explanation_due_on=dt.date(2026, 4, 27),
    )
    steps.explanation_deliver(
        actor=tove, decision=decision, delivered_on=dt.date(2026, 4, 23), how="Samtale på skolen"
    )
    voice.rights_inform(
        actor=tove,
        child=child,
        case=case,
        topics=["involvement", "complaint"],
        method="conversation",
        given_on=dt.date(2026, 4, 23),
    )
    steps.plan_make(
        actor=tove,
        case=case,
        kind="barnets_plan",
        made_on=dt.date(2026, 4, 25),
        summary="Fremmøde i skolen; trivsel i fritiden.",
    )
    steps.measure_start(
        actor=tove,
        decision=decision,
        description="Familiebehandling",
        provider="Familiehuset",
        started_on=dt.date(2026, 5, 1),
    )
    measure = case.measures.get()
    voice.conversation_hold(
        actor=tove,
        case=case,
        happened_on=dt.date(2026, 5, 4),
        about_ref=measure.ref,
        methods=["talk", "drawing"],
        setting="På skolen",
        child_alone=True,
        summary="Zenia fortalte, hvad hun håber familiebehandlingen kan hjælpe med.",
        child_words="Jeg vil gerne have, at vi ikke skændes om morgenen.",
    )
    steps.start_up_meeting_hold(
        actor=tove,
        case=case,
        held_on=dt.date(2026, 5, 5),
        concern_and_change="Fraværet skal ned.",
        first_follow_up_on=dt.date(2026, 8, 5),
    )
    startup = case.startup_meetings.get()
    voice.conversation_omit(
        actor=tove,
        case=case,
        about_ref=f"{startup.ref}#next",
        rule_id="samtale-foer-opfoelgning",
        reason="child_declined",
        text="Zenia ville ikke tale alene før opfølgningen.",
        happened_on=dt.date(2026, 8, 3),
    )
    steps.follow_up_hold(
        actor=tove,
        case=case,
        held_on=dt.date(2026, 8, 4),
        assessment="Det går den rigtige vej.",
        outcome="continue",
        next_follow_up_on=dt.date(2027, 2, 1),
        talked_with_child_alone=True,
        goals_reviewed=True,
    )
    caseworker_unassign(
        actor=leader,
        assignment=case.assignments.get(role=AssignmentRole.SECONDARY),
        ended_on=dt.date(2026, 6, 30),
    )

    # A henvendelse screened to closure: the closure has no "if the worry returns".
    other_case = world.other_child.cases.get()
    steps.intake_register(
        actor=world.other_team_caseworker,
        child=world.other_child,
        kind="henvendelse",
        received_at=aware(2026, 2, 2, 10, 30),
        content="Mor spørger om hjælp til lektier.",
    )
    steps.screening_record(
        actor=world.other_team_caseworker,
        case=other_case,
        screened_on=dt.date(2026, 2, 9),
        information_weighted="Mors henvendelse.",
        assessment="Ingen støtte efter barnets lov; henvist til skolen.",
        outcome="close",
    )

    # A provisional placement with a supervision visit and a waived deadline.
    placed = make_child(world.municipality, first_name="Bo", last_name="Anbragt")
    placed_case = case_open(
        actor=leader,
        child=placed,
        team=world.team,
        opened_on=dt.date(2026, 3, 1),
        awareness_date=dt.date(2026, 2, 27),
    )
    caseworker_assign(
        actor=leader, case=placed_case, caseworker=tove, started_on=dt.date(2026, 3, 1)
    )
    placement = steps.decision_make(
        actor=tove,
        case=placed_case,
        paragraph="46",
        legal_basis="barnets lov § 46",
        decided_on=dt.date(2026, 3, 3),
        reasoning="Akut anbringelse.",
        purpose="Tryghed.",
        expected_duration="Seks måneder",
        neglect_or_abuse=True,
        provisional_reason="Akut fare for barnets sundhed.",
        child_view_exception="Bo er to år og kan ikke udtrykke sig om anbringelsen.",
        child_view_exception_reason="age",
        child_view_obtained_otherwise="Observation af Bo i vuggestuen.",
        child_view_weighing="Bos behov for ro og faste voksne har vejet tungest.",
        child_wish="no_wish",
    )
    steps.measure_start(
        actor=tove,
        decision=placement,
        description="Anbringelse i plejefamilie",
        started_on=dt.date(2026, 3, 4),
        parallel_investigation_ends_on=dt.date(2026, 6, 27),
    )
    steps.supervision_visit_record(
        actor=tove,
        case=placed_case,
        visited_on=dt.date(2026, 6, 1),
        notes="Bo trives i plejefamilien.",
    )
    obligation = Obligation.objects.filter(case=placed_case).order_by("due_at").first()
    steps.obligation_waive(
        actor=leader,
        case=placed_case,
        rule_id=obligation.rule_id,
        trigger_ref=obligation.trigger_ref,
        reason="Testgrund",
    )
    HolidaySettings.objects.create(municipality=world.municipality, juleaftensdag=False)
    rule_override_set(
        actor=world.administrator,
        municipality=world.municipality,
        rule_id="kvittering-6-hverdage",
        duration=7,
        enabled=True,
        reason="Kommunens egen servicefrist",
    )
    records_around_the_case(world)
    return world


# --- The history as a file for a new municipality -----------------------------------------------

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def moved(document: dict, usernames: set[str]) -> dict:
    """The same histories for a municipality that does not exist yet: every id new (the same
    new id for the same old one), every username new."""
    new_ids: dict[str, str] = {}

    def new_id(match) -> str:
        old = match.group(0).lower()
        return new_ids.setdefault(old, str(uuid.uuid5(uuid.NAMESPACE_URL, f"fuzz:{old}")))

    def walk(value):
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, str):
            if value in usernames:
                return f"fz_{value}"
            return UUID.sub(new_id, value)
        return value

    document = walk(document)
    document["municipality"]["name"] = "Fuzzby Kommune"
    document["municipality"]["code"] = "888"
    return document


@pytest.fixture
def valid_document(history):
    """An export of the history, moved to a new municipality with new ids and usernames so that
    it imports into the same database."""
    document = cases_export(municipality=history.municipality, user=history.leader)
    usernames = set(User.objects.values_list("username", flat=True))
    return moved(document, usernames)
