"""The spaCy export writes the DocBin's message itself, without a ``Doc`` per article (ADR
0038). Every byte of the message (the file, inflated) must be what spaCy's own path writes
for the same documents: a ``Doc`` built from the naive reference's words and spaces, its
spans found by ``char_span``, added by ``DocBin.add`` and written by ``DocBin.to_bytes``.
Documents the fast path cannot reproduce go through spaCy's ``add``; the message is the
same bytes either way. The file is one zlib stream, deflated in three parts (the token
table by a thread of its own), so its compressed bytes differ from ``zlib.compress``'s."""

from __future__ import annotations

import random
import threading
import zlib
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


def message(data: bytes) -> bytes:
    """The DocBin's msgpack message: the file inflated, checked to be one whole zlib stream
    with nothing after it (``zlib.decompress`` checks the Adler-32 at its end)."""
    inflate = zlib.decompressobj()
    out = inflate.decompress(data)
    assert inflate.eof and not inflate.unused_data
    assert out == zlib.decompress(data)
    return out


def _deflating() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "spacy-deflate"]


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
    assert not sink.declined  # every document took the fast path
    assert message(got) == message(spacys_bytes(docs))
    assert _read_back(got) == _expected(docs)


def test_each_document_alone_and_none(tmp_path: Path) -> None:
    for n, doc in enumerate(varied()):  # bin8, bin16 and bin32 token tables
        assert message(ours([doc], tmp_path / f"{n}.spacy")[0]) == message(spacys_bytes([doc]))
    none = ours([], tmp_path / "none.spacy")[0]
    assert (
        message(none)
        == message(spacys_bytes([]))
        == message(DocBin(store_user_data=True).to_bytes())
    )
    assert _read_back(none) == []


def test_a_document_the_fast_path_declines_goes_through_spacy(tmp_path: Path) -> None:
    """A span on a spaCy whitespace token (not one of our tokens) and an empty label: the
    doc is made and added by spaCy; the other documents stay on the fast path, and the file
    is still spaCy's bytes."""
    t = "satu\n\ndua  tiga empat"
    docs = varied()
    docs.insert(2, _doc(8, t, [(4, 6, "BREAK", "claim"), _at(t, "dua", "PERSON")]))
    docs.insert(5, _doc(9, t, [_at(t, "tiga", "", "claim"), _at(t, "empat", "LOC")]))
    got, sink = ours(docs, tmp_path / "out.spacy")
    assert [rows for _, rows in sink.declined] == [6, 6]  # satu, "\n\n", dua, " ", tiga, empat
    assert message(got) == message(spacys_bytes(docs))
    assert _read_back(got)[2][3] == {"claims": [(4, 6, "BREAK")]}


def test_overlapping_entities_are_refused_as_spacy_refuses_them(tmp_path: Path) -> None:
    t = "Joko Widodo"
    doc = _doc(1, t, [(0, 11, "PERSON", ENTITY), _at(t, "Widodo", "PERSON")])
    with pytest.raises(ValueError, match="E1010"):
        spacys_bytes([doc])
    with pytest.raises(ValueError, match="E1010"):
        ours([doc], tmp_path / "out.spacy")


def test_long_documents_across_the_row_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Token tables longer than one chunk of rows (chunks of 8,192 here), entities across
    chunk boundaries, and a declined document (spaCy's rows) across the first boundary,
    among many documents."""
    monkeypatch.setattr(spacy_format, "_ROWS", 1 << 13)
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
    assert sink.tokens > 2 * spacy_format._ROWS
    ((first, slow_rows),) = sink.declined
    assert first < spacy_format._ROWS < first + slow_rows
    assert message(got) == message(spacys_bytes(docs))
    assert _read_back(got) == _expected(docs)


def test_more_tokens_than_a_docbin_holds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """msgpack's largest bin (4 GiB) bounds spaCy's token table; ~41M tokens cannot be
    generated here, so the bound is lowered to the varied documents' table less one byte.
    The document that crosses it is refused as it is added (not after every other one), and
    the compressing thread, already under way (chunks of 4 rows), is stopped."""
    docs = varied()
    monkeypatch.setattr(spacy_format, "_ROWS", 4)
    counting = spacy_format.Sink(tmp_path / "count.spacy", Context(schema=default_schema()))
    for doc in docs:
        counting.add(doc, Tokens.of(doc.article.text))
    table = counting.tokens * len(counting._attrs) * 8
    counting.abort()
    monkeypatch.setattr(spacy_format, "_BIN32", table - 1)
    sink = spacy_format.Sink(tmp_path / "out.spacy", Context(schema=default_schema()))
    for doc in docs[:-1]:
        sink.add(doc, Tokens.of(doc.article.text))
    assert _deflating()
    with pytest.raises(spacy_format.FormatError, match="more than one spaCy DocBin can hold"):
        sink.add(docs[-1], Tokens.of(docs[-1].article.text))
    assert not _deflating()
    assert not (tmp_path / "out.spacy").exists()
    monkeypatch.setattr(spacy_format, "_BIN32", table)
    got, _ = ours(docs, tmp_path / "out.spacy")
    assert message(got) == message(spacys_bytes(docs))
    assert not _deflating()


def test_adler32_combine_is_zlibs() -> None:
    """The file's checksum is combined from the three parts' (zlib does not expose its own
    ``adler32_combine``): across lengths either side of the modulus, empty parts and bytes
    that push both sums round."""
    rng = random.Random(43)
    for n in range(300):
        size = rng.choice([0, 1, 2, 5552, 65520, 65521, 65522, 200_000, rng.randrange(70_000)])
        data = bytes(rng.choice([0, 255]) if n % 3 else rng.randrange(256) for _ in range(size))
        cut = rng.randrange(len(data) + 1)
        a, b = data[:cut], data[cut:]
        assert spacy_format.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == (
            zlib.adler32(data)
        )


def test_the_file_is_about_as_small_as_spacys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One deflate stream over the whole table (however it is cut into chunks), at level 3
    where spaCy's ``zlib.compress`` uses 6 (ADR 0044): on prose-like text (2,000 words, the
    frequent ones far more frequent) the file stays within 10 % of spaCy's."""
    rng = random.Random(7)
    words = [
        "".join(rng.choice("aeiourstnkm") for _ in range(rng.randrange(2, 11))) for _ in range(2000)
    ]
    weights = [1 / (1 + n) for n in range(len(words))]
    docs = [
        _doc(n, " ".join(rng.choices(words, weights, k=rng.randrange(50, 3000))), [])
        for n in range(20)
    ]
    theirs = spacys_bytes(docs)
    for rows in (spacy_format._ROWS, 1000):
        monkeypatch.setattr(spacy_format, "_ROWS", rows)
        got, _ = ours(docs, tmp_path / f"{rows}.spacy")
        assert message(got) == message(theirs)
        assert len(got) <= len(theirs) * 1.10


def test_a_failed_export_stops_the_compressing_thread(
    corpus: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export cancelled half-way, or failing after the thread has started (here: the
    disk full as the third chunk is written), says why, writes no file and leaves no
    thread behind; the next export of the same corpus is whole."""
    from annotator import formats
    from tests.unit.test_export_fixtures import fill

    monkeypatch.setattr(spacy_format, "_ROWS", 4)
    fill(corpus, tmp_path)
    out = tmp_path / "out.spacy"
    options = formats.ExportOptions(skip_misaligned=True)
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 1 and bool(_deflating())  # before the second article

    # the exceptions are held: their tracebacks keep the sinks alive, so that only the
    # export's own abort (not the sink's finalizer) can have stopped the thread
    with pytest.raises(formats.ExportCancelled) as cancelled:
        formats.export(corpus, "spacy", out, options=options, cancel=cancel)
    assert calls["n"] == 2 and not _deflating() and not out.exists()

    real = spacy_format._table
    built = {"n": 0}

    def broken(rows: Any, cols: Any, buffer: Any = None) -> Any:
        built["n"] += 1
        if built["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(rows, cols, buffer)

    monkeypatch.setattr(spacy_format, "_table", broken)
    with pytest.raises(formats.FormatError, match="cannot write: No space left on device") as full:
        formats.export(corpus, "spacy", out, options=options)
    assert built["n"] >= 3 and not _deflating() and not out.exists()
    monkeypatch.setattr(spacy_format, "_table", real)
    result = formats.export(corpus, "spacy", out, options=options)
    assert result.records == 5 and len(_read_back(out.read_bytes())) == 5
    assert not _deflating() and cancelled.value and full.value


def test_with_the_fast_path_off_every_document_goes_through_spacy(tmp_path: Path) -> None:
    """What a spaCy whose DocBin has a column the writer does not know gets (the Sink turns
    its fast path off): every doc made and added by spaCy, the file still spaCy's bytes."""
    docs = varied()
    sink = spacy_format.Sink(tmp_path / "out.spacy", Context(schema=default_schema()))
    sink._fast = False
    for doc in docs:
        sink.add(doc, Tokens.of(doc.article.text))
    sink.close()
    assert len(sink.declined) == len(docs)
    assert message((tmp_path / "out.spacy").read_bytes()) == message(spacys_bytes(docs))
