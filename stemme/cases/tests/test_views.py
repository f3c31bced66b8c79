"""The case pages in the browser's terms: forms, errors in Danish, nothing lost, redirects."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.models import Case, Intake
from stemme.children.models import Child
from stemme.deadlines.models import Obligation


def _intake_post(**extra):
    data = {
        "kind": "underretning",
        "reporter_type": "professional",
        "reporter_name": "Skolen",
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "content": "Eleven har meget fravær.",
    }
    data.update(extra)
    return data


def test_report_about_a_new_child_creates_child_case_and_duties(client, world):
    client.force_login(world.assigned_caseworker)
    data = _intake_post(
        **{"child-cpr": "120315-5123", "child-first_name": "Ny", "child-last_name": "Pige"}
    )
    response = client.post(reverse("cases:intake_new_child"), data)
    assert response.status_code == 302
    child = Child.objects.get(first_name="Ny")
    case = Case.objects.get(child=child)
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert case.assignments.get().caseworker == world.assigned_caseworker
    assert Obligation.objects.filter(case=case, rule_id="underretning-24t").exists()
    page = client.get(response.url).content.decode()
    assert "Eleven har meget fravær." in page


def test_new_child_with_a_registered_cpr_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.assigned_caseworker)
    before = (Child.objects.count(), Case.objects.count(), Event.objects.count())
    data = _intake_post(
        **{"child-cpr": world.child.cpr, "child-first_name": "X", "child-last_name": "Y"}
    )
    response = client.post(reverse("cases:intake_new_child"), data)
    assert response.status_code == 200
    assert "allerede registreret" in response.content.decode()
    assert (Child.objects.count(), Case.objects.count(), Event.objects.count()) == before


def test_new_child_with_invalid_cpr_explains_in_danish(client, world):
    client.force_login(world.assigned_caseworker)
    data = _intake_post(**{"child-cpr": "123", "child-first_name": "X", "child-last_name": "Y"})
    response = client.post(reverse("cases:intake_new_child"), data)
    assert "Et CPR-nummer har 10 cifre" in response.content.decode()


def test_intake_form_keeps_input_on_error(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(
        reverse("cases:intake_new", args=[world.child.pk]),
        _intake_post(reporter_type="", content="Min tekst skal ikke gå tabt"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Min tekst skal ikke gå tabt" in body
    assert not Intake.objects.exists()


def test_step_form_shows_service_errors_on_the_field(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(
        reverse("cases:step", args=[world.case.pk, "afgoerelse"]),
        {
            "paragraph": "47",
            "legal_basis": "barnets lov § 47",
            "decided_on": timezone.localdate().isoformat(),
            "reasoning": "Begrundelse",
            "purpose": "Formål",
            "expected_duration": "1 år",
            "child_words": "Jeg vil ikke flytte",
            "child_words_mode": "direct",
            "child_view_weighing": "Barnets ønske er vejet mod behovet for tryghed.",
            "child_wish": "against",
            "explanation_for_child": "Du skal bo et trygt sted et stykke tid.",
            "explanation_how": "Samtale på skolen",
            "explanation_due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "§ 91, stk. 2" in response.content.decode()
    assert not world.case.decisions.exists()


def test_step_slug_unknown_or_wrong_stage_is_404(client, world):
    client.force_login(world.assigned_caseworker)
    assert client.get(reverse("cases:step", args=[world.case.pk, "nope"])).status_code == 404


def test_worklist_shows_overdue_first(client, world):
    from stemme.cases.services import steps

    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="citizen",
        received_at=timezone.now() - dt.timedelta(hours=30),
        content="Naboen har hørt råb.",
    )
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("deadlines:worklist"))
    groups = response.context["worklist"].groups
    # (No party status: a report alone is not one of the § 3 case types.)
    assert {o.rule_id for o in groups["overdue"]} == {
        "underretning-24t",
        "rettigheder",  # the case opened on 5 January 2026: rights were due two weeks later
    }
    dues = [o.due_at for o in groups["overdue"]]
    assert dues == sorted(dues)
    # The other team's caseworker sees none of it.
    client.force_login(world.other_team_caseworker)
    other = client.get(reverse("deadlines:worklist")).context["worklist"]
    shown = [o for group in other.groups.values() for o in group]
    assert shown  # their own child's duties …
    assert all(o.child_id == world.other_child.pk for o in shown)  # … and none of Zenia's


def test_my_children_shows_the_next_deadline(client, world):
    from stemme.cases.services import steps

    intake = steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="citizen",
        received_at=timezone.now() - dt.timedelta(hours=1),
        content="Bekymring",
    )
    client.force_login(world.assigned_caseworker)
    rows = client.get(reverse("children:list")).context["rows"]
    assert rows[0].next_deadline == min(
        o.due_at for o in Obligation.objects.filter(case=intake.case, is_pending=True)
    )


def test_step_forms_take_only_the_known_prefill_parameters_from_the_link(client, world):
    from stemme.cases.services import steps

    intake = steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="citizen",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Naboen er bekymret.",
    )
    client.force_login(world.assigned_caseworker)
    url = reverse("cases:step", args=[world.case.pk, "samtale"])
    crafted = {
        "about_ref": intake.ref,
        "happened_on": "2001-02-03",
        "summary": "Forudfyldt af et link",
        "without_parental_consent": "on",
        "methods": "video",
    }
    response = client.get(url, crafted)
    form = response.context["form"]
    assert form.initial["about_ref"] == intake.ref  # the case page's button still works
    assert form.initial["happened_on"] == timezone.localdate()
    assert form.initial["methods"] == ["talk"]
    assert "summary" not in form.initial
    assert "without_parental_consent" not in form.initial
    assert "2001-02-03" not in str(form["happened_on"])
    assert "Forudfyldt" not in str(form["summary"])

    # A parameter of one step does not prefill another, and an absurd value is ignored.
    decision = client.get(
        reverse("cases:step", args=[world.case.pk, "samtale-undladt"]),
        {"about_ref": intake.ref, "reason": "other", "text": "Forudfyldt"},
    )
    omit_form = decision.context["form"]
    assert "reason" not in omit_form.initial
    assert "Forudfyldt" not in str(omit_form["text"])
    long = client.get(url, {"about_ref": "x" * 5000})
    assert long.context["form"].initial["about_ref"] != "x" * 5000


def test_the_case_page_asks_for_its_steps_in_one_query(world, django_assert_num_queries):
    """available_steps asks every step's condition in one query and agrees with asking each
    step on its own, in every stage, before and after a decision and a measure exist."""
    from stemme.cases.models import Decision, Measure, Stage
    from stemme.cases.views.registry import STEPS, available_steps

    case = world.case

    def compare():
        for stage in Stage.values:
            case.stage = stage
            with django_assert_num_queries(1 if stage != Stage.CLOSED else 0):
                together = [step.slug for step in available_steps(case)]
            one_by_one = [step.slug for step in STEPS if step.available(case)]
            assert together == one_by_one, stage

    compare()
    decision = Decision.objects.create(
        case=case,
        paragraph="46",
        legal_basis="barnets lov § 46",
        decided_on=timezone.localdate() - dt.timedelta(days=3),
        purpose="Tryghed",
        reasoning="Barnet kan ikke bo hjemme.",
    )
    Measure.objects.create(
        case=case,
        decision=decision,
        description="Anbringelse i plejefamilie",
        started_on=timezone.localdate() - dt.timedelta(days=2),
    )
    compare()
    case.stage = Stage.FOLLOW_UP
    offered = {step.slug for step in available_steps(case)}
    assert {"tilsyn", "afslut-indsats", "opfoelgning"} <= offered


def test_the_case_page_costs_the_same_queries_however_much_the_case_holds(client, world):
    """The case page's queries do not grow with its decisions and measures (each step list is
    one query, every step's offer one query together, the panels render without running the
    context processors again and read the step records the page read: decisions, milestones and
    plans are asked once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stemme.cases.models import Decision, Measure

    client.force_login(world.assigned_caseworker)
    url = reverse("cases:detail", args=[world.case.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for number in range(4):
        decision = Decision.objects.create(
            case=world.case,
            paragraph="32",
            legal_basis="barnets lov § 32",
            decided_on=timezone.localdate() - dt.timedelta(days=10 + number),
            purpose="Støtte",
            reasoning="Familien har brug for støtte.",
        )
        Measure.objects.create(
            case=world.case,
            decision=decision,
            description=f"Familiebehandling {number}",
            started_on=timezone.localdate() - dt.timedelta(days=9 + number),
        )
    assert count() == before
    assert before <= 40


def test_the_case_page_reads_the_step_records_once(world, django_assert_num_queries):
    """After case_records_prefetch the steps, the child's voice panel's decisions and
    conversations and the plan in force come from what was read (newest first, as before)."""
    from stemme.cases.models import Decision
    from stemme.cases.selectors import case_records_prefetch, case_steps

    for number in range(3):
        Decision.objects.create(
            case=world.case,
            paragraph="32",
            legal_basis="barnets lov § 32",
            decided_on=timezone.localdate() - dt.timedelta(days=30 - number * 7),
            purpose="Støtte",
            reasoning="Familien har brug for støtte.",
        )
    case = type(world.case).objects.get(pk=world.case.pk)
    with django_assert_num_queries(11):  # one per kind of step record
        case_records_prefetch(case)
    with django_assert_num_queries(0):
        steps = case_steps(case=case)
    assert [d.pk for d in steps["decisions"]] == list(
        world.case.decisions.order_by("-decided_on").values_list("pk", flat=True)
    )
    # Without the prefetch the same lists, read as before.
    fresh = type(world.case).objects.get(pk=world.case.pk)
    assert {k: [r.pk for r in v] for k, v in case_steps(case=fresh).items()} == {
        k: [r.pk for r in v] for k, v in steps.items()
    }
