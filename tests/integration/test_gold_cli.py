"""`annotator gold merge` as a user runs it: gold by a strategy, links included, then
`export --gold`; a reviewer's decisions stay as they were left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.store.corpus import Corpus
from tests.unit.test_gold import (
    CLAIM,
    JOKOWI,
    PUTIN,
    PUTIN_SAID,
    SAID,
    SAME_SPEAKER,
    SHORT_CLAIM,
    Work,
    span_of,
    write_jsonl,
)

TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska. Harga beras akan turun, kata Jokowi."


def corpus_of(tmp_path: Path, work: Work, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "c.sqlite3"
    for name, (spans, relations) in work.items():
        rec = {"id": "a1", "title": "Beras", "text": TEXT, "annotator": name, "status": "done"}
        path = write_jsonl(
            tmp_path / f"{name}.jsonl", [rec | {"spans": spans, "relations": relations}]
        )
        assert main(["--db", str(db), "import", "--no-language", str(path)]) == 0
    capsys.readouterr()
    return db


def exported(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    out = tmp_path / "gold.jsonl"
    assert main(["--db", str(db), "export", "--gold", "--out", str(out)]) == 0
    capsys.readouterr()
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return rec


def relations_of(rec: dict[str, Any]) -> list[tuple[str, str, str]]:
    spans = {s["id"]: s["text"] for s in rec["spans"]}
    return sorted((spans[r["head"]], r["label"], spans[r["child"]]) for r in rec["relations"])


def test_merge_brings_the_speaker_of_a_claim_the_reviewer_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = corpus_of(tmp_path, SAME_SPEAKER, capsys)
    with Corpus.open(
        db, tooling="tests"
    ) as corpus:  # in review: 1 took ani's boundaries for the claim
        (art,) = corpus.article_ids()
        corpus.accept_span(span_of(corpus, art, "ani", CLAIM), "rev", on_overlap="replace")
    args = ["--db", str(db), "gold", "merge", "--strategy", "unanimous", "--reviewer", "rev"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "accepted 2 span(s), 1 link(s); open: 0 span group(s), 0 link(s)" in out
    assert "  + SAID_BY 'Harga beras akan turun' -> 'Jokowi'" in out
    assert "accepted 2 span(s) and 1 link(s); 0 span group(s) and 0 link(s) stay open" in out
    rec = exported(db, tmp_path, capsys)
    assert relations_of(rec) == [("Harga beras akan turun", "SAID_BY", "Jokowi")]
    with Corpus.open(db, tooling="tests") as corpus:
        assert corpus.gold_status(art).state.value == "complete"
        assert corpus.can_undo("rev")  # on the reviewer's undo stack


def test_merge_by_majority_settles_links_across_boundaries_and_keeps_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work: Work = {
        "ani": ([CLAIM, JOKOWI, PUTIN], [SAID]),
        "budi": ([SHORT_CLAIM, JOKOWI, PUTIN], [SAID]),
        "cici": ([CLAIM, JOKOWI], [SAID]),
    }
    db = corpus_of(tmp_path, work, capsys)
    with Corpus.open(db, tooling="tests") as corpus:  # the reviewer already rejected Putin
        (art,) = corpus.article_ids()
        corpus.reject_span(span_of(corpus, art, "ani", PUTIN), "rev")
    assert (
        main(["--db", str(db), "gold", "merge", "--strategy", "majority", "--article", "a1"]) == 0
    )
    out = capsys.readouterr().out
    assert "+ CLAIM" in out and "+ PERSON" in out and "Vladimir Putin" not in out
    rec = exported(db, tmp_path, capsys)
    assert relations_of(rec) == [("Harga beras akan turun", "SAID_BY", "Jokowi")]
    assert sorted(s["text"] for s in rec["spans"]) == ["Harga beras akan turun", "Jokowi"]


def test_merge_lists_what_stays_open_and_never_overrides_a_hand_set_speaker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work: Work = {
        "ani": ([CLAIM, JOKOWI, PUTIN], [SAID]),
        "budi": ([SHORT_CLAIM, JOKOWI, PUTIN], [PUTIN_SAID]),
    }
    db = corpus_of(tmp_path, work, capsys)
    assert main(["--db", str(db), "gold", "merge", "--strategy", "unanimous"]) == 0
    out = capsys.readouterr().out
    assert "? claim [46,68) 'Harga beras akan turun': boundaries, speaker" in out
    with Corpus.open(db, tooling="tests") as corpus:
        (art,) = corpus.article_ids()
        corpus.accept_span(span_of(corpus, art, "budi", SHORT_CLAIM), "rev", on_overlap="replace")
        claim = next(g for g in corpus.gold_spans(art) if g.label == "CLAIM")
        jokowi = next(g for g in corpus.gold_spans(art) if g.text == "Jokowi")
        corpus.set_gold_links(claim.id, "SAID_BY", [jokowi.id], "rev", claim.version)
        before = [(g.id, g.version) for g in corpus.gold_spans(art)]
    for strategy in ("unanimous", "majority"):
        assert main(["--db", str(db), "gold", "merge", "--strategy", strategy]) == 0
        assert "accepted 0 span(s), 0 link(s); open: 0 span group(s), 0 link(s)" in (
            capsys.readouterr().out
        )
    rec = exported(db, tmp_path, capsys)
    assert relations_of(rec) == [("beras akan turun", "SAID_BY", "Jokowi")]
    with Corpus.open(db, tooling="tests") as corpus:
        assert [(g.id, g.version) for g in corpus.gold_spans(art)] == before


def test_merge_refuses_an_unknown_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = corpus_of(tmp_path, SAME_SPEAKER, capsys)
    args = ["--db", str(db), "gold", "merge", "--strategy", "majority", "--article", "nope"]
    assert main(args) == 1
    assert "no article with id or external id 'nope'" in capsys.readouterr().err
