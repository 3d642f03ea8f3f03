"""`annotator train`: from an annotator's done articles, scores printed, a model written; a
folder that is not ours is refused and left as it was (issue 17)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.cli import main
from tests.unit.test_learn import _article


def _corpus(tmp_path: Path) -> Path:
    rng = random.Random(2)
    lines = []
    for k in range(1, 7):
        doc = _article(k, rng)
        lines.append(
            {
                "id": f"a{k}",
                "text": doc.article.text,
                "meta": {"language": "id"},
                "annotator": "alice",
                "status": "done" if k != 6 else "in_progress",
                "spans": [
                    {"id": f"s{s.id}", "start": s.start, "end": s.end, "label": s.label}
                    for s in doc.spans
                ],
            }
        )
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    return db


def test_train_prints_held_out_scores_and_writes_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    capsys.readouterr()
    out = tmp_path / "model"
    args = ["--db", str(db), "train", "--from", "alice", "--out", str(out), "--epochs", "2"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["train_articles"] + report["held_out_articles"] == 5  # done ones only
    assert set(report["entity_labels"]) == {"PERSON", "GPE"} and report["claims"]
    assert (out / "annotator-model.json").is_file() and (out / "ner").is_dir()
    assert len(report["pass_scores"]) == report["epochs"] <= 2
    assert report["stopped"] in ("patience", "max") and 1 <= report["best_epoch"] <= 2
    assert main(args) == 0  # again into the folder it wrote: allowed
    text = capsys.readouterr().out
    assert "held out" in text and f"pass {report['best_epoch']} is kept" in text
    assert main([*args, "--patience", "-1"]) == 1
    assert "--patience must be 0 or more" in capsys.readouterr().err


def test_train_refuses_a_folder_it_did_not_write_and_an_unknown_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["--db", str(db), "train", "--from", "alice", "--out", str(theirs)]) == 1
    assert "did not write" in capsys.readouterr().err
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]
    assert main(["--db", str(db), "train", "--from", "nobody", "--out", str(tmp_path / "x")]) == 1
    assert "no annotator called 'nobody'" in capsys.readouterr().err


def test_suggest_writes_records_with_origins_and_leaves_the_corpus_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    before = db.read_bytes()
    out = tmp_path / "suggested.jsonl"
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--status", "in_progress"]
    assert main([*args, "--out", str(out)]) == 0
    assert "suggestions for 1 articles" in capsys.readouterr().out
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "a6"
    found = {(s["text"], s["label"], s["origin"]) for s in record["spans"]}
    names = {t for t, label, origin in found if label == "PERSON" and origin == "memory"}
    assert names and names <= {"Putin", "Prabowo", "Zelenskyy", "Trump"}
    assert any(label == "CLAIM" and origin == "rule" for _, label, origin in found)
    for s in record["spans"]:
        assert record["text"][s["start"] : s["end"]] == s["text"]
    assert db.read_bytes() == before
    assert main([*args, "--out", str(out)]) == 0  # its own file: replaced
    mine = tmp_path / "mine.jsonl"
    mine.write_text("precious\n", encoding="utf-8")
    assert main([*args, "--out", str(mine)]) == 1
    assert mine.read_text(encoding="utf-8") == "precious\n"
    assert main([*args, "--out", str(db)]) == 1
    assert db.read_bytes() == before


def test_a_gazetteer_kept_in_the_corpus_suggests_its_terms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    terms = tmp_path / "places.txt"
    terms.write_text("# places\nalaska\tGPE\nkursk\n", encoding="utf-8")
    base = ["--db", str(db), "gazetteer"]
    assert main([*base, "import", str(terms)]) == 1  # a bare term without --label
    assert "places.txt:3: expected term<TAB>LABEL" in capsys.readouterr().err
    assert main([*base, "import", str(terms), "--label", "LOC"]) == 0
    assert "2 terms added" in capsys.readouterr().out
    assert main([*base, "import", str(terms), "--label", "LOC"]) == 0
    assert "0 terms added from" in capsys.readouterr().out  # kept once
    unknown = tmp_path / "bad.txt"
    unknown.write_text("Putin\tPRESIDENT\n", encoding="utf-8")
    assert main([*base, "import", str(unknown)]) == 1
    assert "PRESIDENT not in the schema" in capsys.readouterr().err
    assert main([*base, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["term"], t["label"]) for t in listed] == [("alaska", "GPE"), ("kursk", "LOC")]
    out = tmp_path / "s.jsonl"
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--sources", "gazetteer"]
    assert main([*args, "--status", "in_progress", "--out", str(out)]) == 0
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    found = {(s["text"], s["label"], s["origin"]) for s in record["spans"]}
    assert found and all(origin == "gazetteer" for *_, origin in found)
    assert {text for text, *_ in found} <= {"Alaska", "Kursk"}  # matched ignoring case
    assert main([*base, "clear", "--source", "places.txt"]) == 0
    assert "2 terms removed" in capsys.readouterr().out
