"""The self-contained app folder (``make package``) runs on its own: ``--version`` and a
screenshot of the window, offscreen, with no venv, no repository and a fresh home.

The folder is built by ``packaging/build.py --if-stale``: one already built from exactly the
current sources (its recorded fingerprint matches) is reused; any other is rebuilt.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.packaging.buildscript import BUILD_SCRIPT, ROOT, build

pytestmark = [pytest.mark.slow, pytest.mark.timeout(build.BUILD_TIMEOUT + 300)]

PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
VERSION_LINE = re.search(r'^version = "([^"]+)"$', PYPROJECT, re.MULTILINE)
assert VERSION_LINE is not None
VERSION = VERSION_LINE.group(1)
# What the app never imports, though the build environment has it: must stay out.
LEFT_OUT = ("spacy", "thinc", "datasets", "pyarrow", "sklearn", "scipy", "torch", "pytest")


@pytest.fixture(scope="module")
def bundle() -> Path:
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--if-stale", "--no-check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=build.BUILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"the build failed:\n{done.stdout}\n{done.stderr[-8000:]}"
    print((done.stderr.strip().splitlines() or [""])[-1])  # built in N s, or reused
    # Never a stale folder: the build must have recorded exactly the sources now.
    assert build.built_fingerprint() == build.fingerprint()
    assert build.executable().is_file()
    return build.bundle_dir()


def run_bundle(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the built executable offscreen with a fresh home, outside the repository, with no
    Python or Qt settings of ours leaking in (so only the bundle's own files can serve it)."""
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "XDG_", "ANNOTATOR_", "LD_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PATH="/usr/bin:/bin",
    )
    return subprocess.run(
        [str(build.executable()), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_version(bundle: Path, tmp_path: Path) -> None:
    done = run_bundle(tmp_path, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"annotator {VERSION}"


def test_screenshot_of_the_window(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    done = run_bundle(tmp_path, "gui", "--screenshot", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error calling Python" not in done.stderr
    # The demo corpus came from the bundled seeds, into the fresh home's data dir.
    assert (tmp_path / "home" / "data" / "Annotator" / "corpus.sqlite3").is_file()
    assert out.stat().st_size > 20_000
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 20) for y in range(0, 800, 20)}
    assert len(colours) > 20  # a drawn window: text, list, panels, label palette


def bundled_modules() -> set[str]:
    """The top-level names of the Python modules frozen into the executable's archive."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(build.executable())).open_embedded_archive("PYZ.pyz")
    return {name.split(".")[0] for name in archive.toc}


def test_the_bundle_holds_the_data_and_leaves_out_the_rest(bundle: Path) -> None:
    inside = bundle / "_internal"  # PyInstaller's contents directory
    assert (inside / "resources" / "schemas" / "news.json").is_file()
    seeds = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert sorted(p.name for p in (inside / "seeds").iterdir()) == seeds
    assert (inside / "resources" / "icons" / "actions" / "undo.svg").is_file()
    for source in (ROOT / "resources" / "i18n").glob("*.ts"):
        assert (inside / "resources" / "i18n" / f"{source.stem}.qm").is_file(), source
    assert not list((inside / "resources").rglob("*.ts"))
    modules = bundled_modules()
    assert {"annotator", "PySide6", "pyqtgraph", "peewee", "keyring", "langdetect"} <= modules
    assert not (modules | {p.name for p in inside.iterdir()}) & set(LEFT_OUT)
    assert not list(inside.rglob("QtNetwork*")), "an unused Qt module was bundled"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF dependencies")
def test_no_shared_library_left_out(bundle: Path) -> None:
    """The spec prunes libraries nothing needs: every library a bundled file needs is in the
    bundle, or one PyInstaller leaves to the system (libc, libGL, ...)."""
    from PyInstaller.depend.bindepend import get_imports
    from PyInstaller.depend.dylib import include_library

    files = [p for p in bundle.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    present = {p.name for p in bundle.rglob("*.so*")}
    missing = sorted(
        (str(f.relative_to(bundle)), name)
        for f in files
        for name, found in get_imports(str(f))
        if Path(name).name not in present and found and include_library(name)
    )
    assert len(files) > 50
    assert missing == []


def test_fingerprint_follows_the_sources(tmp_path: Path) -> None:
    (tmp_path / "annotator").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "annotator" / "cli.py").write_text("print(1)\n")
    (tmp_path / "seeds" / "a.txt").write_text("x")
    (tmp_path / "docs.md").write_text("not a source")
    first = build.fingerprint(tmp_path)
    assert build.fingerprint(tmp_path) == first
    (tmp_path / "docs.md").write_text("still not a source")
    assert build.fingerprint(tmp_path) == first
    (tmp_path / "annotator" / "cli.py").write_text("print(2)\n")
    second = build.fingerprint(tmp_path)
    assert second != first
    (tmp_path / "seeds" / "b.txt").write_text("")
    assert build.fingerprint(tmp_path) != second


def test_an_unfinished_or_stale_build_is_not_fresh(tmp_path: Path) -> None:
    folder = tmp_path / "dist" / build.NAME
    folder.mkdir(parents=True)
    build.executable(tmp_path / "dist").write_text("")
    assert not build.is_fresh(tmp_path / "dist")  # no fingerprint: unfinished
    (folder / build.FINGERPRINT_FILE).write_text("0" * 64 + "\n")
    assert not build.is_fresh(tmp_path / "dist")  # built from other sources
    (folder / build.FINGERPRINT_FILE).write_text(build.fingerprint() + "\n")
    assert build.is_fresh(tmp_path / "dist")
