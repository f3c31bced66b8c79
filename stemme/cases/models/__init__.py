"""The case (sag) and who works on it.

One module per topic (the same names as the services and views); import from the package."""

from stemme.cases.models.case import AssignmentRole, Case, CaseworkerAssignment, Stage, StepRecord
from stemme.cases.models.decision import ChildWish, Decision, Measure, Paragraph
from stemme.cases.models.follow_up import (
    Closure,
    FollowUp,
    FollowUpOutcome,
    Milestone,
    MilestoneKind,
    Plan,
    PlanKind,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.cases.models.goals import GoalRating, PlanGoal
from stemme.cases.models.hearing import Hearing, HearingException, HearingParty
from stemme.cases.models.intake import (
    Intake,
    IntakeKind,
    Investigation,
    InvestigationKind,
    ReporterType,
    Screening,
    ScreeningOutcome,
)

__all__ = [
    "AssignmentRole",
    "Case",
    "CaseworkerAssignment",
    "ChildWish",
    "Closure",
    "Decision",
    "FollowUp",
    "FollowUpOutcome",
    "GoalRating",
    "Hearing",
    "HearingException",
    "HearingParty",
    "Intake",
    "IntakeKind",
    "Investigation",
    "InvestigationKind",
    "Measure",
    "Milestone",
    "MilestoneKind",
    "Paragraph",
    "Plan",
    "PlanGoal",
    "PlanKind",
    "ReporterType",
    "Screening",
    "ScreeningOutcome",
    "Stage",
    "StartUpMeeting",
    "StepRecord",
    "SupervisionVisit",
]
