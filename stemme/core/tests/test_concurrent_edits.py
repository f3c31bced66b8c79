"""Two people edit the same record at once: nothing is silently overwritten (issue 6).

One table, one row per editable record (docs/architecture.md, "Concurrent edits"). For each:
two sessions load the page with the edit form, A saves, then B saves from the older page. B
gets the conflict page (HTTP 409) with A's saved value and B's own value side by side; the
database still has A's value and B's attempt wrote no event. Then B chooses "save my version
anyway" on the conflict page, which sends B's values again with the current version: it is
saved, and logged like any other save.

The forms are read from the pages as a browser would (hidden fields and all), so the test also
proves that every edit form carries the version it started from.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, PlanGoal
from stemme.cases.services import goals as goal_services
from stemme.cases.tests.matrix_plan_goals import make_plan
from stemme.children import services as child_services
from stemme.continuity import services as continuity_services
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.meetings import services as meeting_services
from stemme.meetings.models import Meeting
from stemme.meetings.tests.factories import plan
from stemme.participation.models import NetworkMember, ParticipationProfile, SafetyRestriction
from stemme.participation.services import registers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Reading forms from a page, as a browser sends them -------------------------------------------


@dataclass
class PageForm:
    action: str
    attrs: dict
    fields: list = field(default_factory=list)  # (name, value) pairs, in page order

    def data(self) -> dict:
        values: dict = {}
        for name, value in self.fields:
            values.setdefault(name, []).append(value)
        return values

    def has(self, name: str, value: str | None = None) -> bool:
        return any(n == name and (value is None or v == value) for n, v in self.fields)


class _FormParser(HTMLParser):
    """Collects each form's successful controls: inputs (checked boxes only), textareas and
    the selected options of selects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = PageForm(action=attrs.get("action") or "", attrs=attrs)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value", "on")))
                return
            self._form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._form.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A textarea's content starts after one newline the browser drops.
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "select":
            self._select = None


def page_forms(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html: str, pick: Callable[[PageForm], bool]) -> PageForm:
    found = [form for form in page_forms(html) if pick(form)]
    assert len(found) == 1, f"expected one matching form, found {len(found)}"
    return found[0]


def with_field(name: str, value: str | None = None) -> Callable[[PageForm], bool]:
    return lambda form: form.has(name, value)


def with_action(url: str) -> Callable[[PageForm], bool]:
    return lambda form: form.action.split("#")[0] == url


# --- The table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One editor's save: which page, which form on it, what they change (None: untick)."""

    page: Callable  # (world, ctx) -> url of the page with the form
    pick: Callable  # (world, ctx) -> predicate choosing the form
    changes: dict


@dataclass(frozen=True)
class Edit:
    id: str
    setup: Callable  # (world) -> ctx: the record, made through the services
    users: tuple  # World attribute names of editor A and B (may be the same person)
    a: Step
    b: Step
    read: Callable  # (ctx) -> the value under test as saved now
    a_value: Any  # read() after A's save (and after B's refused save)
    b_value: Any  # read() after B's "save my version anyway"
    shows: tuple  # texts the conflict page must show: A's saved value and B's value
    logged: bool = True  # a save records an event (a staff member's own profile does not)


def _meeting(world):
    return {"meeting": plan(world)}


def _held(world):
    meeting = plan(world)
    meeting = meeting_services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=TODAY()
    )
    return {"meeting": meeting}


def _member(world):
    member = registers.network_member_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name="Mormor Inge",
        relation="mormor",
        sphere="private",
        contact_form="physical",
        importance=3,
        child_wants_involved="yes",
    )
    return {"member": member}


def _restriction(world):
    parent = child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name="Frank",
        last_name="Hemmeligsen",
        relation="father",
        has_custody=True,
    ).person
    restriction = registers.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=[parent],
    )
    return {"restriction": restriction}


def _goal(world):
    make_plan(world)
    goal = goal_services.goal_add(
        actor=world.assigned_caseworker, case=world.case, words="Jeg vil spille fodbold igen."
    )
    return {"goal": goal}


def _handover(world):
    handover = continuity_services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=TODAY(),
    )
    return {"handover": handover}


def _nothing(world):
    return {}


def _case(world):
    return {"case": world.case}


def _url(name, **kwargs):
    """A page's URL: "@meeting" is the record made by the setup, a callable reads the world."""

    def value(world, ctx, spec):
        return ctx[spec[1:]].pk if isinstance(spec, str) else spec(world)

    return lambda world, ctx: reverse(
        name, kwargs={key: value(world, ctx, spec) for key, spec in kwargs.items()}
    )


CHILD = lambda world: world.child.pk  # noqa: E731
CASE = lambda world: world.case.pk  # noqa: E731


def _handover_url(world, ctx):
    return reverse(
        "continuity:handover",
        kwargs={"case_id": world.case.pk, "handover_id": ctx["handover"].pk},
    )


def _handover_form(name, *args):
    """Picks the handover page's form that posts to ``continuity:<name>``."""
    return lambda world, ctx: with_action(
        reverse(f"continuity:{name}", args=[world.case.pk, ctx["handover"].pk, *args])
    )


def _fresh(model, pk, name):
    return getattr(model.objects.get(pk=pk), name)


RULE = "kvittering-6-hverdage"

EDITS = [
    Edit(
        id="meeting",
        setup=_meeting,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("meetings:edit", meeting_id="@meeting"),
            lambda w, c: with_field("place"),
            {"place": "Biblioteket"},
        ),
        b=Step(
            _url("meetings:edit", meeting_id="@meeting"),
            lambda w, c: with_field("place"),
            {"place": "Hjemme hos mormor"},
        ),
        read=lambda ctx: _fresh(Meeting, ctx["meeting"].pk, "place"),
        a_value="Biblioteket",
        b_value="Hjemme hos mormor",
        shows=("Biblioteket", "Hjemme hos mormor"),
    ),
    Edit(
        id="meeting-summary",
        setup=_held,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("meetings:detail", meeting_id="@meeting"),
            lambda w, c: with_field("summary-summary_for_child"),
            {
                "summary-summary_for_child": "Du får en kontaktperson.",
                "summary-child_understood": "yes",
            },
        ),
        b=Step(
            _url("meetings:detail", meeting_id="@meeting"),
            lambda w, c: with_field("summary-summary_for_child"),
            {
                "summary-summary_for_child": "Du bliver boende.",
                "summary-child_understood": "partly",
            },
        ),
        read=lambda ctx: _fresh(Meeting, ctx["meeting"].pk, "summary_for_child"),
        a_value="Du får en kontaktperson.",
        b_value="Du bliver boende.",
        shows=("Du får en kontaktperson.", "Du bliver boende."),
    ),
    Edit(
        id="participation-profile",
        setup=_nothing,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("participation:profile", child_id=CHILD),
            lambda w, c: with_field("communication"),
            {"language": "Dansk"},
        ),
        b=Step(
            _url("participation:profile", child_id=CHILD),
            lambda w, c: with_field("communication"),
            {"language": "Arabisk"},
        ),
        read=lambda ctx: ParticipationProfile.objects.order_by("-version").first().language,
        a_value="Dansk",
        b_value="Arabisk",
        shows=("Dansk", "Arabisk"),
    ),
    Edit(
        id="network-member",
        setup=_member,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("participation:network_edit", child_id=CHILD, member_id="@member"),
            lambda w, c: with_field("name"),
            {"name": "Mormor Inge Hansen"},
        ),
        b=Step(
            _url("participation:network_edit", child_id=CHILD, member_id="@member"),
            lambda w, c: with_field("name"),
            {"name": "Inge"},
        ),
        read=lambda ctx: _fresh(NetworkMember, ctx["member"].pk, "name"),
        a_value="Mormor Inge Hansen",
        b_value="Inge",
        shows=("Mormor Inge Hansen", "Inge"),
    ),
    Edit(
        id="network-member-remove",
        setup=_member,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("participation:network_edit", child_id=CHILD, member_id="@member"),
            lambda w, c: with_field("name"),
            {"relation": "min mormor"},
        ),
        b=Step(
            _url("participation:network", child_id=CHILD),
            lambda w, c: with_action(
                reverse(
                    "participation:network_remove",
                    kwargs={"child_id": w.child.pk, "member_id": c["member"].pk},
                )
            ),
            {},
        ),
        read=lambda ctx: (
            _fresh(NetworkMember, ctx["member"].pk, "relation"),
            _fresh(NetworkMember, ctx["member"].pk, "removed_on") is not None,
        ),
        a_value=("min mormor", False),
        b_value=("min mormor", True),
        shows=("min mormor",),
    ),
    Edit(
        id="safety-restriction",
        setup=_restriction,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("participation:safety_edit", child_id=CHILD, restriction_id="@restriction"),
            lambda w, c: with_field("reason"),
            {"reason": "Far har truet barnet"},
        ),
        b=Step(
            _url("participation:safety_edit", child_id=CHILD, restriction_id="@restriction"),
            lambda w, c: with_field("reason"),
            {"reason": "Mistanke om vold i hjemmet"},
        ),
        read=lambda ctx: _fresh(SafetyRestriction, ctx["restriction"].pk, "reason"),
        a_value="Far har truet barnet",
        b_value="Mistanke om vold i hjemmet",
        shows=("Far har truet barnet", "Mistanke om vold i hjemmet"),
    ),
    Edit(
        id="safety-restriction-lift",
        setup=_restriction,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("participation:safety_edit", child_id=CHILD, restriction_id="@restriction"),
            lambda w, c: with_field("reason"),
            {"reason": "Far har truet barnet igen"},
        ),
        b=Step(
            _url("participation:safety_edit", child_id=CHILD, restriction_id="@restriction"),
            lambda w, c: with_field("lift_reason"),
            {"lift_reason": "Sagen er afklaret"},
        ),
        read=lambda ctx: (
            _fresh(SafetyRestriction, ctx["restriction"].pk, "reason"),
            _fresh(SafetyRestriction, ctx["restriction"].pk, "lifted_on") is not None,
        ),
        a_value=("Far har truet barnet igen", False),
        b_value=("Far har truet barnet igen", True),
        shows=("Far har truet barnet igen", "Sagen er afklaret"),
    ),
    Edit(
        id="handover-step",
        setup=_handover,
        users=("same_team_caseworker", "leader"),
        a=Step(
            _handover_url,
            _handover_form("handover_step", "told"),
            {"told-child_not_told_reason": "Barnet var syg"},
        ),
        b=Step(
            _handover_url,
            _handover_form("handover_step", "told"),
            {"told-child_not_told_reason": "Barnet var på ferie"},
        ),
        read=lambda ctx: _fresh(Handover, ctx["handover"].pk, "child_not_told_reason"),
        a_value="Barnet var syg",
        b_value="Barnet var på ferie",
        shows=("Barnet var syg", "Barnet var på ferie"),
    ),
    Edit(
        id="handover-letter",
        setup=_handover,
        users=("same_team_caseworker", "leader"),
        a=Step(
            _handover_url,
            _handover_form("handover_step", "letter"),
            {"letter-no_letter_reason": "Barnet får det fortalt ved mødet"},
        ),
        b=Step(_handover_url, _handover_form("handover_letter"), {}),
        read=lambda ctx: (
            _fresh(Handover, ctx["handover"].pk, "no_letter_reason"),
            _fresh(Handover, ctx["handover"].pk, "letter_sent_on") is not None,
        ),
        a_value=("Barnet får det fortalt ved mødet", False),
        b_value=("", True),
        shows=("Barnet får det fortalt ved mødet",),
    ),
    Edit(
        id="child-story",
        setup=_nothing,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("continuity:story", child_id=CHILD),
            lambda w, c: with_field("text"),
            {"text": "Jeg bor hos mor."},
        ),
        b=Step(
            _url("continuity:story", child_id=CHILD),
            lambda w, c: with_field("text"),
            {"text": "Jeg spiller fodbold."},
        ),
        read=lambda ctx: ChildStory.objects.order_by("-version").first().text,
        a_value="Jeg bor hos mor.",
        b_value="Jeg spiller fodbold.",
        shows=("Jeg bor hos mor.", "Jeg spiller fodbold."),
    ),
    Edit(
        id="plan-goal",
        setup=_goal,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("cases:goal_edit", case_id=CASE, goal_id="@goal"),
            lambda w, c: with_field("words"),
            {"words": "Jeg vil spille fodbold hver uge."},
        ),
        b=Step(
            _url("cases:goal_edit", case_id=CASE, goal_id="@goal"),
            lambda w, c: with_field("words"),
            {"words": "Jeg vil begynde til håndbold."},
        ),
        read=lambda ctx: _fresh(PlanGoal, ctx["goal"].pk, "words"),
        a_value="Jeg vil spille fodbold hver uge.",
        b_value="Jeg vil begynde til håndbold.",
        shows=("Jeg vil spille fodbold hver uge.", "Jeg vil begynde til håndbold."),
    ),
    Edit(
        id="plan-goal-end",
        setup=_goal,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("cases:goal_edit", case_id=CASE, goal_id="@goal"),
            lambda w, c: with_field("words"),
            {"words": "Jeg vil spille fodbold hver uge."},
        ),
        b=Step(
            _url("cases:goal_edit", case_id=CASE, goal_id="@goal"),
            lambda w, c: with_field("end-version"),
            {},
        ),
        read=lambda ctx: (
            _fresh(PlanGoal, ctx["goal"].pk, "words"),
            _fresh(PlanGoal, ctx["goal"].pk, "ended_on") is not None,
        ),
        a_value=("Jeg vil spille fodbold hver uge.", False),
        b_value=("Jeg vil spille fodbold hver uge.", True),
        shows=("Jeg vil spille fodbold hver uge.",),
    ),
    Edit(
        id="case-awareness-date",
        setup=_case,
        users=("assigned_caseworker", "leader"),
        a=Step(
            _url("cases:step", case_id=CASE, step=lambda w: "kendskabsdato"),
            lambda w, c: with_field("awareness_date"),
            {"awareness_date": str(TODAY() - dt.timedelta(days=3)), "reason": "Skolens brev"},
        ),
        b=Step(
            _url("cases:step", case_id=CASE, step=lambda w: "kendskabsdato"),
            lambda w, c: with_field("awareness_date"),
            {"awareness_date": str(TODAY() - dt.timedelta(days=5)), "reason": "Lægens opkald"},
        ),
        read=lambda ctx: _fresh(Case, ctx["case"].pk, "awareness_date"),
        a_value=TODAY() - dt.timedelta(days=3),
        b_value=TODAY() - dt.timedelta(days=5),
        shows=(),
    ),
    Edit(
        id="staff-profile",
        setup=_nothing,
        users=("assigned_caseworker", "assigned_caseworker"),  # one person, two browser tabs
        a=Step(
            lambda w, c: reverse("accounts:profile"),
            lambda w, c: with_field("phone"),
            {"phone": "33 12 34 56"},
        ),
        b=Step(
            lambda w, c: reverse("accounts:profile"),
            lambda w, c: with_field("phone"),
            {"phone": "40 40 40 40"},
        ),
        read=lambda ctx: User.objects.get(username="tildelt").phone,
        a_value="33 12 34 56",
        b_value="40 40 40 40",
        shows=("33 12 34 56", "40 40 40 40"),
        logged=False,
    ),
    Edit(
        id="portal-settings",
        setup=_nothing,
        users=("administrator", "administrator"),
        a=Step(
            lambda w, c: reverse("accounts:organisation_portal"),
            lambda w, c: with_field("answer_within_days"),
            {"answer_within_days": "3"},
        ),
        b=Step(
            lambda w, c: reverse("accounts:organisation_portal"),
            lambda w, c: with_field("answer_within_days"),
            {"answer_within_days": "5"},
        ),
        read=lambda ctx: Municipality.objects.get(code="901").portal_answer_within_days,
        a_value=3,
        b_value=5,
        shows=(),
    ),
    Edit(
        id="team-duty-phone",
        setup=_nothing,
        users=("administrator", "administrator"),
        a=Step(
            lambda w, c: reverse("accounts:team_duty", kwargs={"team_id": w.team.pk}),
            lambda w, c: with_field("duty_phone"),
            {"duty_phone": "70 10 20 30"},
        ),
        b=Step(
            lambda w, c: reverse("accounts:team_duty", kwargs={"team_id": w.team.pk}),
            lambda w, c: with_field("duty_phone"),
            {"duty_phone": "70 99 99 99"},
        ),
        read=lambda ctx: Team.objects.get(name="Team Nord").duty_phone,
        a_value="70 10 20 30",
        b_value="70 99 99 99",
        shows=("70 10 20 30", "70 99 99 99"),
    ),
    Edit(
        id="team-department",
        setup=_nothing,
        users=("administrator", "administrator"),
        a=Step(
            lambda w, c: reverse("accounts:team_department", kwargs={"team_id": w.team.pk}),
            lambda w, c: with_field("department"),
            {"department": "Myndighed"},
        ),
        b=Step(
            lambda w, c: reverse("accounts:team_department", kwargs={"team_id": w.team.pk}),
            lambda w, c: with_field("department"),
            {"department": "Familieafdelingen"},
        ),
        read=lambda ctx: Team.objects.get(name="Team Nord").department.name,
        a_value="Myndighed",
        b_value="Familieafdelingen",
        shows=("Myndighed", "Familieafdelingen"),
    ),
    Edit(
        id="deadline-rule",
        setup=_nothing,
        users=("administrator", "administrator"),
        a=Step(
            lambda w, c: reverse("deadlines:rules"),
            lambda w, c: with_field("rule-rule_id", RULE),
            {"rule-duration": "4", "rule-reason": "Kommunens egen frist"},
        ),
        b=Step(
            lambda w, c: reverse("deadlines:rules"),
            lambda w, c: with_field("rule-rule_id", RULE),
            {"rule-duration": "5", "rule-reason": "Aftalt med skolerne"},
        ),
        read=lambda ctx: RuleOverride.objects.get(rule_id=RULE).duration,
        a_value=4,
        b_value=5,
        shows=("Kommunens egen frist", "Aftalt med skolerne"),
    ),
    Edit(
        id="holidays",
        setup=_nothing,
        users=("administrator", "administrator"),
        a=Step(
            lambda w, c: reverse("deadlines:rules"),
            lambda w, c: with_field("form", "holidays"),
            {"grundlovsdag": None},
        ),
        b=Step(
            lambda w, c: reverse("deadlines:rules"),
            lambda w, c: with_field("form", "holidays"),
            {"juleaftensdag": None},
        ),
        read=lambda ctx: (
            HolidaySettings.objects.get().grundlovsdag,
            HolidaySettings.objects.get().juleaftensdag,
        ),
        a_value=(False, True),
        b_value=(True, False),
        shows=(),
    ),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)  # password and authenticator code (see the root conftest)
    return client


def _load(client, world, ctx, step: Step) -> tuple[str, dict]:
    """Open the page and read the form the editor will send: (where it posts, its data)."""
    url = step.page(world, ctx)
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = find_form(page.content.decode(), step.pick(world, ctx))
    data = form.data()
    for name, value in step.changes.items():
        if value is None:
            data.pop(name, None)  # an unticked box is not sent
        else:
            data[name] = [value]
    return form.action.split("#")[0] or url, data


@pytest.mark.parametrize("edit", EDITS, ids=[edit.id for edit in EDITS])
def test_two_sessions_a_stale_save_gets_the_conflict_page(world, edit):
    ctx = edit.setup(world)
    a_user, b_user = (getattr(world, name) for name in edit.users)
    a, b = _client(a_user), _client(b_user)

    # Both open the page before either saves.
    a_url, a_data = _load(a, world, ctx, edit.a)
    b_url, b_data = _load(b, world, ctx, edit.b)

    saved = a.post(a_url, a_data)
    assert saved.status_code == 302, (edit.id, saved.status_code)
    assert edit.read(ctx) == edit.a_value

    events = Event.objects.count()
    refused = b.post(b_url, b_data)
    assert refused.status_code == 409, (edit.id, refused.status_code)
    body = refused.content.decode()
    assert 'id="conflict-table"' in body
    for text in edit.shows:
        assert escape(text) in body, (edit.id, text)
    assert "conflict-row--differs" in body  # at least one row is marked as different
    assert edit.read(ctx) == edit.a_value  # A's save stands
    assert Event.objects.count() == events  # B's attempt is not a save

    # B looks, and saves B's version anyway: a conscious overwrite, logged as B's save.
    overwrite = find_form(body, lambda form: form.attrs.get("id") == "conflict-overwrite")
    assert overwrite.action.split("#")[0] == b_url
    again = b.post(b_url, overwrite.data())
    assert again.status_code == 302, (edit.id, again.status_code)
    assert edit.read(ctx) == edit.b_value
    if edit.logged:
        assert Event.objects.filter(actor=b_user).count() > 0
        assert Event.objects.count() > events
