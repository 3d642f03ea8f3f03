"""CoNLL-2003 style IOB2: one token per line, one tag column per layer, entity tags last.

```
# format = CoNLL-2003 style, IOB2 tags, tokens \\w+|[^\\w\\s]; columns TOKEN CLAIM ENTITY
-DOCSTART- O O
# id = 000_b2ebdb4fe16fc330
# annotator = alice
# text = "Putin menelepon Kim."

Putin O B-PERSON
menelepon O O
…
```

Columns are the token, then one IOB2 tag column per layer of the schema with the entity
layer last (where CoNLL-2003 readers look for NER tags), so claims and entities never share
a column. Documents start with ``-DOCSTART-``; a blank line separates paragraphs (a gap with
a line break that no span crosses). Comment lines are ``# key = value``: ``text`` holds the
article text as a JSON string so import restores it exactly; a token ``#`` is a token line
(its second field is a tag, never ``=``). Lossy: attributes, relations and metadata other
than the id are not written; spans of one layer may not overlap (IOB cannot nest).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats import tags
from annotator.formats.base import ENTITY, QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import (
    BadRecords,
    FormatError,
    all_of,
    decoded_blocks,
)
from annotator.formats.jsonl import BATCH
from annotator.formats.records import MAX_BYTES, draft, need
from annotator.formats.tags import SCHEMES

EXTENSIONS = (".conll", ".conll03", ".iob")
_CONLLU_ID = re.compile(r"\d+(?:[-.]\d+)?")
DOCSTART = "-DOCSTART-"


def layers_of(ctx: Context) -> list[str]:
    names = [layer.name for layer in ctx.schema.layers if layer.name != ENTITY]
    return [*names, ENTITY]


def header(layers: list[str]) -> str:
    cols = " ".join(layer.upper() for layer in layers)
    return (
        "# format = CoNLL-2003 style, IOB2 tags, tokens \\w+|[^\\w\\s] (Unicode); "
        f"columns TOKEN {cols}\n# columns = TOKEN {cols}\n"
    )


class Sink:
    def __init__(self, path: Path, ctx: Context) -> None:
        self._fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self._layers = layers_of(ctx)
        self._all_o = "".join(" O" for _ in self._layers) + "\n"
        self._docstart = DOCSTART + self._all_o
        self._column = {layer: c for c, layer in enumerate(self._layers)}
        self._fh.write(header(self._layers))

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        text = doc.article.text
        out = [self._docstart, f"# id = {doc.article.external_id or doc.article.id}\n"]
        if doc.annotator:
            out.append(f"# annotator = {doc.annotator}\n")
        out.append(f"# text = {orjson.dumps(text).decode()}\n\n")
        # Every token is "TOKEN O O\n" but the few that spans tag: runs of untagged tokens
        # are one C-level join of their words (no Python work per token); only the tagged
        # tokens, and a blank line before a token that follows a line break (unless a span
        # continues into it), are written one by one.
        tagged = self._tagged(doc, tokens)
        n = len(tokens)
        breaks = set()
        if "\n" in text:
            gaps, starts = tokens.gaps, tokens.starts
            at = text.find("\n")
            while at >= 0:
                i = bisect_right(starts, at)  # the token after the break
                if 0 < i < n and "\n" in gaps[i] and not _inside(tagged.get(i)):
                    breaks.add(i)
                at = text.find("\n", starts[i] if i < n else len(text))
        words, all_o, pos = tokens.words, self._all_o, 0
        for i in sorted(breaks.union(tagged)):
            if i > pos:
                out += (all_o.join(words[pos:i]), all_o)
            if i in breaks:
                out.append("\n")
            row = tagged.get(i)
            out += (words[i], all_o if row is None else " " + " ".join(row) + "\n")
            pos = i + 1
        if pos < n:
            out += (all_o.join(words[pos:]), all_o)
        out.append("\n")
        self._fh.write("".join(out))

    def _tagged(self, doc: Document, tokens: Tokens) -> dict[int, list[str]]:
        """{token: its tag in each column} for the tokens a span covers (spans of one layer
        never overlap here: the checks left out the ones that would)."""
        tagged: dict[int, list[str]] = {}
        column, width = self._column, len(self._layers)
        for sp in doc.spans:
            first, last = tokens.span(sp.start, sp.end)
            c = column.get(sp.layer)
            for i in range(first, last + 1):
                row = tagged.get(i)
                if row is None:
                    row = tagged[i] = ["O"] * width
                if c is not None:
                    row[c] = f"B-{sp.label}" if i == first else f"I-{sp.label}"
        return tagged

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def abort(self) -> None:
        """The export stopped: the file is let go of unwritten (staging is removed after)."""
        with contextlib.suppress(OSError):  # what was buffered cannot be written either
            self._fh.close()


def _inside(row: list[str] | None) -> bool:
    """A span continues into this token (no paragraph break may go before it)."""
    return row is not None and any(tag.startswith("I-") for tag in row)


FORMAT = ExportFormat(
    "conll",
    ".conll",
    Sink,
    tokens=True,
    flat=("*",),
    relations=False,
    title="CoNLL-2003",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "IOB2 tags, one token per line, a column per layer"),
)


# ---------------------------------------------------------------- reading


@dataclass
class _Sentence:
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    text: tuple[int, str] | None = None  # the `# text = …` comment just before it
    bad: bool = False  # a line of it was refused (its rows are not all there)


@dataclass
class _Doc:
    line: int
    meta: dict[str, str] = field(default_factory=dict)
    sentences: list[_Sentence] = field(default_factory=list)


def _fields(line: str) -> list[str]:
    """Columns: tab separated when the line has a tab (a token may then hold spaces), else
    separated by runs of spaces."""
    line = line.rstrip(" \t")
    if "\t" in line:
        return line.lstrip(" ").split("\t")
    fields = line.split(" ")
    return fields if "" not in fields else [f for f in fields if f]


def _comment(line: str) -> tuple[str, str] | None:
    """``(key, value)`` of a comment line ``# key = value`` (or ``# newdoc``/``# newpar``,
    CoNLL-U); ``None`` for a token line (a token ``#`` is followed by a tag, never ``=``)."""
    if not line.startswith("#"):
        return None
    parts = line.split()
    if len(parts) >= 3 and parts[0] == "#" and parts[2] == "=":
        return parts[1], line.split("=", 1)[1].strip()
    if (
        len(parts) >= 2
        and parts[0] == "#"
        and parts[1] in ("newdoc", "newpar")
        and (len(parts) == 2 or (parts[2] == "id" and len(parts) >= 4 and parts[3] == "="))
    ):
        return parts[1], line.split("=", 1)[1].strip() if "=" in line else ""
    return None


def read(
    path: Path,
    *,
    annotator: str | None = None,
    tag_column: int | None = None,
    scheme: str = "auto",
) -> list[ArticleDraft]:
    """Documents of a CoNLL file: ours, CoNLL-2003's own (``EU NNP B-NP B-ORG``), spaCy's.

    ``-DOCSTART-`` (or ``# newdoc``) starts a document, a blank line ends a sentence. The
    tokens are the first column, taken as they are; the text is built from them (see
    :func:`_text`). Tags: every column after the token when the file declares
    ``# columns = TOKEN …`` (our export), else the last column, or column ``tag_column``
    (1-based, the token is column 1). ``scheme`` is ``auto`` (:func:`.tags.detect`, per tag
    column over the whole file), ``iob1``, ``iob2``, ``bioes`` or ``bilou``; an invalid tag
    sequence is refused at the line of the offending token.

    A bad token line (an empty column, a whitespace token, no tag, a number of columns other
    than ``# columns`` declares or most lines have) or an invalid tag sequence does not stop
    the reading: every one is named with its line in one :class:`~.common.BadRecords` (one
    invalid sequence a sentence and tag column; the tags of a sentence with a bad line are
    not read), which carries the documents with none. What is about the whole file (no
    token line, CoNLL-U, ``--tag-column`` out of range, BIOES and BILOU tags mixed) refuses
    it at once.
    """
    return all_of(
        path,
        lambda bad: read_batches(
            path, bad, annotator=annotator, tag_column=tag_column, scheme=scheme
        ),
        skippable=False,
    )


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    tag_column: int | None = None,
    scheme: str = "auto",
    size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s documents ``size`` at a time, the file read twice and never held
    (ADR 0042): a first pass learns what is about the whole file (the declared columns, the
    width most lines have, CoNLL-U, the tag scheme of each tag column), a second makes the
    drafts one document at a time. Each bad line, sequence or document is added to ``bad``
    (the caller refuses the file); what is about the whole file raises before the first
    batch. ``progress(bytes)`` counts both passes as one read of the file (half each);
    ``pause()`` is called before each document of either pass. A file that changes between
    the passes is refused."""
    if scheme not in tags.SCHEMES:
        raise FormatError(path, 0, f"unknown tag scheme {scheme!r} (choose {', '.join(SCHEMES)})")
    tick = progress or (lambda done: None)
    first_pass = _Pass(path, scheme, tag_column)
    read_a = first_pass.run(bad, lambda done: tick(done // 2), pause)
    columns = first_pass.columns
    counts, firsts = first_pass.counts, first_pass.firsts
    need(first_pass.docs > 0, path, 0, "the file holds no documents (no token lines)")
    if not counts:  # no good token line at all
        raise BadRecords(path, bad, skippable=False)
    if columns:
        expected, where = len(columns), "# columns"
    else:
        expected = max(counts, key=lambda w: (counts[w], -firsts[w]))
        where = f"line {firsts[expected]}"
    if expected not in firsts:  # every line is of another width than # columns declares
        _width_problems(path, expected, where, bad)
        raise BadRecords(path, bad, skippable=False)
    width = (expected, firsts[expected])
    if not columns and expected == 10 and 10 not in first_pass.not_conllu:
        raise FormatError(
            path,
            width[1],
            "this is CoNLL-U (10 columns, a word id first), not CoNLL-2003 style (the token "
            "first, the tags last); convert it to token-first columns to import it",
        )
    if tag_column is not None:
        need(
            2 <= tag_column <= width[0],
            path,
            width[1],
            f"--tag-column {tag_column}: the file has columns 1 (the token) to {width[0]}",
        )
        tag_cols = [tag_column - 1]
    elif columns:
        tag_cols = list(range(1, len(columns)))
    else:
        tag_cols = [width[0] - 1]
    schemes: dict[int, str] = {}
    for col in tag_cols:
        if scheme != "auto":
            schemes[col] = scheme
            continue
        found = first_pass.detector(expected, col) or _detect(path, expected, col)
        try:
            schemes[col] = found.scheme()
        except tags.DetectError as exc:  # about the whole file, named with what was found
            problems = [*bad]
            _width_problems(path, expected, where, problems)
            raise BadRecords(
                path, [*problems, FormatError(path, exc.where or 0, exc.reason)],
                skippable=False,
            ) from None  # fmt: skip
    second_pass = _Digest()
    out: list[ArticleDraft] = []
    first = 0
    for doc in _docs(path, None, second_pass, lambda done: tick((read_a + done) // 2)):
        if pause is not None:
            pause()
        _keep_width(path, doc, expected, where, bad)
        found_doc = _draft(path, doc, first, tag_cols, schemes, annotator, bad)
        if found_doc is not None:
            out.append(found_doc)
        first += len(doc.sentences)
        if len(out) >= size:
            yield out
            out = []
    if second_pass.digest() != first_pass.digest.digest():
        raise FormatError(path, 0, "the file changed while it was read; nothing was imported")
    if out:
        yield out


_CHUNK = 1 << 20  # bytes read and decoded at a time (its lines, ~16 bytes each, are held too)


class _Digest:
    """A running digest of the bytes a pass read (the two passes must read the same file)."""

    def __init__(self) -> None:
        self._h = hashlib.blake2b(digest_size=16)

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.digest()


def _lines(
    path: Path, digest: _Digest, progress: Callable[[int], None]
) -> Iterator[tuple[int, str]]:
    """(number, text) of every line of the file (cut at LF only, as ``str.split("\n")``),
    read and strictly decoded :data:`_CHUNK` bytes at a time, each block ending at a line
    end (an LF byte is never inside a UTF-8 sequence); a leading BOM is dropped; over
    :data:`MAX_BYTES` is refused, as :func:`read_capped` does."""
    for n, text, total, last in decoded_blocks(path, MAX_BYTES, _CHUNK, digest.update):
        lines = text.split("\n")
        if not last:
            lines.pop()  # the block ends at a line end: the next block goes on from there
        for k, line in enumerate(lines):
            yield n + k, line
        progress(total)


def _docs(
    path: Path,
    bad: list[FormatError] | None,
    digest: _Digest,
    progress: Callable[[int], None],
    seen: _Pass | None = None,
) -> Iterator[_Doc]:
    """The file's documents that hold a token line, one at a time, as the file is read.
    Each line refused by itself is added to ``bad`` (when given); ``seen`` (the first pass)
    learns the declared columns."""
    cur: _Doc | None = None
    sent: _Sentence | None = None
    pending: tuple[int, str] | None = None
    for n, raw in _lines(path, digest, progress):
        line = raw.rstrip("\r")
        if not line.strip():
            sent = None
            continue
        comment = _comment(line)
        if comment is not None:
            key, value = comment
            if key == "columns":
                columns = value.split()
                need(len(columns) >= 2, path, n, "# columns = needs TOKEN and a tag column")
                if seen is not None:
                    seen.columns = columns
            elif key == "newdoc":
                if cur is not None and cur.sentences:
                    yield cur
                cur, sent = _Doc(n), None
                if value:
                    cur.meta["id"] = value
            elif key == "newpar":
                sent = None
            elif key == "text":
                pending, sent = (n, value), None
            elif key in ("id", "annotator"):
                if cur is None:
                    cur = _Doc(n)
                cur.meta[key] = value
            continue
        fields = _fields(line)
        if fields[0] == DOCSTART:
            if cur is not None and cur.sentences:
                yield cur
            cur, sent, pending = _Doc(n), None, None
            continue
        if cur is None:
            cur = _Doc(n)
        if sent is None:
            sent = _Sentence(text=pending)
            pending = None
            cur.sentences.append(sent)
        problem = _line_problem(fields)
        if problem:
            if bad is not None:
                bad.append(FormatError(path, n, problem))
            sent.bad = True
            continue
        sent.rows.append((n, fields))
    if cur is not None and cur.sentences:
        yield cur


class _Pass:
    """The first pass: the documents counted, the token lines' widths (how many, and the
    first line of each), the widths some line of which is not CoNLL-U (a word id first),
    the declared columns, and, when the scheme is detected, a :class:`tags.Detector` per
    width and tag column fed with the sentences that would be read at that width (no line
    of them refused, every line that wide), for the columns the file then looks to tag."""

    def __init__(self, path: Path, scheme: str, tag_column: int | None) -> None:
        self.path = path
        self.scheme = scheme
        self.tag_column = tag_column
        self.columns: list[str] | None = None
        self.docs = 0
        self.counts: Counter[int] = Counter()
        self.firsts: dict[int, int] = {}
        self.not_conllu: set[int] = set()
        self.eligible: Counter[int] = Counter()  # width -> sentences read at that width
        self.fed: Counter[tuple[int, int]] = Counter()
        self.detectors: dict[tuple[int, int], tags.Detector] = {}
        self.digest = _Digest()

    def run(
        self,
        bad: list[FormatError],
        progress: Callable[[int], None],
        pause: Callable[[], None] | None = None,
    ) -> int:
        """Read the file (``pause()`` before each document); the number of bytes read."""
        done = 0

        def counted(total: int) -> None:
            nonlocal done
            done = total
            progress(total)

        for doc in _docs(self.path, bad, self.digest, counted, self):
            if pause is not None:
                pause()
            self.docs += 1
            for sent in doc.sentences:
                self._sentence(sent)
        return done

    def _sentence(self, sent: _Sentence) -> None:
        counts, firsts = self.counts, self.firsts
        widths = set()
        for n, fields in sent.rows:
            w = len(fields)
            counts[w] += 1
            if w not in firsts:
                firsts[w] = n
            widths.add(w)
            if w not in self.not_conllu and not _CONLLU_ID.fullmatch(fields[0]):
                self.not_conllu.add(w)
        if sent.bad or len(widths) != 1 or self.scheme != "auto":
            return
        (w,) = widths
        self.eligible[w] += 1
        if self.tag_column is not None:
            cols: Iterable[int] = [self.tag_column - 1]
        elif self.columns and len(self.columns) == w:
            cols = range(1, w)
        else:
            cols = [w - 1]
        lines = [n for n, _ in sent.rows]
        for col in cols:
            if not 0 < col < w:
                continue
            found = self.detectors.get((w, col))
            if found is None:
                found = self.detectors[w, col] = tags.Detector()
            found.add([f[col] for _, f in sent.rows], lines)
            self.fed[w, col] += 1

    def detector(self, width: int, col: int) -> tags.Detector | None:
        """The detector of ``col`` at ``width`` when it saw every sentence read at that
        width (else None: a ``# columns`` declared after some sentences, for instance)."""
        if self.fed[width, col] != self.eligible[width]:
            return None
        return self.detectors.get((width, col)) or tags.Detector()


def _detect(path: Path, width: int, col: int) -> tags.Detector:
    """A pass of its own to detect ``col``'s scheme at ``width`` (when the first pass could
    not tell which columns would be read)."""
    found = tags.Detector()
    for doc in _docs(path, None, _Digest(), lambda done: None):
        for sent in doc.sentences:
            if not sent.bad and all(len(f) == width for _, f in sent.rows):
                found.add([f[col] for _, f in sent.rows], [n for n, _ in sent.rows])
    return found


def _width_problems(path: Path, expected: int, where: str, bad: list[FormatError]) -> None:
    """Every token line of another width than ``expected``, added to ``bad`` (a pass of its
    own, when the file is refused before its documents are read)."""
    for doc in _docs(path, None, _Digest(), lambda done: None):
        _keep_width(path, doc, expected, where, bad)


def _keep_width(path: Path, doc: _Doc, expected: int, where: str, bad: list[FormatError]) -> None:
    """Take the lines of another width than ``expected`` out of their sentences (marked bad),
    each added to ``bad``."""
    for sent in doc.sentences:
        kept = [(n, f) for n, f in sent.rows if len(f) == expected]
        if len(kept) == len(sent.rows):
            continue
        for n, fields in sent.rows:
            if len(fields) != expected:
                bad.append(
                    FormatError(
                        path, n, f"{len(fields)} columns, but {where} has {expected} (tokens "
                        "are one column: a token with spaces needs tab-separated columns)"
                    )
                )  # fmt: skip
        sent.rows, sent.bad = kept, True


def _line_problem(fields: list[str]) -> str:
    """What is wrong with a token line by itself ("" when nothing)."""
    if not all(fields):
        return "an empty column (two tabs in a row)"
    if not fields[0].strip():
        return "the token is only whitespace"
    if len(fields) < 2:
        return "a token line needs a token and a tag"
    return ""


def _candidates(value: str) -> list[str]:
    """A ``# text`` value as we write it (a JSON string) and as CoNLL-U writes it (plain)."""
    out = []
    if value.startswith('"'):
        try:
            decoded = orjson.loads(value)
        except orjson.JSONDecodeError:
            decoded = None
        if isinstance(decoded, str):
            out.append(decoded)
    return [*out, value]


def align(text: str, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Each token's offsets when ``text`` is exactly the tokens, in order, with only
    whitespace around and between them; otherwise ``None``."""
    pos, out, size = 0, [], len(text)
    for tok in tokens:
        while pos < size and text[pos].isspace():
            pos += 1
        if not tok or not text.startswith(tok, pos):
            return None
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out if not text[pos:].strip() else None


def join(sentences: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The text of tokens that come without one: tokens joined by one space, sentences by a
    newline; and each token's offsets in it."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for si, toks in enumerate(sentences):
        if si:
            parts.append("\n")
            pos += 1
        sent: list[tuple[int, int]] = []
        for ti, tok in enumerate(toks):
            if ti:
                parts.append(" ")
                pos += 1
            parts.append(tok)
            sent.append((pos, pos + len(tok)))
            pos += len(tok)
        offsets.append(sent)
    return "".join(parts), offsets


def _text(doc: _Doc) -> tuple[str, list[list[tuple[int, int]]]]:
    """The document's text and each sentence's token offsets in it.

    The tokens are the file's. When the first sentence carries a ``# text = …`` comment
    (our JSON string, or CoNLL-U's plain text) that is exactly every token of the document
    in order with whitespace between, it is the text. Otherwise each sentence is its own
    ``# text`` when that holds exactly its tokens, else its tokens joined by single spaces;
    sentences are joined by a newline.
    """
    toks = [[f[0] for _, f in s.rows] for s in doc.sentences]
    head = doc.sentences[0].text
    if head is not None:
        flat = [t for sent in toks for t in sent]
        for cand in _candidates(head[1]):
            found = align(cand, flat)
            if found is not None:
                it = iter(found)
                return cand, [[next(it) for _ in sent] for sent in toks]
    parts: list[str] = []
    for sent, tokens in zip(doc.sentences, toks, strict=True):
        own = None
        if sent.text is not None:
            own = next((c for c in _candidates(sent.text[1]) if align(c, tokens)), None)
        parts.append(own.strip() if own is not None else " ".join(tokens))
    text = "\n".join(parts)
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for part, tokens in zip(parts, toks, strict=True):
        found = align(part, tokens)
        assert found is not None
        offsets.append([(s + pos, e + pos) for s, e in found])
        pos += len(part) + 1
    return text, offsets


def _draft(
    path: Path,
    doc: _Doc,
    first: int,
    tag_cols: list[int],
    schemes: dict[int, str],
    override: str | None,
    bad: list[FormatError],
) -> ArticleDraft | None:
    """The document's draft; None when a line of it was refused or it is bad (each invalid
    tag sequence of its sentences, or what the draft's checks say, is added to ``bad``)."""
    found: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    ok = not any(sent.bad for sent in doc.sentences)
    for col in tag_cols:
        for si, sent in enumerate(doc.sentences):
            if sent.bad:
                continue
            try:
                found[col, si] = tags.chunks(
                    [f[col] for _, f in sent.rows], schemes[col], first + si
                )
            except tags.TagError as exc:
                bad.append(FormatError(path, sent.rows[exc.index][0], exc.reason))
                ok = False
    if not ok:
        return None
    text, offsets = _text(doc)
    spans: list[dict[str, object]] = []
    for col in tag_cols:
        for si, offs in enumerate(offsets):
            for a, b, label in found[col, si]:
                s, e = offs[a][0], offs[b][1]
                spans.append(
                    {"id": f"c{col}s{si}t{a}", "start": s, "end": e, "label": label,
                     "text": text[s:e]}
                )  # fmt: skip
    who = doc.meta.get("annotator")
    rec = {
        "id": doc.meta.get("id", ""),
        "text": text,
        "annotator": who,
        "status": "done" if who or override else None,
        "spans": spans,
    }
    try:
        return draft(path, doc.line, rec, override)
    except FormatError as exc:
        bad.append(exc)
        return None
