"""Gold round-trips: ``export --gold`` -> import -> the gold layer (never an annotator called
gold) -> ``export --gold`` gives the same spans and relations; the name gold is reserved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.store.corpus import Corpus
from tests.conftest import Peek
from tests.unit.test_gold import JOKO, JOKOWI, TEXT, WIDODO, fill, span_of, write_jsonl


def labels_of(path: Path) -> list[tuple[Any, ...]]:
    """Each gold record's article text, spans and relations (by their ends' extents)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec["annotator"] == "gold"
        spans = {s["id"]: (s["start"], s["end"], s["label"]) for s in rec["spans"]}
        out.append(
            (
                rec["text"],
                sorted((*x, rec["text"][x[0] : x[1]]) for x in spans.values()),
                sorted((r["label"], spans[r["head"]], spans[r["child"]]) for r in rec["relations"]),
                sorted(json.dumps(s.get("attributes", {}), sort_keys=True) for s in rec["spans"]),
            )
        )
    return out


def test_export_gold_import_export_gold_is_identical(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    art = fill(corpus, tmp_path)
    corpus.accept_agreeing(art, ["ani", "budi", "cici"], "rev")
    corpus.accept_span(span_of(corpus, art, "budi", WIDODO), "rev", on_overlap="add")
    location = corpus.location
    corpus.close()
    first, second = tmp_path / "gold.jsonl", tmp_path / "gold2.jsonl"
    assert main(["--db", location, "export", "--gold", "--out", str(first)]) == 0
    fresh = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(fresh), "import", "--no-language", str(first)]) == 0
    assert "4 gold spans, 1 gold relation" in capsys.readouterr().out
    assert main(["--db", str(fresh), "export", "--gold", "--out", str(second)]) == 0
    assert labels_of(second) == labels_of(first)
    assert len(labels_of(first)[0][1]) == 4 and len(labels_of(first)[0][2]) == 1
    with Corpus.open(fresh, tooling="tests") as again:
        assert again.annotators() == []  # nobody is called gold
        (a2,) = again.article_ids()
        assert again.spans(a2) == []
        gold = again.gold_spans(a2)
        assert {g.accepted_by for g in gold} == {"imported from gold.jsonl"}
        assert {g.annotators for g in gold} == {()} and {g.source_span_id for g in gold} == {None}
        (rel,) = again.gold_relations(a2)
        assert rel.accepted_by == "imported from gold.jsonl"
    # Importing it again adds nothing.
    assert main(["--db", str(fresh), "import", "--no-language", str(first)]) == 0
    assert "imported 0 articles, 0 spans, 0 relations from 1 file" in capsys.readouterr().out


def test_as_gold_puts_a_persons_labels_into_gold_with_them_as_provenance(
    corpus: Corpus, tmp_path: Path, peek: Peek
) -> None:
    rec = {"text": TEXT, "annotator": "ani", "spans": [JOKO, JOKOWI], "relations": []}
    # The second record names nobody: with --as-gold it is gold's too (the same two spans).
    path = write_jsonl(tmp_path / "adjudicated.jsonl", [rec, {**rec, "annotator": None}])
    report = formats.import_paths(corpus, [path], detect_language=False, as_gold=True)
    assert report.ok, report.rejected
    assert (report.spans, report.gold_spans) == (0, 2)
    (art,) = corpus.article_ids()
    assert corpus.spans(art) == [] and corpus.annotators() == []
    assert {g.annotators for g in corpus.gold_spans(art)} == {("ani",)}
    (event,) = peek("SELECT payload FROM event WHERE action = 'import'")
    assert json.loads(event[0])["origin"] == str(path)


def test_the_name_gold_is_reserved(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("gold", " Gold "):
        with pytest.raises(CorpusError, match="reserved for the gold layer"):
            corpus.set_user(name)
        with pytest.raises(CorpusError, match="reserved for the gold layer"):
            corpus.annotator_id(name)
    location = corpus.location
    corpus.close()
    if "://" in location:
        return  # the command line below is the same on either backend
    assert main(["--db", location, "--as", "gold", "stats"]) == 1
    err = capsys.readouterr().err
    assert "--as gold: 'gold' is reserved for the gold layer" in err
    assert main(["--db", location, "gui", "--annotator", "GOLD"]) == 1
    assert "--annotator GOLD: 'GOLD' is reserved" in capsys.readouterr().err
