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
                # a6, begun but with nothing labelled yet: what suggest is for
                "spans": [
                    {"id": f"s{s.id}", "start": s.start, "end": s.end, "label": s.label}
                    for s in doc.spans
                ]
                if k != 6
                else [],
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
    assert "bad.txt:1: 'PRESIDENT' is not a term label of the schema" in capsys.readouterr().err
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


def test_suggest_from_another_annotator_and_an_imported_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sources annotator:NAME: their spans with origin annotator:NAME (model:NAME for a
    model's, imported from Label Studio predictions), a claim's speaker kept by --into."""
    text = "Ekonomi Rusia tumbuh pesat, kata Putin di Moskow."
    claim, putin = (0, 26), (33, 38)
    bob = {
        "id": "a1",
        "text": text,
        "annotator": "bob",
        "status": "done",
        "spans": [
            {"id": "c", "start": 0, "end": 26, "label": "CLAIM"},
            {"id": "p", "start": 33, "end": 38, "label": "ORG"},
            {"id": "k", "start": 28, "end": 32, "label": "CUE"},
        ],
        "relations": [
            {"head": "c", "child": "p", "label": "SAID_BY"},
            {"head": "k", "child": "c", "label": "CUE_OF"},
        ],
    }
    src = tmp_path / "bob.jsonl"
    src.write_text(json.dumps(bob) + "\n", encoding="utf-8")
    moskow = text.index("Moskow")
    task = {
        "data": {"id": "a1", "text": text},
        "predictions": [
            {
                "model_version": "ner-v2",
                "result": [
                    {
                        "id": "r1",
                        "from_name": "entity",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": moskow,
                            "end": moskow + 6,
                            "text": "Moskow",
                            "labels": ["GPE"],
                        },
                    }
                ],
            }
        ],
    }
    ls = tmp_path / "predictions.json"
    ls.write_text(json.dumps([task]), encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    assert (
        main(["--db", str(db), "import", "--no-language", "--format", "labelstudio", str(ls)]) == 0
    )
    capsys.readouterr()
    out = tmp_path / "s.jsonl"
    base = ["--db", str(db), "suggest", "--learn-from", "alice", "--articles", "a1"]
    sources = ["--sources", "annotator:bob,annotator:ner-v2"]
    assert main([*base, *sources, "--out", str(out)]) == 0
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["text"], s["label"], s["origin"]) for s in record["spans"]] == [
        ("Ekonomi Rusia tumbuh pesat", "CLAIM", "annotator:bob"),
        ("Putin", "ORG", "annotator:bob"),
        ("Moskow", "GPE", "model:ner-v2"),
    ]  # bob's cue word left out: it belongs to his claim
    assert main([*base, *sources, "--into", "alice"]) == 0
    assert "3 suggestions waiting for alice" in capsys.readouterr().out
    from annotator.store.corpus import Corpus

    with Corpus.open(db, tooling="tests: read back") as corpus:
        (article,) = corpus.article_ids()
        waiting = corpus.pending_suggestions(article, "alice")
        assert (waiting[0].key, waiting[0].speaker, waiting[0].speaker_label) == (
            (*claim, "CLAIM"),
            putin,
            "ORG",
        )
    assert main([*base, "--sources", "annotator:carol", "--out", str(out)]) == 1
    assert "no annotator named 'carol'" in capsys.readouterr().err


def test_gazetteer_sources_labels_and_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files of one name are two sources; a typo'd source is refused, naming the
    sources; a label outside the schema, or a claim's, is named at its line with every other
    bad line; a CSV header may name the columns the other way round; ``--db`` may follow
    the action; a bare term that looks like term,LABEL is noted."""
    db = _corpus(tmp_path)
    (tmp_path / "sub").mkdir()
    one, two = tmp_path / "plain.txt", tmp_path / "sub" / "plain.txt"
    one.write_text("Alaska\tGPE\n", encoding="utf-8")
    two.write_text("Kursk\tLOC\n", encoding="utf-8")
    for path in (one, two):  # --db after the action, as every other command takes it
        assert main(["gazetteer", "import", str(path), "--db", str(db)]) == 0
    assert "1 term added" in capsys.readouterr().out
    base = ["--db", str(db), "gazetteer"]
    assert main([*base, "list", "--json"]) == 0
    assert {t["source"] for t in json.loads(capsys.readouterr().out)} == {
        str(one.absolute()),
        str(two.absolute()),
    }
    assert main([*base, "clear", "--source", "plain.txt"]) == 1  # which one?
    assert "2 gazetteer sources are called plain.txt" in capsys.readouterr().err
    assert main([*base, "clear", "--source", "nope.txt"]) == 1
    err = capsys.readouterr().err
    assert "no gazetteer terms came from 'nope.txt'" in err and str(two.absolute()) in err
    monkeypatch.chdir(tmp_path)
    assert main([*base, "clear", "--source", "sub/plain.txt"]) == 0
    assert "1 term removed" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_text("Putin\tPERSON\nFoo\tBOGUS\nKim\tCLAIM\nBar\tNOPE\n", encoding="utf-8")
    before = db.read_bytes()
    assert main([*base, "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "3 bad lines" in err
    assert f"{bad}:2: 'BOGUS' is not a term label of the schema" in err
    assert f"{bad}:3: 'CLAIM' is not a term label" in err  # a claim is no term
    assert f"{bad}:4: 'NOPE'" in err
    assert db.read_bytes() == before
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("label,term\nGPE,Ambon\n", encoding="utf-8")
    assert main([*base, "import", str(swapped)]) == 0
    commas = tmp_path / "commas.txt"
    commas.write_text("Jakarta,GPE\nWashington, D.C.\n", encoding="utf-8")
    assert main([*base, "import", str(commas), "--label", "GPE"]) == 0
    err = capsys.readouterr().err
    assert f"{commas}:1: 'Jakarta,GPE' was read as one term of GPE" in err
    assert ":2:" not in err  # "D.C." is no label
    assert main([*base, "list", "--json"]) == 0
    terms = {(t["term"], t["label"]) for t in json.loads(capsys.readouterr().out)}
    assert ("Ambon", "GPE") in terms and ("Jakarta,GPE", "GPE") in terms


def test_suggest_into_an_empty_name_is_refused_and_a_new_name_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    before = db.read_bytes()
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--into", ""]
    assert main(args) == 1  # was a TypeError traceback (an empty name taken for no --into)
    assert "--into needs the name of the annotator" in capsys.readouterr().err
    assert db.read_bytes() == before
    # a name nobody has yet (a typo?) is said before it becomes a new annotator
    assert main([*args[:-1], "alcie", "--articles", "a6"]) == 0
    assert "note: no annotator is called 'alcie' yet" in capsys.readouterr().err
    assert main([*args[:-1], "alice", "--articles", "a6"]) == 0
    assert "no annotator is called" not in capsys.readouterr().err


def test_suggest_out_keeps_speakers_both_labels_and_learns_from_every_labelled_article(
    tmp_path: Path,
) -> None:
    """``suggest --out``: a rule claim brings its cited speaker as a span and a SAID_BY
    relation (the file had no relations); a form labelled two ways is written with both
    labels, the likelier first; the memory learns from articles not yet done too."""
    first = "Alaska dingin. Alaska luas. Alaska jauh."
    target = "Menurut KCNA, pasukan sudah tiba di Alaska."
    spans = [
        {"id": f"s{i}", "start": s, "end": s + 6, "label": label}
        for i, (s, label) in enumerate(
            [(first.index("Alaska"), "GPE"), (15, "GPE"), (first.rindex("Alaska"), "LOC")]
        )
    ]
    records = [
        {"id": "a1", "text": first, "annotator": "alice", "status": "in_progress", "spans": spans},
        {"id": "a2", "text": target},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(src), "--no-language"]) == 0
    out = tmp_path / "s.jsonl"
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--articles", "a2"]
    assert main([*args, "--out", str(out)]) == 0
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    by_id = {s["id"]: s for s in record["spans"]}
    alaska = [(s["label"], s["origin"]) for s in record["spans"] if s["text"] == "Alaska"]
    assert alaska == [("GPE", "memory"), ("LOC", "memory")]  # 2 against 1: GPE first
    (said,) = record["relations"]
    assert said["label"] == "SAID_BY"
    assert by_id[said["child"]]["text"] == "KCNA"
    assert by_id[said["head"]]["label"] == "CLAIM"
    assert by_id[said["head"]]["origin"] == "rule"
    # and the file imports back as one annotator's labels, the speaker linked
    again = tmp_path / "again.sqlite3"
    assert main(["--db", str(again), "import", str(out), "--annotator", "x", "--no-language"]) == 0


def test_suggest_out_leaves_out_what_the_annotator_labelled_and_names_its_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out`` writes what the annotator has yet to decide: a place they labelled in a
    layer is not offered again in that layer; ``--articles`` named twice is one record, and
    nothing to suggest for (an empty list, no article of that status) is refused in words."""
    text = "Alaska dingin. Ambon jauh. Alaska luas."
    mine = [
        {"id": "s1", "start": 0, "end": 6, "label": "GPE"},
        {"id": "s2", "start": 15, "end": 20, "label": "GPE"},
    ]
    records = [
        {"id": "a1", "text": text, "annotator": "alice", "status": "in_progress", "spans": mine},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(src), "--no-language"]) == 0
    out = tmp_path / "s.jsonl"
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--out", str(out)]
    assert main([*args, "--articles", "a1,a1"]) == 0
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    places = {(s["start"], s["end"]) for s in record["spans"]}
    assert (0, 6) not in places and (15, 20) not in places  # labelled: not offered again
    assert places == {(text.rindex("Alaska"), text.rindex("Alaska") + 6)}  # the third
    capsys.readouterr()
    before = db.read_bytes()
    assert main([*args, "--articles", " , "]) == 1
    assert "names no article" in capsys.readouterr().err
    assert main([*args, "--status", "done"]) == 1
    assert "no article has the status done for alice" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_suggest_with_a_model_turns_the_model_source_on_and_says_what_is_wrong_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    capsys.readouterr()
    out = str(tmp_path / "s.jsonl")
    args = ["--db", str(db), "suggest", "--learn-from", "alice", "--articles", "a6", "--out", out]
    nowhere = tmp_path / "nowhere"
    assert main([*args, "--model", str(nowhere)]) == 1
    err = capsys.readouterr().err
    assert "--model given: the model source is on" in err
    assert f"{nowhere}: no such folder" in err
    a_file = tmp_path / "model.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main([*args, "--model", str(a_file)]) == 1
    assert "is a file, not a model folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([*args, "--model", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "is not a model trained here: it has no annotator-model.json" in err
    assert "Errno" not in err


def test_train_with_nothing_held_out_prints_no_empty_table_and_counts_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    capsys.readouterr()
    out = tmp_path / "model"
    args = ["--db", str(db), "train", "--from", "alice", "--out", str(out), "--epochs", "1"]
    assert main([*args, "--held-out", "0"]) == 0
    captured = capsys.readouterr()
    assert "1 pass in" in captured.out and "1 passes" not in captured.out
    assert "nothing held out to score" in captured.out
    assert "label" not in captured.out  # no table without scores
    assert "[INFO]" not in captured.err  # spaCy's own log lines


def test_waiting_lists_and_clears_what_suggest_into_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _corpus(tmp_path)
    base = ["--db", str(db)]
    assert (
        main([*base, "suggest", "--learn-from", "alice", "--status", "done", "--into", "bob"]) == 0
    )
    capsys.readouterr()
    assert main([*base, "waiting", "list", "--for", "bob", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    origins = {r["origin"] for r in rows}
    assert {"memory", "rule"} <= origins and all(r["waiting"] > 0 for r in rows)
    total = sum(r["waiting"] for r in rows)
    rules = sum(r["waiting"] for r in rows if r["origin"] == "rule")
    assert main([*base, "waiting", "clear", "--for", "bob", "--origin", "rule"]) == 0
    assert f"{rules:,} suggestions of origin rule waiting for bob taken away" in (
        capsys.readouterr().out
    )
    assert main([*base, "waiting", "list", "--for", "bob"]) == 0
    assert f"{total - rules:,} waiting for bob in" in capsys.readouterr().out
    assert main([*base, "waiting", "clear", "--for", "bob"]) == 0
    assert main([*base, "waiting", "list", "--for", "bob"]) == 0
    assert "no suggestions wait for bob" in capsys.readouterr().out
    # cleared, not rejected: offered again by the next suggest --into
    assert (
        main([*base, "suggest", "--learn-from", "alice", "--status", "done", "--into", "bob"]) == 0
    )
    assert f"{total:,} suggestions waiting for bob" in capsys.readouterr().out
    assert main([*base, "waiting", "list", "--for", "nobody"]) == 1
    assert "no annotator named 'nobody'" in capsys.readouterr().err
