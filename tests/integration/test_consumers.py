"""Every export handed to the tool it is meant for: spaCy, Hugging Face datasets, Label Studio.

The consumers are test dependencies (spacy, datasets, label-studio-sdk); spaCy models cannot
be downloaded here, so only ``spacy.blank("id")`` is used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.core.tokenize import tokenize
from annotator.store.corpus import Corpus
from tests.unit.test_export_fixtures import fill, read_jsonl

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402


@pytest.fixture
def filled(tmp_path: Path, corpus: Corpus) -> Corpus:
    fill(corpus, tmp_path)
    return corpus


def _truth(corpus: Corpus, tmp: Path) -> list[dict[str, Any]]:
    out = tmp / "truth.jsonl"
    formats.export(corpus, "jsonl", out)
    return [r for r in read_jsonl(out) if r["annotator"]]


def _by_layer(rec: dict[str, Any], corpus: Corpus) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {"entity": [], "claim": []}
    for s in rec["spans"]:
        out[corpus.schema.layer_of(s["label"])].append((s["start"], s["end"], s["label"]))
    return {k: sorted(v) for k, v in out.items()}


def test_spacy_char_span_strict_on_every_span(filled: Corpus, tmp_path: Path) -> None:
    nlp = spacy.blank("id")
    path = tmp_path / "corpus.spacy"
    formats.export(filled, "spacy", path)
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    truth = _truth(filled, tmp_path)
    assert len(docs) == len(truth) == 5
    for doc, rec in zip(docs, truth, strict=True):
        assert doc.text == rec["text"]
        assert (doc.user_data["id"], doc.user_data["annotator"]) == (rec["id"], rec["annotator"])
        own = nlp(rec["text"])  # spaCy's own Indonesian tokenizer agrees on these texts too
        for s in rec["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            assert span is not None, s
            assert span.text == s["text"]
            theirs = own.char_span(s["start"], s["end"], alignment_mode="strict")
            assert theirs is not None and theirs.text == s["text"]
        layers = _by_layer(rec, filled)
        got_ents = sorted((e.start_char, e.end_char, e.label_) for e in doc.ents)
        assert got_ents == layers["entity"]
        claims = doc.spans.get("claims", [])
        assert sorted((c.start_char, c.end_char, c.label_) for c in claims) == layers["claim"]
        for s in rec["spans"]:
            if s["attributes"]:
                key = f"{s['start']}:{s['end']}:{s['label']}"
                assert doc.user_data["attributes"][key] == s["attributes"]


def test_docbin_round_trips_equal(filled: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "corpus.spacy"
    formats.export(filled, "spacy", path)
    vocab = spacy.blank("id").vocab
    first = list(DocBin().from_disk(path).get_docs(vocab))
    again = DocBin(store_user_data=True, docs=first).to_bytes()
    second = list(DocBin().from_bytes(again).get_docs(vocab))
    for a, b in zip(first, second, strict=True):
        assert a.to_json() == b.to_json()
        assert a.user_data == b.user_data


def _conll_docs(path: Path) -> list[tuple[list[str], list[str], list[str]]]:
    docs: list[tuple[list[str], list[str], list[str]]] = []
    for line in path.read_text("utf-8").split("\n"):
        fields = line.split()
        if not fields or (len(fields) >= 3 and fields[0].startswith("#") and fields[2] == "="):
            continue
        if fields[0] == "-DOCSTART-":
            docs.append(([], [], []))
            continue
        docs[-1][0].append(fields[0])
        docs[-1][1].append(fields[1])
        docs[-1][2].append(fields[-1])
    return docs


def test_conll_tags_accepted_by_strict_spacy_doc(filled: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "corpus.conll"
    formats.export(filled, "conll", path)
    text = path.read_text("utf-8")
    assert text.startswith("# format = CoNLL-2003 style, IOB2")
    assert "# columns = TOKEN CLAIM ENTITY" in text
    vocab = spacy.blank("id").vocab
    truth = _truth(filled, tmp_path)
    docs = _conll_docs(path)
    assert len(docs) == len(truth)
    for (words, claim_tags, ent_tags), rec in zip(docs, truth, strict=True):
        offsets = tokenize(rec["text"])
        assert words == [rec["text"][s:e] for s, e in offsets]
        layers = _by_layer(rec, filled)
        for tags, layer in ((ent_tags, "entity"), (claim_tags, "claim")):
            doc = Doc(vocab, words=words, ents=tags)  # raises on any invalid IOB sequence
            got = [(offsets[e.start][0], offsets[e.end - 1][1], e.label_) for e in doc.ents]
            assert sorted(got) == layers[layer]


def test_hf_load_dataset_with_declared_features(filled: Corpus, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "hf"
    result = formats.export(
        filled, "hf", out, options=formats.ExportOptions(split="train=0.5,test=0.5", seed=3)
    )
    features = datasets.Features.from_dict(json.loads((out / "features.json").read_text()))
    files = {name: str(out / f"{name}.jsonl") for name in result.splits}
    ds = datasets.load_dataset("json", data_files=files, features=features)
    assert ds["train"].features == features
    names = features["ner_tags"].feature.names
    truth = {(r["id"], r["annotator"]): r for r in _truth(filled, tmp_path)}
    rows = [row for split in ds.values() for row in split]
    assert len(rows) == len(truth)
    for row in rows:
        rec = truth[(row["id"], row["annotator"])]
        offsets = [tuple(o) for o in row["token_offsets"]]
        assert row["tokens"] == [rec["text"][s:e] for s, e in offsets]
        tags = [names[i] for i in row["ner_tags"]]
        ents = []
        for i, tag in enumerate(tags):
            if tag.startswith("B-"):
                j = i
                while j + 1 < len(tags) and tags[j + 1] == f"I-{tag[2:]}":
                    j += 1
                ents.append((offsets[i][0], offsets[j][1], tag[2:]))
        layers = _by_layer(rec, filled)
        assert sorted(ents) == layers["entity"]
        claims = [(s["start"], s["end"], s["label"]) for s in row["spans"]]
        assert sorted(claims) == layers["claim"]
        for s in row["spans"]:
            assert rec["text"][s["start"] : s["end"]] == s["text"]
            assert offsets[s["token_start"]][0] == s["start"]
            assert offsets[s["token_end"]][1] == s["end"]


def test_label_studio_converter_reads_the_export(filled: Corpus, tmp_path: Path) -> None:
    converter_mod = pytest.importorskip("label_studio_sdk.converter")
    out = tmp_path / "tasks.json"
    formats.export(filled, "labelstudio", out)
    config = tmp_path / "tasks.config.xml"
    converter = converter_mod.Converter(
        str(config), project_dir=str(tmp_path), download_resources=False
    )
    items = list(converter.iter_from_json_file(str(out)))
    truth = {(r["id"], r["annotator"]): r for r in _truth(filled, tmp_path)}
    labelled = [i for i in items if i["output"]]
    assert len(labelled) == len(truth)
    for item in labelled:
        rec = truth[(item["input"]["id"], item["completed_by"]["email"])]
        assert item["input"]["text"] == rec["text"]
        got = sorted(
            (v["start"], v["end"], v["labels"][0], v["text"])
            for name in ("entity", "claim")
            for v in item["output"].get(name, [])
        )
        assert got == sorted((s["start"], s["end"], s["label"], s["text"]) for s in rec["spans"])
        if any(s["attributes"].get("certainty") for s in rec["spans"]):
            assert item["output"]["claim_certainty"]
    converter.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    minimal = json.loads((tmp_path / "min" / "result.json").read_text("utf-8"))
    assert {r["annotator"] for r in minimal if "entity" in r} >= {"alice", "bob"}
