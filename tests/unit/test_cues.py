"""Cue words (issue 16): a CUE span in the claim layer, linked to its claim by CUE_OF, carries
none of the claim's attributes, and no reader of claims takes it for one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.core.errors import CorpusError
from annotator.store.corpus import Corpus

TEXT = "Korea Utara mengirim 11 ribu tentara ke Kursk, kata pejabat itu."
CUE_AT = TEXT.index("kata")
SPEAKER_AT = TEXT.index("pejabat")


def _record(**cue: Any) -> dict[str, Any]:
    return {
        "id": "aktual",
        "text": TEXT,
        "annotator": "ani",
        "spans": [
            {
                "id": "c",
                "start": 0,
                "end": CUE_AT - 2,
                "label": "CLAIM",
                "cluster": "troops",
                "attributes": {"attribution": "indirect_quote"},
            },
            {"id": "k", "start": CUE_AT, "end": CUE_AT + 4, "label": "CUE", **cue},
            {"id": "p", "start": SPEAKER_AT, "end": SPEAKER_AT + 7, "label": "PERSON"},
        ],
        "relations": [
            {"head": "c", "child": "p", "label": "SAID_BY"},
            {"head": "k", "child": "c", "label": "CUE_OF"},
        ],
    }


def _write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _spans(path: Path) -> dict[str, dict[str, Any]]:
    (record,) = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return {s["label"]: s for s in record["spans"]}


def test_a_cue_and_its_link_round_trip_through_jsonl_without_claim_attributes(
    tmp_path: Path,
) -> None:
    src = _write(tmp_path / "in.jsonl", _record())
    with Corpus.open(tmp_path / "one.db", tooling="tests") as one:
        assert formats.import_paths(one, [src], "jsonl", detect_language=False).ok
        (art,) = one.article_ids()
        by_label = {s.label: s for s in one.spans(art, "ani")}
        assert by_label["CUE"].attributes == {}  # no claim defaults stored on a cue
        assert by_label["CLAIM"].attributes["attribution"] == "indirect_quote"
        assert by_label["CLAIM"].attributes["claim_type"] == "statement"  # its defaults
        (cue_of,) = [r for r in one.relations(art, "ani") if r.label == "CUE_OF"]
        assert (cue_of.head, cue_of.child) == (by_label["CUE"].id, by_label["CLAIM"].id)
        formats.export(one, "jsonl", tmp_path / "first.jsonl")
    first = _spans(tmp_path / "first.jsonl")
    assert first["CUE"]["text"] == "kata" and not first["CUE"].get("attributes")
    assert "attribution" in first["CLAIM"]["attributes"]
    with Corpus.open(tmp_path / "two.db", tooling="tests") as two:
        report = formats.import_paths(two, [tmp_path / "first.jsonl"], "jsonl")
        assert report.ok, report.rejected
        formats.export(two, "jsonl", tmp_path / "second.jsonl")
    assert _spans(tmp_path / "second.jsonl") == first
    (record,) = [json.loads(x) for x in (tmp_path / "second.jsonl").read_text().splitlines()]
    ids = {s["label"]: s["id"] for s in record["spans"]}
    assert {"head": ids["CUE"], "child": ids["CLAIM"], "label": "CUE_OF"} in [
        {k: r[k] for k in ("head", "child", "label")} for r in record["relations"]
    ]


def test_import_refuses_a_claim_attribute_on_a_cue_naming_file_and_line(tmp_path: Path) -> None:
    other = {**_record(), "id": "other"}
    bad = _write(tmp_path / "bad.jsonl", other, _record(attributes={"attribution": "direct_quote"}))
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        report = formats.import_paths(c, [bad], "jsonl", detect_language=False)
        assert not report.ok and c.article_count() == 0
        text = str(report.rejected[0])
        assert f"{bad}:2: span k: attribute 'attribution' does not apply to CUE" in text


def test_a_cue_never_joins_a_cluster_and_the_clusters_export_leaves_it_out(
    tmp_path: Path,
) -> None:
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        bad = _write(tmp_path / "bad.jsonl", _record(cluster="troops"))
        report = formats.import_paths(c, [bad], "jsonl", detect_language=False)
        assert not report.ok and c.article_count() == 0
        assert "span k: only claims join a cluster, not a CUE span" in str(report.rejected[0])
        src = _write(tmp_path / "in.jsonl", _record())
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        (art,) = c.article_ids()
        by_label = {s.label: s for s in c.spans(art, "ani")}
        cluster = by_label["CLAIM"].cluster_id
        assert cluster is not None
        with pytest.raises(CorpusError, match="not a claim"):
            c.join_cluster(by_label["CUE"].id, "ani", cluster)
        with pytest.raises(CorpusError, match="cannot become a cue"):
            c.update_span(by_label["CLAIM"].id, "ani", label="CUE")
        result = formats.export(c, "clusters", tmp_path / "clusters.jsonl")
    (line,) = [json.loads(x) for x in (tmp_path / "clusters.jsonl").read_text().splitlines()]
    assert result.spans == 1 and [m["text"] for m in line["members"]] == [TEXT[: CUE_AT - 2]]
    assert line["members"][0]["speaker"] == "pejabat"


def test_relabelling_a_claim_as_a_cue_drops_the_claim_attributes(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        record = _record()
        record["spans"][0].pop("cluster")
        assert formats.import_paths(
            c, [_write(tmp_path / "in.jsonl", record)], "jsonl", detect_language=False
        ).ok
        (art,) = c.article_ids()
        claim = next(s for s in c.spans(art, "ani") if s.label == "CLAIM")
        c.update_span(claim.id, "ani", label="CUE")
        assert c.span(claim.id).attributes == {}
        c.update_span(claim.id, "ani", label="CLAIM")
        assert c.span(claim.id).attributes["attribution"] == "paraphrase"  # defaults again


def test_label_studio_config_shows_claim_attributes_on_claims_only(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", _record())
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        formats.export(c, "labelstudio", tmp_path / "ls.json")
        config = (tmp_path / "ls.config.xml").read_text(encoding="utf-8")
        assert 'name="claim_attribution"' in config
        for line in config.splitlines():
            if 'name="claim_' in line:
                assert 'whenLabelValue="CLAIM"' in line, line
    with Corpus.open(tmp_path / "back.db", tooling="tests") as back:
        # Back in: the claim keeps its attribution, the cue has none.
        report = formats.import_paths(back, [tmp_path / "ls.json"], "labelstudio")
        assert report.ok, report.rejected
        (art,) = back.article_ids()
        by_label = {s.label: s for s in back.spans(art, "ani")}
        assert by_label["CUE"].attributes == {}
        assert by_label["CLAIM"].attributes["attribution"] == "indirect_quote"


def test_scoped_attributes_survive_the_store_and_an_old_stored_schema_reads_as_before(
    tmp_path: Path,
) -> None:
    from annotator.core.schema import LabelSchema, default_schema

    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert c.schema.attribute("claim", "attribution").labels == ("CLAIM",)  # type: ignore[union-attr]
        old = json.loads(default_schema().to_json())
        for attr in old["attributes"]:
            del attr["labels"]  # as a corpus stored it before attributes had labels
        c.set_schema(LabelSchema.from_dict(old))
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert all(a.labels == () for a in c.schema.attributes)
        assert c.schema.defaults_for("CUE") == c.schema.defaults_for("CLAIM")  # every label
        src = _write(tmp_path / "in.jsonl", _record(attributes={"attribution": "direct_quote"}))
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        c.set_schema(default_schema())
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert c.schema == default_schema()


def _as_before_cue_words(path: Path, schema_json: str) -> None:
    """The corpus file as the version before this one left it, with ``schema_json`` stored."""
    import sqlite3

    from annotator.store.db import SCHEMA_VERSION

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'label_schema'", (schema_json,))
        conn.execute("DELETE FROM schema_version WHERE version = ?", (SCHEMA_VERSION,))
    conn.close()


def test_a_corpus_on_the_news_schema_as_shipped_before_gets_cue_words_an_edited_one_not(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from annotator.core.schema import before_cue_words, default_schema

    old = before_cue_words(default_schema())
    assert "CUE" not in {x.name for x in old.labels}
    path = tmp_path / "c.db"
    Corpus.open(path, tooling="tests").close()
    _as_before_cue_words(path, old.to_json())
    with Corpus.open(path, tooling="tests") as c:
        assert c.schema == default_schema()
    edited = old.with_label_updated("CLAIM", description="A claim, as our team defines it")
    edited = replace(edited, name="news")
    _as_before_cue_words(path, edited.to_json())
    with Corpus.open(path, tooling="tests") as c:
        assert c.schema == edited and not c.schema.has_label("CUE")
