"""The `annotator` command as a user runs it."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import SEEDS, TRICKY
from tests.damage import (
    DAMAGES,
    FOREIGN,
    big_jsonl,
    listing,
    make_corpus,
    read_only,
    sha256,
    small_disk,
)

BIN = Path(sys.executable).parent / "annotator"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
        timeout=120, check=False,
    )  # fmt: skip


def stats(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--db", str(db), "stats", "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_import_seeds_then_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(SEEDS)]) == 0
    assert "imported 5 articles" in capsys.readouterr().out
    data = stats(db, capsys)
    assert data["articles"] == 5
    assert data["languages"] == {"id": 5}
    assert data["spans"] == 0 and data["spans_by_label"] == {} and data["annotators"] == {}
    assert main(["--db", str(db), "import", str(SEEDS)]) == 0
    assert "imported 0 articles" in capsys.readouterr().out
    assert stats(db, capsys)["articles"] == 5


def test_rejected_file_gives_exit_1_and_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"text": TRICKY, "annotator": "alice", "spans": []})
    bad.write_text(good + "\n" + '{"text": "broken\n', encoding="utf-8")
    assert main(["--db", str(db), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err
    assert stats(db, capsys)["articles"] == 0


def test_export_round_trip_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    src = tmp_path / "in.jsonl"
    start = TRICKY.index("Trump")
    record = {
        "id": "a1",
        "text": TRICKY,
        "annotator": "alice",
        "spans": [
            {"id": "p", "start": start, "end": start + 5, "label": "PERSON", "text": "Trump"}
        ],
        "relations": [],
    }
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["--db", str(db), "import", str(src)]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out)]) == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    back = json.loads(line)
    assert back["text"] == TRICKY and back["annotator"] == "alice"
    assert [(s["start"], s["end"], s["text"]) for s in back["spans"]] == [
        (start, start + 5, "Trump")
    ]


def test_export_never_writes_over_the_corpus_or_a_device(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": TRICKY}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("--db", str(db), "import", "--no-language", str(src)).returncode == 0
    before = db.read_bytes()
    # as the issue reported it: --out is the corpus, named relatively, --db after the command
    result = subprocess.run(
        [str(BIN), "export", "--format", "jsonl", "--out", "c.db", "--db", "c.db"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().splitlines() == [
        f"annotator: c.db: is the open corpus ({db}); refusing to write over it"
    ]
    assert db.read_bytes() == before
    assert run("--db", str(db), "stats").returncode == 0
    for named in (f"sqlite://{db}", f"file://{db}"):  # the store opens these as the file
        result = run("--db", named, "export", "--format", "jsonl", "--out", str(db))
        assert result.returncode == 1 and "is the open corpus" in result.stderr
        assert db.read_bytes() == before

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(tmp_path / "sock"))
    nodes = {fifo: stat.S_ISFIFO, tmp_path / "sock": stat.S_ISSOCK}
    if os.geteuid() == 0:  # a device node such as a null device (root may replace it)
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        nodes[tmp_path / "null"] = stat.S_ISCHR
    try:
        for node, is_kind in nodes.items():
            for fmt in ("jsonl", "brat"):
                result = run("--db", str(db), "export", "--format", fmt, "--out", str(node))
                assert result.returncode == 1, (node, fmt, result.stdout)
                (line,) = result.stderr.strip().splitlines()
                assert "refusing to replace it" in line and str(node) in line
                assert is_kind(os.lstat(node).st_mode), node
    finally:
        sock.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_db_check_and_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(SEEDS)]) == 0
    assert main(["--db", str(db), "db", "check"]) == 0
    assert "ok:" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "backup", str(tmp_path / "b.sqlite3")]) == 0
    assert main(["--db", str(tmp_path / "b.sqlite3"), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["articles"] == 5
    assert main(["--db", str(db), "db", "backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "exists already" in capsys.readouterr().err


def test_first_use_without_db_creates_the_demo_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Created the demo corpus" in captured.err
    assert json.loads(captured.out)["articles"] == 5
    assert main(["stats", "--json"]) == 0
    assert "Created" not in capsys.readouterr().err


def test_env_var_picks_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    assert main(["import", str(SEEDS / "000_b2ebdb4fe16fc330.txt")]) == 0
    assert main(["db", "path"]) == 0
    assert capsys.readouterr().out.strip().endswith(str(db))


def test_not_a_corpus_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "x.sqlite3"
    junk.write_text("nope")
    assert main(["--db", str(junk), "stats"]) == 1
    assert "not an Annotator corpus" in capsys.readouterr().err


def test_entry_point_help_version_and_no_display(tmp_path: Path) -> None:
    assert BIN.exists(), "the package is not installed with its entry point"
    help_text = run("--help").stdout
    for command in ("gui", "import", "export", "stats", "db"):
        assert command in help_text
    assert run("--version").stdout.startswith("annotator ")
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run("--db", str(tmp_path / "c.sqlite3"), "gui", env=env)
    assert result.returncode == 2
    assert "display" in result.stderr.lower() and "xvfb" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_gui_screenshot_offscreen(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    assert run("--db", str(db), "import", str(SEEDS)).returncode == 0
    png = tmp_path / "shot.png"
    result = run(
        "--db", str(db), "gui", "--screenshot", str(png), env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


def test_db_login_with_a_password_in_the_url_is_refused_and_creates_nothing(
    tmp_path: Path,
) -> None:
    """The refusal comes first: no demo corpus (nor its folder) is made on the way."""
    data = tmp_path / "data"
    env = {"XDG_DATA_HOME": str(data), "ANNOTATOR_DB": ""}
    done = run("db", "login", "postgresql://ani:secret@127.0.0.1:5/news", env=env)
    assert done.returncode != 0
    assert "put no password in the URL" in done.stderr
    assert "secret" not in done.stderr + done.stdout
    assert not data.exists() or not any(data.rglob("*.sqlite3")), list(data.rglob("*"))


# ---------------------------------------------------------------- the corpus file itself


def one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> str:
    """The command failed with exit 1 and said ``expected`` in one line, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1 and expected in lines[0], lines
    return lines[0]


def articles_in(db: Path) -> int:
    result = run("--db", str(db), "stats", "--json")
    assert result.returncode == 0, result.stderr
    count: int = json.loads(result.stdout)["articles"]
    return count


def test_import_onto_a_full_disk_says_so_and_saves_nothing(tmp_path: Path) -> None:
    big = big_jsonl(tmp_path / "big.jsonl", articles=40, chars=50_000)  # 2 MB of text
    with small_disk(tmp_path / "disk", "1m") as disk:
        db = disk / "corpus.sqlite3"
        assert run("--db", str(db), "import", "--no-language", str(SEEDS)).returncode == 0
        result = run("--db", str(db), "import", "--no-language", str(big))
        line = one_line_error(result, f"the disk is full: nothing of this import of {big}")
        assert "cannot rollback" not in line
        assert articles_in(db) == 5
        assert run("--db", str(db), "db", "check").returncode == 0


def test_a_read_only_corpus_file_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    db = make_corpus(tmp_path / "corpus.sqlite3")
    before = listing(tmp_path)
    with read_only(db):
        assert articles_in(db) == 2
        out = tmp_path / "out"
        out.mkdir()
        done = run("--db", str(db), "export", "--out", str(out / "all.jsonl"))
        assert done.returncode == 0, done.stderr
        exported = (out / "all.jsonl").read_text(encoding="utf-8")
        assert len(exported.splitlines()) == 2 and '"label":"PERSON"' in exported
        assert run("--db", str(db), "db", "check").returncode == 0
        result = run("--db", str(db), "import", str(SEEDS))
        one_line_error(result, f"the corpus file {db} is read-only")
    assert sha256(db) == before[db.name]


def test_a_corpus_in_a_read_only_folder_reads_and_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = make_corpus(folder / "corpus.sqlite3")
    with read_only(folder):
        assert articles_in(db) == 2
        done = run("--db", str(db), "export", "--out", str(tmp_path / "all.jsonl"))
        assert done.returncode == 0, done.stderr
        result = run("--db", str(db), "import", str(SEEDS))
        one_line_error(result, "the folder of the corpus file")
        one_line_error(
            run("--db", str(folder / "new.sqlite3"), "import", str(SEEDS)),
            "cannot make a new corpus there",
        )


def test_a_corpus_another_program_is_writing_gets_one_line_after_a_wait(tmp_path: Path) -> None:
    db = make_corpus(tmp_path / "corpus.sqlite3")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert articles_in(db) == 2  # reading goes on (WAL)
        started = time.monotonic()
        result = run("--db", str(db), "import", "--no-language", str(SEEDS))
        waited = time.monotonic() - started
        one_line_error(result, "another program is writing to the corpus")
        assert "try again" in result.stderr
        assert waited < 60
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert articles_in(db) == 2


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_corpus_gets_a_report_or_one_line_never_a_traceback(
    tmp_path: Path, damage: str
) -> None:
    db = make_corpus(tmp_path / "corpus.sqlite3")
    DAMAGES[damage](db)
    before = sha256(db)
    check = run("--db", str(db), "db", "check")
    assert "Traceback" not in check.stderr, check.stderr
    assert check.returncode == 1
    assert check.stdout.strip() and "found in" in check.stderr
    assert sha256(db) == before
    export = run("--db", str(db), "export", "--out", str(tmp_path / "out.jsonl"))
    one_line_error(export, "damaged")
    assert not (tmp_path / "out.jsonl").exists()
    stats_run = run("--db", str(db), "stats")
    if stats_run.returncode:
        one_line_error(stats_run, "damaged")
    assert "Traceback" not in stats_run.stderr


COMMANDS = {
    "db check": ("db", "check"),
    "stats": ("stats",),
    "import": ("import", "--no-language", str(SEEDS)),
    "export": ("export", "--out", "{out}"),
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_file_that_is_not_ours_is_left_byte_identical_by_every_command(
    tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = folder / "corpus.db"
    FOREIGN[kind](db)
    before = listing(folder)
    for name, args in COMMANDS.items():
        argv = [a.replace("{out}", str(tmp_path / "out.jsonl")) for a in args]
        result = run("--db", str(db), *argv)
        if name == "db check":
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert "not an Annotator corpus" in result.stdout
        else:
            one_line_error(result, "not an Annotator corpus")
        assert listing(folder) == before, name


def test_import_progress_moves_within_one_file_on_stderr_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.formats import jsonl

    db = tmp_path / "c.sqlite3"
    big = tmp_path / "big.jsonl"
    records = [{"id": f"a{n}", "text": f"Berita nomor {n}."} for n in range(3 * jsonl.BATCH)]
    big.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert main(["--db", str(db), "import", "--no-language", str(big)]) == 0
    quiet = capsys.readouterr()
    assert "%" not in quiet.err  # not a terminal, no --progress: silent
    assert main(["--db", str(tmp_path / "d.sqlite3"), "import", "--progress", str(big)]) == 0
    out, err = capsys.readouterr()
    assert "imported 3,000 articles" in out or "imported 3000 articles" in out
    assert "%" not in out
    percents = [int(line.split("]")[1].split("%")[0]) for line in err.splitlines() if "%" in line]
    assert len(percents) >= 3 and percents == sorted(percents)  # moved within the one file
    assert 0 < percents[0] < 100 and percents[-1] == 100
    assert f"of {big.stat().st_size / 1e3:.1f} kB" in err.splitlines()[-1]


def test_ctrl_c_ends_a_command_with_a_line_and_the_corpus_unchanged(tmp_path: Path) -> None:
    """Ctrl+C in the middle of an import: one line and exit 130, no traceback, and nothing of
    the file in the corpus (its transaction rolled back). SIGINT comes from a timer inside the
    command's own process, 50 ms in; the import of 3,000 articles takes far longer."""
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(SEEDS), "--no-language"]) == 0
    big = tmp_path / "big.jsonl"
    lines = (json.dumps({"id": f"a{i}", "text": f"Artikel nomor {i}. " * 40}) for i in range(3000))
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM article").fetchone()
    code = (
        "import signal, sys\n"
        "from annotator.cli import main\n"
        "signal.signal(signal.SIGALRM, signal.default_int_handler)\n"
        "signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
        f"sys.exit(main(['--db', {str(db)!r}, 'import', {str(big)!r}, '--no-language']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 130, result.stderr
    assert "annotator: interrupted" in result.stderr
    assert "Traceback" not in result.stderr
    after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM article").fetchone()
    assert after == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_output_that_cannot_be_written_is_said_in_a_line(tmp_path: Path) -> None:
    """``annotator stats > /dev/full``: one line naming why, exit 1, no traceback."""
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "import", str(SEEDS), "--no-language"]) == 0
    for extra in ([], ["--json"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [str(BIN), "--db", str(db), "stats", *extra],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                check=False,
            )
        assert result.returncode == 1
        assert result.stderr == "annotator: cannot write the output: No space left on device\n"
