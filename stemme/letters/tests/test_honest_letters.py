"""Issue 15 item 5: letters that are honest. Decision letters and the receipt are made from
templates; a letter is *sent* only when its channel confirmed it; the print view and the PDF."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.cases.models import Decision
from stemme.cases.services.steps.intake import intake_register, intake_send_receipt
from stemme.children import services as child_services
from stemme.deadlines.models import Obligation
from stemme.letters import selectors
from stemme.letters.models import Channel, Delivery, Letter, LetterKind, LetterStatus
from stemme.letters.services import (
    Recipient,
    channels,
    decision_letters_make,
    letter_mark,
    letter_received_record,
    letter_send,
    receipt_letter_make,
    receipt_may_be_recorded,
)
from stemme.participation.services import registers as participation
from stemme.portal.readability import lix


def _parent(world, first_name="Mona", has_custody=True):
    return child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name=first_name,
        last_name="Forælder",
        relation="mother",
        has_custody=has_custody,
    ).person


def _decision(world, **extra):
    values = {
        "case": world.case,
        "paragraph": "32",
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "decided_on": timezone.localdate() - dt.timedelta(days=1),
        "purpose": "Mere ro i hverdagen",
        "expected_duration": "6 måneder",
        "reasoning": "Familien har brug for støtte i hverdagen.",
        "child_view": "Jeg vil gerne have hjælp til lektier.",
        "child_view_weighing": "Vi har lagt stor vægt på dit ønske.",
    }
    values.update(extra)
    return Decision.objects.create(**values)


def _send(world, channel, recipient=None):
    return letter_send(
        actor=world.assigned_caseworker,
        child=world.child,
        recipient=recipient or Recipient.child(world.child),
        kind="other",
        subject="Hej",
        body="Vi ses.",
        channel=channel,
        case=world.case,
    )


# --- Decision letters ---------------------------------------------------------------------------


def test_decision_letters_one_per_custody_holder_and_one_for_the_child(world):
    mother = _parent(world, "Mona")
    father = _parent(world, "Frank")
    _parent(world, "Bodil", has_custody=False)
    decision = _decision(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    assert {letter.person for letter in letters if letter.person} == {mother, father}
    assert [letter.kind for letter in letters].count(LetterKind.DECISION) == 2
    child_letter = next(letter for letter in letters if letter.kind == LetterKind.DECISION_CHILD)
    assert child_letter.recipient_kind == "child"
    parent_letter = next(letter for letter in letters if letter.person == mother)
    assert parent_letter.subject.startswith("Afgørelse om § 32")
    body = parent_letter.body
    assert "Kære Mona Forælder" in body
    assert "barnets lov § 32, stk. 1, nr. 3" in body
    assert "en støttende indsats til barnet og familien" in body
    assert "Familien har brug for støtte i hverdagen." in body
    assert "Mere ro i hverdagen" in body
    assert "6 måneder" in body
    assert "Jeg vil gerne have hjælp til lektier." in body
    assert "Vi har lagt stor vægt på dit ønske." in body
    assert "Ankestyrelsen" in body
    assert "inden 4 uger" in body
    assert "Kommunen ser først på afgørelsen igen" in body
    assert "kan også selv klage fra 10 år" in body
    assert "&quot;" not in body
    assert "{%" not in body
    # Made, not sent: the letters wait to be printed and posted.
    assert all(letter.delivery == Delivery.READY for letter in letters)
    assert all(letter.related_ref == decision.ref for letter in letters)


def test_child_letter_is_in_plain_words(world):
    _parent(world)
    decision = _decision(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    child_letter = next(letter for letter in letters if letter.kind == LetterKind.DECISION_CHILD)
    assert "Kære Zenia" in child_letter.body
    assert "Du må gerne klage" in child_letter.body
    assert "4 uger" in child_letter.body
    # The 10-14 band's readability target (portal/readability.py).
    assert lix([child_letter.body]) < 35


def test_no_child_letter_under_10(world):
    _parent(world)
    # The world's child is born 2014-03-15: 9 on this date.
    decision = _decision(world, decided_on=dt.date(2023, 6, 1))
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    assert [letter.kind for letter in letters] == [LetterKind.DECISION]
    assert "kan også selv klage" not in letters[0].body


def test_child_without_complaint_right_is_told_who_may_complain(world):
    _parent(world)
    decision = _decision(world, paragraph="30", purpose="", expected_duration="")
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    child_letter = next(letter for letter in letters if letter.kind == LetterKind.DECISION_CHILD)
    assert "Dine forældre kan klage" in child_letter.body
    assert "Formålet" not in letters[0].body


def test_decision_letters_are_made_once(world):
    _parent(world)
    decision = _decision(world)
    decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    with pytest.raises(ValidationError, match="allerede"):
        decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    assert Letter.objects.filter(related_ref=decision.ref).count() == 2


def test_restricted_parent_gets_a_blocked_decision_letter(world):
    father = _parent(world, "Frank")
    participation.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=[father],
    )
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=_decision(world))
    to_father = next(letter for letter in letters if letter.person == father)
    assert to_father.status == LetterStatus.BLOCKED
    assert to_father.status_label == str(LetterStatus.BLOCKED.label)


def test_nobody_to_write_to_is_refused(world):
    decision = _decision(world, decided_on=dt.date(2023, 6, 1))
    with pytest.raises(ValidationError, match="nogen med forældremyndighed"):
        decision_letters_make(actor=world.assigned_caseworker, decision=decision)


def test_decision_letters_page_button_and_double_submit(client, world):
    _parent(world)
    decision = _decision(world)
    client.force_login(world.assigned_caseworker)
    url = reverse("letters:decision_make", args=[world.child.pk, decision.pk])
    case_url = reverse("cases:detail", args=[world.case.pk])
    assert url in client.get(case_url).content.decode()
    token = "a" * 32
    first = client.post(url, {"submission_token": token})
    second = client.post(url, {"submission_token": token})
    assert first.status_code == second.status_code == 302
    assert Letter.objects.filter(related_ref=decision.ref).count() == 2
    # Made once: the case page no longer offers the button (it would only be refused) but the
    # way to the letters.
    with translation.override("da"):
        case_page = client.get(case_url).content.decode()
    assert url not in case_page
    assert "Afgørelsesbrevene er lavet – se brevene" in case_page
    assert reverse("letters:list", args=[world.child.pk]) in case_page


def test_the_case_page_offers_the_receipt_until_it_is_made(client, world):
    intake = _intake(world)
    client.force_login(world.assigned_caseworker)
    url = reverse("letters:receipt_make", args=[world.child.pk, intake.pk])
    case_url = reverse("cases:detail", args=[world.case.pk])
    assert url in client.get(case_url).content.decode()
    receipt_letter_make(actor=world.assigned_caseworker, intake=intake)
    with translation.override("da"):
        case_page = client.get(case_url).content.decode()
    assert url not in case_page
    assert "Kvitteringen til underretteren er lavet – se brevene" in case_page


def test_the_caseworker_chooses_how_the_letters_go(client, world):
    """The form offers post and by hand (the channels that can confirm); the letters carry the
    choice, and a channel without an adapter that confirms is refused in Danish."""
    _parent(world)
    decision = _decision(world)
    client.force_login(world.assigned_caseworker)
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert f'id="channel-{decision.pk}"' in case_page
    url = reverse("letters:decision_make", args=[world.child.pk, decision.pk])
    refused = client.post(url, {"submission_token": "b" * 32, "channel": "digital_post"})
    assert refused.status_code == 302
    assert not Letter.objects.filter(related_ref=decision.ref).exists()
    client.post(url, {"submission_token": "c" * 32, "channel": "by_hand"})
    letters = Letter.objects.filter(related_ref=decision.ref)
    assert letters.count() == 2
    assert set(letters.values_list("channel", "delivery")) == {(Channel.BY_HAND, Delivery.READY)}
    with pytest.raises(ValidationError, match="Vælg"):
        receipt_letter_make(actor=world.assigned_caseworker, intake=_intake(world), channel="sms")


def test_a_decision_letter_handed_over_starts_the_complaint_period_and_posting_does_not(world):
    """Handed over: the party has the decision that day (``decision.notified``, once per
    decision). Posted: it arrives on a day Stemme does not know, so nothing starts."""
    _parent(world)
    _parent(world, first_name="Morten")
    posted = _decision(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=posted)
    for letter in letters:
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    assert not Event.objects.filter(kind="decision.notified").exists()

    handed = _decision(world, paragraph="52")
    letters = decision_letters_make(
        actor=world.assigned_caseworker, decision=handed, channel=Channel.BY_HAND
    )
    for letter in letters:
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="handed")
    notified = Event.objects.filter(kind="decision.notified")
    assert [(event.data, event.occurred_at.date()) for event in notified] == [
        ({"about": handed.ref}, timezone.localdate())
    ]


def _posted_decision_letters(world):
    _parent(world)
    _parent(world, first_name="Morten")
    decision = _decision(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    letters = [
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
        for letter in letters
    ]
    return decision, letters


def test_the_day_a_posted_decision_letter_was_received_starts_the_complaint_period(world):
    """The first party's day starts the 4 weeks (once per decision); each letter keeps its own
    day; a second recording, a day before the posting or in the future is refused."""
    decision, (first, second, *_rest) = _posted_decision_letters(world)
    today = timezone.localdate()
    assert receipt_may_be_recorded(first)
    with pytest.raises(ValidationError, match="fremtiden"):
        letter_received_record(
            actor=world.assigned_caseworker, letter=first, received_on=today + dt.timedelta(1)
        )
    with pytest.raises(ValidationError, match="før det blev sendt"):
        letter_received_record(
            actor=world.assigned_caseworker, letter=first, received_on=today - dt.timedelta(1)
        )
    assert not Event.objects.filter(kind="decision.notified").exists()

    letter_received_record(actor=world.assigned_caseworker, letter=first, received_on=today)
    notified = Event.objects.get(kind="decision.notified")
    assert notified.data == {"about": decision.ref}
    assert notified.occurred_at.date() == today
    assert selectors.received_on_for(first) == today
    assert selectors.received_on_for(second) is None
    with pytest.raises(ValidationError, match="allerede"):
        letter_received_record(actor=world.assigned_caseworker, letter=first, received_on=today)
    letter_received_record(actor=world.assigned_caseworker, letter=second, received_on=today)
    assert Event.objects.filter(kind="decision.notified").count() == 1  # once per decision
    assert Event.objects.filter(kind="letter.received").count() == 2
    # The complaint period's duty now runs from that day.
    assert Obligation.objects.filter(case=world.case, rule_id="klagefrist-4-uger").exists()


def test_only_a_posted_decision_letter_takes_a_received_day(world):
    _parent(world)
    ready = decision_letters_make(actor=world.assigned_caseworker, decision=_decision(world))[0]
    assert not receipt_may_be_recorded(ready)  # not sent yet
    with pytest.raises(ValidationError, match="sendt med post"):
        letter_received_record(
            actor=world.assigned_caseworker, letter=ready, received_on=timezone.localdate()
        )
    other = _send(world, Channel.LETTER)
    letter_mark(actor=world.assigned_caseworker, letter=other, step="posted")
    other.refresh_from_db()
    assert not receipt_may_be_recorded(other)  # not a decision letter


def test_the_letter_page_asks_for_the_received_day_and_shows_it(client, world):
    _decision, (letter, *_rest) = _posted_decision_letters(world)
    client.force_login(world.assigned_caseworker)
    page = reverse("letters:detail", args=[world.child.pk, letter.pk])
    url = reverse("letters:received", args=[world.child.pk, letter.pk])
    html = client.get(page).content.decode()
    assert "Hvornår fik parten brevet?" in html
    assert f'action="{url}"' in html
    # The caseworker's mark in words, not as it is stored ("posted:<name>").
    assert "posted:" not in html
    assert f"Registreret som sendt med post af {world.assigned_caseworker.get_full_name()}" in html

    refused = client.post(url, {"received_on": "2001-01-01"})
    assert refused.status_code == 400
    assert "før det blev sendt" in refused.content.decode()
    assert not Event.objects.filter(kind="letter.received").exists()

    today = timezone.localdate()
    response = client.post(url, {"received_on": today.isoformat()}, follow=True)
    assert "De 4 ugers klagefrist løber fra den første parts dag" in response.content.decode()
    html = client.get(page).content.decode()
    assert "Hvornår fik parten brevet?" not in html
    assert f'<time datetime="{today.isoformat()}">' in html
    again = client.post(url, {"received_on": today.isoformat()}, follow=True)
    assert "allerede registreret" in again.content.decode()  # a double submit: said, no change
    assert Event.objects.filter(kind="letter.received").count() == 1


def test_the_letters_quote_the_childs_words_the_decision_was_made_with(world):
    """Words filed earlier (e.g. from a journal note) and chosen on the decision form are in
    both the parents' and the child's letter, not only words typed on the form."""
    from stemme.cases.services import steps
    from stemme.participation.services import voice

    _parent(world)
    world.child.birth_date = timezone.localdate().replace(year=timezone.localdate().year - 12)
    world.child.save()
    with transaction.atomic():
        earlier = voice.statement_create(
            actor=world.assigned_caseworker,
            child=world.child,
            case=world.case,
            words="Jeg vil gerne blive på min skole.",
            mode="direct",
            stated_on=timezone.localdate() - dt.timedelta(days=3),
            informs_ref="journal:other",
        )
    decision = steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=timezone.localdate(),
        reasoning="Familien har brug for støtte.",
        purpose="Ro i hverdagen.",
        expected_duration="6 måneder",
        plan_decided=False,
        statements=[earlier],
        child_words="Jeg vil have hjælp til lektier.",
        child_view_weighing="Vi har lagt vægt på begge dine ønsker.",
        child_wish="followed",
    )
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    assert {letter.kind for letter in letters} == {LetterKind.DECISION, LetterKind.DECISION_CHILD}
    for letter in letters:
        assert "Jeg vil gerne blive på min skole." in letter.body
        assert "Jeg vil have hjælp til lektier." in letter.body


# --- Receipt ------------------------------------------------------------------------------------


def _intake(world, reporter_type="professional"):
    return intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        received_at=timezone.now() - dt.timedelta(hours=3),
        content="Barnet kommer ofte sultent i skole.",
        reporter_type=reporter_type,
        reporter_name="Rikke Anmeldersen, Solsikkeskolen" if reporter_type != "anonymous" else "",
    )


def test_receipt_to_a_professional_reporter(world):
    intake = _intake(world)
    letter = receipt_letter_make(actor=world.assigned_caseworker, intake=intake)
    assert letter.kind == LetterKind.RECEIPT
    assert letter.recipient_kind == "reporter"
    assert letter.recipient_name == "Rikke Anmeldersen, Solsikkeskolen"
    assert "har modtaget din underretning om Zenia Hemmeligsen" in letter.body
    assert "Rikke" not in letter.body
    assert letter.delivery == Delivery.READY
    # Making the letter is not sending it: the engine's fact is recorded on the case as before.
    intake.refresh_from_db()
    assert intake.receipt_sent_on is None
    assert not Event.objects.filter(kind="underretning.receipt_sent").exists()
    with pytest.raises(ValidationError, match="allerede"):
        receipt_letter_make(actor=world.assigned_caseworker, intake=intake)


def test_a_posted_receipt_records_the_receipt_on_the_underretning(world):
    """Posting the receipt letter is the receipt the duty asks for: recorded once, dated the
    day it went, and the worklist's duty is met."""
    intake = _intake(world)
    letter = receipt_letter_make(actor=world.assigned_caseworker, intake=intake)
    letter_mark(actor=world.assigned_caseworker, letter=letter, step="printed")
    intake.refresh_from_db()
    assert intake.receipt_sent_on is None  # printed is not sent
    letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    intake.refresh_from_db()
    assert intake.receipt_sent_on == timezone.localdate()
    events = Event.objects.filter(kind="underretning.receipt_sent", ref=intake.ref)
    assert events.count() == 1
    assert events.get().actor == world.assigned_caseworker


def test_a_receipt_recorded_by_hand_first_is_not_recorded_twice(world):
    intake = _intake(world)
    letter = receipt_letter_make(actor=world.assigned_caseworker, intake=intake)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    intake_send_receipt(actor=world.assigned_caseworker, intake=intake, sent_on=yesterday)
    letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    intake.refresh_from_db()
    assert intake.receipt_sent_on == yesterday
    assert Event.objects.filter(kind="underretning.receipt_sent").count() == 1


def test_no_receipt_for_a_citizen(world):
    intake = _intake(world, reporter_type="citizen")
    with pytest.raises(ValidationError, match="fagperson"):
        receipt_letter_make(actor=world.assigned_caseworker, intake=intake)


def test_reporter_name_only_for_the_case_team(client, world):
    letter = receipt_letter_make(actor=world.assigned_caseworker, intake=_intake(world))
    client.force_login(world.assigned_caseworker)
    detail = reverse("letters:detail", args=[world.child.pk, letter.pk])
    assert "Rikke Anmeldersen" in client.get(detail).content.decode()
    # A team colleague who sees the team's children is not on the case team.
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    client.force_login(world.same_team_caseworker)
    for url in (detail, reverse("letters:list", args=[world.child.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "Rikke Anmeldersen" not in response.content.decode()


# --- Honest status ------------------------------------------------------------------------------


def test_digital_post_stays_ready(world):
    letter = _send(world, Channel.DIGITAL_POST)
    assert letter.status == LetterStatus.SENT  # released past the safety check (engine fact)
    assert letter.delivery == Delivery.READY
    assert letter.status_label == str(Delivery.READY.label)
    assert letter.delivered_at is None


def test_min_sag_is_sent_at_once_with_a_reference(world):
    letter = _send(world, Channel.PORTAL)
    assert letter.delivery == Delivery.SENT
    assert letter.delivered_at is not None
    assert letter.delivery_ref == f"minsag:{letter.pk}"
    with translation.override("en"):
        assert letter.status_label == "Sent via Min sag"


def test_fake_channel_confirms(world, monkeypatch):
    fake = channels.FakeChannel()
    monkeypatch.setitem(channels.ADAPTERS, Channel.DIGITAL_POST, fake)
    letter = _send(world, Channel.DIGITAL_POST)
    assert fake.delivered == [letter.pk]
    assert letter.delivery == Delivery.SENT
    assert letter.delivery_ref == "fake:1"
    with translation.override("en"):
        assert letter.status_label == "Sent via Digital Post"


def test_print_then_post(world):
    letter = _send(world, Channel.LETTER)
    assert [step for step, _ in selectors.marks_for(letter)] == ["printed", "posted"]
    letter = letter_mark(actor=world.assigned_caseworker, letter=letter, step="printed")
    assert letter.delivery == Delivery.PRINTED
    assert letter.status_label == str(Delivery.PRINTED.label)
    assert [step for step, _ in selectors.marks_for(letter)] == ["posted"]
    letter = letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    assert letter.delivery == Delivery.SENT
    assert letter.delivered_at is not None
    with translation.override("en"):
        assert letter.status_label == "Sent by post"
    assert Event.objects.filter(kind="letter.posted", ref=letter.ref).exists()
    with pytest.raises(ValidationError, match="allerede sendt"):
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")


def test_by_hand_and_wrong_steps(world):
    letter = _send(world, Channel.BY_HAND)
    with pytest.raises(ValidationError):
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    with pytest.raises(ValidationError):
        letter_mark(actor=world.assigned_caseworker, letter=letter, step="nonsense")
    letter = letter_mark(actor=world.assigned_caseworker, letter=letter, step="handed")
    with translation.override("en"):
        assert letter.status_label == "Handed over in person"
    digital = _send(world, Channel.DIGITAL_POST)
    with pytest.raises(ValidationError):
        letter_mark(actor=world.assigned_caseworker, letter=digital, step="posted")


def test_old_letters_migrate_to_ready(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("stemme.letters.migrations.0003_honest_status")
    portal = _send(world, Channel.PORTAL)
    post = _send(world, Channel.DIGITAL_POST)
    Letter.objects.update(delivery=Delivery.SENT, delivered_at=None, delivery_ref="")
    migration.old_letters_honest(apps, None)
    post.refresh_from_db()
    portal.refresh_from_db()
    assert post.delivery == Delivery.READY
    assert portal.delivery == Delivery.SENT
    assert portal.delivery_ref == f"minsag:{portal.pk}"


def test_mark_page_and_list_show_the_true_status(client, world):
    letter = _send(world, Channel.LETTER)
    client.force_login(world.assigned_caseworker)
    client.cookies["stemme_language"] = "en"
    detail = client.get(reverse("letters:detail", args=[world.child.pk, letter.pk]))
    assert "Ready to send" in detail.content.decode()
    assert "Mark as printed" in detail.content.decode()
    response = client.post(
        reverse("letters:mark", args=[world.child.pk, letter.pk]), {"step": "posted"}
    )
    assert response.status_code == 302
    listing = client.get(reverse("letters:list", args=[world.child.pk])).content.decode()
    assert "Sent by post" in listing
    assert 'data-status="sent"' in listing


def test_list_query_count(client, world, django_assert_max_num_queries):
    def count_queries(n):
        for _ in range(n):
            _send(world, Channel.LETTER)
            receipt_letter_make(actor=world.assigned_caseworker, intake=_intake(world))
        client.force_login(world.assigned_caseworker)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("letters:list", args=[world.child.pk])).status_code == 200
        return len(queries)

    assert count_queries(1) == count_queries(4)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("letters:list", args=[world.child.pk])).status_code == 200


# --- Print view and PDF -------------------------------------------------------------------------


def test_print_view_is_the_letter(client, world):
    _parent(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=_decision(world))
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("letters:print", args=[world.child.pk, letters[0].pk]))
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="da">' in html
    assert "<title>" in html
    assert "Klagevejledning" in html
    assert AccessLog.objects.filter(child=world.child, action=AccessAction.PRINT).exists()


def test_blocked_letter_is_never_printed(client, world):
    father = _parent(world, "Frank")
    participation.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=[father],
    )
    letter = _send(world, Channel.LETTER, Recipient(kind="person", name="Frank", person=father))
    client.force_login(world.assigned_caseworker)
    for name in ("letters:print", "letters:pdf"):
        assert client.get(reverse(name, args=[world.child.pk, letter.pk])).status_code == 404


def test_pdf_is_tagged_pdf_ua(client, world):
    _parent(world)
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=_decision(world))
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("letters:pdf", args=[world.child.pk, letters[0].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(child=world.child, action=AccessAction.EXPORT).exists()
    pdf = pikepdf.open(io.BytesIO(response.content))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "da"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title") == letters[0].subject
    fonts = 0
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            fonts += 1
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts
