"""The shared mechanism for concurrent edits (stemme/core/conflicts.py): the exception, the
compare-and-swap helper, how values are compared and shown, and the conflict page itself.
The two-session proof for every editable record is in test_concurrent_edits.py."""

import datetime as dt
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone, translation

from stemme.accounts.models import Team
from stemme.audit.models import Event
from stemme.audit.services import event_record
from stemme.core import conflicts
from stemme.core.conflicts import EditConflict, conflict_of, conflict_response, conflict_rows
from stemme.core.forms import apply_errors
from stemme.participation.models import NetworkMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name")
    duty_phone = forms.CharField(label="Duty phone", required=False)
    importance = forms.ChoiceField(label="Importance", choices=[("1", "Low"), ("3", "High")])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _member(world, **values):
    return NetworkMember.objects.create(
        child=world.child,
        name="Mormor",
        relation="mormor",
        sphere="private",
        contact_form="physical",
        importance=3,
        child_wants_involved="yes",
        last_reviewed_on=dt.date(2026, 1, 5),
        **values,
    )


# --- The exception -------------------------------------------------------------------------------


def test_an_edit_conflict_is_a_stale_validation_error():
    conflict = EditConflict(version=3, saved={"name": "A"})
    assert isinstance(conflict, ValidationError)
    assert conflict.code == "stale"
    assert conflict.messages == [
        "Someone else changed this while you were working on it. Reload and try again."
    ]
    # A caller that only knows ValidationError still shows it as a form error.
    form = TeamForm(data={"name": "x", "importance": "1"})
    assert form.is_valid()
    apply_errors(form, conflict)
    assert form.non_field_errors() == conflict.messages


def test_conflict_of_reads_the_saved_record_with_labels_and_choices(world):
    member = _member(world)
    conflict = conflict_of(member, ["name", "importance"], ref="network:1", mine={"x": 1})
    assert conflict.version == member.version
    assert conflict.saved == {"name": "Mormor", "importance": 3}
    assert conflict.labels["name"] == "Name"
    assert conflict.choices["importance"][3] == "Very important"
    assert conflict.mine == {"x": 1}
    assert conflict.ref == "network:1"


def test_many_to_many_values_are_sets(world):
    values, labels = conflicts.saved_values(world.assigned_caseworker, ["teams", "phone"])
    assert values == {"teams": {world.team}, "phone": ""}
    assert labels == {"teams": "Teams", "phone": "Phone"}


# --- Compare-and-swap ----------------------------------------------------------------------------


def test_update_versioned_writes_only_the_expected_version(world):
    team = world.team
    assert (
        conflicts.update_versioned(
            Team, pk=team.pk, expected_version=1, on_conflict=None, duty_phone="70 10 20 30"
        )
        == 2
    )
    seen = []

    def on_conflict(current):
        seen.append(current)
        return conflict_of(current, ["duty_phone"])

    with pytest.raises(EditConflict) as raised:
        conflicts.update_versioned(
            Team, pk=team.pk, expected_version=1, on_conflict=on_conflict, duty_phone="99"
        )
    team.refresh_from_db()
    assert (team.duty_phone, team.version) == ("70 10 20 30", 2)
    assert raised.value.version == 2
    assert raised.value.saved == {"duty_phone": "70 10 20 30"}
    assert seen[0].version == 2


# --- Comparing and showing values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mine", "saved", "different"),
    [
        ("Mormor ", "Mormor", False),  # forms strip; the database holds the stripped text
        ("", None, False),  # an empty text and nothing are the same
        ("a\r\nb", "a\nb", False),  # browsers send CRLF
        ("Mor", "Far", True),
        ({1, 2}, [2, 1], True),  # a set is not a list
        ({1, 2}, {2, 1}, False),
        (3, "3", True),
        (True, False, True),
    ],
)
def test_differs(mine, saved, different):
    assert conflicts.differs(mine, saved) is different


def test_records_compare_by_id(world):
    first = _member(world)
    same = NetworkMember.objects.get(pk=first.pk)
    other = _member(world)
    assert not conflicts.differs(first, same)
    assert conflicts.differs(first, other)
    assert not conflicts.differs({first}, NetworkMember.objects.filter(pk=first.pk))


def test_display():
    field = TeamForm().fields["importance"]
    assert conflicts.display(None) == ""
    assert conflicts.display(set()) == ""
    assert conflicts.display(True) == "Yes"
    assert conflicts.display(False) == "No"
    assert conflicts.display("3", field) == "High"
    assert conflicts.display(3, None, {3: "Very important"}) == "Very important"
    assert conflicts.display(["Fodbold", "Ferie"]) == "Fodbold\nFerie"
    assert conflicts.display({"b", "a"}) == "a, b"
    assert "2026" in conflicts.display(dt.date(2026, 3, 1))


def test_rows_follow_the_form_and_mark_what_differs():
    form = TeamForm(data={"name": "Nord", "duty_phone": "70", "importance": "3", "version": "1"})
    assert form.is_valid()
    conflict = EditConflict(
        version=2,
        saved={"duty_phone": "80", "name": "Nord", "ended_on": None},
        labels={"ended_on": "Ended"},
        mine={"ended_on": dt.date(2026, 3, 1)},
    )
    rows = conflict_rows(conflict, form=form)
    assert [row.name for row in rows] == ["name", "duty_phone", "ended_on"]
    assert [row.differs for row in rows] == [False, True, True]
    assert rows[1].label == "Duty phone"
    assert (rows[1].mine, rows[1].saved) == ("70", "80")
    assert rows[2].label == "Ended"
    assert rows[2].saved == ""


# --- The page ------------------------------------------------------------------------------------


def _post(world, data, *, files=None):
    request = RequestFactory().post("/ret/?tab=1", data)
    request.user = world.assigned_caseworker
    request.csp_nonce = "n0nce"
    request.session = {}
    request._messages = []
    if files:
        request._files = files
    return request


def _conflict_page(world, *, editable=True, conflict=None, data=None):
    data = data or {"name": "Syd", "duty_phone": "70", "importance": "3", "version": "1"}
    request = _post(world, {**data, "csrfmiddlewaretoken": "secret", "extra": "kept"})
    form = TeamForm(data=request.POST)
    assert form.is_valid()
    conflict = conflict or EditConflict(
        version=5, saved={"name": "Nord", "duty_phone": "70"}, ref=f"team:{world.team.pk}"
    )
    return conflict_response(
        request, conflict, form=form, back_url="/tilbage/", subject="Team Nord", editable=editable
    )


def _inputs(html: str, form_id: str) -> list[tuple[str, str]]:
    block = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.S).group(0)
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', block)


def test_the_page_is_a_409_with_both_versions_and_saves_nothing(world):
    events = Event.objects.count()
    response = _conflict_page(world)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<h1>Someone saved a change while you were editing</h1>" in html
    assert '<th scope="col">Your version</th>' in html
    assert '<th scope="col">The saved version</th>' in html
    assert '<th scope="row">Team name <span class="tag tag--warning">Differs</span></th>' in html
    assert "1 field differs" in html
    assert 'href="/tilbage/"' in html  # keep the saved version
    assert Event.objects.count() == events


def test_save_mine_anyway_sends_my_values_with_the_current_version(world):
    html = _conflict_page(world).content.decode()
    sent = _inputs(html, "conflict-overwrite")
    assert ("name", "Syd") in sent
    assert ("extra", "kept") in sent
    assert ("version", "5") in sent
    assert ("version", "1") not in sent
    assert not any(name == "csrfmiddlewaretoken" and value == "secret" for name, value in sent)
    assert 'action="/ret/?tab=1"' in html


def test_continue_editing_offers_my_values_on_the_current_version(world):
    html = _conflict_page(world).content.decode()
    block = re.search(r'<form[^>]*id="conflict-continue".*?</form>', html, re.S).group(0)
    assert 'name="name" value="Syd"' in block
    assert 'name="version" value="5"' in block
    assert ("extra", "kept") in _inputs(html, "conflict-continue")
    assert 'id="conflict-continue"' not in _conflict_page(world, editable=False).content.decode()


def test_the_users_own_save_in_another_tab_is_said_to_be_their_own(world):
    """Saving from a second tab after a save in the first: "you saved", not your name."""
    user = _post(world, {}).user
    mine = EditConflict(version=5, saved={"name": "Nord"}, saved_by=user, saved_at=timezone.now())
    html = _conflict_page(world, conflict=mine).content.decode()
    assert "You saved a newer version yourself at" in html
    assert f"{user.get_full_name()} saved a newer version" not in html
    theirs = EditConflict(version=5, saved={"name": "Nord"}, saved_by=world.leader)
    html = _conflict_page(world, conflict=theirs).content.decode()
    assert "Lene Leder saved a newer version" in html


def test_who_saved_comes_from_the_event_log_of_the_same_municipality(world):
    event_record(
        actor=world.leader,
        municipality=world.municipality,
        kind="organisation.team_duty_changed",
        ref=f"team:{world.team.pk}",
    )
    html = _conflict_page(world).content.decode()
    assert "Lene Leder saved a newer version at" in html
    # An event with the same ref in another municipality is never shown.
    foreign = EditConflict(version=5, saved={"name": "Nord"}, ref="holidays")
    event_record(
        actor=world.other_municipality_caseworker,
        municipality=world.other_municipality,
        kind="organisation.team_duty_changed",
        ref="holidays",
    )
    html = _conflict_page(world, conflict=foreign).content.decode()
    assert "Frida" not in html
    assert "A newer version was saved after you opened the page." in html


def test_the_page_has_no_inline_style_or_script(world):
    html = _conflict_page(world).content.decode()
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert 'nonce="n0nce"' in tag
