"""The registry of case steps the UI offers: title, form, which service it calls, and when.

Views stay generic: they look a step up here, show its form, and hand the cleaned data to the
step's service. Adding a step means adding a form, a service and one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from stemme.cases import forms
from stemme.cases.models import Case, IntakeKind, ReporterType, Stage
from stemme.cases.services import steps as services
from stemme.participation.selectors import current_profile
from stemme.participation.services import voice
from stemme.participation.services.voice import open_conversation_tasks

ANY_OPEN = frozenset(Stage.values) - {Stage.CLOSED}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type
    run: Callable  # (actor, case, form) -> the record written
    stages: frozenset = ANY_OPEN
    # When the step is offered: ``offered_if(case)`` is a query that has a row (or, with
    # ``offered_if_none``, has none). Queries, not booleans, so that the case page asks for
    # every step in one query (available_steps) instead of one per step.
    offered_if: Callable | None = None
    offered_if_none: bool = False
    form_kwargs: Callable = lambda case: {}  # noqa: E731
    help: str = ""
    template: str = "cases/step_form.html"
    context: Callable = lambda case: {}  # noqa: E731 - extra template context

    def available(self, case) -> bool:
        """Whether this one step is offered (the case page asks for all at once)."""
        if case.stage not in self.stages:
            return False
        if self.offered_if is None:
            return True
        return self.offered_if(case).exists() != self.offered_if_none


def _conversation_context(case) -> dict:
    """What the caseworker needs in front of them when talking with the child."""

    return {"profile": current_profile(child=case.child)}


def _intake_pending(field):
    return lambda case: case.intakes.filter(**{f"{field}__isnull": True})


STEPS = [
    Step(
        slug="hastevurdering",
        title=_("Urgency assessment (24 hours)"),
        form=forms.UrgencyForm,
        offered_if=_intake_pending("urgency_assessed_at"),
        run=lambda actor, case, form: services.intake_assess_urgency(
            actor=actor,
            intake=form.cleaned_data["intake"],
            is_acute=form.cleaned_data["is_acute"],
            assessment=form.cleaned_data["assessment"],
        ),
    ),
    Step(
        slug="kvittering",
        title=_("Receipt sent to the reporter"),
        form=forms.IntakeDateForm,
        form_kwargs=lambda case: {"pending_field": "receipt_sent_on"},
        offered_if=lambda case: case.intakes.filter(
            kind=IntakeKind.UNDERRETNING,
            reporter_type=ReporterType.PROFESSIONAL,
            receipt_sent_on__isnull=True,
        ),
        run=lambda actor, case, form: services.intake_send_receipt(
            actor=actor, intake=form.cleaned_data["intake"], sent_on=form.cleaned_data["on"]
        ),
    ),
    Step(
        slug="genvurdering",
        title=_("Reassessment by someone new to the case"),
        form=forms.IntakeDateForm,
        form_kwargs=lambda case: {"pending_field": "reassessed_on"},
        offered_if=lambda case: case.intakes.filter(
            child_has_measure=True, reassessed_on__isnull=True
        ),
        run=lambda actor, case, form: services.intake_reassess(
            actor=actor,
            intake=form.cleaned_data["intake"],
            reassessed_on=form.cleaned_data["on"],
        ),
    ),
    Step(
        slug="samtale",
        title=_("Conversation with the child"),
        form=forms.ConversationForm,
        template="cases/conversation_form.html",
        context=_conversation_context,
        run=lambda actor, case, form: voice.conversation_hold(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="samtale-undladt",
        title=_("Conversation with the child left out, with a reason"),
        form=forms.ConversationOmitForm,
        offered_if=lambda case: open_conversation_tasks(case=case),
        template="cases/conversation_form.html",
        context=_conversation_context,
        run=lambda actor, case, form: voice.conversation_omit(
            actor=actor,
            case=case,
            rule_id=form.cleaned_data["task"].split("|", 1)[0],
            about_ref=form.cleaned_data["task"].split("|", 1)[1],
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        ),
    ),
    Step(
        slug="milepael",
        title=_("Another milestone (party status, youth plan, sibling)"),
        form=forms.MilestoneForm,
        run=lambda actor, case, form: services.milestone_record(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="screening",
        title=_("Screening"),
        form=forms.ScreeningForm,
        stages=frozenset({Stage.RECEIVED, Stage.INITIAL_CONVERSATIONS, Stage.SCREENING}),
        run=lambda actor, case, form: services.screening_record(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="undersoegelse",
        title=_("Start an investigation"),
        form=forms.InvestigationStartForm,
        offered_if=forms.running_investigations,
        offered_if_none=True,
        run=lambda actor, case, form: services.investigation_start(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="foreloebig-vurdering",
        title=_("Preliminary assessment (§ 20, stk. 3)"),
        form=forms.PreliminaryAssessmentForm,
        offered_if=forms.active_bfus,
        run=lambda actor, case, form: services.investigation_preliminary_assessment(
            actor=actor, investigation=forms.active_bfu(case), **form.cleaned_data
        ),
    ),
    Step(
        slug="afslut-undersoegelse",
        title=_("Complete the investigation"),
        form=forms.InvestigationCompleteForm,
        offered_if=forms.running_investigations,
        run=lambda actor, case, form: services.investigation_complete(
            actor=actor, investigation=forms.running_investigation(case), **form.cleaned_data
        ),
    ),
    Step(
        slug="afgoerelse",
        title=_("Decision"),
        form=forms.DecisionForm,
        template="cases/decision_form.html",
        run=lambda actor, case, form: services.decision_make(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="forklaring",
        title=_("Explanation given to the child"),
        form=forms.ExplanationForm,
        offered_if=forms.pending_explanations,
        run=lambda actor, case, form: services.explanation_deliver(
            actor=actor,
            decision=form.cleaned_data["decision"],
            delivered_on=form.cleaned_data["delivered_on"],
            how=form.cleaned_data["how"],
        ),
    ),
    Step(
        slug="plan",
        title=_("The child's plan"),
        form=forms.PlanForm,
        run=lambda actor, case, form: services.plan_make(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="indsats",
        title=_("Start a measure"),
        form=forms.MeasureStartForm,
        offered_if=lambda case: case.decisions.all(),
        run=lambda actor, case, form: services.measure_start(actor=actor, **form.cleaned_data),
    ),
    Step(
        slug="opstartsmoede",
        title=_("Start-up meeting"),
        form=forms.StartUpMeetingForm,
        offered_if=lambda case: case.decisions.all(),
        run=lambda actor, case, form: services.start_up_meeting_hold(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="opfoelgning",
        title=_("Follow-up"),
        form=forms.FollowUpForm,
        offered_if=lambda case: case.measures.all(),
        run=lambda actor, case, form: services.follow_up_hold(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="tilsyn",
        title=_("Supervision visit"),
        form=forms.SupervisionVisitForm,
        offered_if=lambda case: case.measures.filter(
            decision__paragraph__in=["46", "47", "67"], ended_on__isnull=True
        ),
        run=lambda actor, case, form: services.supervision_visit_record(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
    Step(
        slug="afslut-indsats",
        title=_("End a measure"),
        form=forms.MeasureEndForm,
        offered_if=lambda case: case.measures.filter(ended_on__isnull=True),
        run=lambda actor, case, form: services.measure_end(actor=actor, **form.cleaned_data),
    ),
    Step(
        slug="kendskabsdato",
        title=_("Change the awareness date"),
        form=forms.AwarenessDateForm,
        run=lambda actor, case, form: services.case_set_awareness_date(
            actor=actor,
            case=case,
            awareness_date=form.cleaned_data["awareness_date"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
    ),
    Step(
        slug="frafald-frist",
        title=_("Waive a deadline"),
        form=forms.WaiveForm,
        offered_if=lambda case: case.obligations.filter(is_pending=True),
        run=lambda actor, case, form: services.obligation_waive(
            actor=actor,
            case=case,
            rule_id=form.cleaned_data["obligation"].split("|", 1)[0],
            trigger_ref=form.cleaned_data["obligation"].split("|", 1)[1],
            reason=form.cleaned_data["reason"],
        ),
    ),
    Step(
        slug="luk-sag",
        title=_("Close the case"),
        form=forms.CloseForm,
        run=lambda actor, case, form: services.case_close(
            actor=actor, case=case, **form.cleaned_data
        ),
    ),
]

STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def available_steps(case) -> list[Step]:
    """The steps offered on the case page, asked of the database in one query."""
    candidates = [step for step in STEPS if case.stage in step.stages]
    conditional = [step for step in candidates if step.offered_if is not None]
    found = {}
    if conditional:
        names = {step.slug: f"offered_{index}" for index, step in enumerate(conditional)}
        row = (
            Case.objects.filter(pk=case.pk)
            .annotate(**{names[step.slug]: Exists(step.offered_if(case)) for step in conditional})
            .values(*names.values())
            .get()
        )
        found = {slug: row[name] for slug, name in names.items()}
    return [
        step
        for step in candidates
        if step.offered_if is None or found[step.slug] != step.offered_if_none
    ]
