"""doccano JSONL, sequence labelling (``doccano``) and relation form (``doccano-rel``).

```
doccano:     {"text": "…", "label": [[0, 5, "PERSON"]], "id": "…", "annotator": "alice",
              "meta": {…}}
doccano-rel: {"text": "…", "entities": [{"id": 1, "label": "PERSON", "start_offset": 0,
              "end_offset": 5, "attributes": {}}], "relations": [{"id": 1, "from_id": 2,
              "to_id": 1, "type": "SAID_BY"}], "id": "…", "annotator": "alice", "meta": {…}}
```

Offsets are code points, end exclusive (doccano 1.x computes them in Python). The plain form
carries spans only (no relations, no attributes); the relation form is lossless (attributes
are an extra key doccano ignores). ``id``, ``annotator`` and ``meta`` are extra keys doccano
shows as metadata. Import reads either form (detected per line).
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
from annotator.formats.jsonl import IdCheck
from annotator.formats.records import draft, json_records


def plain(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.article.external_id,
        "text": doc.article.text,
        "label": [[s.start, s.end, s.label] for s in doc.spans],
        "annotator": doc.annotator,
        "meta": jsonl.meta_of(doc.article),
    }


def with_relations(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.article.external_id,
        "text": doc.article.text,
        "entities": [
            {
                "id": s.id,
                "label": s.label,
                "start_offset": s.start,
                "end_offset": s.end,
                "attributes": s.attributes,
            }
            for s in doc.spans
        ],
        "relations": [
            {"id": r.id, "from_id": r.head, "to_id": r.child, "type": r.label}
            for r in doc.relations
        ],
        "annotator": doc.annotator,
        "meta": jsonl.meta_of(doc.article),
    }


class Sink(jsonl.Sink):
    relations = False

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        self._buf.append(orjson.dumps(with_relations(doc) if self.relations else plain(doc)))
        if len(self._buf) >= 512:
            self._flush()


class RelationSink(Sink):
    relations = True


FORMAT = ExportFormat(
    "doccano",
    ".jsonl",
    Sink,
    relations=False,
    title="doccano",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "sequence labelling JSONL: spans only"),
)
FORMAT_REL = ExportFormat(
    "doccano-rel",
    ".jsonl",
    RelationSink,
    title="doccano (relations)",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "entities, relations and attributes"),
    values=True,
)


DIALECT = (
    'doccano JSONL: one record per line, {"text", "label": [[start, end, label]]} '
    '(sequence labelling) or {"text", "entities": [...], "relations": [...]} (relations)'
)


def read(
    path: Path, *, annotator: str | None = None, notes: list[str] | None = None
) -> list[ArticleDraft]:
    """Every record of ``path``. Records that share a text are one article: they are merged
    into the first one's article, the later records' ids and meta kept in its meta under
    ``merged_records``, and ``notes`` says how many merged (the import adds how many
    identical spans became one). A pretty-printed JSON document is read
    too (with a note). Refusals name the dialect expected."""
    said: list[str] = []
    drafts = all_of(
        path,
        lambda bad: read_batches(path, bad, annotator=annotator, notes=said),
        hint=f" (expected {DIALECT})",
    )
    if notes is not None:
        notes.extend(said)
    return drafts


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    notes: list[str] | None = None,
    size: int = jsonl.BATCH,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s records ``size`` at a time, the file read twice and never held (ADR
    0042): a first pass finds which records share a text with an earlier one (of each text
    a digest and the first record's place are kept, and the later records' ids and meta),
    a second makes the drafts, the first of each text with the later ones' ``merged_records``.
    Each bad record is added to ``bad`` (in the first pass); ``notes`` gets the notes once
    the file is read; a file that changes between the passes is refused."""
    said: list[str] = []
    first_pass = hashlib.blake2b(digest_size=16)
    merged: dict[int, list[dict[str, Any]]] = {}  # first record of a text -> the later ones
    at_of: list[str] = []
    count = 0
    firsts: dict[bytes, int] = {}
    for k, made in enumerate(_drafts(path, annotator, said, bad, first_pass.update)):
        if pause is not None:
            pause()
        count = k + 1
        if made is None:
            continue
        at = f"line {made.line}" if made.line else made.where
        digest = hashlib.blake2b(made.text.encode("utf-8", "surrogatepass"), digest_size=16)
        kept = firsts.setdefault(digest.digest(), k)
        if kept != k:
            at_of.append(at)
            merged.setdefault(kept, []).append(
                {"at": at, "id": made.external_id or None, "meta": made.meta}
            )
    if not count:
        raise FormatError(path, 0, f"the file holds no records (expected {DIALECT})")
    second_pass = hashlib.blake2b(digest_size=16)
    out: list[ArticleDraft] = []
    for k, made in enumerate(_drafts(path, annotator, [], None, second_pass.update)):
        if pause is not None:
            pause()
        if made is None:
            continue
        if k in merged:
            made.meta.setdefault("merged_records", []).extend(merged[k])
        out.append(made)
        if len(out) >= size:
            yield out
            out = []
    if second_pass.digest() != first_pass.digest():
        raise FormatError(path, 0, "the file changed while it was read; nothing was imported")
    if out:
        yield out
    said.extend(_merge_note(at_of))
    if notes is not None:
        notes.extend(said)


def _drafts(
    path: Path,
    annotator: str | None,
    said: list[str],
    bad: list[FormatError] | None,
    read: Callable[[bytes], None],
) -> Iterator[ArticleDraft | None]:
    """Each record's draft in order, None for a bad one (added to ``bad`` when given) or one
    whose id an earlier record gave to another text (one id is one article)."""
    ids = IdCheck(path)
    sink: list[FormatError] = bad if bad is not None else []
    try:
        for n, where, rec in json_records(path, said, sink, read):
            try:
                made = draft(path, n, canonical(path, n, rec, where), annotator, where)
            except FormatError as exc:
                sink.append(exc)
                yield None
                continue
            yield made if ids.keep(made, sink) else None
            if bad is None:
                sink.clear()
    except FormatError as exc:
        raise FormatError(exc.path, exc.line, f"{exc.reason} (expected {DIALECT})") from None


def _merge_note(merged: list[str]) -> list[str]:
    """The note on the records merged into an earlier one's article (``merged``: where
    each is)."""
    if not merged:
        return []
    shown = ", ".join(merged[:10]) + (", …" if len(merged) > 10 else "")
    return [
        f"{len(merged)} record(s) share their text with an earlier record and were merged "
        f"into its article ({shown}); their ids and meta are kept in the article's meta "
        "under merged_records (an article already in the corpus keeps the meta it has)"
    ]


def canonical(path: Path, line: int, rec: dict[str, Any], where: str = "") -> dict[str, Any]:
    try:
        return _canonical(path, line, rec)
    except FormatError as exc:
        if where:
            raise FormatError(path, line, f"{where}: {exc.reason}") from None
        raise


def _canonical(path: Path, line: int, rec: dict[str, Any]) -> dict[str, Any]:
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    if "entities" in rec:
        for i, ent in enumerate(rec.get("entities") or []):
            if not isinstance(ent, dict):
                raise FormatError(path, line, f"entity {i}: must be an object")
            spans.append(
                {
                    "id": ent.get("id", i),
                    "start": ent.get("start_offset"),
                    "end": ent.get("end_offset"),
                    "label": ent.get("label"),
                    "attributes": ent.get("attributes") or {},
                }
            )
        for i, rel in enumerate(rec.get("relations") or []):
            if not isinstance(rel, dict):
                raise FormatError(path, line, f"relation {i}: must be an object")
            relations.append(
                {"head": rel.get("from_id"), "child": rel.get("to_id"), "label": rel.get("type")}
            )
    else:
        labels = rec.get("label", rec.get("labels")) or []
        if not isinstance(labels, list):
            raise FormatError(path, line, '"label" must be an array of [start, end, label]')
        for i, item in enumerate(labels):
            if not (isinstance(item, list) and len(item) == 3):
                raise FormatError(
                    path,
                    line,
                    f"label {i}: expected [start, end, label], not {item!r} "
                    "(a text classification export has no spans)",
                )
            spans.append({"id": i, "start": item[0], "end": item[1], "label": item[2]})
    name = rec.get("annotator")
    meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
    return {
        "id": rec.get("id"),
        "text": rec.get("text"),
        "meta": meta,
        "annotator": name,
        "status": "done" if name else None,
        "spans": spans,
        "relations": relations,
    }
