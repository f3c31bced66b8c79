"""The case (sag) and who works on it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Team
from stemme.children.models import Child, PortalAccount, Smiley


class Stage(models.TextChoices):
    """The steps S0–S12 of the casework process (seed003_spec §1, SBST's recommendations)."""

    RECEIVED = "received", _("Report received")
    INITIAL_CONVERSATIONS = "initial_conversations", _("Initial conversations")
    SCREENING = "screening", _("Screening")
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")
    CHOICE_OF_MEASURE = "choice_of_measure", _("Choice of measure")
    PLAN = "plan", _("The child's plan")
    START_UP_MEETING = "start_up_meeting", _("Start-up meeting")
    MEASURE_RUNNING = "measure_running", _("Measure running")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SUPERVISION = "supervision", _("Personal supervision visit")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A child's case. The UUID keeps ids opaque in URLs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.RECEIVED
    )
    opened_on = models.DateField(_("opened"))
    awareness_date = models.DateField(
        _("awareness date"),
        null=True,
        blank=True,
        help_text=_(
            "The date the municipality became aware of a possible need for support "
            "(kendskabsdato). The 4-month deadline for the child welfare investigation "
            "runs from it."
        ),
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on"]
        indexes = [models.Index(fields=["team", "stage"])]

    def __str__(self) -> str:
        return f"{self.child} – {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class AssignmentRole(models.TextChoices):
    PRIMARY = "primary", _("Primary caseworker")
    SECONDARY = "secondary", _("Secondary caseworker")


class CaseworkerAssignment(models.Model):
    """Who worked on a case, and when. Never edited away: ending sets ``ended_on``.

    Continuity figures (caseworker changes per child) are computed from this history.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("caseworker"),
    )
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("caseworker assignment")
        verbose_name_plural = _("caseworker assignments")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["caseworker", "ended_on"])]
        constraints = [
            # At most one current primary and one current secondary per case.
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_one_current_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


# --- The steps of the case (seed003_spec §1, barnets lov) ---------------------------------------
# Every step record has a UUID so that its ``ref`` ("intake:<uuid>") is stable across export and
# import: the deadline engine links obligations to these refs through the event log.


class StepRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    ref_prefix = ""

    class Meta:
        abstract = True

    @property
    def ref(self) -> str:
        return f"{self.ref_prefix}:{self.pk}"


class IntakeKind(models.TextChoices):
    UNDERRETNING = "underretning", _("Report of concern (underretning)")
    HENVENDELSE = "henvendelse", _("Application or enquiry (henvendelse)")
    CHILD_REQUEST = "child_request", _("The child's own request to be placed (§ 48)")


class ReporterType(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional (§ 133)")
    CITIZEN = "citizen", _("Citizen (§ 135)")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER_MUNICIPALITY = "other_municipality", _("Another municipality (§ 132)")
    CHILD = "child", _("The child themself")


class Intake(StepRecord):
    """S0: an underretning, a henvendelse or the child's own request (§ 48) reaches the kommune."""

    ref_prefix = "intake"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="intakes")
    kind = models.CharField(_("kind"), max_length=20, choices=IntakeKind.choices)
    reporter_type = models.CharField(
        _("reporter"), max_length=20, choices=ReporterType.choices, blank=True
    )
    reporter_name = models.CharField(
        _("reporter's name and organisation"),
        max_length=200,
        blank=True,
        help_text=_("Never shown to the child or the parents."),
    )
    received_at = models.DateTimeField(_("received"))
    content = models.TextField(_("what the report says"))
    abuse = models.BooleanField(_("concerns abuse (overgreb)"), default=False)
    parent_suspected = models.BooleanField(_("a parent is suspected"), default=False)
    honour_related = models.BooleanField(
        _("honour-related conflict or negative social control"), default=False
    )
    child_has_measure = models.BooleanField(
        _("the child already has a measure"),
        default=False,
        help_text=_(
            "Set automatically when the child has an active § 32, § 46, § 47 or § 67 measure."
        ),
    )
    urgency_assessed_at = models.DateTimeField(_("urgency assessed"), null=True, blank=True)
    urgency_is_acute = models.BooleanField(_("acute"), null=True, blank=True)
    urgency_assessment = models.TextField(_("urgency assessment"), blank=True)
    receipt_sent_on = models.DateField(_("receipt sent to the reporter"), null=True, blank=True)
    reassessed_on = models.DateField(
        _("reassessed by someone new to the case"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-received_at"]


class ScreeningOutcome(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")
    EARLY_PREVENTIVE = "early_preventive", _("Early preventive measure (§ 30/§ 31)")
    CLOSE = "close", _("Close the case: no further action")


class Screening(StepRecord):
    """S2: the written social-work assessment after the first conversations (§ 18)."""

    ref_prefix = "screening"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField(_("date"))
    information_weighted = models.TextField(
        _("information weighted"), help_text=_("Which information did you weight, and why?")
    )
    assessment = models.TextField(_("assessment"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ScreeningOutcome.choices)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on"]


class InvestigationKind(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")


class Investigation(StepRecord):
    """S3/S4: afdækning (§ 19) or børnefaglig undersøgelse (§ 20, content § 22, ICS triangle)."""

    ref_prefix = "investigation"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="investigations")
    kind = models.CharField(_("kind"), max_length=20, choices=InvestigationKind.choices)
    started_on = models.DateField(_("started"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    preliminary_assessment_on = models.DateField(_("preliminary assessment"), null=True, blank=True)
    preliminary_assessment = models.TextField(
        _("preliminary assessment (§ 20, stk. 3)"),
        blank=True,
        help_text=_("Required when the investigation cannot be finished within 4 months."),
    )
    child_development = models.TextField(_("the child's development and needs"), blank=True)
    parents_capacity = models.TextField(_("the parents' capacity"), blank=True)
    family_and_network = models.TextField(_("family and network"), blank=True)
    resources_and_challenges = models.TextField(_("resources and challenges"), blank=True)
    child_view = models.TextField(_("the child's view"), blank=True)
    parents_view = models.TextField(_("the parents' view"), blank=True)
    conclusion = models.TextField(_("conclusion and assessment"), blank=True)
    parallel_support = models.TextField(
        _("support started during the investigation: continue, and why?"), blank=True
    )

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-started_on"]

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None


class Paragraph(models.TextChoices):
    EARLY_30 = "30", _("§ 30 Early preventive offer")
    EARLY_31 = "31", _("§ 31 Early preventive measure")
    SUPPORT_32 = "32", _("§ 32 Supporting measure")
    PLACEMENT_46 = "46", _("§ 46 Placement with consent")
    PLACEMENT_47 = "47", _("§ 47 Placement without consent")
    PERMANENT_67 = "67", _("§ 67 Permanent placement")
    UNGESTOETTE_114 = "114", _("§ 114 Support for young adults (ungestøtte)")
    UNGESTOETTE_115 = "115", _("§ 115 Support for young adults (ungestøtte)")
    UNGESTOETTE_116 = "116", _("§ 116 Support for young adults re-established (ungestøtte)")
    MAINTAINED_120 = "120", _("§ 120 Placement maintained after 18")
    PROVISIONAL_143 = "143", _("§ 143 Provisional decision by the committee's chair")

    @classmethod
    def needs_purpose(cls) -> set[str]:
        """§ 32 stk. 3 and the placement rules: formål and forventet varighed are mandatory."""
        return {cls.SUPPORT_32, cls.PLACEMENT_46, cls.PLACEMENT_47, cls.PERMANENT_67}

    @classmethod
    def placements(cls) -> set[str]:
        """Placements outside the home, the chair's provisional one (§ 143) included."""
        return {cls.PLACEMENT_46, cls.PLACEMENT_47, cls.PERMANENT_67, cls.PROVISIONAL_143}

    @classmethod
    def measures(cls) -> set[str]:
        """Measures that make a new underretning need a reassessment (§ 137 stk. 1)."""
        return {
            cls.SUPPORT_32,
            cls.PLACEMENT_46,
            cls.PLACEMENT_47,
            cls.PERMANENT_67,
            cls.PROVISIONAL_143,
        }


class ChildWish(models.TextChoices):
    FOLLOWED = "followed", _("The decision follows the child's wish")
    PARTLY = "partly", _("The decision follows the child's wish in part")
    AGAINST = "against", _("The decision goes against the child's wish")
    NO_WISH = "no_wish", _("The child has no wish about it")


class Decision(StepRecord):
    """S5: an afgørelse on a measure, with its legal basis and the reasoning behind it."""

    ref_prefix = "decision"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    paragraph = models.CharField(_("measure"), max_length=3, choices=Paragraph.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=120, help_text=_("e.g. barnets lov § 32, stk. 1, nr. 3")
    )
    decided_on = models.DateField(_("decision date"))
    purpose = models.TextField(_("purpose (formål)"), blank=True)
    expected_duration = models.CharField(
        _("expected duration (forventet varighed)"), max_length=200, blank=True
    )
    reasoning = models.TextField(
        _("reasoning"), help_text=_("What did you weight, and why did you decide as you did?")
    )
    plan_decided = models.BooleanField(
        _("a barnets plan will be made (§ 91)"), null=True, blank=True
    )
    neglect_or_abuse = models.BooleanField(
        _("placement because of neglect or abuse"), default=False
    )
    provisional_reason = models.TextField(
        _("provisional or emergency reason"),
        blank=True,
        help_text=_("Required for a placement decided before the investigation is finished."),
    )
    child_view = models.TextField(_("the child's view, in the child's own words"), blank=True)
    child_view_exception = models.TextField(
        _("why the child's view could not be obtained (§ 5, stk. 4), and how it was sought"),
        blank=True,
    )
    child_view_exception_reason = models.CharField(
        _("reason for the exception"),
        max_length=10,
        choices=[("age", _("The child's age or maturity")), ("other", _("Other"))],
        blank=True,
    )
    child_view_obtained_otherwise = models.TextField(
        _("how the child's view was obtained instead"), blank=True
    )
    child_view_weighing = models.TextField(
        _("how the child's view was weighed"),
        blank=True,
        help_text=_("What weight did the child's view get, and why?"),
    )
    child_wish = models.CharField(
        _("the decision and the child's wish"),
        max_length=20,
        choices=ChildWish.choices,
        blank=True,
    )
    explanation_for_child = models.TextField(
        _("explanation for the child, in plain words"), blank=True
    )
    explanation_how = models.CharField(_("how it will be explained"), max_length=200, blank=True)
    explanation_due_on = models.DateField(_("explained to the child by"), null=True, blank=True)
    explanation_delivered_on = models.DateField(
        _("explained to the child on"), null=True, blank=True
    )
    explanation_delivered_how = models.CharField(
        _("how it was explained"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on"]

    @property
    def is_placement(self) -> bool:
        return self.paragraph in Paragraph.placements()


class Measure(StepRecord):
    """The measure a decision grants, with its actual start (iværksættelse) and end."""

    ref_prefix = "measure"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="measures")
    description = models.CharField(_("measure"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    started_on = models.DateField(_("started"))
    parallel_investigation_ends_on = models.DateField(
        _("parallel investigation ends"),
        null=True,
        blank=True,
        help_text=_("If the measure started while an investigation is still running."),
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-started_on"]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class PlanKind(models.TextChoices):
    BARNETS_PLAN = "barnets_plan", _("The child's plan (barnets plan, § 91)")
    UNGEPLAN = "ungeplan", _("Youth plan (ungeplan, § 108)")


class Plan(StepRecord):
    """S6: barnets plan or ungeplan. The full plan with goals comes with the plan feature (M5)."""

    ref_prefix = "plan"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    made_on = models.DateField(_("made"))
    summary = models.TextField(_("goals and what success looks like"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-made_on"]


class PlanGoal(models.Model):
    """One goal of a plan, in the child's own words (M5). The child rates it in Min sag."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    words = models.CharField(_("the goal, in the child's words"), max_length=300)
    success = models.CharField(_("what success looks like"), max_length=300, blank=True)
    responsible = models.CharField(_("the adult responsible"), max_length=200, blank=True)
    review_on = models.DateField(_("look at it again by"), null=True, blank=True)
    proposed_by_child = models.BooleanField(_("the child proposed this goal"), default=False)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.words

    @property
    def ref(self) -> str:
        return f"goal:{self.pk}"


class GoalRating(models.Model):
    """How the child thinks a goal of the plan is going, given in Min sag. Each rating is kept
    (a history). The table keeps its first name, ``portal_goalrating``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("goal")
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    rating = models.PositiveSmallIntegerField(_("how it is going"), choices=Smiley.choices)
    words = models.TextField(_("in the child's words"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        db_table = "portal_goalrating"
        verbose_name = _("the child's rating of a goal")
        verbose_name_plural = _("the child's ratings of goals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.rating}"


class StartUpMeeting(StepRecord):
    """S7: child, parents, network and provider meet; the first follow-up date is agreed."""

    ref_prefix = "startup"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="startup_meetings")
    held_on = models.DateField(_("held"))
    concern_and_change = models.TextField(_("the concern and the change we want"))
    first_follow_up_on = models.DateField(_("first follow-up"))

    class Meta:
        verbose_name = _("start-up meeting")
        verbose_name_plural = _("start-up meetings")
        ordering = ["-held_on"]


class FollowUpOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    ADJUST = "adjust", _("Adjust the measure")
    NEW_INVESTIGATION = "new_investigation", _("Update the investigation")
    NEW_MEASURE = "new_measure", _("Change to another measure")
    CLOSE = "close", _("Purpose achieved: prepare closure")


class FollowUp(StepRecord):
    """S9: follow-up (§ 95) with its checklist; the next date is required to close one."""

    ref_prefix = "followup"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    held_on = models.DateField(_("held"))
    talked_with_child_alone = models.BooleanField(
        _("talked with the child alone beforehand"), default=False
    )
    goals_reviewed = models.BooleanField(_("goals and status reports reviewed"), default=False)
    all_measures_reviewed = models.BooleanField(
        _("all measures followed up together"), default=False
    )
    child_wishes_for_frequency = models.TextField(
        _("the child's wishes for how often we follow up"), blank=True
    )
    assessment = models.TextField(_("written assessment"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=FollowUpOutcome.choices)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-held_on"]


class SupervisionVisit(StepRecord):
    """S10: personrettet tilsyn at the placement (§ 156 stk. 5)."""

    ref_prefix = "supervision"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supervision_visits")
    visited_on = models.DateField(_("visit date"))
    talked_with_child = models.BooleanField(_("conversation with the child"), default=True)
    staff_present = models.BooleanField(
        _("placement staff present during the conversation"), default=False
    )
    notes = models.TextField(_("notes"))

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on"]


class Closure(StepRecord):
    """S11–S12: the case is closed when the purpose is achieved."""

    ref_prefix = "closure"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField(_("closed"))
    purpose_achieved = models.TextField(_("why the case can be closed"))
    if_worry_returns = models.TextField(
        _("what the family and the child do if the worry comes back")
    )

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-closed_on"]


class MilestoneKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation with the child")
    PARTY_STATUS_INFORMED = "party_status_informed", _("Child told they are a party (from 10)")
    UNGEPLAN_DECIDED = "ungeplan_decided", _("Decided whether to make a youth plan (§ 108)")
    SIBLING_BFU_DECIDED = "sibling_bfu_decided", _("Decided on investigating a sibling (§ 21)")


class Milestone(StepRecord):
    """Smaller recorded acts that meet an obligation: a conversation, information given …"""

    ref_prefix = "milestone"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    happened_on = models.DateField(_("date"))
    child_alone = models.BooleanField(_("the child alone with the caseworker"), default=False)
    intake = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the report"),
    )
    sibling = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling"),
    )
    sibling_person = models.ForeignKey(
        "children.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling or other child in the household"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-happened_on"]
