"""``manage.py export_audit_log``: the audit logs as hash-chained JSON Lines for a log system."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from stemme.audit import services as audit
from stemme.audit.models import AccessLog, Event
from stemme.audit.shipping import GENESIS, chain_verify, link, seal_record

KEY = b"k" * 32


@pytest.fixture(autouse=True)
def audit_key(settings, tmp_path):
    path = tmp_path / "audit.key"
    path.write_bytes(KEY + b"\n")
    settings.STEMME_AUDIT_KEY_FILE = str(path)
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("export_audit_log", "--settle-seconds", "0", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def all_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line]


def lines(text: str) -> list[dict]:
    """The rows, without the seal that closes every export."""
    return [line for line in all_lines(text) if line["table"] != "seal"]


def verify(path, *args) -> str:
    out, err = StringIO(), StringIO()
    call_command("export_audit_log", "--verify", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def logged(world):
    audit.access_log_children(
        user=world.assigned_caseworker, children=[world.child], purpose="child_overview"
    )
    audit.access_log_search(
        user=world.leader, criterion="Zenia", children=[world.child], purpose="child_search"
    )
    return world


def test_every_row_once_in_id_order_with_table_and_id(logged):
    out, err = run()

    records = lines(out)
    events = [r for r in records if r["table"] == "event"]
    accesses = [r for r in records if r["table"] == "access"]
    assert [r["id"] for r in events] == list(
        Event.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert [r["id"] for r in accesses] == list(
        AccessLog.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert records == events + accesses  # events first, then the access log
    search = next(r for r in accesses if r["action"] == "search")
    assert search["criterion"] == "Zenia"
    assert search["result_count"] == 1
    assert search["user"] == "leder"
    assert search["role"] == "team_leader"
    view = next(r for r in accesses if r["purpose"] == "child_overview")
    assert view["child_id"] == str(logged.child.pk)
    assert view["municipality"] == "901"
    assert f"{len(events)} hændelser og {len(accesses)} adgangsrækker" in err


def test_the_hash_chain_verifies_and_detects_tampering(logged, tmp_path):
    path = tmp_path / "audit.jsonl"
    run("--output", str(path))
    text = path.read_text(encoding="utf-8")

    assert chain_verify(text.splitlines(), key=KEY).problems == []
    assert "kæden er hel" in verify(path)

    records = text.splitlines()
    tampered = records[:1] + [records[1].replace('"kind":"', '"kind":"x')] + records[2:]
    assert "linje 2: hash-kæden er brudt" in chain_verify(tampered, key=KEY).problems
    dropped = records[:1] + records[2:]
    assert chain_verify(dropped, key=KEY).problems  # a dropped line breaks the chain too
    path.write_text("\n".join(dropped) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="fejl i hash-kæden"):
        call_command(
            "export_audit_log", "--verify", str(path), stdout=StringIO(), stderr=StringIO()
        )


def test_holes_in_the_ids_are_reported():
    from stemme.audit.shipping import link

    first = link({"table": "access", "id": 1}, GENESIS, key=KEY)
    third = link({"table": "access", "id": 3}, first["hash"], key=KEY)
    seal = link(seal_record(events=0, accesses=2, event_id=0, access_id=3), third["hash"], key=KEY)
    result = chain_verify([json.dumps(first), json.dumps(third), json.dumps(seal)], key=KEY)
    assert result.problems == []
    assert result.holes == ["access id 2–2"]


def test_incremental_runs_with_a_state_file_continue_the_chain(logged, tmp_path):
    state = tmp_path / "state.json"
    first_out, _ = run("--state", str(state))
    cursor = json.loads(state.read_text())
    assert cursor["event_id"] == Event.objects.order_by("-pk").first().pk
    assert cursor["access_id"] == AccessLog.objects.order_by("-pk").first().pk

    nothing, _ = run("--state", str(state))
    assert [line["table"] for line in all_lines(nothing)] == ["seal"]  # an empty run is sealed
    after_empty = json.loads(state.read_text())
    assert (after_empty["event_id"], after_empty["access_id"]) == (
        cursor["event_id"],
        cursor["access_id"],
    )

    audit.access_log_children(user=logged.leader, children=[logged.child], purpose="child_overview")
    second_out, _ = run("--state", str(state))

    new = lines(second_out)
    assert [(r["table"], r["user"]) for r in new] == [("access", "leder")]
    assert new[0]["prev"] == after_empty["hash"]
    # The files together form one unbroken chain, each closed by its seal.
    joined = chain_verify((first_out + nothing + second_out).splitlines(), key=KEY)
    assert joined.problems == []
    assert joined.seals == 3


def test_after_id_options_and_prev_hash(logged):
    last_event = Event.objects.order_by("-pk").first().pk
    first_access = AccessLog.objects.order_by("pk").first().pk

    out, _ = run("--after-event-id", str(last_event), "--after-access-id", str(first_access))

    records = lines(out)
    assert {r["table"] for r in records} == {"access"}
    assert all(r["id"] > first_access for r in records)
    assert records[0]["prev"] == GENESIS


def test_municipality_and_dates(logged):
    audit.access_log_children(
        user=logged.other_municipality_caseworker, children=[], purpose="child_list"
    )
    with transaction.atomic():
        audit.event_record(actor=None, municipality=logged.other_municipality, kind="child.created")

    out, _ = run("--municipality", "902")
    assert {r["municipality"] for r in lines(out)} == {"902"}

    today = timezone.localdate()
    assert lines(run("--since", today.isoformat())[0])
    assert lines(run("--until", (today - dt.timedelta(days=1)).isoformat())[0]) == []
    assert lines(run("--since", (today + dt.timedelta(days=1)).isoformat())[0]) == []


def test_rows_newer_than_the_settle_time_wait_for_the_next_run(logged):
    out, err = StringIO(), StringIO()
    call_command("export_audit_log", stdout=out, stderr=err)  # default: 120 s
    assert lines(out.getvalue()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "i går"), "--since skal være en dato"),
        (("--until", "2026-13-01"), "--until skal være en dato"),
        (("--since", "2026-02-02", "--until", "2026-02-01"), "skal ligge før"),
        (("--municipality", "555"), "Ingen kommune"),
        (("--after-event-id", "-1"), "ikke være negativt"),
        (("--prev-hash", "abc"), "64 hex-tegn"),
        (("--verify", "x.jsonl", "--anchor", "abc"), "--anchor skal være 64 hex-tegn"),
        (("--verify", "/nonexistent/file.jsonl"), "findes ikke"),
    ],
)
def test_bad_options_get_a_clear_message(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


# --- Keyed and anchored: removing rows and recomputing, or cutting the tail, is detected ---------


def _rechain(records: list[dict], *, key: bytes, start: str = GENESIS) -> list[str]:
    """What someone with the file but not the key would do: recompute every hash."""
    prev, out = start, []
    for record in records:
        body = {k: v for k, v in record.items() if k not in ("prev", "hash")}
        line = link(body, prev, key=key)
        prev = line["hash"]
        out.append(json.dumps(line))
    return out


def test_removing_rows_and_recomputing_without_the_key_is_detected(logged, tmp_path):
    path = tmp_path / "audit.jsonl"
    run("--output", str(path))
    records = all_lines(path.read_text(encoding="utf-8"))
    assert records[-1]["table"] == "seal"
    without_one = records[:1] + records[2:]
    for guess in (b"", b"x" * 32, b"stemme"):
        forged = _rechain(without_one, key=guess)
        assert "hash-kæden er brudt" in " ".join(chain_verify(forged, key=KEY).problems)
    # With the key, the seal still counts the rows that were there.
    forged = _rechain(without_one, key=KEY)
    assert "slutmærket siger" in " ".join(chain_verify(forged, key=KEY).problems)


def test_cutting_off_the_tail_is_detected(logged, tmp_path):
    path = tmp_path / "audit.jsonl"
    run("--output", str(path))
    records = path.read_text(encoding="utf-8").splitlines()
    for cut in (1, 2):
        path.write_text("\n".join(records[:-cut]) + "\n", encoding="utf-8")
        with pytest.raises(CommandError, match="fejl i hash-kæden"):
            verify(path)
        problems = chain_verify(records[:-cut], key=KEY).problems
        assert problems == ["filen slutter uden slutmærke: den er afkortet eller ufuldstændig"]


def test_the_receiver_verifies_from_its_anchor(logged, tmp_path):
    state = tmp_path / "state.json"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    run("--state", str(state), "--output", str(first))
    anchor = json.loads(state.read_text())["hash"]
    assert anchor in verify(first)  # the new anchor is printed for the receiver to keep
    audit.access_log_children(user=logged.leader, children=[logged.child], purpose="child_overview")
    run("--state", str(state), "--output", str(second))

    assert "kæden er hel" in verify(second, "--anchor", anchor)
    # A file that never arrived: the next one does not continue from the receiver's anchor.
    with pytest.raises(CommandError, match="fejl i hash-kæden"):
        verify(second)
    assert (
        "fortsætter ikke fra ankeret"
        in chain_verify(second.read_text(encoding="utf-8").splitlines(), key=KEY).problems[0]
    )


def test_a_wrong_key_fails_verification(logged, tmp_path):
    path = tmp_path / "audit.jsonl"
    run("--output", str(path))
    other = tmp_path / "other.key"
    other.write_text("o" * 64, encoding="ascii")
    with pytest.raises(CommandError, match="fejl i hash-kæden"):
        verify(path, "--key-file", str(other))


def test_the_key_is_required_and_checked(world, settings, tmp_path):
    settings.STEMME_AUDIT_KEY_FILE = ""
    with pytest.raises(CommandError, match="Angiv nøglefilen"):
        run()
    short = tmp_path / "short.key"
    short.write_text("kort", encoding="ascii")
    with pytest.raises(CommandError, match="for kort"):
        run("--key-file", str(short))
    with pytest.raises(CommandError, match="findes ikke"):
        run("--key-file", str(tmp_path / "none.key"))


def test_new_key_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "new.key"
    out = StringIO()
    call_command("export_audit_log", "--new-key", str(path), stdout=out)
    assert "Ny nøgle" in out.getvalue()
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(path.read_text(encoding="ascii").strip()) == 64
    before = path.read_bytes()
    with pytest.raises(CommandError, match="overskrives aldrig"):
        call_command("export_audit_log", "--new-key", str(path), stdout=StringIO())
    assert path.read_bytes() == before


def test_a_broken_state_file_is_refused(world, tmp_path):
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Tilstandsfilen"):
        run("--state", str(state))


# --- The operator reads Danish only -------------------------------------------------------------

ENGLISH = (
    "line ",
    "the hash chain",
    "not a record",
    "out of order",
    "Expecting",
    "hash is not",
    "cursor",
    "Is a directory",
    "codec",
    "ids ",
    "seal",
    "anchor",
    "key",
)


def _danish_only(text: str) -> None:
    assert text.strip()
    for word in ENGLISH:
        assert word not in text, (word, text)


def test_verify_reports_a_broken_file_in_danish(logged, tmp_path):
    path = tmp_path / "audit.jsonl"
    run("--output", str(path))
    records = path.read_text(encoding="utf-8").splitlines()
    broken = [records[0], "{not json", "[1]", records[1].replace('"kind":"', '"kind":"x')]
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("export_audit_log", "--verify", str(path), stdout=out, stderr=err)
    _danish_only(err.getvalue() + str(failure.value))
    assert "linje 2: ikke en post i logformatet (ugyldig JSON)" in err.getvalue()
    assert "linje 4: hash-kæden er brudt" in err.getvalue()
    assert "slutter uden slutmærke" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "ikke gyldig JSON"),
        ('{"format": "other"}', "ikke en tilstandsfil"),
        ('{"format": "stemme-audit-1", "event_id": 0, "access_id": 0, "hash": "x"}', "hashen"),
        (None, "en mappe"),
        (b"\xff\xfe", "ikke UTF-8"),
    ],
)
def test_a_broken_state_file_is_refused_in_danish(world, tmp_path, content, reason):
    state = tmp_path / "state.json"
    if content is None:
        state.mkdir()
    elif isinstance(content, bytes):
        state.write_bytes(content)
    else:
        state.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        run("--state", str(state), "--output", str(tmp_path / "out.jsonl"))
    _danish_only(str(failure.value))
    assert reason in str(failure.value)


def test_verify_of_a_folder_is_refused_in_danish(tmp_path):
    with pytest.raises(CommandError) as failure:
        run("--verify", str(tmp_path))
    _danish_only(str(failure.value))
    assert "en mappe" in str(failure.value)
