"""The Hugging Face export opens the way its users open it: ``datasets.load_dataset(FOLDER)``
with no other argument (the dataset card declares the data files and the features)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import formats
from annotator.store.corpus import Corpus
from tests.unit.test_export_fixtures import fill, read_jsonl

datasets = pytest.importorskip("datasets")


@pytest.fixture
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-cache"
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    return cache


def _entities(names: list[str], tags: list[int], offsets: list[list[int]]) -> list[tuple]:
    out = []
    for i, t in enumerate(tags):
        tag = names[t]
        if tag.startswith("B-"):
            j = i
            while j + 1 < len(tags) and names[tags[j + 1]] == f"I-{tag[2:]}":
                j += 1
            out.append((offsets[i][0], offsets[j][1], tag[2:]))
    return out


@pytest.mark.parametrize("split", [None, "train=0.6,dev=0.2,test=0.2"])
def test_load_dataset_folder_alone(tmp_path: Path, hf_cache: Path, split: str | None) -> None:
    out = tmp_path / "hf"
    with Corpus.open(tmp_path / "c.db", tooling="tests") as corpus:
        fill(corpus, tmp_path)
        result = formats.export(
            corpus, "hf", out, options=formats.ExportOptions(split=split, seed=1)
        )
        formats.export(corpus, "jsonl", tmp_path / "truth.jsonl")
        schema = corpus.schema
    truth = {(r["id"], r["annotator"]): r for r in read_jsonl(tmp_path / "truth.jsonl")}

    ds = datasets.load_dataset(str(out))

    expected = (
        ["train"] if split is None else [s for s in ("train", "dev", "test") if s in result.splits]
    )
    assert list(ds) == expected
    assert sum(len(ds[s]) for s in ds) == 5
    entity_labels = [lab.name for lab in schema.labels_of("entity")]
    names = ["O", *(f"{p}-{lab}" for lab in entity_labels for p in "BI")]
    for name in ds:
        features = ds[name].features
        assert isinstance(features["ner_tags"].feature, datasets.ClassLabel)
        assert features["ner_tags"].feature.names == names
        assert features["tokens"].feature == datasets.Value("string")
        for row in ds[name]:
            rec = truth[(row["id"], row["annotator"])]
            assert row["text"] == rec["text"]
            assert row["tokens"] == [rec["text"][s:e] for s, e in row["token_offsets"]]
            ents = _entities(names, row["ner_tags"], row["token_offsets"])
            want = sorted(
                (s["start"], s["end"], s["label"])
                for s in rec["spans"]
                if s["label"] in entity_labels
            )
            assert sorted(ents) == want
            claims = [(s["start"], s["end"], s["label"], s["text"]) for s in row["spans"]]
            assert sorted(claims) == sorted(
                (s["start"], s["end"], s["label"], s["text"])
                for s in rec["spans"]
                if s["label"] == "CLAIM"
            )
    # The files beside the data are not rows; the card names only the data files.
    card = (out / "README.md").read_text("utf-8")
    assert "manifest.json" not in card.split("---")[1]
    assert "features.json" not in card.split("---")[1]
