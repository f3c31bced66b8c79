"""Portal pages: my caseworkers, my rights, who has looked at my case, my letters."""

import datetime as dt
import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_case, make_child
from stemme.accounts import services as account_services
from stemme.accounts.models import Team
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.audit.services import access_log_children
from stemme.cases import services as case_services
from stemme.cases.models import AssignmentRole
from stemme.letters.models import Channel, LetterKind, LetterStatus
from stemme.letters.services import Recipient, letter_send
from stemme.participation.services.registers import (
    bisidder_add,
    bisidder_end,
    safety_restriction_set,
)
from stemme.portal.selectors import letters as letter_selectors
from stemme.portal.selectors import looked as looked_selectors
from stemme.portal.testing import active_account, client_log_in, parent_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The selectors' words in English (the msgids); pages read English via the cookie."""
    with translation.override("en"):
        yield


CASEWORKERS = reverse("portal:caseworkers")
RIGHTS = reverse("portal:rights")
LOOKED = reverse("portal:looked")
LETTERS = reverse("portal:letters")


def _child_client(client, world, child=None):
    account = active_account(world, child=child)
    client_log_in(client, account)
    return account


def _parent_client(client, world):
    account = active_account(world, person=parent_person(world))
    client_log_in(client, account)
    return account


def _body(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _child_of_age(world, years: int, first_name: str):
    today = timezone.localdate()
    birth = dt.date(today.year - years, 1, 1)
    if birth > today.replace(year=today.year - years):  # not yet had the birthday
        birth = dt.date(today.year - years - 1, 12, 31)
    child = make_child(world.municipality, first_name=first_name, last_name="Alder", birth=birth)
    make_case(child, world.team, world.assigned_caseworker)
    return child


def _profile(user, *, phone="", reachable="", introduction=""):
    account_services.profile_update(
        actor=user, user=user, phone=phone, introduction=introduction, reachable=reachable
    )


def _secondary(world, worker=None):
    return case_services.caseworker_assign(
        actor=None,
        case=world.case,
        caseworker=worker or world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
        started_on=world.case.opened_on,
    )


# --- My caseworkers ----------------------------------------------------------------------------


def test_caseworkers_show_primary_first_with_phone_times_words_and_who_covers(client, world):
    _profile(
        world.assigned_caseworker,
        phone="33 12 34 56",
        reachable="Mandag til torsdag 9-12",
        introduction="Jeg hedder Tove. Jeg har en hund.",
    )
    _profile(world.same_team_caseworker, phone="33 99 88 77")
    _secondary(world)
    Team.objects.filter(pk=world.team.pk).update(
        duty_phone="70 10 20 30", duty_hours="Hverdage 9-15"
    )
    _child_client(client, world)

    body = _body(client, CASEWORKERS)

    assert body.index("Tove Tildelt") < body.index("Karl Kollega")  # primary first
    assert "Your caseworker" in body
    assert "Also knows your case" in body
    assert 'href="tel:33123456"' in body
    assert "When to call: Mandag til torsdag 9-12" in body
    assert "Jeg hedder Tove. Jeg har en hund." in body
    assert "When Tove is away" in body
    assert "Karl Kollega also knows your case." in body
    assert 'href="tel:33998877"' in body
    assert "You can also call Team Nord." in body
    assert 'href="tel:70102030"' in body
    assert "They answer: Hverdage 9-15" in body
    assert "Ask a grown-up at your school" not in body
    # Nobody but the child's own caseworkers: not the other child's, not the leader.
    assert "Sofie" not in body
    assert "Lene" not in body


def test_home_says_your_caseworkers_when_there_are_two(client, world):
    _child_client(client, world)
    home = reverse("portal:home")
    one = _body(client, home)
    assert "Your caseworker<" in one
    assert "Your caseworkers" not in one
    _secondary(world)
    two = _body(client, home)
    assert "Your caseworkers" in two
    assert "Your caseworker<" not in two


def test_caseworkers_fall_back_to_school_and_bornetelefonen(client, world):
    _child_client(client, world)
    body = _body(client, CASEWORKERS)
    assert "When Tove is away" in body
    assert "Ask a grown-up at your school. Or call BørneTelefonen on 116 111." in body


def test_caseworkers_leave_out_ended_assignments_and_closed_cases(client, world):
    assignment = _secondary(world)
    case_services.caseworker_unassign(
        actor=None, assignment=assignment, ended_on=timezone.localdate()
    )
    _child_client(client, world)
    body = _body(client, CASEWORKERS)
    assert "Karl" not in body


def test_caseworkers_page_without_a_caseworker(client, world):
    child = make_child(world.municipality, first_name="Uden", last_name="Sag")
    _child_client(client, world, child=child)
    body = _body(client, CASEWORKERS)
    assert "No caseworker is assigned right now." in body
    assert "Who to call" in body
    assert "BørneTelefonen" in body


@pytest.mark.parametrize(
    ("years", "text"),
    [
        (7, "These grown-ups help you. You can call them."),
        (12, "These people work on your case. You can call them."),
        (16, "These caseworkers work on your case. Here is how to reach them."),
    ],
)
def test_caseworkers_wording_follows_the_age_band(client, world, years, text):
    child = _child_of_age(world, years, "Bodil")
    _child_client(client, world, child=child)
    assert text in _body(client, CASEWORKERS)


def test_parent_sees_the_caseworkers_without_their_words_for_children(client, world):
    _profile(world.assigned_caseworker, phone="33 12 34 56", introduction="Jeg hedder Tove.")
    _secondary(world)
    _parent_client(client, world)
    body = _body(client, CASEWORKERS)
    assert "The caseworkers on Zenia's case" in body
    assert "Tove Tildelt" in body
    assert 'href="tel:33123456"' in body
    assert "Karl Kollega also knows the case." in body
    assert "Jeg hedder Tove." not in body
    assert "Contact the municipality and ask who covers." not in body  # Karl covers


def test_caseworkers_page_reads_a_fixed_number_of_queries(client, world):
    _child_client(client, world)
    with CaptureQueriesContext(connection) as one_case:
        _body(client, CASEWORKERS)
    for _index in range(3):
        case = make_case(world.child, world.other_team, world.other_team_caseworker)
        case_services.caseworker_assign(
            actor=None,
            case=case,
            caseworker=world.same_team_caseworker,
            role=AssignmentRole.SECONDARY,
            started_on=case.opened_on,
        )
    with CaptureQueriesContext(connection) as four_cases:
        body = _body(client, CASEWORKERS)
    assert len(four_cases) == len(one_case)
    assert body.count("Sofie Syd</h2>") == 1  # each person once


# --- My rights ---------------------------------------------------------------------------------


def _bisidder(world, name="Mette Moster", **kwargs):
    return bisidder_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name=name,
        birth_date=dt.date(1980, 5, 1),
        relation="moster",
        chosen_on=dt.date(2026, 2, 1),
        **kwargs,
    )


def test_rights_for_a_party_show_texts_bisidder_and_how_to_complain(client, world):
    _bisidder(world)
    ended = _bisidder(world, name="Gammel Bisidder")
    bisidder_end(actor=world.assigned_caseworker, bisidder=ended)
    _child_client(client, world)  # Zenia is 12

    body = _body(client, RIGHTS)

    assert "#shield" in body
    assert "You have the right to be heard." in body  # the 10-14 text
    assert "You are a party in your case" in body
    assert "Your bisidder: Mette Moster (moster)" in body
    assert "Gammel Bisidder" not in body
    assert "How to complain" in body
    assert "Tell your caseworker that you do not agree." in body
    assert "Ankestyrelsen decides" in body
    assert "You have 4 weeks from the day you get the decision." in body
    assert re.search(r'<a [^>]*href="https://ast\.dk" rel="noreferrer"', body)
    assert re.search(r'<a [^>]*href="https://bornsvilkar\.dk" rel="noreferrer"', body)


def test_rights_under_10_tell_a_grown_up(client, world):
    child = _child_of_age(world, 7, "Lille")
    _child_client(client, world, child=child)
    body = _body(client, RIGHTS)
    assert "Tell a grown-up you trust, or your caseworker." in body
    assert "You can tell us what you think" in body  # the under-10 text
    assert "More say when you turn 10" in body
    assert "Ankestyrelsen" not in body
    assert "Do you want a bisidder? Tell your caseworker." in body


def test_rights_from_15(client, world):
    child = _child_of_age(world, 16, "Stor")
    _child_client(client, world, child=child)
    body = _body(client, RIGHTS)
    assert "You have the right to be heard in your case." in body
    assert "Ankestyrelsen decides" in body


def test_parent_gets_the_parents_complaint_route_and_no_bisidder_list(client, world):
    _bisidder(world)
    _parent_client(client, world)
    body = _body(client, RIGHTS)
    assert "How to complain about a decision" in body
    assert "Complain within 4 weeks after you got the decision." in body
    assert "Zenia's rights" in body
    assert "Mette" not in body
    assert "Your bisidder" not in body
    assert 'href="https://ast.dk" rel="noreferrer"' in body


# --- Who has looked at my case -----------------------------------------------------------------


def _log(user, child, purpose, *, action=AccessAction.VIEW, times=1, at=None):
    for _index in range(times):
        if at is None:
            access_log_children(user=user, children=[child], purpose=purpose, action=action)
        else:
            with mock.patch("django.utils.timezone.now", return_value=at):
                access_log_children(user=user, children=[child], purpose=purpose, action=action)


def _days_ago(days: int, hour: int = 12) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_looked_groups_per_day_role_unit_and_purpose_without_names(client, world):
    _log(world.assigned_caseworker, world.child, "child_overview", times=3)
    _log(world.assigned_caseworker, world.child, "case_step")  # same words: same line
    _log(world.leader, world.child, "worklist")
    _log(world.same_team_caseworker, world.child, "child_search")
    _log(world.assigned_caseworker, world.child, "child_overview", action=AccessAction.REVEAL_CPR)
    _log(world.assigned_caseworker, world.child, "letters", at=_days_ago(3))
    _log(world.other_team_caseworker, world.other_child, "child_overview")  # another child
    _child_client(client, world)

    body = _body(client, LOOKED)

    assert "Everyone who looks at your case is written down." in body
    with translation.override("en"):  # the request left Danish active
        lines = [
            (line.who, line.unit, line.what, line.times)
            for line in looked_selectors.access_insight(child=world.child)
        ]
    assert ("Your caseworker", "Team Nord", "Looked at your case", 4) in lines
    assert ("A leader", "Team Nord", "Saw your name on a list", 1) in lines
    assert ("A caseworker", "Team Nord", "Searched for you", 1) in lines
    assert ("Your caseworker", "Team Nord", "Looked at your CPR number", 1) in lines
    assert lines[-1] == ("Your caseworker", "Team Nord", "Looked at letters about you", 1)
    assert len(lines) == 5
    assert "4 times" in body
    assert "Looked at letters about you" in body
    assert "Team Syd" not in body  # the other child's log
    for name in ("Tove", "Tildelt", "Lene", "Leder", "Karl", "Kollega", "tildelt", "leder"):
        assert name not in body, name


def test_looked_words_for_exports_prints_and_unknown_purposes(world):
    _log(world.leader, world.child, "export_cases", action=AccessAction.EXPORT)
    _log(world.leader, world.child, "child_overview", action=AccessAction.PRINT)
    _log(world.leader, world.child, "something_new")
    whats = {line.what for line in looked_selectors.access_insight(child=world.child)}
    assert whats == {
        "Took a copy of your case",
        "Printed papers about you",
        "Looked at your information",
    }


def test_looked_shows_the_last_12_months_newest_first(client, world):
    _log(world.assigned_caseworker, world.child, "child_overview", at=_days_ago(400))
    _log(world.assigned_caseworker, world.child, "meeting", at=_days_ago(40))
    _log(world.assigned_caseworker, world.child, "network", at=_days_ago(2))
    _child_client(client, world)
    body = _body(client, LOOKED)
    assert "Looked at your case" not in body  # 400 days ago
    assert body.index("Looked at the people around you") < body.index(
        "Worked on a meeting with you"
    )
    everything = looked_selectors.access_insight(child=world.child)
    assert len(everything) == 3  # without ``since``: the whole log (issue 6's export)


def test_looked_is_the_childs_own(client, world):
    _log(world.assigned_caseworker, world.child, "child_overview")
    _parent_client(client, world)
    _body(client, LOOKED, status=404)


def test_looked_pages_and_keeps_a_fixed_number_of_queries(client, world):
    _child_client(client, world)
    _log(world.assigned_caseworker, world.child, "child_overview", at=_days_ago(1))
    with CaptureQueriesContext(connection) as few:
        _body(client, LOOKED)
    # 35 days with two kinds of line each, and thousands of rows in all.
    rows = []
    for day in range(35):
        rows += [(world.assigned_caseworker, "child_overview", _days_ago(day))] * 30
        rows += [(world.leader, "worklist", _days_ago(day, hour=9))] * 30
    for user, purpose, at in rows:
        _log(user, world.child, purpose, at=at)
    with CaptureQueriesContext(connection) as many:
        first = _body(client, LOOKED)
    assert len(many) == len(few)
    assert first.count("<li>") >= 30
    assert "Page 1 of 3" in first
    assert "?side=2" in first
    last = _body(client, LOOKED + "?side=3")
    assert "Page 3 of 3" in last
    assert "?side=2" in last
    assert len(looked_selectors.access_insight(child=world.child)) == 70


def test_every_purpose_in_the_code_base_has_plain_words():
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'purpose(?:: str)?\s*=\s*"([a-z_]+)"|_PURPOSE\s*=\s*"([a-z_]+)"')
    used = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in pattern.finditer(path.read_text()):
            used.add(match.group(1) or match.group(2))
    assert {"child_overview", "meeting_prepare", "export_cases"} <= used
    assert used <= looked_selectors.purpose_codes(), used - looked_selectors.purpose_codes()


# --- My letters --------------------------------------------------------------------------------


def _letter(world, recipient, *, subject="Hej Zenia", body="Linje et\nLinje to", child=None):
    return letter_send(
        actor=world.assigned_caseworker,
        child=child or world.child,
        recipient=recipient,
        kind=LetterKind.OTHER,
        subject=subject,
        body=body,
        channel=Channel.PORTAL,
    )


def _to_person(person):
    return Recipient(kind="person", name=str(person), person=person)


def test_child_sees_only_letters_sent_to_the_child_newest_first(client, world):
    older = _letter(world, Recipient.child(world.child), subject="Det første brev")
    newer = _letter(world, Recipient.child(world.child), subject="Det nye brev")
    mother = parent_person(world)
    to_mother = _letter(world, _to_person(mother), subject="Til mor")
    other = _letter(
        world, Recipient.child(world.other_child), subject="Til Otto", child=world.other_child
    )
    _child_client(client, world)

    body = _body(client, LETTERS)

    assert body.index("Det nye brev") < body.index("Det første brev")
    assert "Til mor" not in body
    assert "Til Otto" not in body
    assert reverse("portal:letter", args=[newer.pk]) in body
    detail = _body(client, reverse("portal:letter", args=[older.pk]))
    assert "Det første brev" in detail
    assert "<p>Linje et<br>Linje to</p>" in detail
    for letter in (to_mother, other):
        _body(client, reverse("portal:letter", args=[letter.pk]), status=404)
    _body(client, reverse("portal:letter", args=[uuid.uuid4()]), status=404)
    denied = AccessLog.objects.filter(action=AccessAction.DENIED, portal_account__isnull=False)
    assert denied.count() == 3  # the refusals are logged, with no child linked
    assert {f"letter:{to_mother.pk}", f"letter:{other.pk}"} <= set(
        denied.values_list("criterion", flat=True)
    )
    assert not denied.exclude(child=None).exists()


def test_parent_sees_only_letters_to_that_parent(client, world):
    account = _parent_client(client, world)
    to_parent = _letter(world, _to_person(account.person), subject="Til forælder")
    to_child = _letter(world, Recipient.child(world.child), subject="Til Zenia")
    father = parent_person(world, first_name="Frank", relation="father")
    to_father = _letter(world, _to_person(father), subject="Til far")

    body = _body(client, LETTERS)

    assert "Til forælder" in body
    assert "Til Zenia" not in body
    assert "Til far" not in body
    _body(client, reverse("portal:letter", args=[to_parent.pk]))
    for letter in (to_child, to_father):
        _body(client, reverse("portal:letter", args=[letter.pk]), status=404)


def test_blocked_letters_never_show(world):
    mother = parent_person(world)
    account = active_account(world, person=mother)
    sent = _letter(world, _to_person(mother), subject="Sendt")
    safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Vold i hjemmet",
        persons=[mother],
    )
    blocked = _letter(world, _to_person(mother), subject="Stoppet")
    assert blocked.status == LetterStatus.BLOCKED
    shown = list(letter_selectors.letters_for_account(account=account))
    assert shown == [sent]
    assert letter_selectors.letter_for_account(account=account, letter_id=blocked.pk) is None


def test_letter_text_is_escaped(client, world):
    letter = _letter(world, Recipient.child(world.child), body="<script>alert(1)</script>")
    _child_client(client, world)
    body = _body(client, reverse("portal:letter", args=[letter.pk]))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_letters_list_reads_a_fixed_number_of_queries(client, world):
    _child_client(client, world)
    _letter(world, Recipient.child(world.child))
    with CaptureQueriesContext(connection) as few:
        _body(client, LETTERS)
    for index in range(25):
        _letter(world, Recipient.child(world.child), subject=f"Brev {index}")
    with CaptureQueriesContext(connection) as many:
        body = _body(client, LETTERS)
    assert len(many) == len(few)
    assert "Page 1 of 2" in body


def test_reading_portal_pages_writes_nothing(client, world):
    _letter(world, Recipient.child(world.child))
    _log(world.assigned_caseworker, world.child, "child_overview")
    _child_client(client, world)
    before = Event.objects.count()
    for url in (CASEWORKERS, RIGHTS, LOOKED, LETTERS):
        _body(client, url)
    assert Event.objects.count() == before
