"""The spaCy export writes the DocBin's bytes itself, without a ``Doc`` per article (ADR
0038). Every byte must be what spaCy's own path writes for the same documents: a ``Doc``
built from the naive reference's words and spaces, its spans found by ``char_span``, added
by ``DocBin.add`` and written by ``DocBin.to_bytes``. Documents the fast path cannot
reproduce go through spaCy's ``add``; the file is the same bytes either way."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import Article, Document, Span, Status
from annotator.core.schema import default_schema
from annotator.formats import spacy_format
from annotator.formats.base import Context
from annotator.formats.checks import Tokens
from tests.unit.test_token_exports_reference import ref_tokens, ref_words_spaces

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

ENTITY = "entity"


def _doc(n: int, text: str, spans: list[tuple[int, int, str, str]], **kw: Any) -> Document:
    """An article (``language`` and ``annotator`` from ``kw``) with spans ``(start, end,
    label, layer)``; the third span on, every other one carries attributes."""
    article = Article(
        id=n, external_id=kw.get("external_id", f"a{n}"), title="", source="", url=None,
        published=None, text=text, sha256="", language=kw.get("language", "id"),
        language_confidence=1.0, imported_at="",
    )  # fmt: skip
    who = kw.get("annotator", "ana")
    made = [
        Span(id=100 * n + i, article_id=n, annotator=who or "", start=s, end=e, label=label,
             layer=layer, text=text[s:e],
             attributes={"note": f"😀 {i}", "n": i, "ok": True} if i >= 2 and i % 2 else {})
        for i, (s, e, label, layer) in enumerate(spans)
    ]  # fmt: skip
    return Document(article, who, Status.DONE, made, [])


def _at(text: str, word: str, label: str, layer: str = ENTITY, nth: int = 0) -> Any:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return (start, start + len(word), label, layer)


def spacys_bytes(docs: list[Document]) -> bytes:
    """What spaCy writes: a Doc from the reference words and spaces, its spans by char_span,
    the user data as the exporter documents it, ``DocBin.add`` and ``to_bytes``."""
    vocab = Vocab()
    doc_bin = DocBin(store_user_data=True)
    for doc in docs:
        text = doc.article.text
        words, spaces = ref_words_spaces(text, ref_tokens(text))
        sdoc = Doc(vocab, words=words, spaces=spaces)
        ents, groups, attributes = [], {}, {}
        for sp in doc.spans:
            span = sdoc.char_span(sp.start, sp.end, label=sp.label, alignment_mode="strict")
            assert span is not None
            if sp.layer == ENTITY:
                ents.append(span)
            else:
                groups.setdefault(f"{sp.layer}s", []).append(span)
            if sp.attributes:
                attributes[f"{sp.start}:{sp.end}:{sp.label}"] = sp.attributes
        sdoc.ents = ents
        for key, spans in groups.items():
            sdoc.spans[key] = spans
        sdoc.user_data["id"] = doc.article.external_id
        sdoc.user_data["annotator"] = doc.annotator
        sdoc.user_data["attributes"] = attributes
        doc_bin.add(sdoc)
    return doc_bin.to_bytes()


def ours(docs: list[Document], path: Path) -> tuple[bytes, spacy_format.Sink]:
    sink = spacy_format.Sink(path, Context(schema=default_schema()))
    for doc in docs:
        sink.add(doc, Tokens.of(doc.article.text))
    sink.close()
    return path.read_bytes(), sink


def _read_back(data: bytes) -> list[Any]:
    """(text, words, ents, span groups, user data) of every doc spaCy reads from ``data``."""
    out = []
    for d in DocBin().from_bytes(data).get_docs(Vocab()):
        groups = {k: [(s.start_char, s.end_char, s.label_) for s in g] for k, g in d.spans.items()}
        ents = [(e.start_char, e.end_char, e.label_) for e in d.ents]
        out.append((d.text, [t.text for t in d], ents, groups, dict(d.user_data)))
    return out


def _expected(docs: list[Document]) -> list[Any]:
    out = []
    for doc in docs:
        text = doc.article.text
        ents = sorted((s.start, s.end, s.label) for s in doc.spans if s.layer == ENTITY)
        groups: dict[str, list[Any]] = {}
        for s in doc.spans:
            if s.layer != ENTITY:
                groups.setdefault(f"{s.layer}s", []).append((s.start, s.end, s.label))
        user = {
            "id": doc.article.external_id,
            "annotator": doc.annotator,
            "attributes": {f"{s.start}:{s.end}:{s.label}": s.attributes
                           for s in doc.spans if s.attributes},
        }  # fmt: skip
        words = ref_words_spaces(text, ref_tokens(text))[0]
        out.append((text, words, ents, groups, user))
    return out


TEXT_ID = "Presiden Joko Widodo berkata:\n\n“Jakarta\u00a0akan tenggelam” 🇮🇩👨‍👩‍👧 kata dia."
TEXT_EN = "  Smith said PERSON is an ORG  name;\tthe U.S. did n't\n agree 😀"


def varied() -> list[Document]:
    t1, t2 = TEXT_ID, TEXT_EN
    t3 = "Kim"  # one token, an entity from its first character to its last
    t4 = "x\n\ny z\n"
    return [
        _doc(
            1,
            t1,
            [
                _at(t1, "Presiden", "PERSON"),  # the first token
                _at(t1, "Joko Widodo", "PERSON"),  # right after: B, I; then B again
                (0, t1.index(":"), "CLAIM", "claim"),
                _at(t1, "Jakarta", "LOC"),  # NBSP after it: a whitespace token of its own
                (t1.index("“"), t1.index("”") + 1, "CLAIM", "claim"),  # across the NBSP
                _at(t1, "🇮🇩", "LOC"),
                _at(t1, "dia", "PERSON"),
                _at(t1, ".", "END"),  # the last token
                _at(t1, "Widodo", "QUOTE", "quote"),  # a second group
            ],
        ),
        _doc(
            2,
            t2,
            [
                _at(t2, "Smith", "PERSON"),
                _at(t2, "PERSON", "ORG"),  # a word that is one of spaCy's symbols
                _at(t2, "ORG", "GPE"),
                (t2.index("Smith"), t2.index(";"), "CLAIM", "claim"),
                _at(t2, "😀", "EMOJI"),  # the last token, before nothing
            ],
            language="en",
            external_id="en-1",
            annotator="budi",
        ),
        _doc(3, "", [], external_id="empty"),  # no token at all
        _doc(4, t3, [(0, 3, "PERSON", ENTITY), (0, 3, "CLAIM", "claim")]),
        _doc(5, t4, [], annotator=None),  # nobody's: leading and trailing breaks
        _doc(6, "tanpa label apa pun .", []),
        _doc(7, t1, [_at(t1, "kata", "CLAIM", "claim", nth=1)], language="en", external_id="7"),
    ]


def test_the_bytes_are_spacys_on_varied_documents(tmp_path: Path) -> None:
    docs = varied()
    got, sink = ours(docs, tmp_path / "out.spacy")
    assert not sink._slow  # every document took the fast path
    assert got == spacys_bytes(docs)
    assert _read_back(got) == _expected(docs)


def test_each_document_alone_and_none(tmp_path: Path) -> None:
    for n, doc in enumerate(varied()):  # bin8, bin16 and bin32 token tables
        assert ours([doc], tmp_path / f"{n}.spacy")[0] == spacys_bytes([doc])
    assert (
        ours([], tmp_path / "none.spacy")[0]
        == spacys_bytes([])
        == DocBin(store_user_data=True).to_bytes()
    )


def test_a_document_the_fast_path_declines_goes_through_spacy(tmp_path: Path) -> None:
    """A span on a spaCy whitespace token (not one of our tokens) and an empty label: the
    doc is made and added by spaCy; the other documents stay on the fast path, and the file
    is still spaCy's bytes."""
    t = "satu\n\ndua  tiga empat"
    docs = varied()
    docs.insert(2, _doc(8, t, [(4, 6, "BREAK", "claim"), _at(t, "dua", "PERSON")]))
    docs.insert(5, _doc(9, t, [_at(t, "tiga", "", "claim"), _at(t, "empat", "LOC")]))
    got, sink = ours(docs, tmp_path / "out.spacy")
    assert [len(rows) for _, rows in sink._slow] == [6, 6]  # satu, "\n\n", dua, " ", tiga, empat
    assert got == spacys_bytes(docs)
    assert _read_back(got)[2][3] == {"claims": [(4, 6, "BREAK")]}


def test_overlapping_entities_are_refused_as_spacy_refuses_them(tmp_path: Path) -> None:
    t = "Joko Widodo"
    doc = _doc(1, t, [(0, 11, "PERSON", ENTITY), _at(t, "Widodo", "PERSON")])
    with pytest.raises(ValueError, match="E1010"):
        spacys_bytes([doc])
    with pytest.raises(ValueError, match="E1010"):
        ours([doc], tmp_path / "out.spacy")


def test_long_documents_across_the_row_chunks(tmp_path: Path) -> None:
    """Token tables longer than one chunk of rows, entities across chunk boundaries, and a
    declined document (spaCy's rows) across the first boundary, among many documents."""
    rng = random.Random(38)
    vocab = ["kata", "Jakarta", "😀", "PERSON", "di", "“", "”", ".", ",", "Rp", "1.250"]
    texts, rows = [], 0
    crossing = None  # the document whose rows cross the first chunk boundary
    for n in range(12):
        parts = []
        for _ in range(rng.randrange(1, 9000)):
            parts.append(rng.choice(vocab))
            parts.append(rng.choice([" ", " ", " ", "", "\n\n", "  ", "\u00a0"]))
        texts.append("".join(parts))
        size = len(ref_words_spaces(texts[-1], ref_tokens(texts[-1]))[0])
        if crossing is None and rows < spacy_format._ROWS < rows + size:
            crossing = n
        rows += size
    docs = []
    for n, text in enumerate(texts):
        toks = ref_tokens(text)
        spans, i = [], 0
        while i < len(toks):
            j = min(len(toks) - 1, i + rng.randrange(3))
            layer = ENTITY if rng.random() < 0.7 else "claim"
            spans.append((toks[i][0], toks[j][1], rng.choice(["PERSON", "LOC", "ORG"]), layer))
            i = j + 1 + rng.randrange(15)
        if n == crossing:  # a whitespace token's span: spaCy's path for this document
            gap = text.index("\n\n")
            spans.append((gap, gap + 2, "BREAK", "claim"))
        docs.append(_doc(n, text, spans, language=rng.choice(["id", "en"])))
    got, sink = ours(docs, tmp_path / "out.spacy")
    assert len(sink._orths) > 2 * spacy_format._ROWS
    ((first, slow_rows),) = sink._slow
    assert first < spacy_format._ROWS < first + len(slow_rows)
    assert got == spacys_bytes(docs)
    assert _read_back(got) == _expected(docs)


def test_more_tokens_than_a_docbin_holds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """msgpack's largest bin (4 GiB) bounds spaCy's token table; ~41M tokens cannot be
    generated here, so the bound is lowered to the varied documents' table less one byte."""
    docs = varied()
    sink = spacy_format.Sink(tmp_path / "out.spacy", Context(schema=default_schema()))
    for doc in docs:
        sink.add(doc, Tokens.of(doc.article.text))
    table = len(sink._orths) * len(sink._attrs) * 8
    monkeypatch.setattr(spacy_format, "_BIN32", table - 1)
    with pytest.raises(spacy_format.FormatError, match="more than one spaCy DocBin can hold"):
        sink.close()
    assert not (tmp_path / "out.spacy").exists()
    monkeypatch.setattr(spacy_format, "_BIN32", table)
    sink.close()
    assert (tmp_path / "out.spacy").read_bytes() == spacys_bytes(docs)


def test_with_the_fast_path_off_every_document_goes_through_spacy(tmp_path: Path) -> None:
    """What a spaCy whose DocBin has a column the writer does not know gets (the Sink turns
    its fast path off): every doc made and added by spaCy, the file still spaCy's bytes."""
    docs = varied()
    sink = spacy_format.Sink(tmp_path / "out.spacy", Context(schema=default_schema()))
    sink._fast = False
    for doc in docs:
        sink.add(doc, Tokens.of(doc.article.text))
    sink.close()
    assert len(sink._slow) == len(docs)
    assert (tmp_path / "out.spacy").read_bytes() == spacys_bytes(docs)
