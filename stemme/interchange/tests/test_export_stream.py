"""The streamed export (issue 16): the children read and written a batch at a time give the same
bytes as the whole document, in queries that grow with the batches, not the children; an export
that stops leaves no file and no access-log rows."""

import datetime as dt
import json
import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stemme.accounts.models import Municipality, User
from stemme.audit.models import AccessAction, AccessLog
from stemme.children.models import Child, ChildRelation
from stemme.children.services import person_link_to_child
from stemme.interchange.selectors import MunicipalityExport
from stemme.interchange.selectors.rows import children_in_file_order
from stemme.interchange.services import (
    EXPORT_PURPOSE,
    cases_export,
    cases_export_stream,
    export_text,
)
from stemme.letters import services as letters

CHILDREN = 30


@pytest.fixture
def demo(db):
    """A demo municipality of ``CHILDREN`` children (several batches of 7), and its leader."""
    call_command("seed_demo", children=CHILDREN, seed=5, stdout=StringIO())
    municipality = Municipality.objects.get(name="Stemmeby Kommune")
    return municipality, User.objects.get(username="leder")


def streamed(municipality, user, batch_size=None) -> str:
    out = StringIO()
    count = cases_export_stream(
        municipality=municipality, user=user, out=out, batch_size=batch_size
    )
    assert count == Child.objects.filter(municipality=municipality).count()
    return out.getvalue()


def export_queries(municipality, user, batch_size) -> int:
    with CaptureQueriesContext(connection) as queries:
        streamed(municipality, user, batch_size)
    return len(queries)


def a_letter_the_format_cannot_carry(child, stranger_of) -> None:
    """A letter about ``child`` to a person related only to ``stranger_of``: the person has no
    key in the child's file, so the export refuses rather than drop the link."""
    stranger = person_link_to_child(
        actor=None, child=stranger_of, first_name="Sten", last_name="Fremmed", relation="other"
    ).person
    letters.letter_send(
        actor=None,
        child=child,
        recipient=letters.Recipient(kind="person", name="Sten Fremmed", person=stranger),
        kind="other",
        subject="Om barnet",
        body="…",
        channel="letter",
    )


@pytest.mark.django_db
def test_the_stream_gives_the_bytes_of_the_whole_document_in_batches(demo):
    municipality, leader = demo
    # A person shared by the first and the last child in the file, which are in different
    # batches: each child's file gives the person its own key.
    order = children_in_file_order(municipality)
    shared = ChildRelation.objects.filter(child_id=order[0]).first()
    ChildRelation.objects.create(child_id=order[-1], person=shared.person, relation="other")

    whole = export_text(cases_export(municipality=municipality, user=leader))

    assert streamed(municipality, leader, batch_size=7) == whole
    assert streamed(municipality, leader, batch_size=1) == whole
    assert streamed(municipality, leader) == whole  # one batch
    document = json.loads(whole)
    assert len(document["children"]) == CHILDREN
    names = [(c["last_name"], c["first_name"], c["id"]) for c in document["children"]]
    assert names == sorted(names)
    assert [c["id"] for c in document["children"]] == [str(pk) for pk in order]
    last = document["children"][-1]
    assert shared.person.first_name in {r["first_name"] for r in last["relations"]}


@pytest.mark.django_db
def test_the_stream_gives_the_bytes_of_every_kind_of_record_one_child_a_batch(history):
    whole = export_text(cases_export(municipality=history.municipality, user=history.leader))

    assert streamed(history.municipality, history.leader, batch_size=1) == whole


@pytest.mark.django_db
def test_an_empty_municipality_streams_its_document(world):
    municipality = Municipality.objects.create(name="Tomby Kommune", code="777")
    world.leader.municipality = municipality
    world.leader.save()

    text = streamed(municipality, world.leader)

    assert text == export_text(cases_export(municipality=municipality, user=world.leader))
    assert json.loads(text)["children"] == []


@pytest.mark.django_db
def test_the_stream_logs_one_export_per_child_for_the_responsible_user(demo):
    municipality, leader = demo
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    streamed(municipality, leader, batch_size=7)

    logs = AccessLog.objects.filter(pk__gt=before)
    assert logs.count() == CHILDREN
    assert set(logs.values_list("child_id", flat=True)) == set(
        Child.objects.filter(municipality=municipality).values_list("pk", flat=True)
    )
    assert {(log.user_id, log.action, log.purpose) for log in logs} == {
        (leader.pk, AccessAction.EXPORT, EXPORT_PURPOSE)
    }


@pytest.mark.django_db
def test_the_queries_grow_with_the_batches_not_the_children(demo):
    municipality, leader = demo
    one_batch = export_queries(municipality, leader, batch_size=CHILDREN)
    three_batches = export_queries(municipality, leader, batch_size=10)
    six_batches = export_queries(municipality, leader, batch_size=5)
    # Twice the children in the same number of batches: the same queries.
    for number in range(CHILDREN):
        Child.objects.create(
            municipality=municipality,
            first_name=f"Ekstra {number}",
            last_name="Barn",
            birth_date=dt.date(2015, 1, 1),
            cpr=f"01011590{number:02d}",
        )
    twice_the_children = export_queries(municipality, leader, batch_size=2 * CHILDREN)

    per_batch = (three_batches - one_batch) / 2
    assert 0 < per_batch < 60
    assert six_batches - three_batches == 3 * per_batch
    assert twice_the_children == one_batch
    assert one_batch < 70  # a fixed number of queries, far fewer than the children's rows


@pytest.mark.django_db
def test_an_export_that_stops_midway_leaves_no_file_and_logs_nothing(demo, tmp_path, monkeypatch):
    municipality, _leader = demo
    monkeypatch.setattr("stemme.interchange.selectors.export.BATCH_SIZE", 7)
    order = children_in_file_order(municipality)
    # The last child in the file: the batches before it are written and logged first.
    a_letter_the_format_cannot_carry(
        Child.objects.get(pk=order[-1]), stranger_of=Child.objects.get(pk=order[0])
    )
    path = tmp_path / "eksport.json"
    older = tmp_path / "older.json"
    older.write_text("the export of last week", encoding="utf-8")
    before = AccessLog.objects.count()
    out = StringIO()

    for output in (("--output", str(path)), ("--output", str(older)), ()):
        with pytest.raises(CommandError, match="The export was stopped, nothing was exported"):
            call_command("export_cases", "--user", "leder", *output, "--language", "en", stdout=out)

    assert AccessLog.objects.count() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["older.json"]
    assert older.read_text(encoding="utf-8") == "the export of last week"
    assert out.getvalue() == ""  # standard output cannot be taken back: nothing was written


@pytest.mark.django_db
def test_a_device_named_as_the_output_is_written_to_not_replaced(world):
    devices = sorted(Path("/dev").iterdir())

    call_command("export_cases", "--user", "leder", "--output", os.devnull, stderr=StringIO())

    assert Path(os.devnull).is_char_device()
    assert sorted(Path("/dev").iterdir()) == devices


def test_a_batch_holds_at_least_one_child():
    with pytest.raises(ValueError, match="at least one child"):
        MunicipalityExport(Municipality(name="Tomby Kommune"), batch_size=0)


@pytest.mark.django_db
def test_the_command_writes_the_streamed_bytes_readable_by_its_owner_only(
    demo, tmp_path, monkeypatch
):
    municipality, leader = demo
    monkeypatch.setattr("stemme.interchange.selectors.export.BATCH_SIZE", 7)
    path = tmp_path / "eksport.json"
    old_umask = os.umask(0o022)
    try:
        call_command("export_cases", "--user", "leder", "--output", str(path), stderr=StringIO())
    finally:
        os.umask(old_umask)
    out = StringIO()
    call_command("export_cases", "--user", "leder", stdout=out, stderr=StringIO())

    whole = export_text(cases_export(municipality=municipality, user=leader))
    assert path.read_text(encoding="utf-8") == out.getvalue() == whole
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["eksport.json"]
