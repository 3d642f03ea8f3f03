"""Prodigy JSONL (``ner_manual`` / ``spans_manual`` / ``rel`` tasks), one task per document.

```
{"text": "…", "meta": {"id": "…", "title": "…", …},
 "tokens": [{"text": "Putin", "start": 0, "end": 5, "id": 0, "ws": true}, …],
 "spans": [{"start": 0, "end": 5, "token_start": 0, "token_end": 0, "label": "PERSON",
            "text": "Putin", "layer": "entity", "attributes": {}}],
 "relations": [{"head": 7, "child": 0, "label": "SAID_BY",
                "head_span": {…span…}, "child_span": {…span…}}],
 "answer": "accept", "_input_hash": 123, "_task_hash": 456,
 "_annotator_id": "alice", "_session_id": "alice"}
```

Offsets are code points; ``token_end`` is inclusive (Prodigy's convention); a relation's
``head``/``child`` are the last tokens of its spans. ``_input_hash``/``_task_hash`` are
stable signed 32-bit integers from SHA-256 (not Prodigy's murmurhash; Prodigy recomputes
them on import with ``--rehash``). ``attributes`` and ``layer`` are extra keys Prodigy keeps.
Import reads tasks with ``answer`` ``accept`` (or none); ``reject``/``ignore`` are skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats import jsonl
from annotator.formats.base import QT_TRANSLATE_NOOP, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, all_of
from annotator.formats.records import draft, json_lines


def hash32(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def task(doc: Document, tokens: Tokens) -> dict[str, Any]:
    text = doc.article.text
    spans: dict[int, dict[str, Any]] = {}
    for sp in doc.spans:
        first, last = tokens.span(sp.start, sp.end)
        spans[sp.id] = {
            "start": sp.start,
            "end": sp.end,
            "token_start": first,
            "token_end": last,
            "label": sp.label,
            "text": sp.text,
            "layer": sp.layer,
            "attributes": sp.attributes,
        }
    relations = [
        {
            "head": spans[r.head]["token_end"],
            "child": spans[r.child]["token_end"],
            "label": r.label,
            "head_span": spans[r.head],
            "child_span": spans[r.child],
        }
        for r in doc.relations
    ]
    meta = {"id": doc.article.external_id, **jsonl.meta_of(doc.article)}
    name = doc.annotator or ""
    input_hash = hash32(text)
    return {
        "text": text,
        "meta": meta,
        "tokens": jsonl.token_records(text, tokens),
        "spans": list(spans.values()),
        "relations": relations,
        "answer": "accept",
        "_input_hash": input_hash,
        "_task_hash": hash32(str(input_hash), orjson.dumps(list(spans.values())).decode()),
        "_annotator_id": name or None,
        "_session_id": name or None,
        "_view_id": "relations" if relations else "spans_manual",
    }


class Sink(jsonl.Sink):
    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        self._buf.append(orjson.dumps(task(doc, tokens)))
        if len(self._buf) >= 512:
            self._flush()


FORMAT = ExportFormat(
    "prodigy",
    ".jsonl",
    Sink,
    tokens=True,
    title="Prodigy",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "JSONL tasks with tokens, spans and relations"),
    values=True,
)


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    """The accepted tasks of ``path``; every bad task is named in one
    :class:`~.common.BadRecords` (which carries the good ones)."""
    return all_of(path, lambda bad: read_batches(path, bad, annotator=annotator))


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    size: int = jsonl.BATCH,
    progress: Callable[[int], None] | None = None,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """The accepted tasks ``size`` at a time, read line by line as they are needed (a
    Prodigy file is JSON Lines: nothing in it is about the whole file); each bad task is
    added to ``bad``. ``pause()`` is called before each line."""
    drafts: list[ArticleDraft] = []
    made = 0
    for n, rec in json_lines(path, bad, progress):
        if pause is not None:
            pause()
        if rec.get("answer", "accept") != "accept":
            continue
        try:
            drafts.append(draft(path, n, canonical(path, n, rec), annotator))
        except FormatError as exc:
            bad.append(exc)
        if len(drafts) >= size:
            made += len(drafts)
            yield drafts
            drafts = []
    made += len(drafts)
    if drafts:
        yield drafts
    if not made and not bad:
        raise FormatError(path, 0, "the file holds no accepted tasks")


def canonical(path: Path, line: int, rec: dict[str, Any]) -> dict[str, Any]:
    """A Prodigy task as a canonical JSONL record."""
    spans = rec.get("spans") or []
    if not isinstance(spans, list):
        raise FormatError(path, line, '"spans" must be an array')
    keys: dict[tuple[Any, Any, Any], str] = {}
    out_spans = []
    for i, sp in enumerate(spans):
        if not isinstance(sp, dict):
            raise FormatError(path, line, f"span {i}: must be an object")
        key = f"p{i}"
        keys[(sp.get("start"), sp.get("end"), sp.get("label"))] = key
        out_spans.append(
            {
                "id": key,
                "start": sp.get("start"),
                "end": sp.get("end"),
                "label": sp.get("label"),
                "text": sp.get("text"),
                "attributes": sp.get("attributes") or {},
            }
        )
    relations = []
    for i, rel in enumerate(rec.get("relations") or []):
        ends = []
        for side in ("head_span", "child_span"):
            sp = rel.get(side) if isinstance(rel, dict) else None
            if not isinstance(sp, dict):
                raise FormatError(path, line, f"relation {i}: needs {side}")
            k = (sp.get("start"), sp.get("end"), sp.get("label"))
            if k not in keys:  # Prodigy allows relations between unlabelled token spans
                keys[k] = f"p{len(out_spans)}"
                out_spans.append(
                    {
                        "id": keys[k],
                        "start": k[0],
                        "end": k[1],
                        "label": k[2],
                        "text": sp.get("text"),
                    }
                )
            ends.append(keys[k])
        relations.append({"head": ends[0], "child": ends[1], "label": rel.get("label")})
    meta = dict(rec.get("meta") or {})
    name = rec.get("_annotator_id") or rec.get("_session_id")
    return {
        "id": meta.pop("id", None),
        "text": rec.get("text"),
        "meta": meta,
        "annotator": name,
        "status": "done" if name else None,
        "spans": out_spans,
        "relations": relations,
    }
