"""spaCy DocBin (``.spacy``): entities in ``doc.ents``, other layers in ``doc.spans``.

Each document's tokens are the tokenizer's (``\\w+|[^\\w\\s]``) plus spaCy-style whitespace
tokens for any gap other than one space, so ``doc.text`` is the article text exactly and
every aligned span is a ``Doc.char_span(..., alignment_mode="strict")``. The claim layer goes
to ``doc.spans["claims"]`` (in general layer ``x`` to ``doc.spans["xs"]``).
``doc.user_data`` holds ``id``, ``annotator`` and each span's attributes under
``"attributes"`` keyed ``"start:end:label"``. Relations are not written. Needs the optional
extra ``spacy`` (``pip install annotator[spacy]``). Load with
``DocBin().from_disk(path).get_docs(spacy.blank("id").vocab)``.
"""

from __future__ import annotations

import os
import queue
import struct
import sys
import tempfile
import threading
import weakref
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from annotator.core.model import ArticleDraft, Document
from annotator.formats.base import ENTITY, QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, all_of, read_capped
from annotator.formats.jsonl import BATCH
from annotator.formats.records import MAX_BYTES, draft

EXTENSIONS = (".spacy",)
_SPAN = struct.Struct(">QQQllll")  # one span of a SpanGroup, as spaCy packs it
_GAP_CODE = {"": 0, " ": 1}.get  # a gap's code (2: any other gap), see _gaps


def words_and_spaces(text: str, offsets: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy's (words, spaces) for ``text`` with the given tokens: ``"".join(w + " " * s)``
    is ``text``. A gap of one space is a trailing space; any other gap becomes a whitespace
    token (after one trailing space when the gap starts with a space)."""
    words: list[str] = []
    spaces: list[bool] = []

    def gap(g: str) -> None:
        if not g:
            return
        if words and g[0] == " " and not spaces[-1]:
            spaces[-1] = True
            g = g[1:]
        if g:
            words.append(g)
            spaces.append(False)

    pos = 0
    for s, e in offsets:
        gap(text[pos:s])
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    gap(text[pos:])
    return words, spaces


def _gaps(tokens: Tokens) -> tuple[list[int], bytes]:
    """The odd gaps and every gap's code. Odd (by index: gap ``k`` lies before token ``k``):
    the gaps other than ``""`` and ``" "``, and a first gap ``" "``; each becomes a whitespace
    word of its own (after one trailing space of the token before, when it starts with a
    space). The codes, one byte a gap: 0 for ``""``, 1 for ``" "``, 2 for any other, so that
    between two odd gaps they are the tokens' space flags. One C-level map per text; the
    odd gaps are found by ``bytes.find`` (a few per text: the paragraph breaks)."""
    gaps = tokens.gaps
    code = bytes(map(_GAP_CODE, gaps, repeat(2)))
    odd = []
    find = code.find
    k = find(2)
    while k >= 0:
        odd.append(k)
        k = find(2, k + 1)
    if gaps[0] == " ":
        odd.insert(0, 0)
    return odd, code


def _odd_gaps(tokens: Tokens) -> list[int]:
    """The odd gaps of :func:`_gaps`."""
    return _gaps(tokens)[0]


def words_and_spaces_of(tokens: Tokens) -> tuple[list[str], list[bool]]:
    """:func:`words_and_spaces` from the tokens' own words and gaps: the runs of tokens
    between gaps of nothing or one space are taken whole (C-level slices and maps); only the
    other gaps (line breaks, several spaces) go through the general rule."""
    words: list[str] = []
    spaces: list[bool] = []
    tok, gaps = tokens.words, tokens.gaps
    odd = _odd_gaps(tokens)
    prev = 0  # the next token to emit
    for k in odd if odd and odd[-1] == len(gaps) - 1 else [*odd, len(gaps) - 1]:
        if k > prev:  # tokens prev..k-1; the gaps between them are "" or " "
            words.extend(tok[prev:k])
            spaces.extend(map(" ".__eq__, gaps[prev + 1 : k]))
            spaces.append(False)
            prev = k
        g = gaps[k]
        if not g:
            continue
        if words and g[0] == " " and not spaces[-1]:
            spaces[-1] = True
            g = g[1:]
        if g:
            words.append(g)
            spaces.append(False)
    return words, spaces


def _spacy(path: Path | str = "spacy") -> Any:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:  # pragma: no cover - depends on the environment
        raise FormatError(
            path, 0, "the spacy format needs spaCy: pip install 'annotator[spacy]'"
        ) from None
    return spacy, DocBin


# The columns of spaCy's DocBin attrs that a doc made here (a bare Vocab: no lexeme attribute
# getters; words, spaces and entities only) leaves at 0. The writer fills ORTH, ENT_IOB,
# ENT_TYPE and SENT_START itself; any other column in a spaCy version's attrs turns it off.
_ZERO_COLUMNS = ("NORM", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_KB_ID", "MORPH", "ENT_ID")
_ROWS = 1 << 17  # token rows (at least) built and deflated at a time: 13.6 MB for 13 columns;
# fewer, larger chunks take the GIL from the export less often (1 << 15 was ~0.4 s slower at 10k)
_QUEUED = 8  # chunks of rows waiting for the compressing thread, at most
_BIN32 = 0xFFFFFFFF  # msgpack's largest bin: spaCy cannot write a DocBin with more token data
_NO_CATS: dict[str, float] = {}
_FLAGS = {"has_unknown_spaces": False}
# zlib level 3, not zlib.compress's 6 (ADR 0044): at 10k articles the message is 680 MB,
# level 6 deflates it in 3.3 s to 35.0 MB, level 3 in 1.5 s to 37.3 MB (6 % more)
_LEVEL = 3
_ZLIB_HEADER = zlib.compress(b"", _LEVEL)[:2]  # the frame's header: deflate, 32 KiB, level
_ADLER_MOD = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of ``a + b`` from ``adler32(a)``, ``adler32(b)`` and ``len(b)``: zlib's
    ``adler32_combine``, which Python's ``zlib`` does not expose."""
    rem = second_length % _ADLER_MOD
    sum1 = first & 0xFFFF
    sum2 = rem * sum1 % _ADLER_MOD
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_MOD - 1) % _ADLER_MOD
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_MOD - rem) % _ADLER_MOD
    return sum1 | sum2 << 16


class _Ids(dict[str, int]):
    """A string's id in spaCy's ``StringStore`` (its hash, or the number of a symbol such as
    ``"PERSON"``), computed once per distinct string: words repeat."""

    __slots__ = ("_of",)

    def __init__(self, of: Any) -> None:
        super().__init__()
        self._of = of

    def __missing__(self, key: str) -> int:
        value = self[key] = self._of(key)
        return value


class _Orths(dict[str, bytes]):
    """A word's ORTH (its id in spaCy's ``StringStore``) as the token table holds it, 8 bytes
    in the machine's order, computed once per distinct word: a run of words becomes its
    column with one ``bytes.join`` (half the time of extending an array of ints)."""

    __slots__ = ("_of",)

    def __init__(self, of: Any) -> None:
        super().__init__()
        self._of = of

    def __missing__(self, key: str) -> bytes:
        value = self[key] = self._of(key).to_bytes(8, sys.byteorder)
        return value


def _bin_header(size: int) -> bytes:
    """msgpack's header of a ``bin`` of ``size`` bytes (as ``use_bin_type=True`` packs it)."""
    if size < 1 << 8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


class _Rows:
    """The token rows of whole documents since the last chunk: each row's ORTH, the docs'
    first rows, the entities' rows and types, and the rows spaCy made for declined docs; all
    relative to the chunk's first row."""

    __slots__ = ("ent_end", "ent_start", "ent_type", "firsts", "orths", "slow")

    def __len__(self) -> int:
        return len(self.orths) >> 3

    def __init__(self) -> None:
        self.orths = bytearray()  # 8 bytes a row (uint64 in the machine's order)
        self.firsts = array("q")
        self.ent_start = array("q")
        self.ent_end = array("q")
        self.ent_type = array("Q")
        self.slow: list[tuple[int, Any]] = []


class _Columns:
    """Where the writer puts what it knows in spaCy's token table: its width, and the
    columns of ENT_IOB, ENT_TYPE and SENT_START when the fast path is on (else ``None``)."""

    __slots__ = ("iob", "sent", "type", "width")

    def __init__(self, width: int, iob: int | None, type_: int | None, sent: int | None) -> None:
        self.width, self.iob, self.type, self.sent = width, iob, type_, sent


def _table(rows: _Rows, cols: _Columns, buffer: Any = None) -> Any:
    """The rows of spaCy's token table (``DocBin.to_bytes``' ``tokens``) for one chunk: ORTH;
    on the fast path O everywhere, the entities' B, I and types, each doc's sentence start;
    a declined doc's rows as spaCy made them; every other column 0. Made in ``buffer`` (the
    table of an earlier chunk) when it is large enough: no new pages to fault in per chunk."""
    import numpy

    n = len(rows)
    if buffer is not None and len(buffer) >= n:
        table = buffer[:n]
        table.fill(0)
    else:
        table = numpy.zeros((n, cols.width), dtype=numpy.uint64)
    if not n:
        return table
    table[:, 0] = numpy.frombuffer(rows.orths, dtype=numpy.uint64)
    if cols.iob is not None and cols.type is not None and cols.sent is not None:
        table[:, cols.iob] = 2  # O
        table[numpy.frombuffer(rows.firsts, dtype=numpy.int64), cols.sent] = 1
        starts = numpy.frombuffer(rows.ent_start, dtype=numpy.int64)
        sizes = numpy.frombuffer(rows.ent_end, dtype=numpy.int64) - starts
        within = numpy.arange(int(sizes.sum())) - numpy.repeat(numpy.cumsum(sizes) - sizes, sizes)
        at = numpy.repeat(starts, sizes) + within  # every entity token's row
        table[at, cols.iob] = numpy.where(within == 0, 3, 1)  # B, then I
        table[at, cols.type] = numpy.repeat(
            numpy.frombuffer(rows.ent_type, dtype=numpy.uint64), sizes
        )
    for first, spacys in rows.slow:
        table[first : first + len(spacys)] = spacys
    return table


def _stored(data: bytes) -> bytes:
    """``data`` as one stored (not compressed) deflate block, not the last: its length is
    known before its bytes are."""
    n = len(data)
    return b"\x00" + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + data


class _Deflater:
    """Builds and compresses the token table in a thread of its own while the export goes on
    (zlib lets go of the GIL while it deflates, so the two share the machine's cores): one
    raw deflate stream at level 3 (``_LEVEL``), ending in a sync flush so that the message's
    other parts can follow it (ADR 0044), written straight into the output file after
    ``reserved`` bytes kept for the zlib header and the message's head (a stored block, so
    its length is known before the table's length is). The chunks wait in a bounded queue,
    so memory stays a few chunks."""

    def __init__(self, cols: _Columns, path: Path, reserved: int) -> None:
        self._cols = cols
        self._queue: queue.Queue[_Rows | None] = queue.Queue(maxsize=_QUEUED)
        self.path = path
        self.file = open(path, "wb")  # noqa: SIM115 - closed by Sink.close or abort
        self.file.write(bytes(reserved))
        self.start = reserved  # where the table's stream begins
        self.adler = 1  # zlib.adler32 of the table, once finished
        self.size = 0  # its bytes
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="spacy-deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # zlib-framed, so that zlib keeps the Adler-32 as it reads (no pass of our own over
        # the table): its 2-byte header is dropped, and after the sync flush its finish gives
        # only an empty final block and the Adler-32, which is read and dropped too.
        deflate = zlib.compressobj(_LEVEL)
        header = 2  # the frame's header bytes not yet dropped
        buffer = None  # the largest table so far, reused

        def write(data: bytes) -> None:
            nonlocal header
            if header and data:
                cut = min(header, len(data))
                data, header = data[cut:], header - cut
            if data:
                self.file.write(data)

        while (rows := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that put never waits on a stopped thread
            try:
                table = _table(rows, self._cols, buffer)
                if buffer is None or len(table) > len(buffer):
                    buffer = table  # the next chunks are made in it
                data = table.reshape(-1).view("u1")  # its bytes, not copied
                self.size += len(data)
                write(deflate.compress(data))
            except BaseException as exc:  # given to the export's thread at its next put/finish
                self._error = exc
        if self._error is None:
            try:
                write(deflate.flush(zlib.Z_SYNC_FLUSH))
                self.adler = int.from_bytes(deflate.flush()[-4:], "big")
            except BaseException as exc:
                self._error = exc

    def put(self, rows: _Rows) -> None:
        if self._error is not None:
            self.abort()
            raise self._error
        self._queue.put(rows)

    def finish(self) -> None:
        """Wait for the table; raise what stopped the thread (the file removed)."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            self.abort()
            raise self._error

    def abort(self) -> None:
        """Stop the thread and remove the file it was writing (an export that failed or was
        cancelled: the file is the sink's own, in the export's staging folder)."""
        if self._thread.is_alive():
            self._error = self._error or RuntimeError("the export was stopped")
            self._queue.put(None)
            self._thread.join()
        if not self.file.closed:
            self.file.close()
            self.path.unlink(missing_ok=True)


class Sink:
    """Writes the bytes ``DocBin(store_user_data=True).add(doc)`` for every doc and then
    ``to_disk`` would compress, without making a ``Doc`` (ADR 0038): per token only its word's
    id (cached per distinct word) and its space; the entities' IOB and type and the first
    token's sentence start are filled in per chunk of rows, every other column is 0 for these
    docs. The token table is built and deflated chunk by chunk in a thread beside the export
    (:class:`_Deflater`), so it is never held whole and its compression overlaps the export's
    own work; the thread writes it into the output file, and ``close`` puts the message's
    head before it and the rest after it: one zlib stream. A document the fast path cannot
    reproduce (a span on spaCy tokens but not ours, an empty label, overlapping entities)
    goes through spaCy's own ``DocBin.add``.
    ``tests/unit/test_spacy_docbin_bytes.py`` compares the message with spaCy's."""

    def __init__(self, path: Path, ctx: Context) -> None:
        spacy, doc_bin = _spacy()
        import srsly
        from spacy import attrs
        from spacy.strings import get_string_id

        self._path = path
        self._doc_bin = doc_bin
        self._vocab = spacy.vocab.Vocab()
        self._doc_cls = spacy.tokens.Doc
        empty = doc_bin(store_user_data=True)
        self._version: str = empty.version
        self._attrs: list[int] = list(empty.attrs)
        col = {a: i for i, a in enumerate(self._attrs)}
        iob, type_, sent = (
            col.get(attrs.ENT_IOB),
            col.get(attrs.ENT_TYPE),
            col.get(attrs.SENT_START),
        )
        known = {attrs.ORTH, attrs.ENT_IOB, attrs.ENT_TYPE, attrs.SENT_START}
        known |= {getattr(attrs, name) for name in _ZERO_COLUMNS}
        self._fast = (
            self._attrs[0] == attrs.ORTH
            and set(self._attrs) <= known
            and None not in (iob, type_, sent)
            and not self._vocab.lex_attr_getters  # else NORM (and others) would be set
        )
        self._cols = _Columns(len(self._attrs), iob, type_, sent)
        self._packer = srsly.msgpack.Packer(use_bin_type=True)
        self._no_groups = self._packer.pack([])  # SpanGroups' bytes when there is no group
        self._ids = _Orths(get_string_id)  # every word written: its keys are strings too
        self._label_ids = _Ids(get_string_id)
        self._strings: set[str] = set()  # the strings besides the words and the labels
        self._rows = _Rows()  # the rows not yet handed to the deflater
        self._done = 0  # the rows handed to it
        self._deflater: _Deflater | None = None
        self._spaces = bytearray()
        self._lengths: list[int] = []
        self._cats: list[Any] = []
        self._flags: list[Any] = []
        self._groups: list[bytes] = []
        self._user: list[bytes] = []
        self.declined: list[tuple[int, int]] = []  # (first row, rows) of the docs spaCy made

    @property
    def tokens(self) -> int:
        """The rows of the token table so far."""
        return self._done + len(self._rows)

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        if not (self._fast and self._add_fast(doc, tokens)):
            self._add_slow(doc, *words_and_spaces_of(tokens))
        if self.tokens * self._cols.width * 8 > _BIN32:
            self.abort()
            raise FormatError(
                self._path,
                0,
                f"{self.tokens:,} tokens are more than one spaCy DocBin can hold "
                "(4 GiB of token data); export fewer articles, or split them (--split)",
            )
        if len(self._rows) >= _ROWS:
            self._hand_over()

    def _hand_over(self) -> None:
        """Give the rows so far (whole documents) to the compressing thread."""
        if self._deflater is None:
            self._deflater = _Deflater(
                self._cols if self._fast else _Columns(self._cols.width, None, None, None),
                self._path,
                self._reserved(),
            )
            weakref.finalize(self, self._deflater.abort)
        self._done += len(self._rows)
        self._deflater.put(self._rows)
        self._rows = _Rows()

    def abort(self) -> None:
        """Stop compressing: the export failed or was cancelled."""
        if self._deflater is not None:
            self._deflater.abort()

    def _add_fast(self, doc: Document, tokens: Tokens) -> bool:
        """Add ``doc`` as spaCy would, or change nothing and return False."""
        # Every odd gap is a whitespace word: our token i is spaCy's i + bisect_right(odd, i).
        odd, code = _gaps(tokens)
        label_ids = self._label_ids  # its keys: the labels written (a string each)
        starts, ends = tokens.starts, tokens.ends
        n = len(starts)
        ents: list[tuple[int, int, int]] = []
        groups: dict[str, list[bytes]] = {}
        attributes: dict[str, Any] = {}
        for sp in doc.spans:
            a, b, name = sp.start, sp.end, sp.label
            first, last = bisect_left(starts, a), bisect_left(ends, b)  # Tokens.first_at, last_at
            if first == n or last == n or starts[first] != a or ends[last] != b:
                return False
            if last < first or not name:
                return False
            start = first + bisect_right(odd, first)
            end = last + bisect_right(odd, last) + 1
            if sp.layer == ENTITY:
                ents.append((start, end, label_ids[name]))
            else:  # SpanGroup's packing of a span: id, kb_id, label, tokens, characters
                span = _SPAN.pack(0, 0, label_ids[name], start, end, a, b)
                groups.setdefault(f"{sp.layer}s", []).append(span)
            if sp.attributes:
                attributes[f"{a}:{b}:{name}"] = sp.attributes
        if len(ents) > 1:
            ents.sort()
            if any(a[1] > b[0] for a, b in pairwise(ents)):
                return False  # spaCy refuses overlapping entities: let it say so
        rows = self._rows
        base = len(rows)
        self._write_tokens(tokens, odd, code)
        n = len(rows) - base
        self._lengths.append(n)
        if n:
            rows.firsts.append(base)
            self._strings.add("")  # each token's tag, lemma, norm, morph, dep, kb, ent ids
        for start, end, label in ents:
            rows.ent_start.append(base + start)
            rows.ent_end.append(base + end)
            rows.ent_type.append(label)
        self._cats.append(_NO_CATS)
        self._flags.append(_FLAGS)
        pack = self._packer.pack
        if groups:  # SpanGroups.to_bytes: each group's bytes -> the keys holding it
            msg: dict[bytes, list[str]] = {}
            for key, spans in groups.items():
                data = pack({"name": key, "attrs": {}, "spans": spans})
                msg.setdefault(data, []).append(key)
            self._groups.append(pack(msg))
        else:
            self._groups.append(self._no_groups)
        user = {"id": doc.article.external_id, "annotator": doc.annotator, "attributes": attributes}
        self._user.append(pack(user))  # Doc.user_data's keys in the order they were set
        return True

    def _write_tokens(self, tokens: Tokens, odd: list[int], code: bytes) -> None:
        """Every spaCy token's ORTH and space, as :func:`words_and_spaces_of` lays them out,
        appended without a list of words: the ORTHs of all our tokens in one ``bytes.join``,
        then the runs between odd gaps copied as slices (their spaces are the gaps' codes,
        0 or 1 there: :func:`_gaps`) and the odd gaps' words put between."""
        get = self._ids.__getitem__
        orths, spaces = self._rows.orths, self._spaces
        gaps = tokens.gaps
        words = tokens.words
        if len(words) > 1:  # an itemgetter of every word: one C call, faster than a map
            ids = b"".join(itemgetter(*words)(self._ids))
        else:
            ids = get(words[0]) if words else b""
        last = len(gaps) - 1
        prev = 0  # the next token to write
        for k in odd if odd and odd[-1] == last else [*odd, last]:
            if k > prev:
                orths += ids[prev << 3 : k << 3]
                spaces += code[prev + 1 : k]
                spaces.append(0)
                prev = k
            g = gaps[k]
            if k and g[:1] == " ":  # token k-1, just written, takes one space
                spaces[-1] = 1
                g = g[1:]
            if g:
                orths += get(g)
                spaces.append(0)

    def _spacy_doc(self, doc: Document, words: list[str], spaces: list[bool]) -> Any:
        sdoc = self._doc_cls(self._vocab, words=words, spaces=spaces)
        ents = []
        groups: dict[str, list[Any]] = {}
        attrs: dict[str, Any] = {}
        for sp in doc.spans:
            span = sdoc.char_span(sp.start, sp.end, label=sp.label, alignment_mode="strict")
            if span is None:  # the checks ran first: this cannot happen
                raise FormatError(self._path, 0, f"span {sp.id} does not align in spaCy")
            if sp.layer == ENTITY:
                ents.append(span)
            else:
                groups.setdefault(f"{sp.layer}s", []).append(span)
            if sp.attributes:
                attrs[f"{sp.start}:{sp.end}:{sp.label}"] = sp.attributes
        sdoc.ents = ents
        for key, spans in groups.items():
            sdoc.spans[key] = spans
        sdoc.user_data["id"] = doc.article.external_id
        sdoc.user_data["annotator"] = doc.annotator
        sdoc.user_data["attributes"] = attrs
        return sdoc

    def _add_slow(self, doc: Document, words: list[str], spaces: list[bool]) -> None:
        """spaCy's own way: a ``Doc``, added to a ``DocBin`` of its own; its parts are kept
        (its token rows go into the table as spaCy made them)."""
        one = self._doc_bin(store_user_data=True)
        one.add(self._spacy_doc(doc, words, spaces))
        rows = one.tokens[0]
        self.declined.append((self.tokens, len(rows)))
        self._rows.slow.append((len(self._rows), rows))
        self._rows.orths += rows[:, 0].astype("uint64").tobytes()
        self._spaces.extend(one.spaces[0].ravel().tolist())
        self._lengths.append(len(rows))
        self._strings |= one.strings
        self._cats.extend(one.cats)
        self._flags.extend(one.flags)
        self._groups.extend(one.span_groups)
        self._user.extend(one.user_data)

    def _head(self, size: int) -> bytes:
        """The message's first bytes, up to the token table of ``size`` bytes."""
        pack = self._packer.pack
        return b"".join(
            (
                self._packer.pack_map_header(10),
                pack("version") + pack(self._version),
                pack("attrs") + pack(self._attrs),
                pack("tokens") + _bin_header(size),
            )
        )

    def _reserved(self) -> int:
        """The bytes kept at the file's start for the zlib header and the head as a stored
        block, the head's table length in msgpack's largest header (any table over 64 KiB)."""
        return len(_ZLIB_HEADER) + len(_stored(self._head(_BIN32)))

    def close(self) -> None:
        import numpy

        if len(self._rows) or self._deflater is None:
            self._hand_over()
        deflater = self._deflater
        assert deflater is not None
        deflater.finish()
        pack = self._packer.pack
        lengths = numpy.asarray(self._lengths, dtype="int32").tobytes("C")
        strings = sorted(self._strings.union(self._ids, self._label_ids))
        # DocBin.to_bytes' message, a map in its order: the head (a stored block in the bytes
        # kept for it), the token table (deflated by the thread, already in the file), the
        # rest (a last raw deflate part); framed once, as zlib.compress frames.
        head = self._head(deflater.size)
        tail = (
            pack("spaces") + _bin_header(len(self._spaces)),
            self._spaces,
            pack("lengths") + pack(lengths),
            pack("strings") + pack(strings),
            pack("cats") + pack(self._cats),
            pack("flags") + pack(self._flags),
            pack("span_groups") + pack(self._groups),
            pack("user_data") + pack(self._user),
        )
        fh = deflater.file
        try:
            start = _ZLIB_HEADER + _stored(head)
            if len(start) == deflater.start:
                fh.seek(0)
                fh.write(start)
                fh.seek(0, os.SEEK_END)
            else:  # a table under 64 KiB: msgpack's shorter header; its stream is small
                fh.flush()
                with open(deflater.path, "rb") as back:
                    back.seek(deflater.start)
                    table = back.read()
                fh.seek(0)
                fh.truncate()
                fh.write(start + table)
            adler = adler32_combine(zlib.adler32(head), deflater.adler, deflater.size)
            deflate = zlib.compressobj(_LEVEL, wbits=-zlib.MAX_WBITS)
            for part in tail:
                fh.write(deflate.compress(part))
                adler = zlib.adler32(part, adler)
            fh.write(deflate.flush())
            fh.write(adler.to_bytes(4, "big"))
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        except BaseException:
            deflater.abort()
            raise


FORMAT = ExportFormat(
    "spacy",
    ".spacy",
    Sink,
    tokens=True,
    flat=(ENTITY,),
    relations=False,
    title="spaCy",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "DocBin: entities in doc.ents, claims in doc.spans"),
    package="spacy",
    extra="spacy",
)


# ---------------------------------------------------------------- reading


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    """The docs of a ``DocBin`` (``.spacy``): the text is ``doc.text`` exactly (spaCy's tokens
    with their ``whitespace_``), spans are ``doc.ents`` and every group of ``doc.spans``
    (``start_char``/``end_char``, ``label_``; a span in two places is kept once; the label
    decides the layer). ``doc.user_data`` may name the ``id``, the ``annotator`` and span
    ``attributes`` (keyed ``"start:end:label"``), as our export writes them. Errors name the
    doc (``file: doc 3: …``), the store's too (a draft's ``where``); every bad doc is named in
    one :class:`~.common.BadRecords` (which carries the good ones). Needs spaCy
    (``annotator[spacy]``).
    """
    return all_of(path, lambda bad: read_batches(path, bad, annotator=annotator), skippable=False)


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    size: int = BATCH,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s drafts ``size`` at a time (ADR 0042). The message is inflated as it is
    read and of its token table only the columns read here are kept (ORTH, ENT_IOB,
    ENT_TYPE: 3 of spaCy's 13), in a temporary file, since the docs' lengths come after the
    table; the docs are then made by spaCy's ``get_docs``, a ``DocBin`` of ``size`` docs at a
    time. A message not laid out as ``DocBin.to_bytes`` lays it out is read by spaCy whole.
    Each bad doc is added to ``bad``. ``pause()`` is called before each doc."""
    spacy, doc_bin = _spacy(path)
    data = read_capped(path, MAX_BYTES)
    override = (annotator or "").strip() or None
    with tempfile.TemporaryDirectory(prefix="annotator-docbin-") as folder:
        try:
            parts = _Parts.read(data, Path(folder) / "tokens", spacy)
        except Exception as exc:  # any failure to parse means "not a DocBin"
            raise FormatError(path, 0, f"not a spaCy DocBin: {type(exc).__name__}: {exc}") from None
        if parts is None:  # laid out otherwise: spaCy reads it whole
            yield from _read_whole(path, data, bad, override, size, pause, spacy, doc_bin)
            return
        del data
        if not parts.count:
            raise FormatError(path, 0, "the DocBin holds no docs")
        yield from _drafts(
            path, parts.doc_bins(doc_bin, size), spacy.vocab.Vocab(), bad, override, size, pause
        )


def _read_whole(
    path: Path,
    data: bytes,
    bad: list[FormatError],
    override: str | None,
    size: int,
    pause: Callable[[], None] | None,
    spacy: Any,
    doc_bin: Any,
) -> Iterator[list[ArticleDraft]]:
    """spaCy's own reading: ``DocBin.from_bytes`` of the whole file, its docs made one at a
    time."""
    try:
        docs = doc_bin(store_user_data=True).from_bytes(data)
    except Exception as exc:  # any failure to parse means "not a DocBin"
        raise FormatError(path, 0, f"not a spaCy DocBin: {type(exc).__name__}: {exc}") from None
    del data
    if not len(docs):
        raise FormatError(path, 0, "the DocBin holds no docs")
    yield from _drafts(path, [docs], spacy.vocab.Vocab(), bad, override, size, pause)


def _drafts(
    path: Path,
    doc_bins: Iterable[Any],
    vocab: Any,
    bad: list[FormatError],
    override: str | None,
    size: int,
    pause: Callable[[], None] | None,
) -> Iterator[list[ArticleDraft]]:
    """The drafts of the docs of ``doc_bins`` (made by spaCy's ``get_docs``, one at a time),
    ``size`` at a time; each bad doc added to ``bad``, ``pause()`` before each doc."""
    out: list[ArticleDraft] = []
    n = 0
    for docs in doc_bins:
        made = docs.get_docs(vocab)
        for _ in range(len(docs)):
            n += 1
            if pause is not None:
                pause()
            try:
                doc = next(made)
            except Exception as exc:  # a DocBin whose parts do not agree
                raise FormatError(
                    path, 0, f"doc {n}: not a spaCy DocBin: {type(exc).__name__}: {exc}"
                ) from None
            try:
                out.append(_draft(path, n, doc, override))
            except FormatError as exc:
                bad.append(exc)
            if len(out) >= size:
                yield out
                out = []
    if out:
        yield out


class _Inflate:
    """The zlib stream of a DocBin as a file to read from, inflated as it is read."""

    def __init__(self, data: bytes) -> None:
        self._z = zlib.decompressobj()
        self._data = memoryview(data)
        self._at = 0
        self._tail = b""

    def read(self, n: int = -1) -> bytes:
        want = n if n > 0 else 1 << 20
        out = b""
        while len(out) < want:
            if not self._tail:
                if self._at >= len(self._data):
                    return out + self._z.flush()
                self._tail = bytes(self._data[self._at : self._at + (1 << 20)])
                self._at += 1 << 20
            out += self._z.decompress(self._tail, want - len(out))
            self._tail = self._z.unconsumed_tail
        return out


#: The columns this reader reads: the words, and the entities' IOB and type.
_READ = ("ORTH", "ENT_IOB", "ENT_TYPE")


class _Parts:
    """A DocBin's message read as a stream: every part but the token table kept as spaCy's
    ``from_bytes`` keeps it, and of the table only the columns of :data:`_READ`, written
    to ``table`` (``count`` docs)."""

    def __init__(self) -> None:
        self.attrs: list[int] = []
        self.msg: dict[str, Any] = {}
        self.table = Path()
        self.count = 0

    @classmethod
    def read(cls, data: bytes, table: Path, spacy: Any) -> _Parts | None:
        """The parts, or None when the message is not a map of the token table after its
        attrs, the parts ``from_bytes`` reads, and the columns read here."""
        import srsly
        from spacy import attrs as ids

        unpacker = srsly.msgpack.Unpacker(
            file_like=_Inflate(data), raw=False, use_list=True, max_buffer_size=MAX_BYTES
        )
        self = cls()
        self.table = table
        keys = unpacker.read_map_header()
        for _ in range(keys):
            key = unpacker.unpack()
            if key != "tokens":
                self.msg[key] = unpacker.unpack()
                continue
            attrs = self.msg.get("attrs")
            if not isinstance(attrs, list) or not attrs or attrs[0] != ids.ORTH:
                return None
            keep = [attrs.index(getattr(ids, a)) for a in _READ if getattr(ids, a) in attrs]
            self.attrs = [attrs[k] for k in keep]
            if not self._table(unpacker, len(attrs), keep):
                return None
        if not {"attrs", "strings", "lengths", "spaces", "cats"} <= self.msg.keys():
            return None
        if not self.attrs:
            return None  # no token table at all
        self.count = len(self.msg["lengths"]) // 4
        return self

    def _table(self, unpacker: Any, width: int, keep: list[int]) -> bool:
        """Write the kept columns of the token table (a msgpack bin) to ``self.table``."""
        import numpy

        head = unpacker.read_bytes(1)
        sizes = {b"\xc4": 1, b"\xc5": 2, b"\xc6": 4}
        if head not in sizes:
            return False
        left = int.from_bytes(unpacker.read_bytes(sizes[head]), "big")
        row = width * 8
        if left % row:
            return False
        step = _ROWS * row
        with open(self.table, "wb") as fh:
            while left:
                chunk = unpacker.read_bytes(min(step, left))
                if not chunk or len(chunk) % row:
                    raise ValueError("the token table ends early")
                left -= len(chunk)
                rows = numpy.frombuffer(chunk, dtype=numpy.uint64).reshape(-1, width)
                fh.write(numpy.ascontiguousarray(rows[:, keep]).tobytes())
        return True

    def doc_bins(self, doc_bin: Any, size: int) -> Iterator[Any]:
        """``DocBin`` objects of ``size`` docs each, holding the kept columns, the parts
        ``from_bytes`` would set (the strings in the first only: the vocab keeps them)."""
        import numpy

        msg = self.msg
        lengths = numpy.frombuffer(msg["lengths"], dtype="int32")
        starts = numpy.concatenate(([0], numpy.cumsum(lengths, dtype=numpy.int64)))
        spaces = numpy.frombuffer(msg["spaces"], dtype=bool)
        width = len(self.attrs)
        count = len(lengths)
        if int(starts[-1]) * width * 8 != self.table.stat().st_size or len(spaces) != starts[-1]:
            raise ValueError("the token table does not hold the docs' lengths")
        groups = msg.get("span_groups", [b"" for _ in range(count)])
        flags = msg.get("flags", [{} for _ in range(count)])
        user = list(msg["user_data"]) if "user_data" in msg else [None] * count
        strings = set(msg["strings"])
        with open(self.table, "rb") as fh:
            for a in range(0, count, size):
                b = min(count, a + size)
                lo, hi = int(starts[a]), int(starts[b])
                fh.seek(lo * width * 8)
                table = numpy.frombuffer(fh.read((hi - lo) * width * 8), dtype=numpy.uint64)
                table = table.reshape(-1, width)
                docs = doc_bin(store_user_data=True)
                docs.attrs = list(self.attrs)
                docs.strings = strings
                strings = set()
                cuts = (starts[a : b + 1] - lo).tolist()
                docs.tokens = [table[x:y] for x, y in pairwise(cuts)]
                docs.spaces = [spaces[lo + x : lo + y].reshape(-1, 1) for x, y in pairwise(cuts)]
                docs.cats = msg["cats"][a:b]
                docs.span_groups = groups[a:b]
                docs.flags = flags[a:b]
                docs.user_data = user[a:b]
                yield docs


def _draft(path: Path, n: int, doc: Any, override: str | None) -> ArticleDraft:
    """The draft of the ``n``-th doc."""
    user = doc.user_data if isinstance(doc.user_data, dict) else {}
    attributes = user.get("attributes")
    attributes = attributes if isinstance(attributes, dict) else {}
    spans: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    groups = [("ents", list(doc.ents))] + [(k, list(g)) for k, g in doc.spans.items()]
    for key, group in groups:
        for i, span in enumerate(group):
            where = (span.start_char, span.end_char, span.label_)
            if where in seen:
                continue
            seen.add(where)
            spans.append(
                {
                    "id": f"{key}:{i}",
                    "start": span.start_char,
                    "end": span.end_char,
                    "label": span.label_,
                    "text": span.text,
                    "attributes": attributes.get("{}:{}:{}".format(*where)) or {},
                }
            )
    who = user.get("annotator")
    ident = user.get("id")
    rec = {
        "id": ident if isinstance(ident, str | int) and ident != "" else str(n),
        "text": doc.text,
        "annotator": who if isinstance(who, str) and who.strip() else None,
        "spans": spans,
    }
    rec["status"] = "done" if rec["annotator"] or override else None
    return draft(path, 0, rec, override, f"doc {n}")
