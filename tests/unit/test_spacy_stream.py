"""A spaCy DocBin's docs are made one at a time as the import needs them (ADR 0042): the
drafts come in batches, the same as read whole, and a DocBin whose parts disagree is
refused naming the doc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.formats import spacy_format
from annotator.formats.common import FormatError

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin, Span  # noqa: E402


def _docbin(path: Path, n: int, words: int = 0) -> Path:
    vocab = spacy.vocab.Vocab()
    docs = DocBin(store_user_data=True)
    for k in range(n):
        words_of = ["Prabowo", "mengirim", str(k), "pasukan", "."]
        words_of += [f"kata{i % 50}" for i in range(words)]
        doc = Doc(vocab, words=words_of)
        doc.ents = [doc.char_span(0, 7, label="PERSON")]
        doc.user_data["id"] = f"d{k}"
        doc.user_data["annotator"] = "ana"
        docs.add(doc)
    docs.to_disk(path)
    return path


def test_docs_come_in_batches_as_read_whole(tmp_path: Path) -> None:
    path = _docbin(tmp_path / "a.spacy", 25)
    bad: list[FormatError] = []
    batches = list(spacy_format.read_batches(path, bad, size=10))
    assert [len(b) for b in batches] == [10, 10, 5] and not bad
    whole = spacy_format.read(path)
    assert [d.external_id for b in batches for d in b] == [d.external_id for d in whole]
    assert [(d.text, [(s.start, s.end, s.label) for s in d.spans]) for d in whole][:1] == [
        ("Prabowo mengirim 0 pasukan . ", [(0, 7, "PERSON")])
    ]


def test_an_empty_docbin_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.spacy"
    DocBin().to_disk(path)
    with pytest.raises(FormatError, match="holds no docs"):
        spacy_format.read(path)


def _drafts_of(batches: Any) -> list[tuple[Any, ...]]:
    return [
        (d.external_id, d.annotator, d.text, d.status, sorted(
            (s.start, s.end, s.label, s.text, str(s.attributes)) for s in d.spans
        ))
        for b in batches
        for d in b
    ]  # fmt: skip


def _both(path: Path, size: int = 3) -> tuple[Any, Any]:
    """What the streamed reader and spaCy's own whole reading give."""
    bad: list[FormatError] = []
    streamed = _drafts_of(spacy_format.read_batches(path, bad, size=size))
    _, doc_bin = spacy_format._spacy()
    refused: list[FormatError] = []
    whole = _drafts_of(
        spacy_format._read_whole(path, path.read_bytes(), refused, None, size, None, spacy, doc_bin)
    )
    assert [str(e) for e in bad] == [str(e) for e in refused]
    return streamed, whole


def test_our_export_read_streamed_as_spacy_reads_it(tmp_path: Path) -> None:
    """The varied documents of the byte test (emoji, NBSP, breaks, claims as span groups,
    attributes in user data), written by our exporter: the three kept columns give the same
    drafts as spaCy's reading of all thirteen, in batches of 1, 2, 3 and 100 docs."""
    from annotator.core.schema import default_schema
    from annotator.formats.base import Context
    from annotator.formats.checks import Tokens
    from tests.unit.test_spacy_docbin_bytes import varied

    path = tmp_path / "v.spacy"
    sink = spacy_format.Sink(path, Context(schema=default_schema()))
    for doc in varied():
        sink.add(doc, Tokens.of(doc.article.text))
    sink.close()
    for size in (1, 2, 3, 100):
        streamed, whole = _both(path, size)
        assert streamed == whole and len(whole) >= len(varied()) - 1  # the empty text refused


def test_a_docbin_made_by_spacy_with_every_column_read_streamed(tmp_path: Path) -> None:
    """spaCy's own DocBin: tags, lemmas, heads, entities, a span group, cats, user data, a doc
    of unknown spaces and an empty one."""
    vocab = spacy.vocab.Vocab()
    docs = DocBin(store_user_data=True)
    for k in range(7):
        words = ["Prabowo", "Subianto", "mengirim", str(k), "pasukan", "ke", "Gaza", "."]
        doc = Doc(vocab, words=words, spaces=None if k == 3 else [True] * 7 + [False])
        for t in doc:
            t.tag_, t.lemma_, t.pos_ = "NN", t.text.lower(), "NOUN"
        doc.ents = [doc.char_span(0, 16, label="PERSON"), doc[6:7].char_span(0, 4, label="GPE")]
        doc.spans["claims"] = [Span(doc, 2, 7, label="CLAIM")]
        doc.cats = {"news": 1.0}
        doc.user_data["id"] = f"d{k}"
        doc.user_data["annotator"] = "ana"
        docs.add(doc)
    docs.add(Doc(vocab, words=[]))
    path = tmp_path / "s.spacy"
    docs.to_disk(path)
    streamed, whole = _both(path)
    assert streamed == whole and len(whole) == 7  # the empty doc is no article
    assert ("Prabowo Subianto", "PERSON") in [(s[3], s[2]) for s in whole[0][4]]


def test_a_docbin_of_words_only_is_read_by_spacy_whole(tmp_path: Path) -> None:
    """``DocBin(attrs=["ORTH"])``: no entity columns to keep; read the same either way."""
    vocab = spacy.vocab.Vocab()
    docs = DocBin(attrs=["ORTH"], store_user_data=True)
    for k in range(4):
        doc = Doc(vocab, words=["kata", str(k), "."])
        doc.user_data["id"] = f"w{k}"
        docs.add(doc)
    path = tmp_path / "w.spacy"
    docs.to_disk(path)
    streamed, whole = _both(path)
    assert streamed == whole and [d[0] for d in whole] == ["w0", "w1", "w2", "w3"]


def test_memory_is_a_batch_not_the_token_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the docs: the reader's peak grows by the docs' small parts (lengths, spaces,
    user data), not by the token table (13 columns of 8 bytes a token, which spaCy's reading
    holds twice over). The table is read 512 rows at a time."""
    import tracemalloc

    monkeypatch.setattr(spacy_format, "_ROWS", 512)

    def peak(n: int) -> int:
        path = _docbin(tmp_path / f"{n}.spacy", n, words=200)
        tracemalloc.start()
        try:
            assert sum(len(b) for b in spacy_format.read_batches(path, [], size=20)) == n
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(100), peak(1000)
    table = 1000 * 201 * 13 * 8  # what spaCy's reading holds twice over
    assert large - small < table / 4, (small, large)
