"""Refusals that used to leave no trace are in the access log too (issue 13, L3).

- Another child's nested id (a network member, a letter, a meeting's participant …) under a
  child, case or meeting the user may see: 404 and one ``denied`` row. The row names no child;
  its criterion says where the user was and what they asked for
  (``child:<own>/network_member:<id>``). The own child's ``view`` row of the request is rolled
  back (a POST) or never written (a GET), as for any refused request.
- A meeting id that does not exist: 404 and a ``denied`` row, like a child or case id.
- A role without child data (the administrator) on a child page: 403 and a ``denied`` row.
"""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog
from stemme.cases.services import goals as goal_services
from stemme.cases.tests.matrix_plan_goals import make_plan
from stemme.continuity import services as continuity_services
from stemme.letters.services import Recipient, letter_send
from stemme.meetings import services as meeting_services
from stemme.meetings.tests.factories import parent, plan
from stemme.participation.services import registers
from stemme.participation.tests.test_registers_services import add_member, add_parent
from stemme.portal.testing import active_account

# What the prober (the other team's caseworker) may see: their own child, its case, a meeting.
# The nested ids are the (assigned caseworker's) world.child's records.


def _network_member(world):
    return add_member(world, "Mormor").pk


def _bisidder(world):
    return registers.bisidder_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name="Bo Bisidder",
        birth_date=dt.date(1990, 1, 1),
        relation="Nabo",
    ).pk


def _restriction(world):
    return registers.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=[add_parent(world)],
    ).pk


def _goal(world):
    make_plan(world)
    return goal_services.goal_add(
        actor=world.assigned_caseworker, case=world.case, words="Ro i skolen"
    ).pk


def _participant(world):
    return meeting_services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=plan(world),
        kind="person",
        person=parent(world),
        role_for_child="Din mor.",
    ).pk


def _item(world):
    return meeting_services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=plan(world), text="Skolen", from_child=False
    ).pk


def _letter(world):
    return letter_send(
        actor=world.assigned_caseworker,
        child=world.child,
        recipient=Recipient.child(world.child),
        kind="other",
        subject="Hej",
        body="Vi ses.",
        channel="letter",
        case=world.case,
    ).pk


def _portal_account(world):
    return active_account(world).pk


def _handover(world):
    return continuity_services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=timezone.localdate(),
    ).pk


# (url name, method, POST data, what the URL is under, the nested kwarg, its kind, the record)
NESTED = [
    (
        "participation:network_edit",
        "get",
        None,
        "child",
        "member_id",
        "network_member",
        _network_member,
    ),
    (
        "participation:network_remove",
        "post",
        {},
        "child",
        "member_id",
        "network_member",
        _network_member,
    ),
    ("participation:bisidder_end", "post", {}, "child", "bisidder_id", "bisidder", _bisidder),
    (
        "participation:safety_edit",
        "get",
        None,
        "child",
        "restriction_id",
        "safety_restriction",
        _restriction,
    ),
    (
        "participation:safety_lift",
        "post",
        {},
        "child",
        "restriction_id",
        "safety_restriction",
        _restriction,
    ),
    ("cases:goal_edit", "get", None, "case", "goal_id", "plan_goal", _goal),
    ("cases:goal_end", "post", {}, "case", "goal_id", "plan_goal", _goal),
    (
        "meetings:participant_remove",
        "post",
        {},
        "meeting",
        "participant_id",
        "meeting_participant",
        _participant,
    ),
    ("meetings:item_remove", "post", {}, "meeting", "item_id", "agenda_item", _item),
    ("meetings:item_move", "post", {"direction": "up"}, "meeting", "item_id", "agenda_item", _item),
    ("letters:detail", "get", None, "child", "letter_id", "letter", _letter),
    (
        "portal_staff:account_action",
        "post",
        {"action": "close"},
        "child",
        "account_id",
        "portal_account",
        _portal_account,
    ),
    ("continuity:handover", "get", None, "case", "handover_id", "handover", _handover),
]


def _own(world, under: str):
    """The prober's own child, case or meeting (all on the other team's case)."""
    case = world.other_child.cases.get()
    if under == "child":
        return world.other_child
    if under == "case":
        return case
    return plan(world, actor=world.other_team_caseworker, case=case)


@pytest.mark.parametrize(
    ("name", "method", "data", "under", "key", "kind", "make"), NESTED, ids=[n[0] for n in NESTED]
)
def test_another_childs_nested_id_is_refused_and_logged(
    client, world, name, method, data, under, key, kind, make
):
    nested = make(world)
    own = _own(world, under)
    prober = world.other_team_caseworker
    client.force_login(prober)
    before = AccessLog.objects.count()

    url = reverse(name, kwargs={f"{under}_id": own.pk, key: nested})
    response = getattr(client, method)(url, data) if data is not None else client.get(url)

    assert response.status_code == 404
    rows = list(AccessLog.objects.filter(user=prober).order_by("pk"))
    assert len(rows) == 1, rows  # the refusal, and not the own child's rolled-back view
    row = rows[0]
    assert (row.action, row.child, row.result_count) == (AccessAction.DENIED, None, 0)
    assert row.criterion == f"{under}:{own.pk}/{kind}:{nested}"
    assert row.municipality == world.municipality
    assert AccessLog.objects.count() == before + 1


def test_an_own_record_the_page_does_not_take_is_a_plain_404(client, world):
    """A removed member of the own child is not a probe: 404, no denied row."""
    member = add_member(world, "Moster")
    registers.network_member_remove(
        actor=world.assigned_caseworker, member=member, expected_version=member.version
    )
    client.force_login(world.assigned_caseworker)
    url = reverse(
        "participation:network_edit", kwargs={"child_id": world.child.pk, "member_id": member.pk}
    )
    assert client.get(url).status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.DENIED).exists()


@pytest.mark.parametrize("path", ["meetings:detail", "meetings:agenda"])
def test_a_meeting_id_that_does_not_exist_is_logged(client, world, path):
    client.force_login(world.assigned_caseworker)
    unknown = uuid.uuid4()
    assert client.get(reverse(path, kwargs={"meeting_id": unknown})).status_code == 404
    row = AccessLog.objects.get(action=AccessAction.DENIED)
    assert (row.user, row.child, row.criterion) == (
        world.assigned_caseworker,
        None,
        f"meeting:{unknown}",
    )


def test_another_teams_meeting_is_logged_with_the_id_asked_for(client, world):
    meeting = plan(world)
    client.force_login(world.other_team_caseworker)
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    assert client.get(url).status_code == 404
    assert AccessLog.objects.get(action=AccessAction.DENIED).criterion == f"meeting:{meeting.pk}"


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "criterion"),
    [
        ("children:detail", "get", {"child_id": "child"}, "child:{child}"),
        ("cases:detail", "get", {"case_id": "case"}, "case:{case}"),
        ("participation:network_add", "post", {"child_id": "child"}, "child:{child}"),
        ("deadlines:worklist", "get", {}, "/arbejdsliste/"),
    ],
)
def test_the_administrator_on_a_child_page_is_refused_and_logged(
    client, world, name, method, kwargs, criterion
):
    values = {"child": world.child.pk, "case": world.case.pk}
    url = reverse(name, kwargs={key: values[value] for key, value in kwargs.items()})
    client.force_login(world.administrator)

    assert getattr(client, method)(url).status_code == 403

    row = AccessLog.objects.get()
    assert (row.user, row.action, row.child, row.result_count) == (
        world.administrator,
        AccessAction.DENIED,
        None,
        0,
    )
    assert row.criterion == criterion.format(**values)
    assert row.municipality == world.municipality
