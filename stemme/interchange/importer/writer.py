"""Writing a validated import: the only module of the import that writes to the database.

Every row was built unsaved during validation; here they are written with ``bulk_create`` in
dependency order (the caller holds the transaction), a part of the file at a time — the
organisation, each batch of children, then the settings and the municipality's events — and the
history's own times are put back over ``auto_now_add``; at the end the obligations are derived
from the imported events.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment, Hearing, HearingParty, PlanGoal
from stemme.children.models import Child, ChildRelation, Person
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import Obligation, RuleOverride
from stemme.deadlines.services import obligations_recompute_all
from stemme.documents.models import Document
from stemme.interchange.fields import RECORD_SPECS
from stemme.interchange.importer.state import ImportState
from stemme.journal.models import JournalNote, JournalNoteVersion
from stemme.letters.models import Letter
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.portal.models import (
    GoalRating,
    MeetingFeedback,
    MeetingWish,
    PortalAccount,
    PortalMessage,
)
from stemme.portal.services.accounts import ALPHABET, LOGIN_ID_LENGTH, format_grouped

BATCH_SIZE = 800

# Write order: a row's foreign keys point to rows written before it.
WRITE_ORDER: tuple[tuple[str, type], ...] = (
    ("teams", Team),
    ("staff", User),
    ("children", Child),
    ("persons", Person),
    ("relations", ChildRelation),
    ("cases", Case),
    ("assignments", CaseworkerAssignment),
    *((spec.key, spec.model) for spec in RECORD_SPECS),
    ("network", NetworkMember),
    ("bisiddere", Bisidder),
    ("safety_restrictions", SafetyRestriction),
    ("participation_profiles", ParticipationProfile),
    ("stories", ChildStory),
    ("meetings", Meeting),
    ("participants", MeetingParticipant),
    ("next_time_topics", NextTimeTopic),
    ("agenda_items", AgendaItem),
    ("handovers", Handover),
    ("plan_goals", PlanGoal),
    ("portal_accounts", PortalAccount),
    ("portal_messages", PortalMessage),
    ("feedback", MeetingFeedback),
    ("wishes", MeetingWish),
    ("ratings", GoalRating),
    ("letters", Letter),
    ("journal_notes", JournalNote),
    ("note_versions", JournalNoteVersion),
    ("documents", Document),
    ("hearings", Hearing),
    ("hearing_parties", HearingParty),
    ("events", Event),
    ("rule_overrides", RuleOverride),
)


def count_labels() -> dict[str, str]:
    """What each count of the result is, in words (the models' plural names)."""
    labels = {key: str(model._meta.verbose_name_plural) for key, model in WRITE_ORDER}
    labels["obligations"] = str(Obligation._meta.verbose_name_plural)
    return labels


@dataclass
class ImportResult:
    municipality: Municipality
    municipality_created: bool
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def rows_write(state: ImportState, counts: dict[str, int]) -> None:
    """Write the rows built since the last call in dependency order (the caller holds the
    transaction), count them in ``counts``, then forget them."""
    if state.municipality_created and state.municipality._state.adding:
        state.municipality.save()
    login_ids_assign(state)
    for key, model in WRITE_ORDER:
        rows = state.rows.get(key, [])
        if key == "events":
            # Register refs named keys in the file; the rows have their ids now.
            for event, prefix, target, part in state.event_refs:
                event.ref = f"{prefix}:{target.pk}{part}"
        # bulk_create reads the ids of the related rows saved above (teams, users, persons).
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if key == "staff":
            membership = User.teams.through
            membership.objects.bulk_create(
                [membership(user_id=user.pk, team_id=team.pk) for user, team in state.memberships],
                batch_size=BATCH_SIZE,
            )
        if key in M2M_AFTER:
            m2m_write(state, M2M_AFTER[key])
        counts[key] = counts.get(key, 0) + len(rows)
    times_write(state)
    rows_forget(state)


def rows_forget(state: ImportState) -> None:
    """Let go of the rows written (or, once the import is refused, never to be written)."""
    state.rows.clear()
    state.memberships.clear()
    state.m2m.clear()
    state.times.clear()
    state.event_refs.clear()


def finish(state: ImportState, counts: dict[str, int], *, dry_run: bool) -> ImportResult:
    """Write what the sections after the children gave (the holidays, the deadline rules, the
    municipality's events), then derive the obligations."""
    if state.holiday_settings is not None:
        state.holiday_settings.save()
    rows_write(state, counts)
    counts["obligations"] = obligations_recompute_all(municipality=state.municipality)
    return ImportResult(
        municipality=state.municipality,
        municipality_created=state.municipality_created,
        dry_run=dry_run,
        counts=counts,
        notes=state.notes,
    )


# The links of a many-to-many field, written once the rows they link are written.
M2M_AFTER = {
    "safety_restrictions": (
        SafetyRestriction.persons.through,
        SafetyRestriction.network_members.through,
    ),
    "journal_notes": (JournalNote.present_persons.through,),
}


def m2m_write(state: ImportState, models: tuple) -> None:
    by_model = defaultdict(list)
    for model, links in state.m2m:
        if model in models:
            by_model[model].append(model(**links))
    for model, rows in by_model.items():
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def times_write(state: ImportState) -> None:
    """``auto_now_add`` stamps the time of writing; the history's own times go back in."""
    by_field = defaultdict(list)
    for row, name, moment in state.times:
        setattr(row, name, moment)
        by_field[type(row), name].append(row)
    for (model, name), rows in by_field.items():
        model.objects.bulk_update(rows, [name], batch_size=BATCH_SIZE)


def login_ids_assign(state: ImportState) -> None:
    """A fresh user number for each account the import makes (one query per batch)."""
    accounts = state.rows.get("portal_accounts", [])
    while True:
        wanted = [a for a in accounts if not a.login_id]
        if not wanted:
            return
        for account in wanted:
            account.login_id = format_grouped(
                "".join(secrets.choice(ALPHABET) for _ in range(LOGIN_ID_LENGTH)), 3
            )
        candidates = [a.login_id for a in wanted]
        taken = set(
            PortalAccount.objects.filter(login_id__in=candidates).values_list("login_id", flat=True)
        )
        seen: set = set()
        for account in wanted:
            if account.login_id in taken or account.login_id in seen:
                account.login_id = ""
            seen.add(account.login_id)
