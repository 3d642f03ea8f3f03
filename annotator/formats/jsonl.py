"""The canonical JSONL format: one record per article x annotator, offsets in code points.

```
{"id": "…", "text": "…",
 "meta": {"title": "…", "source": "…", "url": null, "published": null, "language": "id",
          "language_confidence": 0.99, …the article's own meta…},
 "annotator": "alice", "status": "done",
 "spans": [{"id": "s1", "start": 0, "end": 5, "label": "PERSON", "text": "Putin",
            "attributes": {}}],
 "relations": [{"head": "s2", "child": "s1", "label": "SAID_BY"}]}
```
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import Article, ArticleDraft, Document, RelationDraft, SpanDraft, Status
from annotator.core.offsets import SpanError, check_span, remap_crlf, remap_span
from annotator.core.origin import HAND, origin_problem
from annotator.core.quantities import VALUES
from annotator.core.validate import DraftError, check_text
from annotator.formats.base import QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import (
    BOM,
    BadRecords,
    FormatError,
    decode_strict,
    derive_title,
    normalise_newlines,
    open_capped,
)

EXTENSIONS = (".jsonl", ".ndjson")
MAX_BYTES = 1 << 30
"""Cap on a JSONL file (1 GiB); the import streams it in batches (ADR 0032)."""
MAX_DEPTH = 32
"""Deepest nesting of objects/arrays a record may have (the record itself is level 1)."""
META_FIELDS = ("title", "source", "url", "published")
STATUSES = tuple(s.value for s in Status)


class _Bad(ValueError):
    """A problem with one record; the caller adds file:line."""


# ---------------------------------------------------------------- reading


BATCH = 1000
"""Records per batch of a streamed import (:func:`read_batches`)..."""
BATCH_BYTES = 4 << 20
"""... or fewer, once a batch's lines hold this many bytes: long articles move the progress
and stay within the import's memory bound as short ones do."""


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    """Every record of ``path``; a bad record refuses the file, and every bad one is named
    with its line in one :class:`~.common.BadRecords` (which carries the good records).

    What :func:`read_batches` yields, in one list (the import streams it instead).
    """
    bad: list[FormatError] = []
    drafts = [d for batch in read_batches(path, bad, annotator=annotator) for d in batch]
    if bad:
        raise BadRecords(path, bad, drafts)
    return drafts


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """The good records of ``path``, ``size`` at a time (fewer when their lines reach
    :data:`BATCH_BYTES`), read as they are needed; each bad
    record is added to ``bad`` with its line (the caller refuses the file or sets them aside).
    ``progress(bytes_read)`` is called after each batch, ``pause()`` before each line (it
    may block, and what it raises is let through: ``DraftFeed.batches`` in core/importing.py).
    Only a batch is held, and of the records before it only their ids (one id is one article:
    :class:`IdCheck`).

    Blank lines are skipped. ``annotator`` is the annotator of every record that names none
    (``"annotator"`` missing or null): such records are then marked done for that annotator,
    as the record would be if it named them. A record that names an annotator keeps its own,
    whatever ``annotator`` says: labels are never moved to someone who did not make them.

    Text with CR or CRLF is normalised to LF and each span remapped so it covers the same
    characters; a span that would not (it ends between CR and LF) is rejected. Raises
    :class:`FormatError` for a file that cannot be read, is over the cap or holds no record.
    """
    override = (annotator or "").strip() or None
    fh = open_capped(path, MAX_BYTES)
    ids = IdCheck(path)
    drafts: list[ArticleDraft] = []
    total = 0
    records = 0
    held = 0  # bytes of the lines of the batch being made
    try:
        with fh:
            for n, raw in enumerate(fh, 1):
                if pause is not None:
                    pause()
                total += len(raw)
                held += len(raw)
                if total > MAX_BYTES:
                    raise FormatError(path, n, f"file grew over the cap of {MAX_BYTES:,} bytes")
                if n == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM) :]
                if not raw.strip():
                    continue
                records += 1
                try:
                    rec = _loads(raw)
                    if rec is None:  # anything unusual: decoded, parsed and named in full
                        rec = _parse(decode_strict(path, raw, first_line=n))
                    draft = _draft(rec, n, override)
                except _Bad as exc:
                    bad.append(FormatError(path, n, str(exc)))
                    continue
                except FormatError as exc:
                    bad.append(exc)
                    continue
                if ids.keep(draft, bad):
                    drafts.append(draft)
                if len(drafts) >= size or (held >= BATCH_BYTES and drafts):
                    yield drafts
                    drafts = []
                    held = 0
                    if progress is not None:
                        progress(total)
    except OSError as exc:
        raise FormatError(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if not records:
        raise FormatError(path, 0, "the file holds no records (it is empty or blank)")
    if drafts:
        yield drafts
    if progress is not None:
        progress(total)


class IdCheck:
    """One id is one article: a record whose id an earlier record gave to a different text is
    refused. Of each id only a digest of its first text and where it was are kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.first: dict[str, tuple[bytes, int, str]] = {}

    def keep(self, d: ArticleDraft, bad: list[FormatError]) -> bool:
        """Whether ``d`` keeps its place (else its refusal is added to ``bad``)."""
        if not d.external_id:
            return True
        digest = hashlib.blake2b(d.text.encode("utf-8", "surrogatepass"), digest_size=16)
        mine = digest.digest()
        seen = self.first.setdefault(d.external_id, (mine, d.line, d.where))
        if seen[0] == mine:
            return True
        earlier = f"line {seen[1]}" if seen[1] else (seen[2] or "an earlier record")
        prefix = f"{d.where}: " if d.where else ""
        bad.append(
            FormatError(
                self.path,
                d.line,
                f'{prefix}"id" {d.external_id!r} was given to a different text at '
                f"{earlier}; one id names one article",
            )
        )
        return False


def without_id_conflicts(
    path: Path, drafts: list[ArticleDraft], bad: list[FormatError]
) -> list[ArticleDraft]:
    """``drafts`` less each record whose id an earlier record gave to a different text (one
    id is one article); each one left out is added to ``bad``."""
    check = IdCheck(path)
    return [d for d in drafts if check.keep(d, bad)]


def _loads(raw: bytes) -> dict[str, Any] | None:
    """The record of a well-formed line, parsed from its bytes at once; None when anything
    about it is unusual (:func:`_parse` then decodes and parses it again, to name what).

    orjson refuses on bytes everything the decoding refuses (invalid UTF-8, a NUL byte: JSON
    allows no raw control character) and parses the rest as the decoded line.
    """
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(obj) is not dict or raw.count(b"{") + raw.count(b"[") > MAX_DEPTH:
        return None
    return obj


def _parse(line: str) -> dict[str, Any]:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in exc.msg:
            raise _Bad(
                f"malformed JSON at column {exc.colno}: {exc.msg} "
                "(a lone surrogate escape such as \\ud800 is not a character)"
            ) from None
        if "depth" in exc.msg:
            raise _Bad(f"record is nested deeper than {MAX_DEPTH} levels ({exc.msg})") from None
        raise _Bad(f"malformed JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise _Bad(f"record is nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(obj, dict):
        raise _Bad(f"a record must be a JSON object, not {_kind(obj)}")
    # nesting cannot be deeper than the brackets opened (most records: far fewer than the cap)
    if line.count("{") + line.count("[") > MAX_DEPTH and _depth(obj) > MAX_DEPTH:
        raise _Bad(f"record is nested deeper than {MAX_DEPTH} levels")
    return obj


def _depth(value: object) -> int:
    """Nesting depth of containers (without recursion; stops once past :data:`MAX_DEPTH`)."""
    deepest = 0
    level = 1
    layer: list[Any] = [value] if type(value) in _CONTAINERS else []
    while layer:  # one level of containers at a time; scalars are never queued
        deepest = level
        if deepest > MAX_DEPTH:
            return deepest
        below: list[Any] = []
        for item in layer:
            children = item.values() if isinstance(item, dict) else item
            below.extend(c for c in children if type(c) in _CONTAINERS)
        layer = below
        level += 1
    return deepest


_CONTAINERS = (dict, list)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _opt_str(value: object, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Bad(f"{what} must be a string or null, not {_kind(value)}")


def _key(value: object, what: str) -> str | None:
    """An id: a string or an integer (made a string), or null."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _Bad(f"{what} must be a string or an integer, not {_kind(value)}")


def _opt_list(value: object, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(f'"{what}" must be an array, not {_kind(value)}')
    return value


def _opt_dict(value: object, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Bad(f"{what} must be an object, not {_kind(value)}")
    return value


def _draft(rec: dict[str, Any], line: int, override: str | None) -> ArticleDraft:
    if "text" not in rec:
        raise _Bad('the record has no "text"')
    raw_text = rec["text"]
    if not isinstance(raw_text, str):
        raise _Bad(f'"text" must be a string, not {_kind(raw_text)}')
    mapping: list[int] | None = None
    text = raw_text
    if "\r" in raw_text:
        text, mapping = remap_crlf(raw_text)
    try:
        check_text(text)
    except DraftError as exc:
        raise _Bad(str(exc)) from None

    meta = dict(_opt_dict(rec.get("meta"), '"meta"'))
    fields: dict[str, str | None] = {}
    for k in META_FIELDS:
        value = meta.pop(k, None)
        fields[k] = value if value is None or type(value) is str else _opt_str(value, f'meta "{k}"')
    language = _opt_str(meta.pop("language", None), 'meta "language"')
    confidence = meta.pop("language_confidence", None)
    if language in (None, "", "unknown"):
        language, confidence = None, None  # not an assertion: the store detects it
    elif confidence is None:
        confidence = 1.0
    elif (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0.0 <= confidence <= 1.0
    ):
        raise _Bad(f'meta "language_confidence" must be a number from 0 to 1, not {confidence!r}')

    name = _opt_str(rec.get("annotator"), '"annotator"')
    if name is not None:
        name = name.strip()
        if not name:
            raise _Bad('"annotator" must be a name or null, not an empty string')
    status = _opt_str(rec.get("status"), '"status"')
    if status is not None and status not in STATUSES:
        raise _Bad(f'"status" must be one of {", ".join(STATUSES)}, not {status!r}')

    spans = _spans(_opt_list(rec.get("spans"), "spans"), raw_text, text, mapping)
    relations = [
        _relation(item, n) for n, item in enumerate(_opt_list(rec.get("relations"), "relations"), 1)
    ]
    title = fields["title"]
    return ArticleDraft(
        text=text,
        external_id=_key(rec.get("id"), '"id"') or "",
        title=derive_title(text) if title is None else title,
        source=fields["source"] or "",
        url=fields["url"],
        published=fields["published"],
        meta=meta,
        annotator=name or override,
        spans=spans,
        relations=relations,
        status=Status(status) if status else None,
        language=language,
        language_confidence=float(confidence) if confidence is not None else None,
        line=line,
    )


_PLAIN_SPAN = frozenset(("id", "start", "end", "label", "text"))
"""The keys of a span with nothing but its place, label and text (most spans)."""


def _spans(
    items: list[Any], raw_text: str, text: str, mapping: list[int] | None
) -> list[SpanDraft]:
    """A record's spans. A span of :data:`_PLAIN_SPAN`'s keys whose values are of the common
    types is taken in one test (what the full reading would make of it); any other goes
    through :func:`_span`, which names what is wrong."""
    out: list[SpanDraft] = []
    append = out.append
    plain = _PLAIN_SPAN
    for n, item in enumerate(items):
        if type(item) is dict and mapping is None and item.keys() <= plain:
            get = item.get
            key, start, end, label, stated = (
                get("id"),
                get("start"),
                get("end"),
                get("label"),
                get("text"),
            )
            if (
                type(key) is str
                and type(start) is int
                and type(end) is int
                and type(label) is str
                and label
                and (stated is None or type(stated) is str)
            ):
                append(SpanDraft(key, start, end, label, stated))
                continue
        append(_span(item, n, raw_text, text, mapping))
    return out


def _span(
    item: object, index: int, raw_text: str, text: str, mapping: list[int] | None
) -> SpanDraft:
    if type(item) is dict and mapping is None:  # the common span, checked in few steps
        get = item.get
        key, start, end, label = get("id"), get("start"), get("end"), get("label")
        stated = get("text")
        if (
            type(key) is str
            and type(start) is int
            and type(end) is int
            and type(label) is str
            and label
            and (stated is None or type(stated) is str)
            and ((given := get("attributes")) is None or (type(given) is dict and not given))
            and get("origin", HAND) == HAND
            and get("cluster") is None
        ):
            return SpanDraft(key=key, start=start, end=end, label=label, text=stated)
    return _span_checked(item, index, raw_text, text, mapping)


def _span_checked(
    item: object, index: int, raw_text: str, text: str, mapping: list[int] | None
) -> SpanDraft:
    if not isinstance(item, dict):
        raise _Bad(f"span {index}: must be an object, not {_kind(item)}")
    key = _key(item.get("id"), f'span {index}: "id"')
    key = str(index) if key is None else key
    where = f"span {key}"
    start, end = item.get("start"), item.get("end")
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, float) and abs(value) >= 2**63:
            raise _Bad(
                f'{where}: "{name}" {value:.6g} is out of range '
                "(an offset is an integer from 0 to the length of the text)"
            )
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(f'{where}: "{name}" must be an integer, not {_kind(value)}')
    assert isinstance(start, int) and isinstance(end, int)
    label = item.get("label")
    if not isinstance(label, str) or not label:
        raise _Bad(f'{where}: "label" must be a non-empty string, not {_kind(label)}')
    stated = _opt_str(item.get("text"), f'{where}: "text"')
    attributes = _opt_dict(item.get("attributes"), f'{where}: "attributes"')
    if mapping is not None:
        start, end, stated = _remap(where, raw_text, text, mapping, start, end, stated)
    # The numbers an export wrote are read from the span's text again, never from the file.
    if VALUES in attributes:
        attributes = {k: v for k, v in attributes.items() if k != VALUES}
    origin = item.get("origin", HAND)
    problem = origin_problem(origin)
    if problem:
        raise _Bad(f'{where}: "origin": {problem}')
    cluster = item.get("cluster")
    if cluster is not None and (
        not isinstance(cluster, str) or not cluster.strip() or len(cluster) > 200
    ):
        raise _Bad(f'{where}: "cluster" must be a name (a non-empty string of at most 200)')
    return SpanDraft(
        key=key,
        start=start,
        end=end,
        label=label,
        text=stated,
        attributes=attributes,
        origin=origin,
        cluster=cluster.strip() if cluster else None,
    )


def _remap(
    where: str,
    raw_text: str,
    text: str,
    mapping: list[int],
    start: int,
    end: int,
    stated: str | None,
) -> tuple[int, int, str | None]:
    """Carry a span over CRLF -> LF normalisation; refuse one that would change what it covers."""
    for name, off in (("start", start), ("end", end)):
        if 0 < off < len(raw_text) and raw_text[off - 1] == "\r" and raw_text[off] == "\n":
            raise _Bad(
                f"{where}: its {name} ({off}) falls between the CR and LF of a line break, "
                "so it cannot be carried over to the text with LF line ends"
            )
    try:
        check_span(raw_text, start, end, stated)
    except SpanError as exc:
        raise _Bad(f"{where}: {exc} (offsets of the text as given, with CR)") from None
    new_start, new_end = remap_span(mapping, start, end)
    expected = normalise_newlines(raw_text[start:end])
    if text[new_start:new_end] != expected:
        raise _Bad(
            f"{where}: after CRLF -> LF the span {new_start}..{new_end} would cover "
            f"{text[new_start:new_end]!r}, not {expected!r}"
        )
    return new_start, new_end, None if stated is None else normalise_newlines(stated)


def _relation(item: object, index: int) -> RelationDraft:
    if not isinstance(item, dict):
        raise _Bad(f"relation {index}: must be an object, not {_kind(item)}")
    head = _key(item.get("head"), f'relation {index}: "head"')
    child = _key(item.get("child"), f'relation {index}: "child"')
    label = item.get("label")
    if head is None or child is None:
        raise _Bad(f'relation {index}: needs "head" and "child" span ids')
    if not isinstance(label, str) or not label:
        raise _Bad(f'relation {index}: "label" must be a non-empty string, not {_kind(label)}')
    return RelationDraft(head=head, child=child, label=label)


# ---------------------------------------------------------------- writing


def meta_of(article: Article) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "language_confidence": article.language_confidence,
    }
    for k, v in article.meta.items():
        meta.setdefault(k, v)
    return meta


def token_records(text: str, tokens: Tokens) -> list[dict[str, Any]]:
    """Prodigy's token records: text, start, end (code points), id, ws (a space follows)."""
    return [
        {
            "text": text[s:e],
            "start": s,
            "end": e,
            "id": i,
            "ws": e < len(text) and text[e].isspace(),
        }
        for i, (s, e) in enumerate(tokens.offsets)
    ]


def record(
    doc: Document, tokens: Tokens | None, clusters: dict[int, str] | None = None
) -> dict[str, Any]:
    """The canonical record of one document (with tokens when given; a claim's cluster by
    its name in ``clusters``)."""
    article = doc.article
    span_records = []
    for sp in doc.spans:
        item: dict[str, Any] = {
            "id": f"s{sp.id}",
            "start": sp.start,
            "end": sp.end,
            "label": sp.label,
            "text": sp.text,
            "attributes": sp.attributes,
        }
        if sp.origin != HAND:  # how it began, when not typed by hand (core/origin.py)
            item["origin"] = sp.origin
        if sp.cluster_id is not None and clusters is not None:
            item["cluster"] = clusters.get(sp.cluster_id, f"cluster {sp.cluster_id}")
        if tokens is not None:
            item["token_start"], item["token_end"] = tokens.span(sp.start, sp.end)
        span_records.append(item)
    out: dict[str, Any] = {
        "id": article.external_id,
        "text": article.text,
        "meta": meta_of(article),
        "annotator": doc.annotator,
        "status": doc.status.value if doc.annotator is not None else None,
        "spans": span_records,
        "relations": [
            {"head": f"s{r.head}", "child": f"s{r.child}", "label": r.label} for r in doc.relations
        ],
    }
    if tokens is not None:
        out["tokens"] = token_records(article.text, tokens)
    return out


class Sink:
    """One canonical record per line; orjson writes UTF-8 as is."""

    def __init__(self, path: Path, ctx: Context) -> None:
        self._fh = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._ctx = ctx
        self._buf: list[bytes] = []

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        self._buf.append(orjson.dumps(record(doc, tokens, self._ctx.clusters)))
        if len(self._buf) >= 512:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            self._buf.append(b"")
            self._fh.write(b"\n".join(self._buf))
            self._buf = []

    def close(self) -> None:
        self._flush()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def abort(self) -> None:
        """The export stopped: the file is let go of unwritten (staging is removed after)."""
        self._buf = []
        with contextlib.suppress(OSError):  # what was buffered cannot be written either
            self._fh.close()


FORMAT = ExportFormat(
    "jsonl",
    ".jsonl",
    Sink,
    unlabelled=True,
    title="JSONL",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "Annotator's own records: everything, lossless"),
    tokens_option=True,
    values=True,
)
