"""Virus scanning of uploaded documents: adapters behind one setting.

``STEMME_DOCUMENT_SCANNER`` is ``"none"`` (no scanner: a document is available at once and the
staff pages say it is not virus scanned) or the dotted path of a scanner class:

- ``stemme.documents.scanning.ClamdScanner``: ClamAV's daemon over its INSTREAM protocol, on a
  unix socket (``unix:/run/clamav/clamd.ctl``) or TCP (``tcp:clamav:3310``), from
  ``STEMME_CLAMD_ADDRESS``. No library: the protocol is a few lines.
- ``stemme.documents.scanning.FakeScanner``: for tests; its class attributes say what it finds.

A scanner's ``scan(data)`` returns a ``Verdict`` or raises ``ScannerUnavailable`` (the document
then stays "waiting for virus scan" and a later ``document_scan`` tries again).
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    clean: bool
    detail: str = ""  # the signature found, e.g. "Eicar-Signature"


class ScannerUnavailable(Exception):
    """The scanner could not be asked (down, refused, an error reply)."""


class NoScanner:
    configured = False

    def scan(self, data: bytes) -> Verdict:  # pragma: no cover - never called
        raise ScannerUnavailable("no scanner is configured")


class ClamdScanner:
    configured = True

    def __init__(self, address: str | None = None):
        self.address = address or settings.STEMME_CLAMD_ADDRESS

    def _connect(self) -> socket.socket:
        address = self.address
        if address.startswith("tcp:"):
            host, _sep, port = address[4:].rpartition(":")
            return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)
        path = address.removeprefix("unix:")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT_SECONDS)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return sock

    def scan(self, data: bytes) -> Verdict:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), CHUNK):
                    chunk = data[start : start + CHUNK]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except (OSError, ValueError) as exc:
            raise ScannerUnavailable(str(exc)) from exc
        text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        result = text.partition(": ")[2] if ": " in text else text
        if result == "OK":
            return Verdict(clean=True)
        if result.endswith(" FOUND"):
            return Verdict(clean=False, detail=result.removesuffix(" FOUND")[:200])
        raise ScannerUnavailable(text[:200] or "no reply")


class FakeScanner:
    """For tests: finds ``found`` (a signature name) in data that contains ``marker``, or is
    unavailable when ``down``."""

    configured = True
    marker = b"EICAR-TEST"
    found = "Eicar-Signature"
    down = False

    def scan(self, data: bytes) -> Verdict:
        if self.down:
            raise ScannerUnavailable("the fake scanner is down")
        if self.marker in data:
            return Verdict(clean=False, detail=self.found)
        return Verdict(clean=True)


def scanner():
    path = settings.STEMME_DOCUMENT_SCANNER
    if path in ("", "none"):
        return NoScanner()
    return import_string(path)()
