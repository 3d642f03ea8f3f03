"""Helpers for the importers of other tools' formats: JSON lines, drafts, safe names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.model import ArticleDraft
from annotator.formats import jsonl
from annotator.formats.common import (
    BOM,
    FormatError,
    decode_strict,
    human_size,
    open_capped,
    open_regular,
    read_block,
    read_capped,
)

MAX_BYTES = jsonl.MAX_BYTES


def _raw_lines(
    path: Path,
    progress: Callable[[int], None] | None = None,
    read: Callable[[bytes], None] | None = None,
) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of every line of the file, read as needed, each as split at LF
    (a leading BOM dropped); over :data:`MAX_BYTES` is refused as :func:`read_capped` does.
    ``progress(bytes read)`` every MiB or so, ``read(raw)`` with every line's bytes."""
    with open_capped(path, MAX_BYTES) as fh:
        total = told = 0
        n = 0
        while True:
            try:
                raw = fh.readline()
            except OSError as exc:
                raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
            if not raw:
                break
            n += 1
            total += len(raw)
            if read is not None:
                read(raw)
            if total > MAX_BYTES:
                cap = f"{human_size(MAX_BYTES)} ({MAX_BYTES:,} bytes)"
                raise FormatError(path, 0, f"file is over the cap of {cap}")
            if progress is not None and total - told >= 1 << 20:
                told = total
                progress(total)
            if raw.endswith(b"\n"):
                raw = raw[:-1]  # a line as split at LF
            if n == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            yield n, raw
        if progress is not None:
            progress(total)


def json_lines(
    path: Path,
    bad: list[FormatError] | None = None,
    progress: Callable[[int], None] | None = None,
    read: Callable[[bytes], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line, read from the file as it is needed
    (only a line is held); FormatError naming file:line, or with ``bad`` given, each bad
    line added to it and passed over. ``progress(bytes read)`` is called every MiB or so,
    ``read(raw)`` with every line's bytes as read (a digest of what a pass saw)."""
    for n, raw in _raw_lines(path, progress, read):
        if not raw.strip():
            continue
        try:
            line = decode_strict(path, raw, first_line=n)
            rec = jsonl._parse(line)
        except (jsonl._Bad, FormatError) as exc:
            err = exc if isinstance(exc, FormatError) else FormatError(path, n, str(exc))
            if bad is None:
                raise err from None
            bad.append(err)
            continue
        yield n, rec


def json_records(
    path: Path,
    notes: list[str],
    bad: list[FormatError] | None = None,
    read: Callable[[bytes], None] | None = None,
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line, where, object) for every record of a JSON Lines file, or of a JSON document
    (a pretty-printed record or a list of records, as in tools' documentation), which is
    accepted with a note. A record of a document has no line of its own: ``where`` is
    ``record N`` (and the line 0); in JSON Lines ``where`` is empty. With ``bad`` given, a
    bad line or record is added to it and passed over instead of raised. Read as needed:
    the lines one by one, a list's records one at a time (:func:`json_items`); ``read(raw)``
    is called with the bytes read (a digest of what a pass saw)."""
    head = _head(path)
    if head.startswith(b"["):
        counted: list[int] = []
        yield from _records_of(path, json_items(path, "", read), bad, counted)
        notes.append(_DOCUMENT_NOTE.format(counted[0]))
        return
    first = True
    for n, raw in _raw_lines(path, read=read):
        if not raw.strip():
            continue
        try:
            line = decode_strict(path, raw, first_line=n)
        except FormatError as exc:
            if bad is None:
                raise
            bad.append(exc)
            first = False
            continue
        try:
            rec = jsonl._parse(line)
        except jsonl._Bad as exc:
            if first and head.startswith(b"{"):
                data = read_capped(path, MAX_BYTES)  # one record written over several lines?
                if data.startswith(BOM):
                    data = data[len(BOM) :]
                try:
                    orjson.loads(data)
                except orjson.JSONDecodeError:
                    pass
                else:
                    yield from _document(path, data, notes, bad)
                    return
            first = False
            if bad is None:
                raise FormatError(path, n, str(exc)) from None
            bad.append(FormatError(path, n, str(exc)))
            continue
        first = False
        yield n, "", rec


_DOCUMENT_NOTE = "this is a JSON document, not JSON Lines: read its {} record(s) as a list"


def _head(path: Path) -> bytes:
    """The file's first bytes that are not white space (up to 64 bytes of them)."""
    with open_regular(path) as fh:
        try:
            data = fh.read(4096)
            if data.startswith(BOM):
                data = data[len(BOM) :]
            while data and not data.lstrip():
                data = fh.read(1 << 20)
        except OSError as exc:
            raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    return data.lstrip()[:64]


def _document(
    path: Path, data: bytes, notes: list[str], bad: list[FormatError] | None = None
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    doc = json_document_of(path, data)
    items = doc if isinstance(doc, list) else [doc]
    notes.append(_DOCUMENT_NOTE.format(len(items)))
    yield from _records_of(path, items, bad, [])


def _records_of(
    path: Path, items: Iterable[Any], bad: list[FormatError] | None, counted: list[int]
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(0, ``record N``, object) for each item of a JSON list that is an object; another
    item is refused (raised, or added to ``bad``). ``counted`` gets how many items there
    were."""
    i = 0
    for i, rec in enumerate(items, 1):
        if not isinstance(rec, dict):
            err = FormatError(path, 0, f"record {i}: a record must be a JSON object")
            if bad is None:
                raise err
            bad.append(err)
            continue
        yield 0, f"record {i}", rec
    counted.append(i)


def json_document(path: Path) -> Any:
    """A whole-file JSON document (UTF-8, BOM allowed)."""
    return json_document_of(path, read_capped(path, MAX_BYTES))


def json_document_of(path: Path, data: bytes) -> Any:
    text = decode_strict(path, data)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise FormatError(
            path, exc.lineno, f"malformed JSON at column {exc.colno}: {exc.msg}"
        ) from None


_JSON_SPACE = b" \t\r\n"
#: A JSON string (skipped whole, at C speed; group 1 is its closing quote, missing when the
#: bytes read so far end inside it) or a bracket: the structure of a document.
_STRUCTURE = re.compile(rb'"(?:[^"\\]++|\\.)*+(")?|[\[\]{}]')
_BLOCK = 1 << 20  # bytes read at a time


class _Unusual(Exception):
    """The scan met something the whole document's parse must name (or read)."""


def json_items(
    path: Path, expected: str, read: Callable[[bytes], None] | None = None
) -> Iterator[Any]:
    """The items of a whole-file JSON document that is an array (or the document itself
    when it is an object; any other document is refused with ``expected``), read a block at
    a time and parsed an item at a time: only an item (and a block) is held. Items are cut at
    their brackets (strings skipped whole) and each parsed by itself; when anything is
    unusual (an item that is not an object or array, a separator that is not one comma, an
    item that does not parse, a byte that is not UTF-8) the whole document is parsed as
    :func:`json_document` parses it, so the error is its own (or the items after those given
    already come from it). ``read(block)`` is called with the bytes read, in order."""
    made = 0
    try:
        with open_capped(path, MAX_BYTES) as fh:
            for item in _items(path, fh, read):
                yield item
                made += 1
        return
    except _Unusual:
        pass
    data = read_capped(path, MAX_BYTES)  # says what is wrong, or gives the items not given yet
    if read is not None:
        read(data)  # the pass read the file once more, whole
    doc = json_document_of(path, data)
    if isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list):
        raise FormatError(path, 0, expected)
    yield from doc[made:]


def _items(path: Path, fh: BinaryIO, seen: Callable[[bytes], None] | None = None) -> Iterator[Any]:
    """The items of the array the file holds; :class:`_Unusual` when it is not one of
    objects and arrays written as JSON allows."""

    total = 0

    def read() -> bytes:
        nonlocal total
        block = read_block(path, fh, _BLOCK, total, MAX_BYTES)
        total += len(block)
        if seen is not None:
            seen(block)
        return block

    buf = read()
    if buf.startswith(BOM):
        buf = buf[len(BOM) :]
    eof = not buf
    at = 0
    while True:  # the first byte that is not white space
        while at < len(buf) and buf[at] in _JSON_SPACE:
            at += 1
        if at < len(buf) or eof:
            break
        block = read()
        eof, buf, at = not block, buf[at:] + block, 0
    if at == len(buf) or buf[at] != ord("["):
        raise _Unusual  # an object (parsed whole), or not JSON
    depth, start, last, pos = 0, -1, at + 1, at
    first = True  # no item yet: the separator before the next one is empty
    while True:
        m = _STRUCTURE.search(buf, pos)
        if m is None or (buf[m.start()] == 0x22 and m.group(1) is None):
            if eof:
                raise _Unusual  # the array or a string is never closed
            keep = start if start >= 0 else last  # what is not read yet, from there
            block = read()
            eof = not block
            resume = m.start() if m is not None else len(buf)  # the unfinished string, or on
            buf = buf[keep:] + block
            pos = resume - keep
            if start >= 0:
                start -= keep
            last -= keep
            continue
        pos = m.end()
        c = buf[m.start()]
        if c == 0x22:  # a string: its brackets are text
            if depth == 1:
                raise _Unusual  # a string item: not a task
            continue
        if c in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth == 2:
                if buf[last : m.start()].strip(_JSON_SPACE) != (b"" if first else b","):
                    raise _Unusual
                start = m.start()
            continue
        depth -= 1
        if depth == 1:
            try:
                obj = orjson.loads(buf[start:pos])
            except orjson.JSONDecodeError:
                raise _Unusual from None
            yield obj
            first = False
            last, start = pos, -1  # the block is cut at its next read, not at every item
        elif depth == 0:
            if buf[last : m.start()].strip(_JSON_SPACE) or buf[pos:].strip(_JSON_SPACE):
                raise _Unusual
            while not eof:  # nothing but white space may follow
                block = read()
                eof = not block
                if block.strip(_JSON_SPACE):
                    raise _Unusual
            return


def draft(
    path: Path, line: int, rec: dict[str, Any], override: str | None, where: str = ""
) -> ArticleDraft:
    """A canonical JSONL record (see :mod:`.jsonl`) -> a checked draft, errors at file:line
    (prefixed with ``where``, e.g. ``task 3``, which the draft keeps for later errors)."""
    try:
        out = jsonl._draft(rec, line, (override or "").strip() or None)
    except jsonl._Bad as exc:
        raise FormatError(path, line, f"{where}: {exc}" if where else str(exc)) from None
    out.where = where
    return out


def need(cond: bool, path: Path, line: int, reason: str) -> None:
    if not cond:
        raise FormatError(path, line, reason)


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_stem(name: str, taken: set[str]) -> str:
    """A file stem made from ``name`` (word characters, dot, dash), unique within ``taken``."""
    stem = _UNSAFE.sub("_", name).strip("._")[:100] or "article"
    if stem.lower() in {"con", "prn", "aux", "nul"} or re.fullmatch(r"(?i)(com|lpt)\d", stem):
        stem = f"_{stem}"
    out, n = stem, 1
    while out.lower() in taken:
        n += 1
        out = f"{stem}-{n}"
    taken.add(out.lower())
    return out
