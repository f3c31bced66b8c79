"""``manage.py export_audit_log [--state FILE] [--output FILE] [--since D] [--until D] ...``

Writes the event log and the access log as JSON Lines with a keyed hash chain (HMAC-SHA256 with
the key in ``--key-file`` or ``STEMME_AUDIT_KEY_FILE``), closed by a seal line, for shipping to a
separate log system (stemme/audit/shipping.py explains the format). Run it from a scheduler with
``--state``: each run continues after the rows (and from the hash) the previous run wrote, and
the state file is only updated once the output is complete. ``--verify FILE --anchor HASH``
checks a file's chain from the last hash the receiver accepted, its seal, and reports holes in
the ids. ``--new-key FILE`` makes a key (readable only by its owner).

The key belongs to the export job and the receiving system, never to the web application: with
the key, whoever can change the database could recompute the chain.
"""

import datetime as dt
import json
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stemme.accounts.models import Municipality
from stemme.audit.shipping import (
    GENESIS,
    Cursor,
    ExportResult,
    Window,
    audit_lines,
    chain_verify,
    key_problem,
)


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option} skal være en dato som ÅÅÅÅ-MM-DD, ikke {value!r}.") from exc


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _unreadable(exc: OSError | UnicodeDecodeError) -> str:
    """Why a file cannot be read, in Danish (the system's own text is English)."""
    if isinstance(exc, IsADirectoryError):
        return "det er en mappe, ikke en fil"
    if isinstance(exc, PermissionError):
        return "der er ikke adgang til at læse den"
    if isinstance(exc, UnicodeDecodeError):
        return "den er ikke UTF-8-tekst"
    return "den kan ikke åbnes"


def _read_state(path: Path) -> Cursor:
    if not path.exists():
        return Cursor()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Tilstandsfilen {path} kan ikke læses: {_unreadable(exc)}.") from exc
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CommandError(
            f"Tilstandsfilen {path} kan ikke læses: den er ikke gyldig JSON."
        ) from exc
    try:
        cursor = Cursor.from_dict(data)
        if not isinstance(cursor.hash, str) or not re.fullmatch(r"[0-9a-f]{64}", cursor.hash):
            raise ValueError(cursor.hash)
    # Any broken file (not an object, an endless number, a wrong hash) is a clear error.
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        raise CommandError(
            f"Tilstandsfilen {path} kan ikke læses: det er ikke en tilstandsfil fra "
            "export_audit_log (formatet, et id eller hashen er forkert)."
        ) from exc
    return cursor


def _given(value: int | None, default: int) -> int:
    if value is not None and value < 0:
        raise CommandError("Et id kan ikke være negativt.")
    return default if value is None else value


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_key(given: str | None) -> bytes:
    name = given or settings.STEMME_AUDIT_KEY_FILE
    if not name:
        raise CommandError(
            "Angiv nøglefilen med --key-file (eller STEMME_AUDIT_KEY_FILE). Kæden er nøglet "
            "(HMAC), så den ikke kan genberegnes af nogen uden nøglen; lav en med --new-key FIL."
        )
    path = Path(name)
    if not path.exists():
        raise CommandError(f"Nøglefilen {path} findes ikke.")
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise CommandError(f"Nøglefilen {path} kan ikke læses: {_unreadable(exc)}.") from exc
    problem = key_problem(key)
    if problem:
        raise CommandError(f"Nøglefilen {path} kan ikke bruges: {problem}.")
    return key


def _new_key(path: Path) -> None:
    if path.exists():
        raise CommandError(f"{path} findes allerede; en nøgle overskrives aldrig.")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise CommandError(f"Nøglefilen {path} kan ikke oprettes: {_unreadable(exc)}.") from exc
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")


class Command(BaseCommand):
    help = "Export the event log and the access log as hash-chained JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--state",
            help="Cursor file: continue after the previous run, and update it after this one.",
        )
        parser.add_argument("--after-event-id", type=int, help="Only events with a larger id.")
        parser.add_argument(
            "--after-access-id", type=int, help="Only access rows with a larger id."
        )
        parser.add_argument("--prev-hash", help="The hash the chain continues from.")
        parser.add_argument("--since", help="Only rows recorded on or after this date.")
        parser.add_argument("--until", help="Only rows recorded before the end of this date.")
        parser.add_argument("--municipality", help="Only this municipality (kommunekode).")
        parser.add_argument(
            "--settle-seconds",
            type=int,
            default=120,
            help="Leave rows newer than this for the next run (default 120; see shipping.py).",
        )
        parser.add_argument("--verify", help="Check the hash chain of an exported file and stop.")
        parser.add_argument(
            "--anchor",
            help="With --verify: the last hash the receiver accepted (default: the chain's start).",
        )
        parser.add_argument(
            "--key-file", help="The HMAC key (default: the STEMME_AUDIT_KEY_FILE setting)."
        )
        parser.add_argument("--new-key", help="Write a new random key to this file and stop.")

    def handle(self, *args, **options):
        if options["new_key"]:
            _new_key(Path(options["new_key"]))
            self.stdout.write(
                f"Ny nøgle skrevet til {options['new_key']} (kun ejeren kan læse den). Giv "
                "modtagersystemet en kopi, og hold den væk fra webapplikationens server."
            )
            return
        for option in ("prev_hash", "anchor"):
            if options[option] and not re.fullmatch(r"[0-9a-f]{64}", options[option]):
                name = "--" + option.replace("_", "-")
                raise CommandError(f"{name} skal være 64 hex-tegn (en SHA-256).")
        if options["verify"]:
            path = Path(options["verify"])
            if not path.exists():
                raise CommandError(f"Filen {path} findes ikke.")
            anchor = options["anchor"] or options["prev_hash"] or GENESIS
            self._verify(path, anchor, _read_key(options["key_file"]))
            return
        key = _read_key(options["key_file"])
        state = Path(options["state"]) if options["state"] else None
        cursor = _read_state(state) if state else Cursor()
        cursor = Cursor(
            event_id=_given(options["after_event_id"], cursor.event_id),
            access_id=_given(options["after_access_id"], cursor.access_id),
            hash=options["prev_hash"] or cursor.hash,
        )
        if options["settle_seconds"] < 0:
            raise CommandError("--settle-seconds kan ikke være negativ.")
        since = _start_of(_day(options["since"], "--since")) if options["since"] else None
        until = None
        if options["until"]:
            until = _start_of(_day(options["until"], "--until") + dt.timedelta(days=1))
        if since and until and since >= until:
            raise CommandError("--since skal ligge før --until.")
        municipality_id = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med kommunekode {options['municipality']!r}.")
            municipality_id = municipality.pk
        window = Window(cursor=cursor, since=since, until=until, municipality_id=municipality_id)
        result = ExportResult(cursor=cursor)
        lines = audit_lines(
            window=window,
            settle=dt.timedelta(seconds=options["settle_seconds"]),
            result=result,
            key=key,
        )
        if options["output"]:
            output = Path(options["output"])
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
        else:
            for line in lines:
                self.stdout.write(line, ending="")
        if state:
            _write_atomically(state, json.dumps(result.cursor.as_dict(), indent=2) + "\n")
        self.stderr.write(
            f"{result.events} hændelser og {result.accesses} adgangsrækker eksporteret; "
            f"sidste id {result.cursor.event_id}/{result.cursor.access_id}, "
            f"hash {result.cursor.hash[:16]}…"
        )

    def _verify(self, path: Path, start: str, key: bytes) -> None:
        try:
            with path.open(encoding="utf-8") as handle:
                result = chain_verify(handle, key=key, start=start)
        except (OSError, UnicodeDecodeError) as exc:  # a folder, a file that is not UTF-8
            raise CommandError(f"Filen {path} kan ikke læses: {_unreadable(exc)}.") from exc
        for hole in result.holes:
            self.stdout.write(f"Hul i id'erne (tilbagerullet indsættelse eller filter): {hole}")
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(result.problems)} fejl i hash-kæden i {path}.")
        self.stdout.write(
            f"{result.lines} linjer og {result.seals} slutmærke(r), kæden er hel og fortsætter "
            f"fra ankeret; sidste hash (det nye anker) {result.last_hash}."
        )
