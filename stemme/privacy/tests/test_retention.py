"""Retention: a dry run by default, deletion only of what is due and not kept for the archive,
and never a half deletion."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from stemme.audit.models import AccessLog, Event
from stemme.cases.models import Case, Stage
from stemme.cases.services import steps
from stemme.children.models import Child, ChildRelation, Person
from stemme.privacy import services
from stemme.privacy.models import ArchiveHold
from stemme.privacy.retention import RetentionConfigError, retention_plan, schedules

SCHEDULE = {"901": {"closed_case_years": 5, "approval": "Rigsarkivet j.nr. 2026-0042"}}
LATER = dt.date(2040, 1, 1)


def run(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def _verdict(child, **kwargs):
    return next(v for v in retention_plan(**kwargs) if v.child_id == str(child.pk))


def _close(world):
    steps.case_close(
        actor=world.assigned_caseworker,
        case=world.case,
        closed_on=timezone.localdate(),
        purpose_achieved="Ja",
        if_worry_returns="Ring til os",
    )


@pytest.fixture
def quiet_child(world):
    """A child with no trace in the audit logs (made directly, as an import of old records
    without history would): the only kind the job can delete while the logs point to children."""
    child = Child.objects.create(
        municipality=world.municipality,
        first_name="Gammel",
        last_name="Sagsen",
        birth_date=dt.date(2001, 2, 3),
        cpr="0302015999",
    )
    case = Case.objects.create(
        child=child,
        team=world.team,
        stage=Stage.CLOSED,
        opened_on=dt.date(2010, 1, 4),
        closed_on=dt.date(2012, 6, 30),
    )
    only_theirs = Person.objects.create(
        municipality=world.municipality, first_name="Mor", last_name="Sagsen"
    )
    shared = Person.objects.create(
        municipality=world.municipality, first_name="Fælles", last_name="Onkel"
    )
    ChildRelation.objects.create(child=child, person=only_theirs, relation="mother")
    ChildRelation.objects.create(child=child, person=shared, relation="other")
    ChildRelation.objects.create(child=world.other_child, person=shared, relation="other")
    return {"child": child, "case": case, "only_theirs": only_theirs, "shared": shared}


# --- Configuration ------------------------------------------------------------------------------


def test_without_configuration_everything_is_kept(world, quiet_child):
    assert schedules() == {}
    output = run("--today", LATER.isoformat())

    assert "ingen slettefrist konfigureret: alt bevares" in output
    assert "SLETTES" not in output
    assert "BLOKERET" not in output
    assert world.child.first_name not in output  # ids only, never names
    assert world.child.cpr not in output
    assert f"{Child.objects.count()} børn: {Child.objects.count()} bevares" in output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "ikke gyldig JSON"),
        ('["901"]', "objekt med kommunekoder"),
        ({"901": 5}, "skal være et objekt"),
        ({"901": {"closed_case_years": 0, "approval": "x"}}, "helt antal år"),
        ({"901": {"closed_case_years": "5", "approval": "x"}}, "helt antal år"),
        ({"901": {"closed_case_years": 5}}, "Rigsarkivets"),
    ],
)
def test_a_bad_configuration_is_refused_with_a_clear_message(world, value, message):
    with override_settings(STEMME_RETENTION=value):
        with pytest.raises(RetentionConfigError, match=message):
            schedules()
        with pytest.raises(CommandError, match=message):
            run()


def test_the_configuration_can_be_json_text(world):
    with override_settings(STEMME_RETENTION='{"901": {"closed_case_years": 3, "approval": "A"}}'):
        assert schedules()["901"].closed_case_years == 3


# --- Verdicts -----------------------------------------------------------------------------------


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_an_open_case_keeps_the_child(world):
    verdict = _verdict(world.child, today=LATER)
    assert not verdict.due
    assert verdict.reason == "en sag er åben"


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_a_closed_case_is_due_only_after_the_configured_years(world):
    _close(world)
    closed = timezone.localdate()

    soon = _verdict(world.child, today=closed + dt.timedelta(days=365))
    assert not soon.due
    assert "slettefristen udløber" in soon.reason
    assert soon.due_on == closed.replace(year=closed.year + 5)

    later = _verdict(world.child, today=LATER)
    assert later.due
    assert "Rigsarkivet j.nr. 2026-0042" in later.reason


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_the_audit_logs_block_the_deletion_of_a_child_with_history(world):
    _close(world)
    verdict = _verdict(world.child, today=LATER)

    assert verdict.due
    assert not verdict.deletable
    assert any("hændelsesloggen (append-only)" in blocker for blocker in verdict.blockers)
    output = run("--today", LATER.isoformat())
    assert f"{world.child.pk}  BLOKERET" in output


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_an_archive_hold_keeps_the_child_until_lifted(world, quiet_child):
    child = quiet_child["child"]
    hold = services.archive_hold_set(actor=world.leader, child=child, reason="Udvalgt til arkiv")

    assert _verdict(child, today=LATER).reason == "markeret til bevaring (arkivhold)"
    assert Event.objects.filter(kind="archive_hold.set", child=child).exists()

    services.archive_hold_lift(actor=world.leader, hold=hold, reason="Fejl")
    assert _verdict(child, today=LATER).due
    with pytest.raises(ValidationError):
        services.archive_hold_lift(actor=world.leader, hold=hold, reason="Igen")


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_cases_from_before_1970_are_always_kept(world, quiet_child):
    Case.objects.filter(pk=quiet_child["case"].pk).update(opened_on=dt.date(1968, 5, 1))
    verdict = _verdict(quiet_child["child"], today=LATER)
    assert not verdict.due
    assert "før 1970" in verdict.reason


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_a_child_without_cases_is_kept(world):
    child = Child.objects.create(
        municipality=world.municipality,
        first_name="Uden",
        last_name="Sag",
        birth_date=dt.date(2015, 1, 1),
        cpr="0101155999",
    )
    assert _verdict(child, today=LATER).reason == "ingen sager at regne slettefristen fra"


def test_holds_need_a_leader_or_administrator_and_a_reason(world, quiet_child):
    child = quiet_child["child"]
    with pytest.raises(ValidationError):
        services.archive_hold_set(actor=world.assigned_caseworker, child=child, reason="x")
    with pytest.raises(ValidationError):
        services.archive_hold_set(actor=world.leader, child=child, reason="  ")
    with pytest.raises(ValidationError):
        services.archive_hold_set(
            actor=world.other_municipality_caseworker, child=child, reason="x"
        )
    assert not ArchiveHold.objects.exists()


# --- Applying -----------------------------------------------------------------------------------


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_apply_is_refused_as_a_whole_when_a_due_child_is_blocked(world, quiet_child):
    _close(world)
    counts = {model: model.objects.count() for model in (Child, Case, Person, ChildRelation)}

    with pytest.raises(CommandError, match="blokeret; intet er slettet"):
        run("--apply", "--user", "admin", "--today", LATER.isoformat())

    # Not even the quiet child, which alone could have been deleted.
    assert {model: model.objects.count() for model in counts} == counts
    assert not Event.objects.filter(kind="retention.child_deleted").exists()


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_apply_deletes_a_due_child_with_its_records_and_only_its_people(world, quiet_child):
    child, case = quiet_child["child"], quiet_child["case"]
    logs_before = AccessLog.objects.count()

    output = run("--apply", "--user", "admin", "--today", LATER.isoformat())

    assert f"Slettet: {child.pk}" in output
    assert not Child.objects.filter(pk=child.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not ChildRelation.objects.filter(child_id=child.pk).exists()
    assert not Person.objects.filter(pk=quiet_child["only_theirs"].pk).exists()
    assert Person.objects.filter(pk=quiet_child["shared"].pk).exists()  # another child's too
    assert Child.objects.filter(pk=world.child.pk).exists()
    assert AccessLog.objects.count() == logs_before
    event = Event.objects.get(kind="retention.child_deleted")
    assert event.child_id is None
    assert event.data["child_id"] == str(child.pk)
    assert event.actor == world.administrator
    assert "Gammel" not in str(event.data)
    assert "0302015999" not in str(event.data)


@override_settings(STEMME_RETENTION=SCHEDULE)
def test_the_dry_run_is_the_default_and_deletes_nothing(world, quiet_child):
    output = run("--today", LATER.isoformat())
    assert f"{quiet_child['child'].pk}  SLETTES" in output
    assert "prøvekørsel, intet slettes" in output
    assert Child.objects.filter(pk=quiet_child["child"].pk).exists()


@override_settings(STEMME_RETENTION=SCHEDULE)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--apply",), "Angiv --user"),
        (("--apply", "--user", "ingen"), "findes ikke"),
        (("--apply", "--user", "leder"), "Kun en administrator"),
        (("--apply", "--user", "fremmed", "--municipality", "901"), "Kun en faglig leder"),
        (("--apply", "--user", "admin", "--municipality", "902"), "hører ikke til"),
        (("--municipality", "555"), "Ingen kommune"),
        (("--today", "i morgen"), "ÅÅÅÅ-MM-DD"),
        (("--hold", "not-an-id", "--user", "leder", "--reason", "x"), "UUID"),
        (("--lift", "7b0e9a3c-8a4e-4d5e-9d36-8f1f0e1d2c3b", "--user", "leder"), "Intet arkivhold"),
    ],
)
def test_bad_options_get_clear_messages(world, quiet_child, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Child.objects.filter(pk=quiet_child["child"].pk).exists()


def test_hold_and_lift_from_the_command(world, quiet_child):
    child = quiet_child["child"]
    output = run("--hold", str(child.pk), "--reason", "Stikprøve", "--user", "leder")
    hold = ArchiveHold.objects.get(child=child)
    assert str(hold.pk) in output

    run("--lift", str(hold.pk), "--reason", "Ikke udvalgt", "--user", "leder")
    hold.refresh_from_db()
    assert hold.lifted_on is not None
    assert hold.lifted_by == world.leader
