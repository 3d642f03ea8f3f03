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

import struct
from itertools import compress
from operator import not_
from pathlib import Path
from typing import Any

from annotator.core.model import ArticleDraft, Document
from annotator.formats import jsonl
from annotator.formats.base import ENTITY, QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, read_capped
from annotator.formats.records import MAX_BYTES

EXTENSIONS = (".spacy",)
_SPAN = struct.Struct(">QQQllll")  # one span of a SpanGroup, as spaCy packs it
_PLAIN_GAP = frozenset(("", " ")).__contains__


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


def words_and_spaces_of(tokens: Tokens) -> tuple[list[str], list[bool]]:
    """:func:`words_and_spaces` from the tokens' own words and gaps: the runs of tokens
    between gaps of nothing or one space are taken whole (C-level slices and maps); only the
    other gaps (line breaks, several spaces) go through the general rule."""
    words: list[str] = []
    spaces: list[bool] = []
    tok, gaps = tokens.words, tokens.gaps
    # The gaps other than "" and " " (and a first gap " "), found in C: no step per token.
    odd = list(compress(range(len(gaps)), map(not_, map(_PLAIN_GAP, gaps))))
    if gaps[0] == " ":
        odd.insert(0, 0)
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


def fast_bin(doc_bin: Any) -> Any:
    """A ``DocBin`` whose ``add`` keeps what spaCy's keeps, at a third of its cost, for the
    docs this exporter builds (a bare ``Vocab``: every token's tag, lemma, norm, morph, dep,
    kb and ent ids are ``""``): the strings are the words, ``""`` and the entity labels, taken
    from the words list instead of a Python loop over every Token; the user data is packed by
    one reused msgpack packer (srsly makes a new one a doc, and each looks up its encoders in
    the installed packages' entry points). ``tests/unit/test_formats_spacy_hf.py`` checks
    it keeps exactly what ``DocBin.add`` keeps."""
    import numpy
    import srsly
    from spacy.attrs import SPACY

    class FastDocBin(doc_bin):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._packer = srsly.msgpack.Packer(use_bin_type=True)
            self._no_groups: bytes | None = None

        def add_words(self, doc: Any, words: list[str]) -> None:
            array = doc.to_array(self.attrs)
            if len(array.shape) == 1:
                array = array.reshape((array.shape[0], 1))
            self.tokens.append(array)
            spaces = doc.to_array(SPACY).reshape((array.shape[0], 1))
            self.spaces.append(numpy.asarray(spaces, dtype=bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            self.strings.update(words)
            self.strings.add("")
            self.strings.update(e.label_ for e in doc.ents)
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(self._packer.pack(doc.user_data))
            if doc.spans:
                self.span_groups.append(self._groups_bytes(doc.spans))
            else:  # most docs: the same bytes each time, packed once
                if self._no_groups is None:
                    self._no_groups = doc.spans.to_bytes()
                self.span_groups.append(self._no_groups)
            for group in doc.spans.values():
                for span in group:
                    self.strings.add(span.label_)

        def _groups_bytes(self, groups: Any) -> bytes:
            """``SpanGroups.to_bytes()`` (and each ``SpanGroup.to_bytes()``) packed by the
            reused packer: spaCy's pack each with a new one (an entry-point look-up each)."""
            msg: dict[bytes, list[str]] = {}
            pack = self._packer.pack
            for key, group in groups.items():
                spans = [
                    _SPAN.pack(s.id, s.kb_id, s.label, s.start, s.end, s.start_char, s.end_char)
                    for s in group
                ]
                data = pack({"name": group.name, "attrs": group.attrs, "spans": spans})
                msg.setdefault(data, []).append(key)
            return pack(msg)

    return FastDocBin


class Sink:
    def __init__(self, path: Path, ctx: Context) -> None:
        spacy, doc_bin = _spacy()
        self._path = path
        self._vocab = spacy.vocab.Vocab()
        self._bin = fast_bin(doc_bin)(store_user_data=True)
        self._doc_cls = spacy.tokens.Doc

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        words, spaces = words_and_spaces_of(tokens)
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
        self._bin.add_words(sdoc, words)

    def close(self) -> None:
        self._bin.to_disk(self._path)


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
    doc (``file: doc 3: …``). Needs spaCy (``annotator[spacy]``).
    """
    spacy, doc_bin = _spacy(path)
    data = read_capped(path, MAX_BYTES)
    try:
        docs = list(doc_bin(store_user_data=True).from_bytes(data).get_docs(spacy.vocab.Vocab()))
    except Exception as exc:  # any failure to parse means "not a DocBin"
        raise FormatError(path, 0, f"not a spaCy DocBin: {type(exc).__name__}: {exc}") from None
    if not docs:
        raise FormatError(path, 0, "the DocBin holds no docs")
    override = (annotator or "").strip() or None
    out: list[ArticleDraft] = []
    for n, doc in enumerate(docs, 1):
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
        try:
            out.append(jsonl._draft(rec, n, override))
        except jsonl._Bad as exc:
            raise FormatError(path, 0, f"doc {n}: {exc}") from None
    return out
