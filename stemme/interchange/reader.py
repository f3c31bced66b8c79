"""Reading an exchange file as it streams: the document's fields one by one, and its children
one child at a time, so that a file of any size is read in the memory of its largest child.

``document_items`` yields ``(name, index, value, repeated)``: each field of the top-level
object with ``index`` ``None`` (the ``children`` list as an empty list), and then each element
of the ``children`` list as ``("children", i, child, repeated)``; ``repeated`` lists the field
names the value repeats, as ``errors.payload_parse`` reports them for a whole file. Each value
is parsed by the standard library's parser, so a syntax error gets the message, line and column
``payload_parse`` gives. A field name repeated at the top level is the caller's to report: it
sees every name.

A file that is not a JSON object is read whole by ``payload_parse``, which says what it is (such
a file holds no children, and its limit of ``MAX_FILE_BYTES`` applies).
"""

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from stemme.interchange.errors import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    ImportErrors,
    ImportIssue,
    duplicate_key_issues,
    file_too_large,
    json_problem,
    object_hook,
    path_text,
    payload_parse,
)

CHUNK_BYTES = 1024 * 1024
# One value (a child, or a field of the document) larger than this is refused: it is what
# bounds the memory of an import.
MAX_VALUE_CHARS = MAX_FILE_BYTES
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _ValueTooLarge(Exception):
    """A value goes on past ``MAX_VALUE_CHARS``; the caller knows which value it is."""


class _Text:
    """The file's text, decoded as it is read. ``buffer[position:]`` is what is not yet read;
    what came before the buffer is only counted, for the line and column of an error."""

    def __init__(self, stream):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer = ""
        self.position = 0
        self.bytes_read = 0
        self.lines_before = 0  # line breaks in the text before the buffer
        self.column_before = 0  # characters after the last of them
        self.ended = False

    def more(self, size: int = 0) -> bool:
        """Read another chunk (of at least ``size`` bytes) onto the buffer, dropping what is
        read; False at the end."""
        if self.ended:
            return False
        chunk = self.stream.read(max(size, CHUNK_BYTES))
        pending = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            position = self.bytes_read - pending + exc.start + 1
            raise ImportErrors(
                [
                    ImportIssue(
                        "",
                        _("The file is not valid UTF-8 (byte %(position)s).")
                        % {"position": position},
                        "encoding",
                    )
                ]
            ) from exc
        self.bytes_read += len(chunk)
        done = self.buffer[: self.position]
        last_break = done.rfind("\n")
        if last_break >= 0:
            self.lines_before += done.count("\n")
            self.column_before = len(done) - last_break - 1
        else:
            self.column_before += len(done)
        self.buffer = self.buffer[self.position :] + text
        self.position = 0
        if not chunk:
            self.ended = True
        return True

    def whitespace_skip(self) -> None:
        while True:
            self.position = _WHITESPACE.match(self.buffer, self.position).end()
            if self.position < len(self.buffer) or not self.more():
                return

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        self.whitespace_skip()
        return self.buffer[self.position] if self.position < len(self.buffer) else ""

    def expect(self, character: str, problem: str) -> None:
        if self.peek() != character:
            self.fail(problem, self.position)
        self.position += 1

    def another_follows(self, closing: str) -> bool:
        """After a member of an object or list: True past a ",", False past ``closing``."""
        separator = self.peek()
        if separator != closing and separator != ",":
            self.fail("Expecting ',' delimiter", self.position)
        self.position += 1
        return separator == ","

    def value(self, decoder: json.JSONDecoder):
        """The JSON value at the position, parsed whole (the buffer grows until it holds it)."""
        self.whitespace_skip()
        while True:
            try:
                value, end = decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as exc:
                if self._grow():
                    continue
                self.fail(exc.msg, exc.pos)
            except RecursionError as exc:
                raise ImportErrors(
                    [
                        ImportIssue(
                            "",
                            _("The JSON is nested too deeply (more than %(limit)s levels).")
                            % {"limit": MAX_DEPTH},
                            "too_deep",
                        )
                    ]
                ) from exc
            except ValueError as exc:  # an integer of thousands of digits
                raise ImportErrors(
                    [ImportIssue("", _("A number in the file is too large."), "number")]
                ) from exc
            else:
                # A number at the end of the buffer may go on in the next chunk.
                if end == len(self.buffer) and self._grow():
                    continue
                if end - self.position > MAX_VALUE_CHARS:
                    raise _ValueTooLarge
                self.position = end
                return value

    def _grow(self) -> bool:
        """More text for a value that does not end in the buffer: False at the end of the
        file; an error when the value is larger than any value may be."""
        unread = len(self.buffer) - self.position
        if unread > MAX_VALUE_CHARS:
            raise _ValueTooLarge
        # Twice as much each time: a large value is parsed a few times, not once per chunk.
        return self.more(unread)

    def fail(self, problem: str, position: int):
        """A syntax error at ``position`` in the buffer, with the line and column in the file."""
        last_break = self.buffer.rfind("\n", 0, position)
        line = self.lines_before + self.buffer.count("\n", 0, position) + 1
        column = position - last_break if last_break >= 0 else self.column_before + position + 1
        message = _("Invalid JSON in line %(line)s, column %(column)s: %(problem)s.") % {
            "line": line,
            "column": column,
            "problem": json_problem(problem),
        }
        raise ImportErrors([ImportIssue("", message, "json")])


Item = tuple[str, int | None, object, list[ImportIssue]]


def document_items(path: Path) -> Iterator[Item]:
    """The fields of the document in ``path`` and its children one at a time (module doc)."""
    with path.open("rb") as stream:
        text = _Text(stream)
        duplicated: list = []
        decoder = json.JSONDecoder(object_pairs_hook=object_hook(duplicated))

        def item(name: str, index: int | None) -> Item:
            parts = [name] if index is None else [name, index]
            try:
                value = text.value(decoder)
            except _ValueTooLarge:
                message = _(
                    "is more than %(limit)s MB of JSON; one child (or another field of the file) "
                    "can be at most that large"
                ) % {"limit": MAX_VALUE_CHARS // (1024 * 1024)}
                raise ImportErrors([ImportIssue(path_text(parts), message, "too_large")]) from None
            repeated = []
            if duplicated:
                repeated = duplicate_key_issues(value, parts)
                duplicated.clear()
            return name, index, value, repeated

        if text.peek() != "{":
            yield from _whole_document(path)
            return
        text.position += 1
        if text.peek() == "}":
            text.position += 1
        else:
            while True:
                if text.peek() != '"':
                    text.fail("Expecting property name enclosed in double quotes", text.position)
                name = text.value(decoder)
                text.expect(":", "Expecting ':' delimiter")
                if name == "children" and text.peek() == "[":
                    yield from _children(text, item)
                else:
                    yield item(name, None)
                if not text.another_follows("}"):
                    break
        if text.peek():
            text.fail("Extra data", text.position)


def _children(text: _Text, item) -> Iterator[Item]:
    """The list itself (as an empty list, so the caller sees the field), then its elements."""
    yield "children", None, [], []
    text.position += 1  # the "["
    if text.peek() == "]":
        text.position += 1
        return
    index = 0
    while True:
        yield item("children", index)
        index += 1
        if not text.another_follows("]"):
            return


def _whole_document(path: Path) -> Iterator[Item]:
    """A file that is not a JSON object: parsed whole, which says what is wrong with it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportErrors([file_too_large(size, MAX_FILE_BYTES)])
    payload = payload_parse(path.read_bytes())
    # Not an object, or the parse would have been streamed: the schema says what it is.
    yield "", None, payload, []
