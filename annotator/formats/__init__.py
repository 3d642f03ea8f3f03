"""Importers and exporters, by name: files -> drafts -> ``Corpus``, and ``Corpus`` -> files.

Import formats: ``txt`` (one article per file), ``jsonl`` (the canonical record, with labels),
``csv`` (a text column and metadata columns), and other tools' formats: ``prodigy``,
``doccano``, ``labelstudio``, ``brat``, ``conll``, ``spacy`` (a DocBin), ``hf`` (a Hugging
Face dataset folder). Export formats: ``jsonl``, ``prodigy``,
``doccano``, ``doccano-rel``, ``labelstudio``, ``brat``, ``conll``, ``spacy``, ``hf``
(see docs/formats.md).
Every file imports whole or not at all; every export is written to a temp file and renamed.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from annotator.core.importing import (
    DraftRejected,
    ImportResult,
    UnknownLabels,
)
from annotator.core.model import ArticleDraft
from annotator.core.schema import LabelSchema
from annotator.formats import (
    brat,
    clusters_format,
    conll,
    csv_format,
    doccano,
    exporter,
    hf,
    jsonl,
    labelstudio,
    prodigy,
    rejected,
    sidecar,
    spacy_format,
    text,
)
from annotator.formats.base import QT_TRANSLATE_NOOP, ExportFormat, ImportFormat
from annotator.formats.common import (
    SKIP_INVALID_FORMATS,
    SKIP_INVALID_ONLY,
    BadRecords,
    FormatError,
    Progress,
    kind_of,
)
from annotator.formats.exporter import (
    ExportCancelled,
    ExportOptions,
    ExportRefused,
    ExportResult,
)
from annotator.formats.safety import corpus_files
from annotator.formats.selection import Selection

if TYPE_CHECKING:
    from annotator.core.ports import CorpusPort

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "BadRecords",
    "ExportCancelled",
    "ExportFormat",
    "ExportOptions",
    "ExportRefused",
    "ExportResult",
    "FormatError",
    "ImportFormat",
    "ImportReport",
    "Progress",
    "Selection",
    "UnknownLabelsError",
    "check_export",
    "collect",
    "export",
    "export_format",
    "import_format",
    "import_paths",
    "progress_size",
    "read",
]


class _Reader(Protocol):
    def __call__(self, path: Path, *, annotator: str | None = None) -> list[ArticleDraft]: ...


# The one registry of formats: everything the command line and the dialogs know about a
# format (its reader or sink, extensions, how it is presented) is in its entry here.
_IMPORTS: dict[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat(
            "txt",
            text.read,
            text.EXTENSIONS,
            "Plain text",
            QT_TRANSLATE_NOOP("ImportDialog", "one article per .txt file"),
        ),
        ImportFormat(
            "jsonl",
            jsonl.read,
            jsonl.EXTENSIONS,
            "JSONL",
            QT_TRANSLATE_NOOP("ImportDialog", "Annotator's own records, with labels"),
        ),
        ImportFormat(
            "csv",
            csv_format.read,
            csv_format.EXTENSIONS,
            "CSV",
            QT_TRANSLATE_NOOP("ImportDialog", "a text column and metadata columns"),
        ),
        ImportFormat(
            "conll",
            conll.read,
            conll.EXTENSIONS,
            "CoNLL",
            QT_TRANSLATE_NOOP("ImportDialog", "IOB tags, one token per line"),
        ),
        ImportFormat(
            "brat",
            brat.read,
            brat.EXTENSIONS,
            "brat",
            QT_TRANSLATE_NOOP("ImportDialog", "standoff .ann files beside their .txt"),
        ),
        ImportFormat(
            "prodigy",
            prodigy.read,
            (),
            "Prodigy",
            QT_TRANSLATE_NOOP("ImportDialog", "JSONL tasks with spans"),
        ),
        ImportFormat(
            "doccano",
            doccano.read,
            (),
            "doccano",
            QT_TRANSLATE_NOOP("ImportDialog", "JSONL with labels or entities"),
        ),
        ImportFormat(
            "labelstudio",
            labelstudio.read,
            (),
            "Label Studio",
            QT_TRANSLATE_NOOP("ImportDialog", "JSON export of tasks"),
        ),
        ImportFormat("spacy", spacy_format.read, spacy_format.EXTENSIONS),
        ImportFormat("hf", hf.read, ()),
    )
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
        clusters_format.CLUSTERS,
        clusters_format.CLAIM_PAIRS,
    )
}

IMPORT_FORMATS: tuple[str, ...] = tuple(_IMPORTS)
EXPORT_FORMATS: tuple[str, ...] = tuple(_EXPORTS)


def import_format(name: str) -> ImportFormat:
    """The registry's entry of an import format (KeyError for an unknown name)."""
    return _IMPORTS[name]


def export_format(name: str) -> ExportFormat:
    """The registry's entry of an export format (KeyError for an unknown name)."""
    return _EXPORTS[name]


def _extensions(fmt: str) -> tuple[str, ...]:
    if fmt == "auto":
        return tuple(ext for f in _IMPORTS.values() for ext in f.extensions)
    return _IMPORTS[fmt].extensions


def import_extensions() -> tuple[str, ...]:
    """The extensions ``auto`` recognises (``.txt``, ``.jsonl``, ...)."""
    return _extensions("auto")


def _check_format(fmt: str, path: Path) -> None:
    if fmt != "auto" and fmt not in _IMPORTS:
        raise FormatError(
            path, 0, f"unknown import format {fmt!r} (choose auto, {', '.join(IMPORT_FORMATS)})"
        )


def format_of(path: Path) -> str | None:
    """The import format a file's extension names (``hf`` for a Hugging Face dataset
    folder), or ``None``."""
    if hf.is_dataset_folder(path):
        return "hf"
    suffix = path.suffix.lower()
    for f in _IMPORTS.values():
        if suffix in f.extensions:
            return f.name
    return None


def read(
    path: Path,
    fmt: str = "auto",
    *,
    annotator: str | None = None,
    text_column: str = "text",
    notes: list[str] | None = None,
    predictions_as: str | None = None,
    schema: LabelSchema | None = None,
    tag_column: int | None = None,
    scheme: str = "auto",
) -> list[ArticleDraft]:
    """The records of one file, parsed and checked (labels are checked on import).

    ``fmt="auto"`` picks by extension: ``.txt``, ``.jsonl``/``.ndjson``, ``.csv``.
    ``annotator`` names the annotator of JSONL records that name none; a record that names
    its own annotator keeps it. Text-only formats (txt, csv) carry no labels and ignore it.
    ``text_column`` is the CSV column holding the text. ``notes`` (when given) receives what
    the reader left out or changed on purpose (labelstudio, brat, doccano). ``predictions_as``
    names the annotator of Label Studio predictions (default: their ``model_version``);
    ``schema`` tells the Label Studio reader which choices are attributes. ``tag_column``
    (1-based) and ``scheme`` (``auto``, ``iob1``, ``iob2``, ``bioes``, ``bilou``) are CoNLL's
    tag column and tag scheme (see :func:`.conll.read`). Raises :class:`FormatError`.
    """
    path = Path(path)
    _check_format(fmt, path)
    name = format_of(path) if fmt == "auto" else fmt
    if path.is_dir() and name != "hf":
        raise FormatError(path, 0, "is a folder, not a file")
    if name is None:
        raise FormatError(
            path,
            0,
            f"cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"choose one of {', '.join(IMPORT_FORMATS)}",
        )
    if fmt != "auto" and tag_column is not None and name != "conll":
        raise FormatError(path, 0, "--tag-column is for CoNLL files (--format conll)")
    if fmt != "auto" and scheme != "auto" and name not in ("conll", "hf"):
        raise FormatError(path, 0, "--scheme is for CoNLL files and HF datasets (conll, hf)")
    sink: list[str] = [] if notes is None else notes
    if name == "csv":
        return csv_format.read(path, annotator=annotator, text_column=text_column)
    if name == "labelstudio":
        return labelstudio.read(
            path, annotator=annotator, notes=sink, predictions_as=predictions_as, schema=schema
        )
    if name == "brat":
        return brat.read(path, annotator=annotator, notes=sink)
    if name == "doccano":
        return doccano.read(path, annotator=annotator, notes=sink)
    if name == "conll":
        return conll.read(path, annotator=annotator, tag_column=tag_column, scheme=scheme)
    if name == "hf":
        return hf.read(path, annotator=annotator, scheme=scheme)
    reader: _Reader = _IMPORTS[name].read
    return reader(path, annotator=annotator)


def _folder_files(
    folder: Path, keep: Callable[[Path], bool], recursive: bool, skipped: list[str]
) -> list[Path]:
    """Regular files inside ``folder`` that ``keep`` accepts, sorted by path; hidden entries
    are ignored. A symbolic link is followed only to a regular file inside the folder; every
    other entry that ``keep`` accepts (a link leading out, a FIFO, a device, a socket) is
    left out with its reason added to ``skipped``. Nothing is opened here."""
    root = folder.resolve()
    out: list[Path] = []
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(f"{here}: cannot list the folder: {exc.strerror or exc}")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                skipped.append(f"{path}: cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(mode):
                if recursive:
                    pending.append(path)
                else:
                    skipped.append(f"{path}: a sub-folder, not read (name it to import it)")
                continue
            if not keep(path):
                continue
            if stat.S_ISLNK(mode):
                target = path.resolve()
                if not target.is_relative_to(root):
                    skipped.append(
                        f"{path}: a symbolic link to {target}, outside the folder {root}; "
                        "only files inside the folder are imported"
                    )
                    continue
                try:
                    mode = target.stat().st_mode
                except OSError as exc:
                    skipped.append(f"{path}: a broken symbolic link ({exc.strerror or exc})")
                    continue
                if stat.S_ISDIR(mode):
                    continue
            if not stat.S_ISREG(mode):
                skipped.append(f"{path}: is {kind_of(mode)}, not a regular file")
                continue
            out.append(path)
    return sorted(out)


def collect(
    paths: Sequence[Path], fmt: str = "auto", skipped: list[str] | None = None
) -> list[Path]:
    """The files to import: files as given, folders expanded (not recursively, sorted by name,
    hidden files skipped; with ``fmt="auto"`` only files of importable extensions; ``brat``:
    every ``.ann`` below the folder). A folder's ``*.rejected.jsonl`` (what ``skip_invalid``
    set aside) is not taken; its ``metadata.csv`` beside ``.txt`` files describes them and is
    not itself imported.

    Only regular files inside a folder are taken from it: a symbolic link leading out of the
    folder, a FIFO, a device or a socket is left out, and ``"path: why"`` is added to
    ``skipped`` (when given). Raises :class:`FormatError` for a path that does not exist or
    a folder with nothing to import in it.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    exts = _extensions("auto")
    left_out: list[str] = []
    for given in paths:
        path = Path(given)
        _check_format(fmt, path)
        if path.is_dir() and fmt == "brat":
            found = _folder_files(path, lambda p: p.suffix == ".ann", True, left_out)
            if not found:
                raise FormatError(path, 0, "the folder holds no brat .ann files" + _why(left_out))
        elif path.is_dir() and (fmt == "hf" or (fmt == "auto" and hf.is_dataset_folder(path))):
            found = [path]  # a Hugging Face dataset folder is one unit
        elif path.is_dir():
            other: dict[str, int] = {}  # files of kinds no importer reads, by extension

            def keep(p: Path, other: dict[str, int] = other) -> bool:
                if p.name.endswith(rejected.SUFFIX):
                    return False  # what --skip-invalid set aside
                if fmt == "auto" and p.suffix.lower() not in exts:
                    suffix = p.suffix.lower() or "(no extension)"
                    other[suffix] = other.get(suffix, 0) + 1
                    return False
                return True

            found = _folder_files(path, keep, False, left_out)
            if other:
                kinds = ", ".join(f"{n} {ext}" for ext, n in sorted(other.items()))
                n = sum(other.values())
                left_out.append(
                    f"{path}: {n} file{'s' if n != 1 else ''} of kinds no importer reads ({kinds})"
                )
            if fmt in ("auto", "txt") and any(p.suffix.lower() == ".txt" for p in found):
                found = [p for p in found if p.name != sidecar.NAME]  # the texts' metadata
            for p in [p for p in found if _export_sidecar(p)]:  # an export folder read back
                found.remove(p)
                left_out.append(f"{p}: an export's own manifest or configuration, not data")
            if not found:
                what = f"files ({', '.join(exts)})" if fmt == "auto" else "files"
                raise FormatError(
                    path, 0, f"the folder holds no importable {what}" + _why(left_out)
                )
        elif path.is_file():
            found = [path]
        elif path.exists():
            mode = path.stat().st_mode
            raise FormatError(path, 0, f"is {kind_of(mode)}, not a regular file or a folder")
        else:
            raise FormatError(path, 0, "no such file or folder")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    if skipped is not None:
        skipped.extend(left_out)
    return out


def _export_sidecar(path: Path) -> bool:
    """Whether ``path`` is what an export writes beside its data (its manifest, Label Studio's
    labelling config), which an import of the export's folder must not read as records."""
    name = path.name
    if name == "config.xml" or name.endswith(".config.xml"):
        try:
            with open(path, "rb") as fh:
                return fh.read(64).lstrip().startswith(b"<View")
        except OSError:
            return False
    if name != exporter.MANIFEST and not name.endswith(".manifest.json"):
        return False
    try:
        with open(path, "rb") as fh:
            data = orjson.loads(fh.read(1 << 20))
    except (OSError, orjson.JSONDecodeError):
        return False
    app = data.get("app") if isinstance(data, dict) else None
    return isinstance(app, dict) and app.get("name") == "annotator" and "format" in data


def _why(left_out: list[str]) -> str:
    if not left_out:
        return ""
    return f" (left out {len(left_out)}: {left_out[0]}{'; …' if len(left_out) > 1 else ''})"


class UnknownLabelsError(FormatError):
    """A file refused for labels or relation types the schema lacks (``labels`` and
    ``relations``: name -> count); the message names ``--add-labels``."""

    def __init__(
        self,
        path: Path | str,
        line: int,
        labels: dict[str, int],
        relations: dict[str, int],
        where: str = "",
    ) -> None:
        reason = str(UnknownLabels(0, labels, relations, where)) + "; add them with --add-labels"
        super().__init__(path, line, reason)
        self.labels = labels
        self.relations = relations


@dataclass
class ImportReport:
    """What :func:`import_paths` did: one result per file imported, one error per file refused."""

    results: list[ImportResult] = field(default_factory=list)
    rejected: list[FormatError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Entries of the folders given that were not imported, each ``"path: why"`` (a symbolic
    link leading out of the folder, a FIFO, a device)."""
    notes: list[str] = field(default_factory=list)
    """What the importers left out or changed on purpose, each ``"file: what"`` (cancelled
    annotations, results the schema has no place for, records merged into one article)."""
    set_aside: list[tuple[Path, Path, int]] = field(default_factory=list)
    """With ``skip_invalid``: (file, where its rejected records went, how many records)."""

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
    def gold_spans(self) -> int:
        return sum(r.gold_spans for r in self.results)

    @property
    def gold_relations(self) -> int:
        return sum(r.gold_relations for r in self.results)

    @property
    def labels_added(self) -> dict[str, int]:
        """Labels the import added to the schema -> the spans of the files that use them."""
        return _summed(r.labels_added for r in self.results)

    @property
    def relations_added(self) -> dict[str, int]:
        """Relation types the import added -> the relations of the files that use them."""
        return _summed(r.relations_added for r in self.results)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _summed(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in parts:
        for name, n in part.items():
            out[name] = out.get(name, 0) + n
    return out


def import_paths(
    corpus: CorpusPort,
    paths: Sequence[Path],
    fmt: str = "auto",
    *,
    annotator: str | None = None,
    detect_language: bool = True,
    progress: Progress | None = None,
    text_column: str = "text",
    predictions_as: str | None = None,
    tag_column: int | None = None,
    scheme: str = "auto",
    add_labels: bool = False,
    as_gold: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Import files and folders into ``corpus``, each file whole or not at all.

    A file with bad records is refused naming every one (:class:`BadRecords`: the reader's
    and the store's refusals together, found in one reading of the file; what was written
    before the last one is rolled back; labels the schema lacks are named among them). With
    ``skip_invalid`` its good records are imported instead and the bad ones (a record using a
    label the schema lacks among them, unless ``add_labels``, which adds only the labels of
    the records imported) written beside it with their reasons before the import commits
    (:mod:`.rejected`; ``set_aside`` says where); the file is refused, nothing imported, when
    they cannot be written, when something that is not ours is there, or when another input of
    the run is there or would write there. A file whose every record is bad is committed
    (nothing) and also counted in ``rejected``; a clean file removes a rejected file of ours
    an earlier run left (``notes`` says so). ``skip_invalid`` is for the formats of
    :data:`.common.SKIP_INVALID_FORMATS`, whose records can be written back as they were; a
    file of another format (brat, CoNLL, CSV, spaCy, HF) with bad records is refused whole
    as without it, naming every one, and the refusal says so.

    A path that cannot be collected, a file that cannot be read and a file with a bad record
    each become one entry of ``rejected`` (the other files still import); what a folder holds
    that is not imported goes to ``skipped``, what an importer left out on purpose to
    ``notes``. ``predictions_as``, ``tag_column``, ``scheme``: see :func:`read`. A file using
    labels the schema lacks is refused naming them all (:class:`UnknownLabelsError`) unless
    ``add_labels``, which adds them with the file. ``as_gold`` imports the labels into gold
    (as records whose annotator is ``gold`` always are). ``progress(done, total, path)`` is
    called as the files are read, ``done`` of ``total`` bytes over every file collected (a
    JSONL file after each batch of records, other formats after each file; :func:`progress_size`
    weighs a file). Other errors (the database) propagate.

    Each file is read, checked and written batch by batch inside its one transaction (JSONL
    streamed in bounded memory, ADR 0032): a bad record anywhere, the last one included,
    leaves the corpus as it was.
    """
    report = ImportReport()
    files: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        try:
            found = collect([given], fmt, report.skipped)
        except FormatError as exc:
            report.rejected.append(exc)
            continue
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                files.append(p)
    protected = corpus_files(corpus.location)
    inputs = {p.resolve() for p in files}
    targets: dict[Path, Path] = {}  # a rejected file of this run -> its input
    sizes = [progress_size(p) for p in files]
    total = sum(sizes)
    before = 0
    for path, size in zip(files, sizes, strict=True):
        passes = 2 if add_labels else 1  # adding labels reads the file twice

        def moved(
            done: int, base: int = before, size: int = size, passes: int = passes, path: Path = path
        ) -> None:
            if progress is not None:
                progress(base + min(done, size * passes) // passes, total, path)

        feed: _FileFeed | None = None
        name = format_of(path) if fmt == "auto" else fmt
        skippable = name in SKIP_INVALID_FORMATS
        sets_aside = skip_invalid and skippable
        try:
            if sets_aside:
                _claim_target(path, inputs, targets)
            notes: list[str] = []
            feed = _FileFeed(
                path,
                functools.partial(
                    _batches,
                    path,
                    fmt,
                    annotator=annotator,
                    text_column=text_column,
                    notes=notes,
                    tag_column=tag_column,
                    scheme=scheme,
                    predictions_as=predictions_as,
                    schema=corpus.schema,
                ),
                skip_invalid=sets_aside,
                skippable=skippable,
                asked=skip_invalid,
                protected=protected,
                progress=moved,
                size=size,
            )
            result = corpus.import_feed(
                feed,
                origin=str(path),
                detect_language=detect_language,
                add_labels=add_labels,
                as_gold=as_gold,
            )
            if result.collapsed:
                notes.append(
                    f"{result.collapsed} identical span(s) (same annotator, start, end and "
                    "label) were collapsed into one"
                )
            report.results.append(result)
            if feed.set_aside and feed.target is not None:
                report.set_aside.append((path, feed.target, feed.written))
                if feed.good == 0:  # committed nothing: a failure, said plainly
                    report.rejected.append(
                        FormatError(
                            path,
                            0,
                            f"nothing imported: all {feed.written} records were invalid; "
                            f"written with why to {feed.target}",
                        )
                    )
            elif sets_aside:
                leftover = rejected.remove_leftover(path, protected)
                if leftover:
                    notes.append(leftover)
            report.notes.extend(f"{path}: {note}" for note in dict.fromkeys(notes))
        except (FormatError, DraftRejected) as exc:
            if feed is not None and feed.written and feed.target is not None:
                feed.target.unlink(missing_ok=True)  # ours, for an import rolled back
            if isinstance(exc, FormatError):
                report.rejected.append(exc)
            elif isinstance(exc, UnknownLabels):
                report.rejected.append(
                    UnknownLabelsError(path, exc.line, exc.labels, exc.relations, exc.where)
                )
            else:
                report.rejected.append(FormatError(path, exc.line, exc.reason))
        except BaseException:
            if feed is not None and feed.written and feed.target is not None:
                feed.target.unlink(missing_ok=True)
            raise
        before += size
        if progress is not None:
            progress(before, total, path)
    return report


def _claim_target(path: Path, inputs: set[Path], targets: dict[Path, Path]) -> None:
    """Refuse (before anything is imported from it) a file whose rejected records would go
    where another input of the run is read from or where another's go."""
    target = rejected.rejected_path(path)
    key = target.resolve()
    if key in inputs:
        raise FormatError(
            path,
            0,
            f"its rejected records would go to {target}, which this import reads; "
            "import them in separate runs",
        )
    if key in targets:
        raise FormatError(
            path,
            0,
            f"its rejected records would go to {target}, where those of {targets[key]} go; "
            "import them in separate runs",
        )
    targets[key] = path


def progress_size(path: Path) -> int:
    """What a file weighs in the progress: its bytes (1 for a folder or one unreadable)."""
    try:
        return max(path.stat().st_size, 1) if path.is_file() else 1
    except OSError:
        return 1


#: The formats read as the import needs them (ADR 0032, 0042), not whole first.
_STREAMED = ("jsonl", "prodigy", "conll", "spacy", "labelstudio", "doccano", "csv")


def _batches(
    path: Path,
    fmt: str,
    bad: list[FormatError],
    tick: Callable[[int], None],
    pause: Callable[[], None] | None,
    **options: Any,
) -> Iterator[Sequence[ArticleDraft]]:
    """The good records of one file in batches (bad ones added to ``bad``), read as they are
    needed (``pause()`` between records: :meth:`DraftFeed.batches`; ADR 0032, 0042): JSONL,
    Prodigy, CSV and Label Studio files in one pass, CoNLL, doccano and HF in two (the first
    learns what is about the whole file), a spaCy DocBin's docs one at a time. A brat folder
    and a txt file are read whole first."""
    name = format_of(path) if fmt == "auto" else fmt
    streamed = name in _STREAMED and not path.is_dir()
    if streamed or name == "hf":
        _check_format(fmt, path)
        if fmt != "auto" and options.get("tag_column") is not None and name != "conll":
            raise FormatError(path, 0, "--tag-column is for CoNLL files (--format conll)")
        scheme = options.get("scheme", "auto")
        if fmt != "auto" and scheme != "auto" and name not in ("conll", "hf"):
            raise FormatError(path, 0, "--scheme is for CoNLL files and HF datasets (conll, hf)")
        who = options["annotator"]
        if name == "jsonl":
            yield from jsonl.read_batches(path, bad, annotator=who, progress=tick, pause=pause)
        elif name == "prodigy":  # JSON Lines, nothing about the whole file: streamed as JSONL
            yield from prodigy.read_batches(path, bad, annotator=who, progress=tick, pause=pause)
        elif name == "conll":  # read twice, never held (ADR 0042)
            yield from conll.read_batches(
                path, bad, annotator=who, tag_column=options.get("tag_column"), scheme=scheme,
                progress=tick, pause=pause,
            )  # fmt: skip
        elif name == "csv":  # rows read as they are needed
            yield from csv_format.read_batches(
                path, bad, text_column=options.get("text_column", "text"), progress=tick,
                pause=pause,
            )  # fmt: skip
        elif name == "doccano":  # read twice: records that share a text are merged
            before = len(bad)
            yield from doccano.read_batches(
                path, bad, annotator=who, notes=options.get("notes"), pause=pause
            )
            if len(bad) > before:  # the refusal names the dialect expected, as read() does
                bad.append(_Hint(path, 0, f" (expected {doccano.DIALECT})"))
            tick(progress_size(path))
        elif name == "labelstudio":  # one JSON array, its tasks parsed one at a time
            yield from labelstudio.read_batches(
                path, bad, annotator=who, notes=options.get("notes"), pause=pause,
                predictions_as=options.get("predictions_as"), schema=options.get("schema"),
            )  # fmt: skip
            tick(progress_size(path))
        elif name == "spacy":  # one message read whole, its docs made one at a time
            yield from spacy_format.read_batches(path, bad, annotator=who, pause=pause)
            tick(progress_size(path))
        else:  # hf: the rows read twice from datasets' Arrow files (ADR 0042)
            yield from hf.read_batches(path, bad, annotator=who, scheme=scheme, pause=pause)
            tick(progress_size(path))
        return
    try:
        drafts = read(path, fmt, **options)
    except BadRecords as exc:
        bad.extend(exc.problems)
        drafts = exc.drafts
        if exc.hint:
            bad.append(_Hint(path, 0, exc.hint))
    tick(progress_size(path))
    for i in range(0, len(drafts), jsonl.BATCH):
        yield drafts[i : i + jsonl.BATCH]


class _Hint(FormatError):
    """Not a bad record: the hint a reader gave for its bad ones (carried to the message)."""


class _FileFeed:
    """One file's records for :meth:`Corpus.import_feed`: read in batches, the reader's bad
    records collected; at the end the file is refused naming every bad record (the reader's
    and the store's), or with ``skip_invalid`` its bad records are set aside (``set_aside``)
    and written to ``target`` before the import commits. ``skippable``: the file's format is
    one ``skip_invalid`` takes; ``asked``: ``--skip-invalid`` was given (for a format it does
    not take, the refusal says so)."""

    def __init__(
        self,
        path: Path,
        reader: Callable[
            [list[FormatError], Callable[[int], None], Callable[[], None] | None],
            Iterator[Sequence[ArticleDraft]],
        ],
        *,
        skip_invalid: bool,
        protected: tuple[Path, ...],
        progress: Callable[[int], None],
        size: int,
        skippable: bool = True,
        asked: bool = False,
    ) -> None:
        self.path = path
        self.reader = reader
        self.skip_invalid = skip_invalid
        self.skippable = skippable
        self.asked = asked
        self.protected = protected
        self.progress = progress
        self.size = size
        self.bad: list[FormatError] = []
        self.passes = 0
        self.set_aside: list[FormatError] = []
        self.target: Path | None = None
        self.written = 0  # records written to ``target`` (before the commit)
        self.records = 0  # good records the reader gave (the store's checks may refuse some)
        self.good = 0  # records that passed every check (with ``set_aside``)

    def batches(self, pause: Callable[[], None] | None = None) -> Iterator[Sequence[ArticleDraft]]:
        self.bad = []
        self.records = 0
        base = self.passes * self.size
        self.passes += 1
        for batch in self.reader(self.bad, lambda done: self.progress(base + done), pause):
            self.records += len(batch)
            yield batch

    def has_bad(self) -> bool:
        return any(not isinstance(e, _Hint) for e in self.bad)

    def settle(self, refused: list[tuple[int, int, str]], unknown: UnknownLabels | None) -> None:
        """Inside the transaction: refuse the file naming every bad record at once (the
        reader's, the labels the schema lacks, the store's checks), or with ``skip_invalid``
        write the bad ones beside it before the commit (raising when they cannot be written,
        which rolls the import back)."""
        hint = "".join(e.reason for e in self.bad if isinstance(e, _Hint))
        bad = [e for e in self.bad if not isinstance(e, _Hint)]
        bad += [FormatError(self.path, line, why) for _, line, why in refused]
        skippable = self.skippable
        if unknown is not None and not self.skip_invalid:
            if not bad:
                raise unknown
            labels = UnknownLabelsError(
                self.path, unknown.line, unknown.labels, unknown.relations, unknown.where
            )
            raise BadRecords(self.path, [labels, *bad], hint=hint, skippable=skippable)
        # with skip_invalid a record using a label the schema lacks is among ``refused``
        if not bad:
            return
        if not self.skip_invalid:
            if self.asked and not skippable and len(bad) == 1:
                hint += f" ({SKIP_INVALID_ONLY})"  # more than one: the message says it
            raise BadRecords(self.path, bad, hint=hint, skippable=skippable)
        self.target = rejected.check_target(self.path, self.protected)
        self.set_aside = bad
        self.written = rejected.write(self.path, self.target, bad, self.protected)
        self.good = self.records - len(refused)


def check_export(
    corpus: CorpusPort, fmt: str, out: Path, *, options: ExportOptions | None = None
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
    corpus: CorpusPort,
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
