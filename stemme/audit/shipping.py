"""The audit logs as JSON Lines, for shipping to a separate system (ASVS 16.4.3).

One line per row: first the event log, then the access log, each in id order, so the same rows
always give the same lines. Every line carries its table and id, and a keyed hash chain: a line's
``hash`` is HMAC-SHA256(key, previous hash + the line), so a receiver that holds the key can prove
that nothing was changed, dropped or reordered (``chain_verify``) — and someone with only the
database (the application's credentials) cannot remove rows and recompute the chain, because the
key is not in the database or the application's settings. Each export ends with a **seal** line
(its counts and last ids, chained like the rest): a file cut short has no seal, so cutting off the
tail is detected too. The chain continues across incremental exports: the next run starts after
the last ids and from the last hash (``Cursor``, kept by the command in a small state file), and
the receiver verifies each file from the **anchor**, the last hash it accepted, so a whole file
that never arrived is detected by the next one.

**Why a settle time.** On PostgreSQL, ids are handed out when a row is inserted, not when its
transaction commits; a long request could commit id 100 after id 101 was already exported, and an
id cursor would then skip it for ever. Rows newer than ``settle`` are therefore left for the next
run. (SQLite writes one transaction at a time, so ids commit in order there.)

Ids are never reused, but they can have holes: a rolled-back insert consumes an id on PostgreSQL.
A hole therefore means "a transaction was rolled back", never "a row was deleted" — the tables
refuse DELETE (stemme/audit/append_only.py) — and ``chain_verify`` reports holes for review.
"""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.utils import timezone

from stemme.audit.models import AccessLog, Event

GENESIS = "0" * 64
FORMAT = "stemme-audit-2"
# Cursor files of the unkeyed format still continue: their last hash is just the value to chain on.
CURSOR_FORMATS = ("stemme-audit-1", FORMAT)
CHUNK = 2000
KEY_MIN_BYTES = 32


@dataclass(frozen=True)
class Cursor:
    """Where the previous export stopped: the last ids written and the last hash."""

    event_id: int = 0
    access_id: int = 0
    hash: str = GENESIS

    def as_dict(self) -> dict:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict) -> "Cursor":
        if data.get("format") not in CURSOR_FORMATS:
            raise ValueError(f"not a {FORMAT} cursor")
        return cls(
            event_id=int(data["event_id"]), access_id=int(data["access_id"]), hash=data["hash"]
        )


@dataclass(frozen=True)
class Window:
    """Which rows: recorded in [since, until) and after the cursor, optionally one municipality."""

    cursor: Cursor = Cursor()
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    municipality_id: int | None = None


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _filtered(rows: QuerySet, field: str, window: Window, after: int) -> QuerySet:
    rows = rows.filter(pk__gt=after)
    if window.since is not None:
        rows = rows.filter(**{f"{field}__gte": window.since})
    if window.until is not None:
        rows = rows.filter(**{f"{field}__lt": window.until})
    if window.municipality_id is not None:
        rows = rows.filter(municipality_id=window.municipality_id)
    return rows.order_by("pk")


def _event_records(window: Window, using: str = "default") -> Iterator[dict]:
    rows = _filtered(Event.objects.using(using), "recorded_at", window, window.cursor.event_id)
    values = rows.values_list(
        "pk",
        "recorded_at",
        "occurred_at",
        "municipality__code",
        "actor_id",
        "actor__username",
        "child_id",
        "case_id",
        "kind",
        "ref",
        "data",
    )
    for (
        pk,
        recorded,
        occurred,
        code,
        actor_id,
        actor,
        child,
        case,
        kind,
        ref,
        data,
    ) in values.iterator(chunk_size=CHUNK):
        yield {
            "table": "event",
            "id": pk,
            "recorded_at": _iso(recorded),
            "occurred_at": _iso(occurred),
            "municipality": code,
            "actor_id": actor_id,
            "actor": actor,
            "child_id": str(child) if child else None,
            "case_id": str(case) if case else None,
            "kind": kind,
            "ref": ref,
            "data": data,
        }


def _access_records(window: Window, using: str = "default") -> Iterator[dict]:
    rows = _filtered(AccessLog.objects.using(using), "at", window, window.cursor.access_id)
    values = rows.values_list(
        "pk",
        "at",
        "municipality__code",
        "user_id",
        "user__username",
        "user__role",
        "portal_account_id",
        "child_id",
        "action",
        "purpose",
        "criterion",
        "result_count",
        "basis",
    )
    for (
        pk,
        at,
        code,
        user_id,
        username,
        role,
        portal_account,
        child,
        action,
        purpose,
        criterion,
        count,
        basis,
    ) in values.iterator(chunk_size=CHUNK):
        # A read in Min sag: the portal account is the actor (no user). Only then the key, so
        # staff rows keep the shape they were shipped in before.
        by_account = {"portal_account_id": str(portal_account)} if portal_account else {}
        yield {
            "table": "access",
            "id": pk,
            "at": _iso(at),
            "municipality": code,
            "user_id": user_id,
            "user": username,
            "role": role,
            "child_id": str(child) if child else None,
            "action": action,
            "purpose": purpose,
            "criterion": criterion,
            "result_count": count,
            "basis": basis,
            **by_account,
        }


def _canonical(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link(record: dict, prev: str, *, key: bytes) -> dict:
    """The record with ``prev`` and its ``hash`` = HMAC-SHA256(key, prev + canonical JSON of the
    rest)."""
    body = {**record, "prev": prev}
    digest = hmac.new(key, (prev + _canonical(body)).encode("utf-8"), hashlib.sha256).hexdigest()
    return {**body, "hash": digest}


def seal_record(*, events: int, accesses: int, event_id: int, access_id: int) -> dict:
    """The last line of every export: what it holds, so a file cut short is detected."""
    return {
        "table": "seal",
        "format": FORMAT,
        "events": events,
        "accesses": accesses,
        "last_event_id": event_id,
        "last_access_id": access_id,
        "sealed_at": _iso(timezone.now()),
    }


@dataclass
class ExportResult:
    events: int = 0
    accesses: int = 0
    cursor: Cursor = Cursor()


def audit_lines(
    *,
    window: Window,
    settle: dt.timedelta,
    result: ExportResult,
    key: bytes,
    using: str = "default",
) -> Iterator[str]:
    """The export's lines (each ending in a newline), chained from ``window.cursor`` with
    ``key``, and closed by a seal line (also when there were no new rows). ``using``: the
    database alias (``manage.py restore_check`` reads a restored copy).

    ``result`` is filled in while iterating: counts and the cursor for the next run.
    """
    newest = timezone.now() - settle
    until = min(window.until, newest) if window.until else newest
    window = Window(
        cursor=window.cursor,
        since=window.since,
        until=until,
        municipality_id=window.municipality_id,
    )
    prev = window.cursor.hash
    event_id, access_id = window.cursor.event_id, window.cursor.access_id
    for record in _event_records(window, using):
        line = link(record, prev, key=key)
        prev, event_id = line["hash"], record["id"]
        result.events += 1
        yield _canonical(line) + "\n"
    for record in _access_records(window, using):
        line = link(record, prev, key=key)
        prev, access_id = line["hash"], record["id"]
        result.accesses += 1
        yield _canonical(line) + "\n"
    seal = link(
        seal_record(
            events=result.events,
            accesses=result.accesses,
            event_id=event_id,
            access_id=access_id,
        ),
        prev,
        key=key,
    )
    prev = seal["hash"]
    yield _canonical(seal) + "\n"
    result.cursor = Cursor(event_id=event_id, access_id=access_id, hash=prev)


@dataclass
class Verification:
    lines: int = 0
    seals: int = 0
    problems: list[str] | None = None
    holes: list[str] | None = None
    last_hash: str = GENESIS


def _seal_problem(number: int, seal: dict, counted: dict[str, int]) -> str | None:
    if seal.get("events") == counted["event"] and seal.get("accesses") == counted["access"]:
        return None
    return (
        f"linje {number}: slutmærket siger {seal.get('events')} hændelser og "
        f"{seal.get('accesses')} adgangsrækker, men der står {counted['event']} og "
        f"{counted['access']} før det"
    )


def chain_verify(lines: Iterator[str], *, key: bytes, start: str = GENESIS) -> Verification:
    """Check a file's keyed hash chain from the anchor ``start``; list broken links, seals that do
    not match, a missing final seal (a file cut short) and holes in the ids (in Danish: they are
    shown to the operator as they are by ``export_audit_log --verify``).

    A file may hold several exports one after the other (each closed by its seal)."""
    result = Verification(problems=[], holes=[])
    prev = start
    last_id: dict[str, int] = {}
    counted = {"event": 0, "access": 0}
    open_records = 0  # records since the last seal
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
            record = {k: v for k, v in line.items() if k not in ("prev", "hash")}
            expected = link(record, prev, key=key)["hash"]
        except (ValueError, TypeError, AttributeError) as exc:
            reason = (
                "ugyldig JSON" if isinstance(exc, json.JSONDecodeError) else "forkert opbygning"
            )
            result.problems.append(f"linje {number}: ikke en post i logformatet ({reason})")
            open_records += 1
            continue
        if number == 1 and line.get("prev") != start:
            result.problems.append(
                f"linje 1: fortsætter ikke fra ankeret {start[:16]}… (den sidste hash, "
                "modtageren har godkendt): noget mangler før filen, eller ankeret er forkert"
            )
        elif line.get("prev") != prev or not hmac.compare_digest(str(line.get("hash")), expected):
            result.problems.append(f"linje {number}: hash-kæden er brudt")
        table, pk = line.get("table"), line.get("id")
        if table == "seal":
            problem = _seal_problem(number, line, counted)
            if problem:
                result.problems.append(problem)
            counted = {"event": 0, "access": 0}
            open_records = 0
            result.seals += 1
        else:
            open_records += 1
            if table in counted:
                counted[table] += 1
        if isinstance(pk, int) and table in last_id:
            if pk <= last_id[table]:
                result.problems.append(f"linje {number}: {table} id {pk} står i forkert rækkefølge")
            elif pk > last_id[table] + 1:
                result.holes.append(f"{table} id {last_id[table] + 1}–{pk - 1}")
        if isinstance(pk, int):
            last_id[table] = pk
        prev = line.get("hash", prev)
        result.lines += 1
    if open_records or not result.seals:
        result.problems.append("filen slutter uden slutmærke: den er afkortet eller ufuldstændig")
    result.last_hash = prev
    return result


def key_problem(key: bytes) -> str | None:
    """Why a key cannot be used, in Danish; None when it can."""
    if len(key) < KEY_MIN_BYTES:
        return f"nøglen er for kort (mindst {KEY_MIN_BYTES} tegn; lav en med --new-key)"
    return None
