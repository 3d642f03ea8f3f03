"""The export pipeline: select, check, split, write into a staging folder, manifest, commit.

Everything is written into a hidden staging folder beside the output
(``.<name>.annotator-staging-<pid>``, marked with the process that writes it); only when every
document is written (and no span was refused) is it moved into place with ``os.replace``. A
failure, a refusal or a cancel removes the staging folder: no partial output is ever left; one
left by a killed process is removed by the next export into that folder. Before anything is
written, and again before the rename, every target is checked (:func:`check_targets`): never
the open corpus, never a device, FIFO, socket or link, never a file or folder we did not write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.core.model import Document, Span
from annotator.core.quantities import VALUES, values_of
from annotator.core.speakers import CLAIM_LAYER, CUE
from annotator.formats import safety
from annotator.formats import split as splitting
from annotator.formats.base import Abortable, Context, ExportFormat, Sink
from annotator.formats.checks import (
    DroppedRelation,
    Misaligned,
    Tokens,
    check_text,
    dropped_relations,
    misaligned,
    without,
)
from annotator.formats.common import FormatError, Progress
from annotator.formats.safety import check_output
from annotator.formats.selection import Selection, documents

if TYPE_CHECKING:
    from annotator.core.ports import CorpusPort

MANIFEST = safety.MANIFEST


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written."""


class ExportRefused(FormatError):
    """Spans could not be written without moving them; nothing was written."""

    def __init__(self, path: Path, problems: list[Misaligned]) -> None:
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            path,
            0,
            f"{len(problems)} span(s) do not fit the format (nothing was written; "
            f"--skip-misaligned leaves them out and lists them):\n  {shown}{more}",
        )

    def __reduce__(self) -> Any:
        return (ExportRefused, (self.path, self.problems))


@dataclass
class ExportOptions:
    selection: Selection = field(default_factory=Selection)
    split: str | None = None
    seed: int = 0
    group_by: str = "article"
    tokens: bool = False
    skip_misaligned: bool = False
    folder: Path | None = None
    """When given, the output must lie inside this folder."""


@dataclass
class ExportResult:
    path: Path
    records: int
    spans: int
    relations: int
    articles: int = 0
    manifest: Path | None = None
    skipped: list[Misaligned] = field(default_factory=list)
    splits: dict[str, int] = field(default_factory=dict)
    skipped_relations: list[DroppedRelation] = field(default_factory=list)
    """Relations left out with ``skip_misaligned`` because a span they join was."""
    relations_left_out: int = 0
    """The selection's relations the format cannot carry (conll, spacy, hf, doccano)."""


@dataclass
class _Counts:
    records: int = 0
    spans: int = 0
    relations: int = 0
    relations_left_out: int = 0  # the selection's relations a format without them dropped
    articles: set[int] = field(default_factory=set)
    labels: Counter[str] = field(default_factory=Counter)
    annotators: set[str] = field(default_factory=set)

    def add(self, doc: Document, relations: bool = True) -> None:
        self.records += 1
        self.spans += len(doc.spans)
        if relations:
            self.relations += len(doc.relations)
        else:
            self.relations_left_out += len(doc.relations)
        self.articles.add(doc.article.id)
        labels = self.labels
        for s in doc.spans:
            labels[s.label] += 1
        if doc.annotator is not None:
            self.annotators.add(doc.annotator)

    def merge(self, other: _Counts) -> None:
        self.records += other.records
        self.spans += other.spans
        self.relations += other.relations
        self.relations_left_out += other.relations_left_out
        self.articles |= other.articles
        self.labels.update(other.labels)
        self.annotators |= other.annotators

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "articles": len(self.articles),
            "spans": self.spans,
            "relations": self.relations,
            "relations_left_out": self.relations_left_out,
            "labels": dict(sorted(self.labels.items())),
        }


def run(
    corpus: CorpusPort,
    fmt: ExportFormat,
    out: Path,
    opts: ExportOptions,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    out, shares, as_folder = check(corpus, fmt, out, opts)
    sel = opts.selection
    if sel.annotator is not None and sel.annotator not in {a.name for a in corpus.annotators()}:
        raise FormatError(out, 0, f"no annotator named {sel.annotator!r} in this corpus")
    ctx = Context(
        corpus.schema,
        tokens=opts.tokens,
        options={"seed": opts.seed},
        clusters=corpus.gold_cluster_names() if sel.gold else corpus.cluster_names(),
    )
    where = _assign(corpus, sel, fmt, shares, opts) if shares is not None else None
    protected = safety.corpus_files(corpus.location)
    staging = safety.make_staging(out)
    sinks: dict[str | None, Sink] = {}  # the sinks opened, by split
    try:
        result = _write(sinks, corpus, fmt, out, staging, ctx, opts, where, progress, cancel)
        check_targets(fmt, out, as_folder, protected)  # again: something may have appeared
        _commit(staging, out, as_folder)
    except OSError as exc:
        _abort(sinks, staging)
        raise FormatError(out, 0, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:  # refused, cancelled, interrupted
        _abort(sinks, staging)
        raise
    result.manifest = (out / MANIFEST) if as_folder else out.with_name(out.name + ".manifest.json")
    return result


def _abort(sinks: dict[str | None, Sink], staging: Path) -> None:
    """An export that stops early: the sinks' own work (a thread) stopped, staging removed."""
    for sink in sinks.values():
        if isinstance(sink, Abortable):
            sink.abort()
    shutil.rmtree(staging, ignore_errors=True)


def check(
    corpus: CorpusPort, fmt: ExportFormat, out: Path, opts: ExportOptions
) -> tuple[Path, dict[str, float] | None, bool]:
    """Check an export's output before anything is written (the CLI and the Export dialog):
    a safe name in a folder that exists, a valid selection and split, and targets it may
    replace (:func:`check_targets`). The output path, the split shares, whether it is a folder.
    Raises FormatError, one line naming the path."""
    out = check_output(Path(out), opts.folder)
    problem = opts.selection.check()
    if problem:
        raise FormatError(out, 0, problem)
    shares = splitting.checked(opts.split, opts.group_by, out)
    as_folder = fmt.folder or shares is not None
    check_targets(fmt, out, as_folder, safety.corpus_files(corpus.location))
    return out, shares, as_folder


def targets(fmt: ExportFormat, out: Path, as_folder: bool) -> list[Path]:
    """Every path an export writes or replaces: the folder, or the file, its sidecars and its
    manifest."""
    if as_folder:
        return [out]
    stem = Path(out.name).stem
    return [
        out,
        *(out.with_name(stem + suffix) for suffix in fmt.sidecar_suffixes),
        out.with_name(out.name + safety.MANIFEST_SUFFIX),
    ]


def check_targets(
    fmt: ExportFormat, out: Path, as_folder: bool, protected: tuple[Path, ...]
) -> None:
    """Refuse when a target is the open corpus (or its -wal/-shm), is not a regular file (a
    device, FIFO, socket, link, folder), or exists and no manifest of ours says we wrote it
    (docs/formats.md, "What an export may replace")."""
    if as_folder:
        safety.guard_folder(out, protected)
        return
    paths = targets(fmt, out, as_folder)
    manifest_path = paths[-1]
    manifest = safety.read_manifest(manifest_path)
    vouched: set[str] = set()
    if manifest is not None:
        listed = manifest.get("written")
        if isinstance(listed, list):
            vouched = {str(n) for n in listed}
        else:  # an older manifest: it names its file; the sidecars of its own format
            vouched = {out.name}
            if manifest.get("format") == fmt.name:
                vouched |= {p.name for p in paths[1:-1]}
        vouched.add(manifest_path.name)
    for path in paths:
        safety.guard_file(path, protected, ours=path.name in vouched)


def _assign(
    corpus: CorpusPort,
    sel: Selection,
    fmt: ExportFormat,
    shares: dict[str, float],
    opts: ExportOptions,
) -> dict[int, str]:
    """First pass: the articles the selection exports, dealt into splits."""
    wanted = {d.article.id for d in documents(corpus, sel, unlabelled=fmt.unlabelled)}
    grouped = opts.group_by == "story" or fmt.split_by_story
    groups = corpus.article_groups() if grouped else corpus.article_keys()
    return splitting.assign({a: groups[a] for a in wanted}, shares, opts.seed)


def _layout(
    fmt: ExportFormat, out: Path, staging: Path, as_folder: bool, split_name: str | None
) -> Path:
    if not as_folder:
        return staging / out.name
    if fmt.suffix == "":
        return staging / split_name if split_name else staging
    return staging / f"{split_name or fmt.default_name}{fmt.suffix}"


def _write(
    sinks: dict[str | None, Sink],
    corpus: CorpusPort,
    fmt: ExportFormat,
    out: Path,
    staging: Path,
    ctx: Context,
    opts: ExportOptions,
    where: dict[int, str] | None,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> ExportResult:
    as_folder = fmt.folder or where is not None
    counts: dict[str | None, _Counts] = {}
    total_counts = _Counts()
    needs_tokens = fmt.tokens or ctx.tokens
    flat = fmt.flat_layers(ctx.schema)
    problems: list[Misaligned] = []
    lost_relations: list[DroppedRelation] = []
    extra = fmt.sidecars(ctx) if fmt.sidecars is not None else {}  # fails early (a missing extra)
    total = corpus.article_count()
    done, last = 0, -1
    tokens: Tokens | None = None
    tokens_of = -1
    for doc in documents(corpus, opts.selection, unlabelled=fmt.unlabelled):
        if doc.article.id != last:
            if cancel is not None and cancel():
                raise ExportCancelled(f"export to {out} cancelled; nothing was written")
            if progress is not None and last >= 0:
                progress(done, total, out)
            done, last = done + 1, doc.article.id
        part = None if where is None else where.get(doc.article.id)
        if where is not None and part is None:
            continue
        check_text(doc, out)
        if needs_tokens and (tokens is None or tokens_of != doc.article.id):
            tokens, tokens_of = Tokens.of(doc.article.text), doc.article.id  # once per article
        if needs_tokens or flat:
            bad = misaligned(doc, tokens, flat)
            if bad:
                problems.extend(bad)
                gone = {p.span_id for p in bad}
                lost_relations.extend(dropped_relations(doc, gone))
                doc = without(doc, gone)
        if problems and not opts.skip_misaligned:
            continue  # keep checking, to report every problem at once
        sink = sinks.get(part)
        if sink is None:
            dest = _layout(fmt, out, staging, as_folder, part)
            sink = sinks[part] = fmt.open(dest, ctx)
            counts[part] = _Counts()
        sink.add(with_values(doc) if fmt.values else doc, tokens)
        counts[part].add(doc, fmt.relations)
    if problems and not opts.skip_misaligned:
        raise ExportRefused(out, problems)
    if where is None and None not in sinks:  # nothing selected: still write an empty file
        sinks[None] = fmt.open(_layout(fmt, out, staging, as_folder, None), ctx)
        counts[None] = _Counts()
    for part, sink in sinks.items():
        sink.close()
        counted = getattr(sink, "counted", None)
        if counted is not None:  # a sink whose records are not the documents (clusters, pairs)
            c = counts[part]
            c.records, c.spans = counted()
            c.relations = c.relations_left_out = 0
    for c in counts.values():
        total_counts.merge(c)
    if fmt.finish is not None:
        order = list(splitting.checked(opts.split, opts.group_by, out) or {})
        parts = sorted(sinks, key=lambda p: order.index(p) if p is not None and p in order else -1)
        files = [
            (p, _layout(fmt, out, staging, as_folder, p).name, counts[p].records) for p in parts
        ]
        extra = {**extra, **fmt.finish(ctx, files)}
    for suffix, data in extra.items():
        name = suffix.lstrip(".") if as_folder else f"{Path(out.name).stem}{suffix}"
        _write_bytes(staging / name, data)
    written = sorted(n for n in os.listdir(staging) if n != safety.STAGING_MARKER)
    manifest = _manifest(
        corpus, fmt, ctx, opts, counts, total_counts, problems, lost_relations, written
    )
    name = MANIFEST if as_folder else out.name + ".manifest.json"
    _write_bytes(staging / name, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    if progress is not None:
        progress(total, total, out)
    return ExportResult(
        path=out,
        records=total_counts.records,
        spans=total_counts.spans,
        relations=total_counts.relations,
        relations_left_out=total_counts.relations_left_out,
        articles=len(total_counts.articles),
        skipped=problems,
        skipped_relations=lost_relations,
        splits={str(k): len(c.articles) for k, c in counts.items() if k is not None},
    )


#: The label whose spans are numbers (the default schema's); claims carry theirs too.
QUANTITY = "QUANTITY"


def with_values(doc: Document) -> Document:
    """``doc`` with the quantities of its QUANTITY spans and claims as their ``values``
    attribute (core/quantities.py read in the article's language); spans without a number
    are left as they are."""
    changed = False
    spans = []
    language = doc.article.language
    for sp in doc.spans:
        label = sp.label
        # QUANTITY, or a claim (speakers.is_claim, inlined: an export asks it of every span)
        if label == QUANTITY or (sp.layer == CLAIM_LAYER and label != CUE):
            found = values_of(sp.text, language)
            if found:
                sp = _with_attributes(sp, {**sp.attributes, VALUES: found})
                changed = True
        spans.append(sp)
    return doc._replace(spans=spans) if changed else doc


def _with_attributes(sp: Span, attributes: dict[str, Any]) -> Span:
    """``dataclasses.replace(sp, attributes=attributes)``, by copying the instance dict (as
    the store's row decoder makes spans): ~2 µs against ~16 µs (load 7)."""
    new: Span = object.__new__(Span)
    d = new.__dict__
    d.update(sp.__dict__)
    d["attributes"] = attributes
    return new


assert not hasattr(Span, "__slots__") and not hasattr(Span, "__post_init__")


def _manifest(
    corpus: CorpusPort,
    fmt: ExportFormat,
    ctx: Context,
    opts: ExportOptions,
    counts: dict[str | None, _Counts],
    total: _Counts,
    skipped: list[Misaligned],
    skipped_relations: list[DroppedRelation],
    written: list[str],
) -> dict[str, Any]:
    try:
        version = metadata.version("annotator")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "format": fmt.name,
        "app": {"name": "annotator", "version": version},
        "created_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": {"fingerprint_sha256": corpus.fingerprint(), "articles": corpus.article_count()},
        "offsets": "Unicode code points, end exclusive",
        "tokenizer": r"\w+|[^\w\s] (Python re, Unicode)" if (fmt.tokens or ctx.tokens) else None,
        "selection": opts.selection.describe(),
        "split": {
            "spec": opts.split,
            "seed": opts.seed,
            "group_by": "story" if fmt.split_by_story else opts.group_by,
        }
        if opts.split
        else None,
        "annotators": sorted(total.annotators),
        "counts": total.to_dict(),
        "splits": {str(k): c.to_dict() for k, c in counts.items() if k is not None},
        "skipped_misaligned": [p.to_dict() for p in skipped],
        "skipped_relations": [r.to_dict() for r in skipped_relations],
        "schema": ctx.schema.to_dict(),
        "written": written,
    }


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _commit(staging: Path, out: Path, as_folder: bool) -> None:
    """Move the staged output into place (each step an atomic rename)."""
    safety.unmark(staging)
    if as_folder:
        os.chmod(staging, 0o755)
        old = None
        if os.path.lexists(out):
            old = safety.make_staging(out, "old")
            os.replace(out, old / out.name)
        try:
            os.replace(staging, out)
        except OSError:
            if old is not None:  # put the earlier export back
                os.replace(old / out.name, out)
                shutil.rmtree(old, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    else:
        mode = out.stat().st_mode & 0o777 if os.path.lexists(out) else 0o644
        names = sorted(p.name for p in staging.iterdir())
        main = out.name
        manifest = out.name + ".manifest.json"
        for name in [main, *(n for n in names if n not in (main, manifest)), manifest]:
            with contextlib.suppress(OSError):
                os.chmod(staging / name, mode)
            os.replace(staging / name, out.parent / name)
        staging.rmdir()
    _fsync_folder(out.parent)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
