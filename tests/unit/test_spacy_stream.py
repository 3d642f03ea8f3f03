"""A spaCy DocBin's docs are made one at a time as the import needs them (ADR 0042): the
drafts come in batches, the same as read whole, and a DocBin whose parts disagree is
refused naming the doc."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats import spacy_format
from annotator.formats.common import FormatError

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402


def _docbin(path: Path, n: int) -> Path:
    vocab = spacy.vocab.Vocab()
    docs = DocBin(store_user_data=True)
    for k in range(n):
        words = ["Prabowo", "mengirim", str(k), "pasukan", "."]
        doc = Doc(vocab, words=words)
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
