"""Where a span began (issue 17): kept by the store through edits and undo, in the canonical
JSONL both ways, counted by stats, and left out by ``agreement --hand-only``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator import formats
from annotator.cli import main
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.origin import origin_problem
from annotator.formats.common import FormatError
from annotator.store.corpus import Corpus

TEXT = "Putin menelepon Kim Jong Un dari Moskow pada Selasa."


def _at(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def test_origins_named_and_refused() -> None:
    for good in ("hand", "memory", "gazetteer", "rule", "model:berita-v1", "annotator:bob"):
        assert origin_problem(good) is None, good
    for bad in ("", "model:", "model: x", "llm", "annotator", 3, None):
        assert origin_problem(bad), bad


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    c = Corpus.open(tmp_path / "c.db", tooling="tests")
    c.import_drafts(
        [formats.jsonl._draft({"id": "a", "text": TEXT}, 1, None)],
        origin="test",
        detect_language=False,
    )
    return c


def test_the_store_keeps_an_origin_through_undo_and_redo(corpus: Corpus) -> None:
    art = corpus.article_ids()[0]
    corpus.add_span(art, "ani", *_at("Putin"), "PERSON", origin="memory")
    corpus.add_span(art, "ani", *_at("Moskow"), "GPE")
    with pytest.raises(CorpusError, match="unknown origin"):
        corpus.add_span(art, "ani", *_at("Selasa"), "DATE", origin="magic")
    assert {s.text: s.origin for s in corpus.spans(art, "ani")} == {
        "Putin": "memory",
        "Moskow": "hand",
    }
    putin = next(s for s in corpus.spans(art, "ani") if s.text == "Putin")
    corpus.delete_span(putin.id, "ani")
    corpus.undo("ani")  # the span comes back as it was, origin and all
    assert {s.text: s.origin for s in corpus.spans(art, "ani")}["Putin"] == "memory"
    assert corpus.stats()["spans_by_origin"] == {"hand": 1, "memory": 1}
    corpus.close()


def test_jsonl_carries_origins_both_ways_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    record = {
        "id": "a",
        "text": TEXT,
        "annotator": "ani",
        "status": "done",
        "spans": [
            {"start": 0, "end": 5, "label": "PERSON", "origin": "model:berita"},
            {"start": TEXT.index("Moskow"), "end": TEXT.index("Moskow") + 6, "label": "GPE"},
        ],
    }
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Corpus.open(tmp_path / "c.db", tooling="tests") as c:
        assert formats.import_paths(c, [src], "jsonl", detect_language=False).ok
        formats.export(c, "jsonl", tmp_path / "out.jsonl")
    (out,) = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [s.get("origin") for s in out["spans"]] == ["model:berita", None]  # hand: no key
    record["spans"][0]["origin"] = "oracle"  # type: ignore[index]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad.jsonl:1: .*unknown origin 'oracle'"):
        formats.jsonl.read(bad)


def test_agreement_on_hand_made_spans_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ani typed Putin and accepted a rule's Selasa; budi typed both: on all spans the two
    agree fully; on hand-made ones Selasa's place is left out for both (ADR 0041: leaving
    out ani's alone would count budi's Selasa as a miss, F1 2·1/(1+2)): Putin, F1 1."""
    db = tmp_path / "c.db"
    with Corpus.open(db, tooling="tests") as c:
        c.import_drafts(
            [formats.jsonl._draft({"id": "a", "text": TEXT}, 1, None)],
            origin="test",
            detect_language=False,
        )
        art = c.article_ids()[0]
        c.add_span(art, "ani", *_at("Putin"), "PERSON")
        c.add_span(art, "ani", *_at("Selasa"), "DATE", origin="rule")
        c.add_span(art, "budi", *_at("Putin"), "PERSON")
        c.add_span(art, "budi", *_at("Selasa"), "DATE")
        for who in ("ani", "budi"):
            c.set_status(art, who, Status.DONE)
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["span_f1_exact"] == pytest.approx(1.0)
    assert main(["--db", str(db), "agreement", "--json", "--hand-only"]) == 0
    hand = json.loads(capsys.readouterr().out)
    assert hand["span_f1_exact"] == pytest.approx(1.0)
    assert hand["spans"] == {"ani": 1, "budi": 1}
    assert hand["left_out"]["places"] == 1
    assert hand["left_out"]["suggested"] == {"rule": 1}


def test_a_corpus_from_before_origins_gets_them_as_hand(tmp_path: Path) -> None:
    """A version-6 file (no origin column): opening it migrates; its spans were typed by hand."""
    db = tmp_path / "old.db"
    with Corpus.open(db, tooling="tests") as c:
        c.import_drafts(
            [formats.jsonl._draft({"id": "a", "text": TEXT}, 1, None)],
            origin="test",
            detect_language=False,
        )
        c.add_span(c.article_ids()[0], "ani", *_at("Putin"), "PERSON")
    con = sqlite3.connect(db)
    con.execute("DROP INDEX span_annotator_label_layer_origin")  # v11's, in v6's place
    con.execute("CREATE INDEX span_annotator_label_layer ON span (annotator_id, label, layer)")
    con.execute("ALTER TABLE span DROP COLUMN origin")
    con.execute("DELETE FROM schema_version WHERE version >= 7")  # back to version 6
    con.commit()
    con.close()
    with Corpus.open(db, tooling="tests") as c:
        (span,) = c.spans(c.article_ids()[0], "ani")
        assert span.origin == "hand"
