"""Importers and exporters, by name: files -> drafts -> ``Corpus``, and ``Corpus`` -> files.

Import formats: ``txt`` (one article per file), ``jsonl`` (the canonical record, with labels),
``csv`` (a text column and metadata columns), and other tools' formats: ``prodigy``,
``doccano``, ``labelstudio``, ``brat``, ``conll``. Export formats: ``jsonl``, ``prodigy``,
``doccano``, ``doccano-rel``, ``labelstudio``, ``brat``, ``conll``, ``spacy``, ``hf``
(see docs/formats.md).
Every file imports whole or not at all; every export is written to a temp file and renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from annotator.core.model import ArticleDraft
from annotator.formats import (
    brat,
    conll,
    csv_format,
    doccano,
    exporter,
    hf,
    jsonl,
    labelstudio,
    prodigy,
    spacy_format,
    text,
)
from annotator.formats.base import ExportFormat
from annotator.formats.common import FormatError, Progress
from annotator.formats.exporter import (
    ExportCancelled,
    ExportOptions,
    ExportRefused,
    ExportResult,
)
from annotator.formats.selection import Selection
from annotator.store.importing import DraftRejected, ImportResult

if TYPE_CHECKING:
    from annotator.store.corpus import Corpus

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "ExportCancelled",
    "ExportOptions",
    "ExportRefused",
    "ExportResult",
    "FormatError",
    "ImportReport",
    "Progress",
    "Selection",
    "check_export",
    "collect",
    "export",
    "import_paths",
    "read",
]


class _Reader(Protocol):
    def __call__(self, path: Path, *, annotator: str | None = None) -> list[ArticleDraft]: ...


_READERS: dict[str, tuple[_Reader, tuple[str, ...]]] = {
    "txt": (text.read, text.EXTENSIONS),
    "jsonl": (jsonl.read, jsonl.EXTENSIONS),
    "csv": (csv_format.read, csv_format.EXTENSIONS),
    "conll": (conll.read, conll.EXTENSIONS),
    "brat": (brat.read, brat.EXTENSIONS),
    "prodigy": (prodigy.read, ()),
    "doccano": (doccano.read, ()),
    "labelstudio": (labelstudio.read, ()),
}
_EXPORTS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        jsonl.FORMAT,
        prodigy.FORMAT,
        doccano.FORMAT,
        doccano.FORMAT_REL,
        labelstudio.FORMAT,
        brat.FORMAT,
        conll.FORMAT,
        spacy_format.FORMAT,
        hf.FORMAT,
    )
}

IMPORT_FORMATS: tuple[str, ...] = tuple(_READERS)
EXPORT_FORMATS: tuple[str, ...] = tuple(_EXPORTS)


def _extensions(fmt: str) -> tuple[str, ...]:
    if fmt == "auto":
        return tuple(ext for _, exts in _READERS.values() for ext in exts)
    return _READERS[fmt][1]


def _check_format(fmt: str, path: Path) -> None:
    if fmt != "auto" and fmt not in _READERS:
        raise FormatError(
            path, 0, f"unknown import format {fmt!r} (choose auto, {', '.join(IMPORT_FORMATS)})"
        )


def format_of(path: Path) -> str | None:
    """The import format a file's extension names, or ``None``."""
    suffix = path.suffix.lower()
    for name, (_, exts) in _READERS.items():
        if suffix in exts:
            return name
    return None


def read(
    path: Path, fmt: str = "auto", *, annotator: str | None = None, text_column: str = "text"
) -> list[ArticleDraft]:
    """The records of one file, parsed and checked (labels are checked on import).

    ``fmt="auto"`` picks by extension: ``.txt``, ``.jsonl``/``.ndjson``, ``.csv``.
    ``annotator`` names the annotator of JSONL records that name none; a record that names
    its own annotator keeps it. Text-only formats (txt, csv) carry no labels and ignore it.
    ``text_column`` is the CSV column holding the text. Raises :class:`FormatError`.
    """
    path = Path(path)
    _check_format(fmt, path)
    if path.is_dir():
        raise FormatError(path, 0, "is a folder, not a file")
    name = format_of(path) if fmt == "auto" else fmt
    if name is None:
        raise FormatError(
            path,
            0,
            f"cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"choose one of {', '.join(IMPORT_FORMATS)}",
        )
    if name == "csv":
        return csv_format.read(path, annotator=annotator, text_column=text_column)
    return _READERS[name][0](path, annotator=annotator)


def collect(paths: Sequence[Path], fmt: str = "auto") -> list[Path]:
    """The files to import: files as given, folders expanded (not recursively, sorted by name,
    hidden files skipped; with ``fmt="auto"`` only files of importable extensions).

    Raises :class:`FormatError` for a path that does not exist or a folder with nothing in it.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    exts = _extensions("auto")
    for given in paths:
        path = Path(given)
        _check_format(fmt, path)
        if path.is_dir() and fmt == "brat":
            found = sorted(p for p in path.rglob("*.ann") if not p.name.startswith("."))
            if not found:
                raise FormatError(path, 0, "the folder holds no brat .ann files")
        elif path.is_dir():
            found = sorted(
                (
                    p
                    for p in path.iterdir()
                    if not p.name.startswith(".")
                    and p.is_file()
                    and (fmt != "auto" or p.suffix.lower() in exts)
                ),
                key=lambda p: p.name,
            )
            if not found:
                what = f"files ({', '.join(exts)})" if fmt == "auto" else "files"
                raise FormatError(path, 0, f"the folder holds no importable {what}")
        elif path.is_file():
            found = [path]
        elif path.exists():
            raise FormatError(path, 0, "is not a regular file or a folder")
        else:
            raise FormatError(path, 0, "no such file or folder")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


@dataclass
class ImportReport:
    """What :func:`import_paths` did: one result per file imported, one error per file refused."""

    results: list[ImportResult] = field(default_factory=list)
    rejected: list[FormatError] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results)

    @property
    def duplicates(self) -> int:
        return sum(r.duplicates for r in self.results)

    @property
    def spans(self) -> int:
        return sum(r.spans for r in self.results)

    @property
    def relations(self) -> int:
        return sum(r.relations for r in self.results)

    @property
    def ok(self) -> bool:
        return not self.rejected


def import_paths(
    corpus: Corpus,
    paths: Sequence[Path],
    fmt: str = "auto",
    *,
    annotator: str | None = None,
    detect_language: bool = True,
    progress: Progress | None = None,
    text_column: str = "text",
) -> ImportReport:
    """Import files and folders into ``corpus``, each file whole or not at all.

    A path that cannot be collected, a file that cannot be read and a file with a bad record
    each become one entry of ``rejected`` (the other files still import). ``progress(done,
    total, path)`` is called after each file. Other errors (the database) propagate.
    """
    report = ImportReport()
    files: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        try:
            found = collect([given], fmt)
        except FormatError as exc:
            report.rejected.append(exc)
            continue
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                files.append(p)
    for done, path in enumerate(files, 1):
        try:
            drafts = read(path, fmt, annotator=annotator, text_column=text_column)
            report.results.append(
                corpus.import_drafts(drafts, origin=str(path), detect_language=detect_language)
            )
        except FormatError as exc:
            report.rejected.append(exc)
        except DraftRejected as exc:
            report.rejected.append(FormatError(path, exc.line, exc.reason))
        if progress is not None:
            progress(done, len(files), path)
    return report


def check_export(
    corpus: Corpus, fmt: str, out: Path, *, options: ExportOptions | None = None
) -> None:
    """Raise :class:`FormatError` (one line naming the path) when :func:`export` would refuse
    ``out`` before writing anything: an unsafe name, a missing folder, a bad selection or split,
    or a target it may not replace (the open corpus, a device, FIFO, socket or link, a file or
    folder that no manifest of ours says we wrote; docs/formats.md)."""
    out = Path(out)
    if fmt not in _EXPORTS:
        raise FormatError(
            out, 0, f"unknown export format {fmt!r} (choose {', '.join(EXPORT_FORMATS)})"
        )
    exporter.check(corpus, _EXPORTS[fmt], out, options or ExportOptions())


def export(
    corpus: Corpus,
    fmt: str,
    out: Path,
    *,
    annotator: str | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the corpus's documents to ``out`` in format ``fmt`` (see :mod:`.exporter`).

    ``annotator`` is a shortcut for ``options.selection.annotator``. Everything is staged in a
    temp folder beside ``out`` and renamed into place; a failure, a refusal (misaligned spans,
    :class:`ExportRefused`) or a cancel (``cancel()`` true, checked per article:
    :class:`ExportCancelled`) leaves no file. ``progress(done_articles, total, out)``.
    Raises :class:`FormatError` for an unknown format or annotator, a missing folder, an unsafe
    output path, a target it may not replace (:func:`check_export`), an I/O error, or a span
    whose text no longer matches its article.
    """
    out = Path(out)
    if fmt not in _EXPORTS:
        raise FormatError(
            out, 0, f"unknown export format {fmt!r} (choose {', '.join(EXPORT_FORMATS)})"
        )
    opts = options or ExportOptions()
    if annotator is not None:
        opts = replace(opts, selection=replace(opts.selection, annotator=annotator))
    return exporter.run(corpus, _EXPORTS[fmt], out, opts, progress=progress, cancel=cancel)
