"""The ClamAV adapter against a tiny fake clamd on a unix socket (INSTREAM protocol)."""

import socket
import struct
import threading

import pytest

from stemme.documents.scanning import ClamdScanner, ScannerUnavailable


def fake_clamd(path, reply_for):
    """Serve one INSTREAM request: read the chunks, answer what ``reply_for(data)`` says."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    received = {}

    def serve():
        connection, _address = server.accept()
        with connection:
            stream = connection.makefile("rb")
            command = b""
            while not command.endswith(b"\0"):
                command += stream.read(1)
            received["command"] = command
            data = b""
            while True:
                (length,) = struct.unpack("!L", stream.read(4))
                if length == 0:
                    break
                data += stream.read(length)
            received["data"] = data
            connection.sendall(reply_for(data))
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread, received


def test_a_clean_file(tmp_path):
    path = tmp_path / "clamd.sock"
    thread, received = fake_clamd(path, lambda data: b"stream: OK\0")
    data = b"x" * 200_000  # several chunks
    verdict = ClamdScanner(f"unix:{path}").scan(data)
    thread.join(5)
    assert verdict.clean
    assert received == {"command": b"zINSTREAM\0", "data": data}


def test_an_infected_file(tmp_path):
    path = tmp_path / "clamd.sock"
    thread, _received = fake_clamd(path, lambda data: b"stream: Eicar-Signature FOUND\0")
    verdict = ClamdScanner(str(path)).scan(b"X5O!P%@AP")
    thread.join(5)
    assert not verdict.clean
    assert verdict.detail == "Eicar-Signature"


def test_an_error_reply_or_no_daemon_is_unavailable(tmp_path):
    path = tmp_path / "clamd.sock"
    thread, _received = fake_clamd(path, lambda data: b"INSTREAM size limit exceeded. ERROR\0")
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(f"unix:{path}").scan(b"data")
    thread.join(5)
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(f"unix:{tmp_path / 'none.sock'}").scan(b"data")
    with pytest.raises(ScannerUnavailable):
        ClamdScanner("tcp:127.0.0.1:1").scan(b"data")
