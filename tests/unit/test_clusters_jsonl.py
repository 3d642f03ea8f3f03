"""Claim clusters and stories through the canonical JSONL (issue 16): a claim's ``"cluster"``
and a record's ``"story"`` are kept by import and written back by export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.formats.common import FormatError
from annotator.store.corpus import Corpus

A = "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk, kata pejabat itu."
B = "Pejabat Ukraina menilai 20 ribu hingga 30 ribu prajurit dikerahkan ke Rusia."
STORY = "Putin–Kim call before the Alaska summit (Aug 2025)"


def _claim(text: str, **extra: Any) -> dict[str, Any]:
    return {"start": 0, "end": len(text) - 1, "label": "CLAIM", **extra}


def _records() -> list[dict[str, Any]]:
    return [
        {
            "id": "aktual",
            "text": A,
            "meta": {"story": STORY, "source": "Aktual.com"},
            "annotator": "ani",
            "spans": [_claim(A, cluster="troops sent"), {"start": 0, "end": 11, "label": "GPE"}],
        },
        {
            "id": "cnn",
            "text": B,
            "meta": {"story": STORY},
            "annotator": "ani",
            "spans": [_claim(B, cluster="troops sent")],
        },
    ]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _clusters(path: Path) -> dict[str, Any]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out[r["id"]] = (r["meta"].get("story"), [s.get("cluster") for s in r["spans"]])
    return out


def test_clusters_and_stories_round_trip(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", _records())
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        assert formats.import_paths(one, [src], "jsonl", detect_language=False).ok
        claims = {
            s.text[:5]: s
            for a in one.article_ids()
            for s in one.spans(a, "ani")
            if s.label == "CLAIM"
        }
        assert claims["Korea"].cluster_id == claims["Pejab"].cluster_id is not None
        assert one.cluster_names() == {claims["Korea"].cluster_id: "troops sent"}
        formats.export(one, "jsonl", tmp_path / "first.jsonl")
    first = _clusters(tmp_path / "first.jsonl")
    assert first == {
        "aktual": (STORY, ["troops sent", None]),  # the claim first, the entity in it after
        "cnn": (STORY, ["troops sent"]),
    }
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [tmp_path / "first.jsonl"], "jsonl")
        assert report.ok, report.rejected
        formats.export(two, "jsonl", tmp_path / "second.jsonl")
    assert _clusters(tmp_path / "second.jsonl") == first


def test_only_claims_join_a_cluster_and_a_name_is_a_string(tmp_path: Path) -> None:
    records = _records()
    records[0]["spans"][1]["cluster"] = "troops sent"  # a GPE span
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        bad = _write(tmp_path / "bad.jsonl", records)
        report = formats.import_paths(c, [bad], "jsonl", detect_language=False)
        assert not report.ok and c.article_count() == 0  # refused whole, nothing stored
        (error,) = report.rejected
        assert str(error) == f"{bad}:1: span 1: only claims join a cluster, not a GPE span"
    records = _records()
    records[1]["spans"][0]["cluster"] = ""
    with pytest.raises(FormatError, match=r'bad2.jsonl:2: span 0: "cluster" must be a name'):
        formats.jsonl.read(_write(tmp_path / "bad2.jsonl", records))


def _corpus_with_clusters(tmp_path: Path) -> Path:
    records = _records()
    records[0]["spans"].append({"id": "sp", "start": 55, "end": 72, "label": "PERSON"})
    records[0]["spans"][0]["id"] = "c"
    records[0]["relations"] = [{"head": "c", "child": "sp", "label": "SAID_BY"}]
    records.append(
        {
            "id": "other",
            "text": "Harga beras naik 10 persen di Jakarta.",
            "meta": {"story": "beras"},
            "annotator": "ani",
            "spans": [{"start": 0, "end": 37, "label": "CLAIM", "cluster": "rice"}],
        }
    )
    return _write(tmp_path / "in.jsonl", records)


def test_export_clusters_lists_members_speakers_values_and_conflicts(tmp_path: Path) -> None:
    src = _corpus_with_clusters(tmp_path)
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        result = formats.export(c, "clusters", tmp_path / "clusters.jsonl")
    # the summary counts what was written: 2 clusters of 3 claims; relations read, none lost
    assert (result.records, result.spans, result.relations_left_out) == (2, 3, 0)
    lines = [json.loads(x) for x in (tmp_path / "clusters.jsonl").read_text().splitlines()]
    assert [(x["cluster"], x["annotator"], x["story"]) for x in lines] == [
        ("rice", "ani", "beras"),
        ("troops sent", "ani", STORY),
    ]
    troops = lines[1]
    assert [m["article"] for m in troops["members"]] == ["aktual", "cnn"]
    aktual, cnn = troops["members"]
    assert aktual["speaker"] == A[55:72] and aktual["source"] == "Aktual.com"
    assert aktual["values"][0]["low"] == 11000 and aktual["values"][0]["approx"] is True
    assert cnn["values"][0]["low"] == 20000 and cnn["values"][0]["high"] == 30000
    assert troops["conflicts"] == ["≈ 11 ribu (Aktual.com) vs 20–30 ribu (cnn)"]


def test_export_claim_pairs_positive_and_easy(tmp_path: Path) -> None:
    src = _corpus_with_clusters(tmp_path)
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        formats.export(c, "claim-pairs", tmp_path / "pairs.jsonl")
    pairs = [json.loads(x) for x in (tmp_path / "pairs.jsonl").read_text().splitlines()]
    kinds = [(p["kind"], p["label"], p["a"]["cluster"], p["b"]["cluster"]) for p in pairs]
    # one positive (aktual, cnn), its easy negative from the other story; no other cluster of
    # the troops' story: no hard negative. The rice cluster has one member: no pair.
    assert kinds == [
        ("positive", 1, "troops sent", "troops sent"),
        ("easy", 0, "troops sent", "rice"),
    ]
    assert {pairs[0]["a"]["article"], pairs[0]["b"]["article"]} == {"aktual", "cnn"}


def test_claim_pairs_split_keeps_a_story_in_one_part(tmp_path: Path) -> None:
    """--split by article would deal aktual and cnn apart for some seed; pairs never are."""
    src = _corpus_with_clusters(tmp_path)
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        for seed in range(8):
            out = tmp_path / f"pairs{seed}"
            options = formats.ExportOptions(split="train=0.5,test=0.5", seed=seed)
            formats.export(c, "claim-pairs", out, options=options)
            parts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.jsonl")}
            positive = [name for name, text in parts.items() if '"positive"' in text]
            assert len(positive) == 1, (seed, parts)  # the pair, whole, in one part
            manifest = json.loads(next(out.glob("*manifest*")).read_text(encoding="utf-8"))
            assert manifest["split"]["group_by"] == "story"
