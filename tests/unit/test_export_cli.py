"""``annotator export`` / ``annotator import`` with the new formats and options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import cli
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY
from tests.unit.test_export_fixtures import A_SPANS, fill, read_jsonl, record


def _filled_db(tmp_path: Path, recs: list[dict[str, object]] | None = None) -> str:
    db = tmp_path / "c.sqlite3"
    with Corpus.open(db, tooling="tests") as corpus:
        fill(corpus, tmp_path, recs)  # type: ignore[arg-type]
    return str(db)


def test_cli_export_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _filled_db(tmp_path)
    out = tmp_path / "m.jsonl"
    argv = ["--db", db, "export", "--format", "jsonl", "--out", str(out), "--merge", "majority",
            "--labels", "PERSON,CLAIM", "--status", "done", "--tokens"]  # fmt: skip
    assert cli.main(argv) == 0
    text = capsys.readouterr().out
    assert "wrote 2 records (2 articles)" in text and "manifest" in text
    recs = read_jsonl(out)
    assert {r["annotator"] for r in recs} == {"majority"}
    assert all("token_start" in s for r in recs for s in r["spans"])
    manifest = json.loads((tmp_path / "m.jsonl.manifest.json").read_text())
    assert manifest["selection"]["labels"] == ["CLAIM", "PERSON"]

    split = tmp_path / "split"
    argv = ["--db", db, "export", "--format", "conll", "--out", str(split), "--split",
            "train=0.5,test=0.5", "--seed", "1", "--annotator", "alice"]  # fmt: skip
    assert cli.main(argv) == 0
    assert sorted(p.name for p in split.iterdir())[-1] == "train.conll"
    assert cli.main(["--db", db, "export", "--out", str(tmp_path / "x"), "--labels", "NOPE"]) == 1
    assert "unknown labels: NOPE" in capsys.readouterr().err
    bad_split = ["--db", db, "export", "--out", str(tmp_path / "y"), "--split", "a=0.3"]
    assert cli.main(bad_split) == 1
    assert "add up to 0.3" in capsys.readouterr().err
    device = ["--db", db, "export", "--out", str(tmp_path / "z"), "--split", "CON=0.5,dev=0.5"]
    assert cli.main(device) == 1  # a split is a file name: CON.jsonl is a device on Windows
    assert "split 'CON': is a reserved device name" in capsys.readouterr().err
    assert not (tmp_path / "z").exists()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--db", db, "export", "--out", "-"]) == 1  # was a file named "-"
    assert "name one (not -)" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


def test_cli_refuses_misaligned_then_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"id": "x", "start": 0, "end": 4, "label": "PERSON", "text": "Puti"}
    db = _filled_db(tmp_path, [record("a", TRICKY, "alice", [bad, A_SPANS["g"]], [])])
    out = tmp_path / "x.conll"
    assert cli.main(["--db", db, "export", "--format", "conll", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "article a (alice): span" in err and "'Puti'" in err and not out.exists()
    argv = ["--db", db, "export", "--format", "conll", "--out", str(out), "--skip-misaligned"]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert "skipped article a (alice)" in captured.err and "skipped 1 spans" in captured.out


def test_cli_import_brat_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _filled_db(tmp_path)
    out = tmp_path / "brat"
    assert cli.main(["--db", db, "export", "--format", "brat", "--out", str(out)]) == 0
    fresh = str(tmp_path / "fresh.sqlite3")
    argv = ["--db", fresh, "import", "--format", "brat", "--no-language", str(out)]
    assert cli.main(argv) == 0
    assert "imported 2 articles, 17 spans, 4 relations from 5 files" in capsys.readouterr().out
