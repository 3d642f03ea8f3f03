"""What an export may replace (docs/formats.md): never the open corpus, never a device, FIFO,
socket or link, never a file or folder no manifest of ours names; staging folders left by a
killed export are swept by the next export into the same folder, and only ours."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import formats
from annotator.formats import ExportOptions
from annotator.formats.safety import STAGING_MARKER
from annotator.store.corpus import Corpus
from tests.unit.test_export_fixtures import fill, read_jsonl

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def filled(corpus: Corpus, tmp_path: Path) -> Corpus:
    fill(corpus, tmp_path)
    return corpus


def refused(corpus: Corpus, fmt: str, out: Path, match: str, **opts: object) -> str:
    options = ExportOptions(**opts)  # type: ignore[arg-type]
    with pytest.raises(formats.FormatError, match=match) as first:
        formats.check_export(corpus, fmt, out, options=options)
    with pytest.raises(formats.FormatError, match=match) as second:
        formats.export(corpus, fmt, out, options=options)
    message = str(second.value)
    assert str(first.value) == message and "\n" not in message
    return message


# ---------------------------------------------------------------- the open corpus


def test_the_open_corpus_is_never_a_target(
    filled: Corpus, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(db_path)
    count = filled.article_count()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.jsonl").symlink_to(db_path)
    os.link(db_path, tmp_path / "hard.jsonl")
    (tmp_path / "sub").mkdir()
    for out in (
        db_path,
        Path(db_path.name),  # relative
        tmp_path / "sub" / ".." / db_path.name,
        tmp_path / "link.jsonl",  # a symbolic link to it
        tmp_path / "hard.jsonl",  # the same inode
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        refused(filled, "jsonl", out, "is the open corpus")
    # a folder export (brat, a split) onto the corpus, or onto the folder holding it
    refused(filled, "brat", db_path, "is the open corpus")
    refused(filled, "jsonl", db_path, "is the open corpus", split="train=0.5,test=0.5")
    refused(filled, "brat", tmp_path, "holds the open corpus")
    assert digest(db_path) == before and filled.article_count() == count
    assert (tmp_path / "link.jsonl").is_symlink() and os.stat(tmp_path / "hard.jsonl").st_nlink
    assert hidden(tmp_path) == []  # no staging folder left


def test_a_sidecar_or_manifest_onto_the_corpus_is_refused(filled: Corpus, db_path: Path) -> None:
    before = digest(db_path)
    folder = db_path.parent
    (folder / "c.config.xml").symlink_to(db_path)  # label studio's sidecar of c.json
    refused(filled, "labelstudio", folder / "c.json", "is the open corpus")
    os.link(db_path, folder / "z.jsonl.manifest.json")  # the manifest of z.jsonl
    refused(filled, "jsonl", folder / "z.jsonl", "is the open corpus")
    assert digest(db_path) == before and not (folder / "c.json").exists()


# ---------------------------------------------------------------- not regular files


def _device(folder: Path) -> Path:
    """A character device like /dev/null, made in ``folder`` (root), else /dev/null."""
    if os.geteuid() == 0:
        node = folder / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    return Path(os.devnull)


def test_devices_fifos_sockets_and_links_are_not_replaced(filled: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    device = _device(out)
    fifo = out / "pipe.jsonl"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock_path = out / "sock.jsonl"
    sock.bind(str(sock_path))
    mine = out / "mine.txt"
    mine.write_text("my notes\n", encoding="utf-8")
    link = out / "link.jsonl"
    link.symlink_to(mine)
    try:
        assert "character device" in refused(filled, "jsonl", device, "not a regular file")
        assert "named pipe" in refused(filled, "jsonl", fifo, "not a regular file")
        assert "socket" in refused(filled, "jsonl", sock_path, "not a regular file")
        refused(filled, "jsonl", link, "symbolic link")
        refused(filled, "brat", fifo, "not a regular file")
        refused(filled, "brat", link, "symbolic link")
        refused(filled, "jsonl", out, "folder, not a regular file")
        assert stat.S_ISCHR(os.stat(device).st_mode)
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
        assert os.path.islink(link) and mine.read_text(encoding="utf-8") == "my notes\n"
        assert hidden(out) == [] and hidden(tmp_path) == []
    finally:
        sock.close()


# ---------------------------------------------------------------- files and folders of others


def test_only_files_an_earlier_export_wrote_are_replaced(filled: Corpus, tmp_path: Path) -> None:
    doc = tmp_path / "thesis.jsonl"
    doc.write_text("my thesis\n", encoding="utf-8")
    assert "not an earlier export" in refused(filled, "jsonl", doc, "not an earlier export")
    assert doc.read_text(encoding="utf-8") == "my thesis\n"

    out = tmp_path / "x.jsonl"
    formats.export(filled, "jsonl", out)
    manifest = json.loads((tmp_path / "x.jsonl.manifest.json").read_text("utf-8"))
    assert manifest["written"] == ["x.jsonl"]
    out.write_text("edited\n", encoding="utf-8")
    formats.export(filled, "jsonl", out)  # ours (its manifest names it): replaced
    assert len(read_jsonl(out)) == 6

    # the same name in label studio also writes x.config.xml: a user's one is not replaced
    config = tmp_path / "x.config.xml"
    config.write_text("<mine/>", encoding="utf-8")
    refused(filled, "labelstudio", tmp_path / "x.jsonl", "not an earlier export")
    assert config.read_text(encoding="utf-8") == "<mine/>"
    config.unlink()
    formats.export(filled, "labelstudio", out)
    formats.export(filled, "labelstudio", out)  # and now it is ours
    assert config.read_text(encoding="utf-8").startswith("<")

    # a manifest beside the target that is not ours vouches for nothing
    other = tmp_path / "y.jsonl"
    other.write_text("theirs\n", encoding="utf-8")
    (tmp_path / "y.jsonl.manifest.json").write_text('{"format": "jsonl"}', encoding="utf-8")
    refused(filled, "jsonl", other, "not an earlier export")
    assert other.read_text(encoding="utf-8") == "theirs\n"
    assert hidden(tmp_path) == []


def test_only_folders_an_earlier_export_wrote_are_replaced(filled: Corpus, tmp_path: Path) -> None:
    ext = tmp_path / "extension"  # a folder with someone else's manifest.json
    ext.mkdir()
    (ext / "manifest.json").write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    refused(filled, "brat", ext, "not an earlier export folder")
    refused(filled, "jsonl", ext, "not an earlier export folder", split="a=0.5,b=0.5")
    assert sorted(p.name for p in ext.iterdir()) == ["manifest.json"]

    out = tmp_path / "brat"
    formats.export(filled, "brat", out)
    assert json.loads((out / "manifest.json").read_text("utf-8"))["written"] == [
        "alice",
        "bob",
        "carol",
    ]
    formats.export(filled, "brat", out)  # an earlier export: replaced
    notes = out / "notes.md"
    notes.write_text("mine", encoding="utf-8")
    assert "'notes.md'" in refused(filled, "brat", out, "did not write")
    assert notes.read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    refused(filled, "hf", tmp_path / "file", "is a file; this export writes a folder")
    assert hidden(tmp_path) == []


def test_a_target_that_appears_during_the_export_is_not_replaced(
    filled: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "late.jsonl"

    def meanwhile(done: int, total: int, path: Path) -> None:
        if not out.exists():
            out.write_text("written meanwhile\n", encoding="utf-8")

    with pytest.raises(formats.FormatError, match="not an earlier export"):
        formats.export(filled, "jsonl", out, progress=meanwhile)
    assert out.read_text(encoding="utf-8") == "written meanwhile\n"
    assert hidden(tmp_path) == []


# ---------------------------------------------------------------- staging left by a kill

HANGING_EXPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from annotator import formats
    from annotator.store.corpus import Corpus

    def hang(done, total, path):
        print("writing", flush=True)
        time.sleep(600)

    with Corpus.open(sys.argv[1], tooling="tests") as corpus:
        formats.export(corpus, sys.argv[2], Path(sys.argv[3]), progress=hang)
    """
)


@pytest.fixture
def killed_export(filled: Corpus, db_path: Path, tmp_path: Path) -> Iterator[Path]:
    """An export process SIGKILLed while its staging folder is being written."""
    out = tmp_path / "out" / "data.jsonl"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HANGING_EXPORT, str(db_path), "jsonl", str(out)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
        staging = out.parent / f".data.jsonl.annotator-staging-{proc.pid}"
        assert staging.is_dir() and (staging / STAGING_MARKER).is_file()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        yield staging
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def test_a_killed_exports_staging_is_swept_by_the_next(
    filled: Corpus, killed_export: Path, tmp_path: Path
) -> None:
    staging = killed_export
    folder = staging.parent
    assert staging.is_dir()  # left behind by the kill
    # look-alikes that are not ours, or whose process still runs, are kept
    unmarked = folder / ".data.jsonl.annotator-staging-1"
    unmarked.mkdir()
    (unmarked / "keep").write_text("x", encoding="utf-8")
    alive = folder / f".other.annotator-staging-{os.getpid()}"
    alive.mkdir()
    marker = json.loads((staging / STAGING_MARKER).read_text("utf-8"))
    mine = {**marker, "pid": os.getpid(), "started": None}
    (alive / STAGING_MARKER).write_text(json.dumps(mine), encoding="utf-8")
    wrong = folder / ".x.annotator-staging-2"  # the marker names another pid than the name
    wrong.mkdir()
    (wrong / STAGING_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    elsewhere = folder / ".y.annotator-staging-3"  # another machine's: cannot be checked
    elsewhere.mkdir()
    remote = {**marker, "pid": 3, "host": marker["host"] + "-other"}
    (elsewhere / STAGING_MARKER).write_text(json.dumps(remote), encoding="utf-8")

    reused = folder / f".z.annotator-staging-{os.getpid()}"  # our pid, an earlier process's
    reused.mkdir()
    earlier = {**marker, "pid": os.getpid(), "started": "1"}
    (reused / STAGING_MARKER).write_text(json.dumps(earlier), encoding="utf-8")
    linux = Path(f"/proc/{os.getpid()}/stat").exists()

    result = formats.export(filled, "jsonl", folder / "data.jsonl")

    assert result.records == 6 and not staging.exists()
    assert reused.exists() != linux  # the start time tells a reused pid (where it is known)
    kept = [p.name for p in (unmarked, alive, wrong, elsewhere)]
    assert hidden(folder) == sorted(kept + ([] if linux else [reused.name]))
    assert (unmarked / "keep").is_file()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "data.jsonl",
        "data.jsonl.manifest.json",
    ]
    assert hidden(tmp_path) == []
