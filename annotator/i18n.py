"""Translations without Qt: where the sources are, and building them with Qt's own tools.

The translation sources are Qt Linguist ``.ts`` files in ``resources/i18n/`` (one per
language: ``annotator_en.ts`` holds the English plural forms, ``annotator_id.ts`` the
Bahasa Indonesia translation). The compiled ``.qm`` files are not committed: they are built
next to the sources by ``python -m annotator.i18n compile`` (``make`` runs it after
installing), and when one is missing or older than its source at run time (a plain
``pip install``), :func:`qm_file` builds it into the user cache directory. If that fails
too, the caller falls back to English and logs why; nothing here raises for it.

``python -m annotator.i18n update`` re-extracts every ``tr()`` / ``translate()`` string from
``annotator/gui`` and the formats' summaries (``annotator/formats``) into the ``.ts`` files
(``make translations``), keeping the translations.

This module never imports Qt (it runs PySide6's ``lupdate``/``lrelease`` as programs), so
the command line and packaging can use it; the GUI side is :mod:`annotator.gui.i18n`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from annotator.paths import APP_NAME, resources_dir

log = logging.getLogger(__name__)

PREFIX = "annotator"
SOURCE_LANGUAGE = "en"
# Language code -> its name in that language (what the Preferences combo shows).
LANGUAGES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia"}
TOOL_TIMEOUT = 120  # seconds


Translate = Callable[[str, str, "str | None", int], str]
_translator: Translate | None = None


def set_translator(function: Translate | None) -> None:
    """The GUI plugs Qt's ``QCoreApplication.translate`` in here (see annotator.gui.i18n)."""
    global _translator
    _translator = function


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the GUI's language, for Qt-free modules that make user-visible text
    (``lupdate`` extracts these calls like Qt's own); unchanged when no GUI is running."""
    if _translator is not None:
        return _translator(context, text, disambiguation, n)
    return text.replace("%Ln", str(n)).replace("%n", str(n)) if n >= 0 else text


class TranslationError(Exception):
    """A translation tool is missing or failed."""


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def ts_file(language: str) -> Path:
    return i18n_dir() / f"{PREFIX}_{language}.ts"


def qm_name(language: str) -> str:
    return f"{PREFIX}_{language}.qm"


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "i18n"


def gui_sources() -> list[Path]:
    """The Python files lupdate reads: the GUI package (the only code with visible text) and
    the formats registry's entries (each format's one-line summary, shown by the dialogs)."""
    package = Path(__file__).resolve().parent
    return sorted([*(package / "gui").rglob("*.py"), *(package / "formats").glob("*.py")])


def find_tool(name: str) -> Path | None:
    """PySide6's ``lupdate`` or ``lrelease``: the binary inside the PySide6 package, else the
    ``pyside6-NAME`` wrapper next to this Python, else either on PATH."""
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    candidates: list[Path] = []
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates += [Path(folder) / name, Path(folder) / f"{name}.exe"]
    bindir = Path(sys.executable).parent
    candidates += [bindir / f"pyside6-{name}", bindir / f"pyside6-{name}.exe"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    return Path(found) if found else None


def _run(tool: str, args: Sequence[str]) -> None:
    path = find_tool(tool)
    if path is None:
        raise TranslationError(f"Qt's {tool} was not found (it comes with PySide6)")
    try:
        done = subprocess.run(
            [str(path), *args], capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise TranslationError(f"{tool} could not run: {exc}") from exc
    if done.returncode != 0:
        raise TranslationError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}")


def compile_language(language: str, out_dir: Path | None = None) -> Path:
    """Build ``annotator_LANG.qm`` from its ``.ts`` into ``out_dir`` (default: next to it)."""
    source = ts_file(language)
    if not source.is_file():
        raise TranslationError(f"no translation source {source}")
    target = (out_dir or source.parent) / qm_name(language)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    _run("lrelease", ["-silent", str(source), "-qm", str(partial)])
    partial.replace(target)
    return target


def compile_all(out_dir: Path | None = None) -> list[Path]:
    return [compile_language(language, out_dir) for language in LANGUAGES]


def update_sources() -> list[Path]:
    """Re-extract the GUI's strings into every ``.ts`` (new ones unfinished, gone ones dropped)."""
    sources = [str(p) for p in gui_sources()]
    options = ["-silent", "-no-obsolete", "-locations", "none"]
    targets = []
    for language in LANGUAGES:
        target = ts_file(language)
        # The source language's file holds only what English needs translated: plural forms.
        only = ["-pluralonly"] if language == SOURCE_LANGUAGE else []
        _run("lupdate", [*options, *only, *sources, "-ts", str(target)])
        targets.append(target)
    return targets


def _fresh(qm: Path, source: Path) -> bool:
    try:
        return qm.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def qm_file(language: str) -> Path | None:
    """The compiled translation for ``language``: next to its source when built and current,
    else built now into the user cache dir; None (logged) when it cannot be had."""
    source = ts_file(language)
    beside = source.with_name(qm_name(language))
    if not source.is_file():  # a bundle without sources: use what was shipped
        return beside if beside.is_file() else None
    if _fresh(beside, source):
        return beside
    # Named by the source's content, not judged by dates: two checkouts (or versions) of the
    # app share the user cache, and a newer build of another source is not ours.
    folder = cache_dir() / hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cached = folder / qm_name(language)
    if cached.is_file():
        return cached
    try:
        built = compile_language(language, folder)
    except (TranslationError, OSError) as exc:
        log.warning("translation %s unavailable, showing English: %s", language, exc)
        return beside if beside.is_file() else None
    log.info("compiled the %s translation into %s", language, built)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    try:
        if command == "compile":
            for path in compile_all():
                print(f"compiled {path}")
            return 0
        if command == "update":
            for path in update_sources():
                print(f"updated {path}")
            return 0
    except TranslationError as exc:
        print(f"annotator.i18n: {exc}", file=sys.stderr)
        return 1
    print("usage: python -m annotator.i18n {compile|update}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
