"""The step forms as a caseworker reads them: the only choice is chosen, no "---------",
"(valgfrit)" only where a field may be left empty, an error summary that links to every failed
field, "Hjemmel" filled from the chosen §, and Danish dates."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from stemme.cases.forms import DecisionForm
from stemme.cases.models import Decision
from stemme.cases.services import steps
from stemme.core.forms import tidy_choices

TODAY = timezone.localdate()


def _report(world, **extra):
    return steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Skolen er bekymret.",
        **extra,
    )


def _step(client, world, slug, data=None):
    client.force_login(world.assigned_caseworker)
    url = reverse("cases:step", kwargs={"case_id": world.case.pk, "step": slug})
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


def _checked_labels(body: str) -> list[str]:
    """The labels of the checked radio buttons and checkboxes on a page."""
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]*)</label>', body))
    checked = re.findall(
        r'<input[^>]*\bid="([^"]+)"[^>]*\bchecked\b|<input[^>]*\bchecked\b[^>]*\bid="([^"]+)"', body
    )
    return [labels.get(a or b, "") for a, b in checked]


def test_the_only_report_is_chosen_and_named_in_words(client, world):
    intake = _report(world)
    for slug in ("hastevurdering", "kvittering"):
        response, body = _step(client, world, slug)
        assert response.status_code == 200
        assert "object (" not in body
        label = f"Underretning, modtaget {timezone.localtime(intake.received_at):%d.%m.%Y}"
        assert _checked_labels(body)[:1] == [label], slug


def test_two_reports_leave_the_choice_to_the_caseworker(client, world):
    _report(world)
    _report(world)
    response, body = _step(client, world, "hastevurdering")
    assert body.count("Underretning, modtaget") == 2
    assert not [label for label in _checked_labels(body) if label.startswith("Underretning")]


def test_no_dashes_choice_on_radio_forms(client, world):
    _report(world)
    for slug in ("screening", "undersoegelse", "plan"):
        response, body = _step(client, world, slug)
        assert response.status_code == 200
        assert "---------" not in body, slug


def test_the_measure_form_names_the_decision_in_danish(client, world):
    decision = steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=TODAY - dt.timedelta(days=2),
        reasoning="Støtte i hjemmet.",
        purpose="Ro i hverdagen.",
        expected_duration="6 måneder",
        plan_decided=False,
        child_view="Jeg vil gerne have hjælp.",
        child_view_weighing="Zenia ønsker støtte hjemme.",
        child_wish="followed",
    )
    response, body = _step(client, world, "indsats")
    assert "Decision" not in body
    assert "object (" not in body
    assert "<legend>Afgørelse</legend>" in body
    label = f"§ 32 Støttende indsats, {decision.decided_on:%d.%m.%Y}"
    assert _checked_labels(body)[:1] == [label]


def test_hjemmel_is_filled_from_the_chosen_paragraph(world):
    form = DecisionForm(case=world.case)
    select = str(form["paragraph"])
    assert 'data-legal-basis="{&quot;30&quot;: &quot;barnets lov § 30&quot;' in select
    assert 'data-filled-from="id_paragraph"' in str(form["legal_basis"])
    assert not form.fields["legal_basis"].required
    form = DecisionForm(
        data={"paragraph": "46", "legal_basis": "", "decided_on": TODAY.isoformat()},
        case=world.case,
    )
    form.is_valid()
    assert form.cleaned_data["legal_basis"] == "barnets lov § 46"
    # What the caseworker wrote is kept.
    form = DecisionForm(
        data={"paragraph": "32", "legal_basis": "barnets lov § 32, stk. 1, nr. 3"},
        case=world.case,
    )
    form.is_valid()
    assert form.cleaned_data["legal_basis"] == "barnets lov § 32, stk. 1, nr. 3"


def test_the_decision_page_loads_its_script_with_the_nonce(client, world):
    response, body = _step(client, world, "afgoerelse")
    script = re.search(r'<script src="([^"]*decision_form\.js)" nonce="([^"]+)"', body)
    assert script, "decision_form.js is not loaded"
    assert f"'nonce-{script.group(2)}'" in response["Content-Security-Policy"]
    assert "<script>" not in body  # no inline script


def test_a_decision_saved_without_hjemmel_gets_the_paragraphs(client, world):
    data = {
        "paragraph": "32",
        "legal_basis": "",
        "decided_on": TODAY.isoformat(),
        "purpose": "Ro i hverdagen.",
        "expected_duration": "6 måneder",
        "plan_decided": "no",
        "reasoning": "Støtte i hjemmet.",
        "child_words": "Jeg vil gerne have hjælp.",
        "child_words_mode": "direct",
        "child_words_on": TODAY.isoformat(),
        "child_view_weighing": "Zenia ønsker støtte hjemme.",
        "child_wish": "followed",
    }
    response, body = _step(client, world, "afgoerelse", data)
    assert response.status_code == 302, body
    assert Decision.objects.get(case=world.case).legal_basis == "barnets lov § 32"


def test_completing_a_bfu_marks_only_optional_fields_optional(client, world):
    steps.investigation_start(
        actor=world.assigned_caseworker, case=world.case, kind="bfu", started_on=TODAY
    )
    response, body = _step(client, world, "afslut-undersoegelse")
    optional = re.findall(
        r'<label for="id_(\w+)">[^<]*<span class="muted small">\(valgfrit\)', body
    )
    for required in (
        "child_development",
        "parents_capacity",
        "family_and_network",
        "conclusion",
        "child_view",
    ):
        assert required not in optional, required
    assert "resources_and_challenges" in optional


def test_the_decision_marks_only_optional_fields_optional(client, world):
    """The explanation to the child and the § 5, stk. 4 exception are required when the wish
    is not followed or an exception is chosen: never labelled "(valgfrit)"."""
    response, body = _step(client, world, "afgoerelse")
    optional = re.findall(
        r'<label for="id_(\w+)">[^<]*<span class="muted small">\(valgfrit\)', body
    )
    for conditional in (
        "explanation_for_child",
        "explanation_how",
        "explanation_due_on",
        "child_view_exception",
        "child_view_obtained_otherwise",
        "purpose",
        "expected_duration",
    ):
        assert conditional not in optional, conditional
    assert "child_words" in optional
    assert "Skal udfyldes, når afgørelsen går imod barnets ønske" in body


def test_the_error_summary_links_to_every_failed_field(client, world):
    steps.investigation_start(
        actor=world.assigned_caseworker, case=world.case, kind="bfu", started_on=TODAY
    )
    response, body = _step(client, world, "afslut-undersoegelse", {"completed_on": ""})
    assert response.status_code == 200
    summary = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', body, re.S).group(1)
    for name in (
        "completed_on",
        "child_development",
        "parents_capacity",
        "family_and_network",
        "conclusion",
    ):
        assert f'href="#id_{name}"' in summary, name
    assert "Feltet skal udfyldes" in summary


def test_tidy_choices_names_the_empty_choice_of_a_drop_down(world):
    from stemme.cases.forms import IntakeForm

    form = IntakeForm()
    tidy_choices(form)
    with translation.override("da"):
        kind = str(form["kind"])
        reporter = str(form["reporter_type"])
    assert "---------" not in kind + reporter
    assert ">Vælg …</option>" in kind  # required
    assert ">Ikke angivet</option>" in reporter  # optional


def test_danish_dates_have_one_long_and_one_short_style():
    template = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}'
        '|{{ may|date:"DATE_FORMAT" }}|{{ sep|date:"DATE_FORMAT" }}'
    )
    context = Context(
        {
            "d": dt.date(2026, 12, 6),
            "t": dt.datetime(2026, 12, 6, 9, 5, tzinfo=ZoneInfo("Europe/Copenhagen")),
            "may": dt.date(2026, 5, 6),
            "sep": dt.date(2026, 9, 28),
        }
    )
    with translation.override("da"):
        rendered = template.render(context)
    assert rendered == "6. dec. 2026|06.12.2026|6. dec. 2026, 09:05|6. maj 2026|28. sept. 2026"
