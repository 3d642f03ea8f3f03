"""Helpers for the importers of other tools' formats: JSON lines, drafts, safe names."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import ArticleDraft
from annotator.formats import jsonl
from annotator.formats.common import (
    BOM,
    FormatError,
    decode_strict,
    human_size,
    open_regular,
    read_capped,
)

MAX_BYTES = jsonl.MAX_BYTES


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
    fh = open_regular(path)
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
        except OSError as exc:
            raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
        if size > MAX_BYTES:
            raise FormatError(
                path,
                0,
                f"file is {human_size(size)} ({size:,} bytes), over the cap of "
                f"{human_size(MAX_BYTES)} ({MAX_BYTES:,} bytes)",
            )
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
        if progress is not None:
            progress(total)


def json_records(
    path: Path, notes: list[str], bad: list[FormatError] | None = None
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line, where, object) for every record of a JSON Lines file, or of a JSON document
    (a pretty-printed record or a list of records, as in tools' documentation), which is
    accepted with a note. A record of a document has no line of its own: ``where`` is
    ``record N`` (and the line 0); in JSON Lines ``where`` is empty. With ``bad`` given, a
    bad line or record is added to it and passed over instead of raised."""
    data = read_capped(path, MAX_BYTES)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    head = data.lstrip()
    if head.startswith(b"["):
        yield from _document(path, data, notes, bad)
        return
    first = True
    for n, raw in enumerate(data.split(b"\n"), 1):
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


def _document(
    path: Path, data: bytes, notes: list[str], bad: list[FormatError] | None = None
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    doc = json_document_of(path, data)
    items = doc if isinstance(doc, list) else [doc]
    notes.append(
        f"this is a JSON document, not JSON Lines: read its {len(items)} record(s) as a list"
    )
    for i, rec in enumerate(items, 1):
        if not isinstance(rec, dict):
            err = FormatError(path, 0, f"record {i}: a record must be a JSON object")
            if bad is None:
                raise err
            bad.append(err)
            continue
        yield 0, f"record {i}", rec


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
