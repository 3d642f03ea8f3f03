"""The log file (rotation, no secrets) and the translation build, without Qt."""

from __future__ import annotations

import logging
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from annotator import cli, i18n, logs
from tests.conftest import SEEDS


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    yield folder
    logs.teardown()


def test_the_user_log_dir_is_the_platform_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(logs.LOG_DIR_ENV, raising=False)
    # tests/conftest.py points XDG_STATE_HOME into tmp: the log goes there, not to ~.
    assert logs.log_dir().is_relative_to(Path(__import__("os").environ["XDG_STATE_HOME"]))


def test_passwords_of_urls_are_masked() -> None:
    text = "open postgresql://ann:s3cr%40t@db.example:5432/corpus and https://x:y@h/p ok"
    masked = logs.mask_secrets(text)
    assert "s3cr" not in masked and ":y@" not in masked
    assert "postgresql://ann:***@db.example:5432/corpus" in masked
    assert logs.mask_secrets("no url: a:b@c") == "no url: a:b@c"


def test_setup_writes_a_rotating_log_without_secrets(log_dir: Path) -> None:
    path = logs.setup()
    assert path == log_dir / logs.LOG_NAME
    log = logging.getLogger("annotator.test")
    log.info("connecting to %s", "postgresql://ann:hunter2@db/corpus")
    try:
        raise ValueError("bad postgresql://ann:hunter2@db/corpus")
    except ValueError:
        log.exception("it failed")
    text = path.read_text(encoding="utf-8")
    assert "hunter2" not in text
    assert "postgresql://ann:***@db/corpus" in text
    assert "Traceback" in text
    for _ in range(2_500):  # > 1 MB: the file rotates
        log.info("x" * 500)
    assert (log_dir / f"{logs.LOG_NAME}.1").exists()
    assert path.stat().st_size <= logs.MAX_BYTES


def test_every_command_logs(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert cli.main(["--db", db, "import", str(SEEDS / "000_b2ebdb4fe16fc330.txt")]) == 0
    assert cli.main(["--db", db, "stats"]) == 0
    assert cli.main(["--db", str(tmp_path / "none.sqlite3"), "stats"]) == 1
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert f"annotator {cli.version()}: import" in text
    assert f"annotator {cli.version()}: stats" in text
    assert "stats failed: there is no corpus at" in text


def test_version_comes_from_the_package_metadata() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "--version"], capture_output=True, text=True
    )
    assert done.stdout.strip() == f"annotator {metadata.version('annotator')}"


def test_gui_help_documents_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["gui", "--help"])
    out = capsys.readouterr().out
    assert "--language {en,id}" in out


def test_lrelease_compiles_each_language(tmp_path: Path) -> None:
    assert i18n.find_tool("lrelease") is not None
    built = i18n.compile_all(tmp_path)
    assert sorted(p.name for p in built) == ["annotator_en.qm", "annotator_id.qm"]
    assert all(p.stat().st_size > 0 for p in built)
    assert built[1].stat().st_size > 10 * built[0].stat().st_size  # id: every string


def test_a_missing_qm_is_built_into_the_cache_or_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A checkout with the sources only (a plain pip install): the .qm goes to the user cache.
    folder = tmp_path / "i18n"
    folder.mkdir()
    for language in i18n.LANGUAGES:
        (folder / f"annotator_{language}.ts").write_bytes(i18n.ts_file(language).read_bytes())
    monkeypatch.setattr(i18n, "i18n_dir", lambda: folder)
    cache = tmp_path / "cache"
    monkeypatch.setattr(i18n, "cache_dir", lambda: cache)
    built = i18n.qm_file("id")
    assert built is not None and built.parent.parent == cache and built.name == "annotator_id.qm"
    stamp = built.stat().st_mtime_ns
    assert i18n.qm_file("id") == built and built.stat().st_mtime_ns == stamp  # not built again
    # Another checkout sharing the cache built its own (newer) source: ours is built apart,
    # not taken from there because it is younger than our source.
    source = folder / "annotator_id.ts"
    other = source.read_bytes()
    source.write_bytes(other.replace(b"<translation>Urungkan", b"<translation>Batalkan", 1))
    mine = i18n.qm_file("id")
    assert mine is not None and mine != built and mine.parent.parent == cache
    source.write_bytes(other)
    assert i18n.qm_file("id") == built
    # No lrelease at all: None and a log line, not an exception.
    built.unlink()
    monkeypatch.setattr(i18n, "find_tool", lambda _name: None)
    with caplog.at_level(logging.WARNING):
        assert i18n.qm_file("id") is None
    assert "showing English" in caplog.text


def test_translate_without_qt_fills_in_the_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translator", None)  # as in a process that never opened the GUI
    assert i18n.translate("Dashboard", "%n article(s)", None, 3) == "3 article(s)"
    assert i18n.translate("Dashboard", "label") == "label"
