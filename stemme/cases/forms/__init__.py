"""The case's forms, one module per topic: the step forms (``common``, ``intake``,
``investigation``, ``decisions``, ``measures``, ``conversations``, ``case``; re-exported
here) and ``goals`` (the plan's goals). The forms check input shape; the services check the
rules.
"""

from stemme.cases.forms.case import (
    AwarenessDateForm,
    CloseForm,
    WaiveForm,
)
from stemme.cases.forms.common import (
    DateInput,
    DateTimeInput,
    StepForm,
    decision_label,
    intake_label,
    measure_label,
)
from stemme.cases.forms.conversations import (
    ConversationForm,
    ConversationOmitForm,
)
from stemme.cases.forms.decisions import (
    PARAGRAPH_LEGAL_BASIS,
    DecisionForm,
    ExplanationForm,
    pending_explanations,
)
from stemme.cases.forms.intake import (
    IntakeDateForm,
    IntakeForm,
    NewChildForm,
    ScreeningForm,
    UrgencyForm,
)
from stemme.cases.forms.investigation import (
    EXCEPTION_REASONS,
    InvestigationCompleteForm,
    InvestigationStartForm,
    PreliminaryAssessmentForm,
    StatementChoiceField,
    active_bfu,
    active_bfus,
    running_investigation,
    running_investigations,
)
from stemme.cases.forms.measures import (
    FollowUpForm,
    MeasureEndForm,
    MeasureStartForm,
    MilestoneForm,
    PlanForm,
    StartUpMeetingForm,
    SupervisionVisitForm,
)

__all__ = [
    "AwarenessDateForm",
    "CloseForm",
    "ConversationForm",
    "ConversationOmitForm",
    "DateInput",
    "DateTimeInput",
    "DecisionForm",
    "EXCEPTION_REASONS",
    "ExplanationForm",
    "FollowUpForm",
    "IntakeDateForm",
    "IntakeForm",
    "InvestigationCompleteForm",
    "InvestigationStartForm",
    "MeasureEndForm",
    "MeasureStartForm",
    "MilestoneForm",
    "NewChildForm",
    "PARAGRAPH_LEGAL_BASIS",
    "PlanForm",
    "PreliminaryAssessmentForm",
    "ScreeningForm",
    "StartUpMeetingForm",
    "StatementChoiceField",
    "StepForm",
    "SupervisionVisitForm",
    "UrgencyForm",
    "WaiveForm",
    "active_bfu",
    "active_bfus",
    "decision_label",
    "intake_label",
    "measure_label",
    "pending_explanations",
    "running_investigation",
    "running_investigations",
]
