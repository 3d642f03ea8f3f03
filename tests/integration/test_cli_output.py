"""The CLI's output: a reader closing the pipe early, every bad record of a refused file,
``import --skip-invalid`` and the to-do counts of ``stats`` (issues 14 and 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import EXIT_OUTPUT_CLOSED, main

BIN = Path(sys.executable).parent / "annotator"


def test_a_reader_closing_after_one_line_ends_stats_quietly(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    src = tmp_path / "many.jsonl"
    # 3,000 annotators: the JSON is far larger than a pipe's buffer, so the command is still
    # writing when the reader goes away.
    src.write_text(
        "\n".join(
            json.dumps({"text": f"Artikel nomor {i} tentang banjir.", "annotator": f"anno{i:05}"})
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    proc = subprocess.Popen(
        [str(BIN), "--db", str(db), "stats", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"{\n"
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert code == EXIT_OUTPUT_CLOSED == 141


def test_stats_counts_articles_never_opened_as_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    src = tmp_path / "three.jsonl"
    records = [
        {"text": "Putin menelepon Kim.", "annotator": "alice", "spans": []},
        {"text": "Trump bertemu Putin di Alaska."},
        {"text": "Banjir melanda Jakarta."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert main(["--db", str(db), "import", "--no-language", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status_by_annotator"] == {"alice": {"todo": 2, "done": 1}}
    assert main(["--db", str(db), "stats"]) == 0
    assert "todo 2, done 1" in capsys.readouterr().out


def _news(tmp_path: Path, bad_at: tuple[int, ...]) -> Path:
    lines = [
        json.dumps({"text": f"Berita {n}: Putin menelepon Kim.", "annotator": "alice"})
        for n in range(8)
    ]
    for n in bad_at:
        lines[n - 1] = json.dumps({"text": f"Berita {n}", "spans": [{"start": 0}]})
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_names_every_bad_record_then_skip_invalid_sets_them_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    path = _news(tmp_path, (2, 5, 7))
    assert main(["--db", str(db), "import", "--no-language", str(path)]) == 1
    out = capsys.readouterr()
    assert "imported 0 articles" in out.out
    assert f"rejected {path}: 3 bad records" in out.err
    for line in (2, 5, 7):
        assert f"{path}:{line}: " in out.err
    args = ["--db", str(db), "import", "--no-language", "--skip-invalid", str(path)]
    assert main(args) == 0
    out = capsys.readouterr()
    rejected = tmp_path / "news.jsonl.rejected.jsonl"
    assert "imported 5 articles" in out.out
    assert f"skipped 3 invalid records of {path}: written with why to {rejected}" in out.out
    rows = [json.loads(x) for x in rejected.read_text(encoding="utf-8").splitlines()]
    assert [r["_rejected"].split(": ")[0] for r in rows] == [
        "news.jsonl:2",
        "news.jsonl:5",
        "news.jsonl:7",
    ]
