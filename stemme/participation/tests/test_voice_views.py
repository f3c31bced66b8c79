"""The child's voice in the browser's terms: the rights page, the letter, the child's words,
the conversation and decision steps on the case, and the panels on the child and case pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stemme.audit.models import AccessLog, Event
from stemme.cases.models import Decision
from stemme.cases.services import steps
from stemme.deadlines.models import Obligation
from stemme.letters.models import Letter
from stemme.participation.models import ChildStatement, Conversation, RightsInformation
from stemme.participation.selectors import voice as selectors
from stemme.participation.services import voice

TODAY = timezone.localdate()


@pytest.fixture
def caseworker(client, world):
    client.force_login(world.assigned_caseworker)
    return client


def _report(world, **extra):
    return steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="citizen",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Naboen er bekymret.",
        **extra,
    )


# --- rights page --------------------------------------------------------------------------------


def test_rights_texts_follow_the_childs_age(world):
    child = world.child  # born 15 March 2014
    assert selectors.age_band(child=child, on=dt.date(2024, 3, 14)) == selectors.UNDER_10
    assert selectors.age_band(child=child, on=dt.date(2024, 3, 15)) == selectors.FROM_10
    assert selectors.age_band(child=child, on=dt.date(2029, 3, 15)) == selectors.FROM_15
    band, texts = selectors.rights_texts(child=child, on=dt.date(2026, 6, 1))
    assert band == selectors.FROM_10
    assert [t.topic for t in texts] == [
        "involvement",
        "bisidder",
        "complaint",
        "file_access",
        "party_status",
    ]
    _band, young = selectors.rights_texts(child=child, on=dt.date(2020, 1, 1))
    assert young[0].text != texts[0].text
    subject, body, topics = selectors.rights_letter(child=child)
    assert child.first_name in body
    assert all(t.text in body for t in texts)
    assert topics == [t.topic for t in texts]


def test_rights_page_shows_the_age_adapted_texts_and_logs_access(caseworker, world):
    response = caseworker.get(reverse("participation:rights", args=[world.child.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    _band, texts = selectors.rights_texts(child=world.child)
    assert all(f"<h3>{escape(text.title)}</h3>" in body for text in texts)
    assert escape(texts[0].text) in body
    assert response.context["band"] == selectors.FROM_10
    assert AccessLog.objects.filter(child=world.child, purpose="rights").exists()
    assert not Event.objects.filter(kind__startswith="rights.informed").exists()


def test_rights_post_records_delivery_and_redirects(caseworker, world):
    url = reverse("participation:rights", args=[world.child.pk])
    response = caseworker.post(
        url,
        {
            "topics": ["involvement", "complaint"],
            "method": "conversation",
            "given_on": TODAY.isoformat(),
            "to_child": "on",
            "to_others": "Mor",
        },
    )
    assert response.status_code == 302
    assert response.url == url
    information = RightsInformation.objects.get()
    assert information.topics == ["involvement", "complaint"]
    assert information.recorded_by == world.assigned_caseworker
    page = caseworker.get(url).content.decode()
    assert "Mor" in page


def test_rights_post_with_errors_keeps_the_input(caseworker, world):
    response = caseworker.post(
        reverse("participation:rights", args=[world.child.pk]),
        {"topics": [], "method": "conversation", "given_on": TODAY.isoformat(), "note": "Min note"},
    )
    assert response.status_code == 200
    assert "Min note" in response.content.decode()
    assert not RightsInformation.objects.exists()


def test_rights_letter_in_one_click(caseworker, world):
    response = caseworker.post(
        reverse("participation:rights_letter", args=[world.child.pk]), {"channel": "by_hand"}
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.channel) == ("rights", "by_hand")
    assert RightsInformation.objects.get().method == "letter"


def test_rights_letter_bad_channel_shows_the_page(caseworker, world):
    response = caseworker.post(
        reverse("participation:rights_letter", args=[world.child.pk]), {"channel": "pigeon"}
    )
    assert response.status_code == 200
    assert not Letter.objects.exists()


# --- the child's own words ----------------------------------------------------------------------


def test_statement_add_records_the_words_on_the_case(caseworker, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    assert caseworker.get(url).status_code == 200
    response = caseworker.post(
        url,
        {
            "words": "Jeg vil gerne blive boende.",
            "mode": "trusted_adult",
            "trusted_adult": "Mormor",
            "stated_on": TODAY.isoformat(),
            "informs_ref": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[world.case.pk])
    statement = ChildStatement.objects.get()
    assert (statement.case, statement.trusted_adult) == (world.case, "Mormor")


def test_statement_add_shows_the_service_error_on_the_field(caseworker, world):
    response = caseworker.post(
        reverse("participation:statement_add", args=[world.case.pk]),
        {"words": "Hej", "mode": "trusted_adult", "stated_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["trusted_adult"]
    assert not ChildStatement.objects.exists()


# --- conversation steps on the case -------------------------------------------------------------


def test_conversation_step_lists_open_tasks_and_records_the_conversation(caseworker, world):
    intake = _report(world)
    url = reverse("cases:step", args=[world.case.pk, "samtale"])
    page = caseworker.get(f"{url}?about_ref={intake.ref}")
    form = page.context["form"]
    assert intake.ref in dict(form.fields["about_ref"].choices)
    assert form.initial["about_ref"] == intake.ref
    assert form.initial["methods"] == ["talk"]
    assert "without_parental_consent" not in form.initial
    response = caseworker.post(
        url,
        {
            "about_ref": intake.ref,
            "happened_on": TODAY.isoformat(),
            "setting": "Skolen",
            "present": "Barnet og rådgiveren",
            "child_alone": "on",
            "methods": ["talk", "scale"],
            "summary": "Om skolen",
            "child_words": "Jeg har det fint.",
            "child_words_mode": "direct",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.methods == ["talk", "scale"]
    assert ChildStatement.objects.get().words == "Jeg har det fint."
    assert not Obligation.objects.filter(
        case=world.case, rule_id="samtale-underretning", is_pending=True
    ).exists()


def test_conversation_step_minimal_post(caseworker, world):
    """The smallest valid post (for the access matrix): a date and a method."""
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "samtale"]),
        {"happened_on": "2026-02-01", "methods": "talk", "summary": "Matrix"},
    )
    assert response.status_code == 302
    assert Event.objects.filter(kind="conversation.held").exists()


def test_conversation_form_defaults_to_without_parental_consent_when_a_parent_is_suspected(
    caseworker, world
):
    _report(world, abuse=True, parent_suspected=True)
    response = caseworker.get(reverse("cases:step", args=[world.case.pk, "samtale"]))
    form = response.context["form"]
    assert form.without_consent_reason is True
    assert form.initial["without_parental_consent"] is True
    assert form.initial["child_alone"] is True
    assert "§ 137" in response.content.decode()


def test_omit_step_records_the_reason(caseworker, world):
    intake = _report(world)
    url = reverse("cases:step", args=[world.case.pk, "samtale-undladt"])
    task = f"samtale-underretning|{intake.ref}"
    assert caseworker.get(f"{url}?task={task}").context["form"].initial["task"] == task
    response = caseworker.post(url, {"task": task, "reason": "other", "text": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    response = caseworker.post(url, {"task": task, "reason": "other", "text": "Barnet var syg."})
    assert response.status_code == 302
    assert Conversation.objects.get().omission_text == "Barnet var syg."


def test_milestone_step_no_longer_offers_conversation(caseworker, world):
    form = caseworker.get(reverse("cases:step", args=[world.case.pk, "milepael"])).context["form"]
    assert "conversation" not in dict(form.fields["kind"].choices)
    assert "party_status_informed" in dict(form.fields["kind"].choices)


# --- decision and explanation steps -------------------------------------------------------------


def _decision_post(**extra):
    data = {
        "paragraph": "32",
        "legal_basis": "barnets lov § 32",
        "decided_on": TODAY.isoformat(),
        "reasoning": "Begrundelse",
        "purpose": "Formål",
        "expected_duration": "1 år",
        "plan_decided": "no",
        "child_words_mode": "direct",
        "child_view_weighing": "Vejet tungt.",
        "child_wish": "followed",
    }
    data.update(extra)
    return data


def test_decision_form_lists_the_childs_statements_newest_first(caseworker, world):
    for days, words in ((5, "Ældst"), (1, "Nyest")):
        voice.statement_record(
            actor=None,
            child=world.child,
            case=world.case,
            words=words,
            mode="direct",
            stated_on=TODAY - dt.timedelta(days=days),
        )
    response = caseworker.get(reverse("cases:step", args=[world.case.pk, "afgoerelse"]))
    labels = [label for _value, label in response.context["form"].fields["statements"].choices]
    assert "Nyest" in labels[0]
    assert "Ældst" in labels[1]
    body = response.content.decode()
    assert body.index("Nyest") < body.index("Ældst")


def test_decision_with_a_chosen_statement(caseworker, world):
    statement = voice.statement_record(
        actor=None, child=world.child, case=world.case, words="Ja", mode="direct", stated_on=TODAY
    )
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "afgoerelse"]),
        _decision_post(statements=[str(statement.pk)]),
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.informs_ref == Decision.objects.get().ref


def test_decision_without_the_childs_view_or_weighing_is_refused(caseworker, world):
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "afgoerelse"]),
        _decision_post(child_view_weighing="", child_wish=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"child_view_weighing", "child_wish"} <= set(errors)
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "afgoerelse"]), _decision_post()
    )
    assert "child_words" in response.context["form"].errors
    assert not Decision.objects.exists()


def test_explanation_step_after_a_decision_against_the_childs_wish(caseworker, world):
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "afgoerelse"]),
        _decision_post(
            child_words="Nej tak.",
            child_wish="against",
            explanation_for_child="Vi gør det for at du kan få ro.",
            explanation_how="Samtale",
            explanation_due_on=TODAY.isoformat(),
        ),
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    case_page = caseworker.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Vi gør det for at du kan få ro." in case_page
    assert reverse("cases:step", args=[world.case.pk, "forklaring"]) in case_page
    response = caseworker.post(
        reverse("cases:step", args=[world.case.pk, "forklaring"]),
        {"decision": str(decision.pk), "delivered_on": TODAY.isoformat(), "how": "På skolen"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.explanation_delivered_how == "På skolen"
    # The step is gone once every explanation is given.
    assert (
        caseworker.get(reverse("cases:step", args=[world.case.pk, "forklaring"])).status_code == 200
    )
    from stemme.cases.views.registry import STEPS_BY_SLUG

    assert not STEPS_BY_SLUG["forklaring"].available(world.case)


def test_investigation_form_offers_statements_and_the_exception(caseworker, world):
    steps.investigation_start(
        actor=None, case=world.case, kind="bfu", started_on=TODAY - dt.timedelta(days=3)
    )
    form = caseworker.get(
        reverse("cases:step", args=[world.case.pk, "afslut-undersoegelse"])
    ).context["form"]
    assert {"statements", "child_view_exception_reason", "child_view_obtained_otherwise"} <= set(
        form.fields
    )


# --- panels -------------------------------------------------------------------------------------


def test_case_panel_shows_the_childs_voice(caseworker, world):
    intake = _report(world)
    voice.statement_record(
        actor=None,
        child=world.child,
        case=world.case,
        words="Jeg savner min hund.",
        mode="observation",
        stated_on=TODAY,
    )
    voice.rights_inform(
        actor=None, child=world.child, topics=["complaint"], method="letter", given_on=TODAY
    )
    body = caseworker.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "“Jeg savner min hund.”" in body
    assert f"?about_ref={intake.ref.replace(':', '%3A')}" in body
    assert reverse("cases:step", args=[world.case.pk, "samtale-undladt"]) in body
    assert reverse("participation:rights", args=[world.child.pk]) in body
    assert reverse("participation:statement_add", args=[world.case.pk]) in body


def test_child_panel_summarises_the_childs_voice(caseworker, world):
    voice.statement_record(
        actor=None,
        child=world.child,
        case=world.case,
        words="Jeg kan lide fodbold.",
        mode="direct",
        stated_on=TODAY,
    )
    voice.conversation_hold(
        actor=None, case=world.case, happened_on=TODAY - dt.timedelta(days=2), methods=["walk"]
    )
    context = {"child": world.child}
    from django.template import Context, Template

    html = Template("{% load voice_panels %}{% voice_child_panel child %}").render(Context(context))
    assert "Jeg kan lide fodbold." in html
    assert reverse("participation:rights", args=[world.child.pk]) in html


def _fill(world, n):
    for i in range(n):
        voice.statement_record(
            actor=None,
            child=world.child,
            case=world.case,
            words=f"Udsagn {i}",
            mode="direct",
            stated_on=TODAY,
        )
        voice.conversation_hold(actor=None, case=world.case, happened_on=TODAY, methods=["talk"])
        voice.rights_inform(
            actor=None, child=world.child, topics=["complaint"], method="letter", given_on=TODAY
        )


@pytest.mark.parametrize("tag", ["voice_case_panel case", "voice_child_panel child"])
def test_panel_query_counts_are_constant(world, tag):
    from django.template import Context, Template

    template = Template("{% load voice_panels %}{% " + tag + " %}")
    context = Context({"case": world.case, "child": world.child})
    _fill(world, 1)
    with CaptureQueriesContext(connection) as few:
        template.render(context)
    _fill(world, 8)
    with CaptureQueriesContext(connection) as many:
        template.render(context)
    assert len(many) == len(few)
