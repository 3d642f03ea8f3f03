"""Exports carry the numbers of QUANTITY spans and claims as a ``values`` attribute (issue 16);
an import reads them from the span's text again, so a round trip changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.core.schema import LabelSchema, SchemaError, default_schema
from annotator.store.corpus import Corpus

TEXT = (
    "Korea Utara mengirimkan sekitar 11 ribu tentaranya ke Kursk, kata pejabat. "
    "Para pejabat Ukraina menilai 20 ribu hingga 30 ribu prajurit dikerahkan."
)


def _span(part: str, label: str, key: str) -> dict[str, object]:
    start = TEXT.index(part)
    return {"id": key, "start": start, "end": start + len(part), "label": label, "text": part}


def _write_source(path: Path) -> Path:
    record = {
        "id": "troops",
        "text": TEXT,
        "meta": {"language": "id"},
        "annotator": "alice",
        "status": "done",
        "spans": [
            _span("sekitar 11 ribu", "QUANTITY", "q"),
            _span("Korea Utara", "GPE", "g"),
            _span("Korea Utara mengirimkan sekitar 11 ribu tentaranya ke Kursk", "CLAIM", "c"),
            _span("20 ribu hingga 30 ribu prajurit dikerahkan", "CLAIM", "d"),
        ],
        "relations": [],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def _values(path: Path) -> dict[str, object]:
    (record,) = _records(path)
    return {s["text"]: s["attributes"].get("values") for s in record["spans"]}


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano-rel"])
def test_quantities_and_claims_carry_their_values(tmp_path: Path, fmt: str) -> None:
    with Corpus.open(tmp_path / "c.db", tooling="tests") as corpus:
        report = formats.import_paths(
            corpus, [_write_source(tmp_path / "in.jsonl")], "jsonl", detect_language=False
        )
        assert report.ok, report.rejected
        formats.export(corpus, fmt, tmp_path / "out.jsonl")
    (record,) = _records(tmp_path / "out.jsonl")
    spans = record["spans" if fmt != "doccano-rel" else "entities"]
    values = {
        TEXT[s.get("start", s.get("start_offset")) : s.get("end", s.get("end_offset"))]: s[
            "attributes"
        ].get("values")
        for s in spans
    }
    eleven = {"low": 11000, "high": 11000, "approx": True, "text": "sekitar 11 ribu", "unit": None}
    assert values["sekitar 11 ribu"] == [eleven]
    assert values["Korea Utara mengirimkan sekitar 11 ribu tentaranya ke Kursk"] == [eleven]
    assert values["20 ribu hingga 30 ribu prajurit dikerahkan"] == [
        {
            "low": 20000,
            "high": 30000,
            "approx": False,
            "text": "20 ribu hingga 30 ribu",
            "unit": None,
        }
    ]
    assert values["Korea Utara"] is None  # an entity that is not a number: no values


def test_a_round_trip_reads_values_from_the_text_again(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        formats.import_paths(
            one, [_write_source(tmp_path / "in.jsonl")], "jsonl", detect_language=False
        )
        formats.export(one, "jsonl", tmp_path / "first.jsonl")
    # a file whose values say something else: the text decides
    (record,) = _records(tmp_path / "first.jsonl")
    for s in record["spans"]:
        if "values" in s["attributes"]:
            s["attributes"]["values"] = [{"low": 1, "high": 2, "approx": False, "text": "x"}]
    (tmp_path / "edited.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(
            two, [tmp_path / "edited.jsonl"], "jsonl", detect_language=False
        )
        assert report.ok, report.rejected
        article = two.article_ids()[0]
        assert all("values" not in s.attributes for s in two.spans(article, "alice"))
        formats.export(two, "jsonl", tmp_path / "second.jsonl")
    assert _values(tmp_path / "second.jsonl") == _values(tmp_path / "first.jsonl")


def test_a_schema_may_not_name_an_attribute_values() -> None:
    data = json.loads(default_schema().to_json())
    data["attributes"].append({"name": "values", "layer": "claim", "kind": "text"})
    with pytest.raises(SchemaError, match="values"):
        LabelSchema.from_dict(data).validate()


def test_values_go_to_quantities_and_claims_only_and_leave_the_document_as_it_was() -> None:
    from dataclasses import replace

    from annotator.core.model import Article, Document, Span, Status
    from annotator.core.quantities import values_of
    from annotator.formats.exporter import with_values

    text = "Sekitar 11 ribu tentara dikirim, ujar 3 pejabat. Pesawat MH17 jatuh."
    article = Article(1, "a", "t", "s", None, None, text, "x", "id", 1.0, "now")

    def span(i: int, part: str, label: str, layer: str, attributes: dict[str, Any]) -> Span:
        start = text.index(part)
        return Span(i, 1, "alice", start, start + len(part), label, layer, part, attributes)

    claim_attrs = {"attribution": "direct", "certainty": "asserted"}
    spans = [
        span(1, "Sekitar 11 ribu", "QUANTITY", "entity", {}),
        span(2, "Sekitar 11 ribu tentara dikirim", "CLAIM", "claim", dict(claim_attrs)),
        span(3, "ujar 3 pejabat", "CUE", "claim", {}),  # a cue word: never a claim
        span(4, "Pesawat MH17", "ORG", "entity", {}),  # a number in a name of no such label
        span(5, "jatuh", "CLAIM", "claim", {}),  # a claim with no number
    ]
    doc = Document(article, "alice", Status.DONE, spans, [])
    before = [replace(s, attributes=dict(s.attributes)) for s in spans]
    out = with_values(doc)
    eleven = values_of("Sekitar 11 ribu", "id")
    assert eleven
    assert out.spans == [
        replace(spans[0], attributes={"values": eleven}),
        replace(spans[1], attributes={**claim_attrs, "values": eleven}),
        spans[2],
        spans[3],
        spans[4],
    ]
    assert doc.spans == before  # the document read from the store is not changed
    assert with_values(Document(article, "alice", Status.DONE, spans[2:], [])).spans == spans[2:]
