"""Importers for what researchers receive: a spaCy ``DocBin`` and a Hugging Face dataset
folder. Each reads back exactly what our export of it wrote, and files made by the tools
themselves; the text and offsets come from the file's own tokens."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.store.corpus import Corpus
from tests.integration.test_cli import run
from tests.unit.test_export_fixtures import fill, labels

spacy = pytest.importorskip("spacy")
datasets = pytest.importorskip("datasets")
from spacy.tokens import Doc, DocBin, Span  # noqa: E402

CONLL_NAMES = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]


@pytest.fixture(autouse=True)
def _hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")


def _spans(docs: list[Any], attributes: bool) -> list[Any]:
    """(text, annotator, spans by offsets/label/text [and attributes]) per document."""
    return [
        (text, who, sorted(s if attributes else s[:4] for s in spans))
        for text, who, spans, _ in docs
    ]


def _round_trip(tmp_path: Path, fmt: str, out: Path, **options: Any) -> tuple[Any, Any]:
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        formats.export(one, fmt, out, options=formats.ExportOptions(**options))
        before = labels(one, tmp_path, "before.jsonl")
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [out], fmt, detect_language=False)
        assert report.ok, report.rejected
        assert report.articles == 2 and report.spans == 17
        after = labels(two, tmp_path, "after.jsonl")
    assert len(before) == 5
    return before, after


def test_docbin_round_trip_spans_and_attributes(tmp_path: Path) -> None:
    before, after = _round_trip(tmp_path, "spacy", tmp_path / "out.spacy")
    assert _spans(after, attributes=True) == _spans(before, attributes=True)


def test_docbin_made_by_spacy(tmp_path: Path) -> None:
    vocab = spacy.blank("en").vocab
    words = ["U.S.", "stocks", "did", "n't", "fall", ";", "Smith", "said", "so", "."]
    spaces = [True, True, False, True, False, True, True, True, False, False]
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 0, 1, label="LOC"), Span(doc, 6, 7, label="PERSON")]
    doc.spans["sc"] = [Span(doc, 0, 5, label="CLAIM"), Span(doc, 6, 7, label="PERSON")]
    path = tmp_path / "train.spacy"
    DocBin(docs=[doc]).to_disk(path)
    (draft,) = formats.read(path, annotator="eka")  # .spacy is recognised
    assert draft.text == "U.S. stocks didn't fall; Smith said so."
    got = [(draft.text[s.start : s.end], s.label) for s in draft.spans]
    assert got == [("U.S.", "LOC"), ("Smith", "PERSON"), ("U.S. stocks didn't fall", "CLAIM")]
    assert draft.annotator == "eka"
    with Corpus.open(tmp_path / "c.db", tooling="tests") as corpus:
        report = formats.import_paths(corpus, [path], annotator="eka", detect_language=False)
        assert report.ok and report.spans == 3
    bad = tmp_path / "bad.spacy"
    bad.write_bytes(b"not a docbin")
    with pytest.raises(formats.FormatError, match=r"bad.spacy: not a spaCy DocBin"):
        formats.read(bad)


@pytest.mark.parametrize("split", [None, "train=0.5,test=0.5"])
def test_hf_round_trip_with_datasets(tmp_path: Path, split: str | None) -> None:
    before, after = _round_trip(tmp_path, "hf", tmp_path / "hf", split=split, seed=2)
    assert _spans(after, attributes=False) == _spans(before, attributes=False)


def test_hf_round_trip_without_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        formats.export(one, "hf", tmp_path / "hf")
        before = labels(one, tmp_path, "before.jsonl")
    monkeypatch.setitem(sys.modules, "datasets", None)  # as if not installed
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [tmp_path / "hf"], "auto", detect_language=False)
        assert report.ok, report.rejected
        after = labels(two, tmp_path, "after.jsonl")
    assert _spans(after, attributes=False) == _spans(before, attributes=False)


def _conll2003_like(tmp_path: Path) -> Path:
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=CONLL_NAMES)),
        }
    )
    rows = {
        "id": ["0", "1", "2"],
        "tokens": [
            ["EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."],
            ["Arsenal", "won", "1-0", "at", "Leeds", "United", "in", "the", "U.S.", "."],
            [],  # an empty row is no document
        ],
        "ner_tags": [[3, 0, 7, 0, 0, 0, 7, 0, 0], [3, 0, 0, 0, 3, 4, 0, 0, 5, 0], []],
    }
    out = tmp_path / "conll2003"
    train = datasets.Dataset.from_dict(rows, features=features)
    datasets.DatasetDict({"train": train}).save_to_disk(str(out))
    return out


def test_hf_dataset_folder_made_by_datasets(tmp_path: Path) -> None:
    first, second = formats.read(_conll2003_like(tmp_path), "hf", annotator="eka")
    assert first.text == "EU rejects German call to boycott British lamb ."
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("EU", "ORG"),
        ("German", "MISC"),
        ("British", "MISC"),
    ]
    assert second.text.split(" ") == [
        "Arsenal", "won", "1-0", "at", "Leeds", "United", "in", "the", "U.S.", "."
    ]  # fmt: skip
    assert [(second.text[s.start : s.end], s.label) for s in second.spans] == [
        ("Arsenal", "ORG"),
        ("Leeds United", "ORG"),
        ("U.S.", "LOC"),
    ]
    assert (first.external_id, first.annotator) == ("0", "eka")


def test_hf_hub_snapshot_of_parquet_files(tmp_path: Path) -> None:
    # What `huggingface-cli download --repo-type dataset` leaves: data/<split>-*.parquet
    # (the features, ClassLabel names included, are in the Parquet schema) and a card.
    saved = _conll2003_like(tmp_path)
    hub = tmp_path / "hub"
    (hub / "data").mkdir(parents=True)
    datasets.load_from_disk(str(saved))["train"].to_parquet(
        str(hub / "data" / "train-00000-of-00001.parquet")
    )
    (hub / "README.md").write_text("---\nlicense: other\n---\n# CoNLL-2003 sample\n", "utf-8")
    drafts = formats.read(hub, annotator="eka")  # recognised as a dataset folder
    assert [(d.text[s.start : s.end], s.label) for d in drafts for s in d.spans] == [
        ("EU", "ORG"),
        ("German", "MISC"),
        ("British", "MISC"),
        ("Arsenal", "ORG"),
        ("Leeds United", "ORG"),
        ("U.S.", "LOC"),
    ]


def test_hf_invalid_sequence_refused_at_its_row(tmp_path: Path) -> None:
    features = datasets.Features(
        {
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=CONLL_NAMES)),
        }
    )
    rows = {"tokens": [["EU", "says"], ["New", "York", "Times"]], "ner_tags": [[3, 0], [3, 4, 2]]}
    out = tmp_path / "bad"
    datasets.Dataset.from_dict(rows, features=features).save_to_disk(str(out))
    with pytest.raises(
        formats.FormatError, match=r"bad: train row 2: token 3 \('Times'\): I-PER after I-ORG"
    ):
        formats.read(out, "hf")


def test_cli_imports_spacy_and_hf(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        fill(one, tmp_path)
        formats.export(one, "spacy", tmp_path / "out.spacy")
        formats.export(one, "hf", tmp_path / "hf")
    for fmt, path in (("spacy", tmp_path / "out.spacy"), ("hf", tmp_path / "hf")):
        db = str(tmp_path / f"{fmt}.db")
        done = run("--db", db, "import", "--format", fmt, "--no-language", str(path))
        assert done.returncode == 0, done.stderr
        assert "imported 2 articles, 17 spans" in done.stdout, done.stdout
        assert "Generating" not in done.stderr  # no progress bars of datasets' own
