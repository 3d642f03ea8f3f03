"""Hugging Face ``datasets``: a folder of JSONL files (one per split, ``data.jsonl`` without
a split), a dataset card ``README.md`` whose YAML front matter declares the data files
(``configs``) and the features (``dataset_info``), and ``features.json``, the same declared
:class:`datasets.Features`. Reading such folders (and ``datasets``' own) is :func:`read`.

Each row: ``id``, ``annotator``, ``text``, ``tokens`` (the tokenizer's strings),
``token_offsets`` (``[start, end]`` code points per token), ``ner_tags`` (IOB2 tags of the
entity layer as a ``ClassLabel``: ``O``, then ``B-``/``I-`` of each entity label in schema
order) and ``spans``: the other layers' spans (claims) as ``{start, end, token_start,
token_end (inclusive), label, layer, text}``. Load with::

    ds = datasets.load_dataset("out")  # the splits, ner_tags a sequence of ClassLabel

Writing ``features.json`` needs the optional extra ``hf`` (``pip install annotator[hf]``).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats import conll, jsonl, tags
from annotator.formats.base import ENTITY, QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import BadRecords, FormatError, all_of
from annotator.formats.records import json_lines

SPAN_FIELDS = (
    ("start", "int32"),
    ("end", "int32"),
    ("token_start", "int32"),
    ("token_end", "int32"),
    ("label", "string"),
    ("layer", "string"),
    ("text", "string"),
)


def tag_names(ctx: Context) -> list[str]:
    names = ["O"]
    for label in ctx.layer_labels(ENTITY):
        names += [f"B-{label}", f"I-{label}"]
    return names


def features(ctx: Context) -> Any:
    try:
        import datasets
    except ImportError:  # pragma: no cover - depends on the environment
        raise FormatError(
            "hf", 0, "the hf format needs datasets: pip install 'annotator[hf]'"
        ) from None
    value = datasets.Value
    span = {name: value(dtype) for name, dtype in SPAN_FIELDS}
    return datasets.Features(
        {
            "id": value("string"),
            "annotator": value("string"),
            "text": value("string"),
            "tokens": datasets.Sequence(value("string")),
            "token_offsets": datasets.Sequence(datasets.Sequence(value("int32"), length=2)),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=tag_names(ctx))),
            "spans": [span],
        }
    )


def sidecars(ctx: Context) -> dict[str, bytes]:
    return {".features.json": orjson.dumps(features(ctx).to_dict(), option=orjson.OPT_INDENT_2)}


def _q(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return orjson.dumps(value).decode()


def card(ctx: Context, files: list[tuple[str | None, str, int]]) -> dict[str, bytes]:
    """``README.md``: a dataset card whose YAML front matter declares each split's data file
    (``configs``) and the features (``dataset_info``), so ``load_dataset(folder)`` alone
    returns the splits with ``ner_tags`` as a sequence of ``ClassLabel``."""
    names = tag_names(ctx)
    y = ["---", "configs:", "- config_name: default", "  data_files:"]
    for split, name, _ in files:
        y += [f"  - split: {_q(split or 'train')}", f"    path: {_q(name)}"]
    y += ["dataset_info:", "  features:"]
    y += [f"  - name: {n}\n    dtype: string" for n in ("id", "annotator", "text")]
    y += ["  - name: tokens", "    sequence: string"]
    y += ["  - name: token_offsets", "    sequence:", "      sequence: int32", "      length: 2"]
    y += ["  - name: ner_tags", "    sequence:", "      class_label:", "        names:"]
    y += [f"          {_q(str(i))}: {_q(n)}" for i, n in enumerate(names)]
    y += ["  - name: spans", "    list:"]
    for field, dtype in SPAN_FIELDS:
        y += [f"    - name: {field}", f"      dtype: {dtype}"]
    y += ["---", ""]
    first = (files[0][0] if files else None) or "train"
    rows = "\n".join(f"| {split or 'train'} | `{name}` | {n} |" for split, name, n in files)
    body = f"""# Annotated news articles (Annotator export)

Exported by Annotator; `manifest.json` says which labels were selected (annotator, gold,
filters), the split seed and the counts, and holds the label schema.

```python
import datasets
ds = datasets.load_dataset("path/to/this/folder")
names = ds["{first}"].features["ner_tags"].feature.names
```

| split | file | rows |
|---|---|---|
{rows}

One row per article and annotator: `id`, `annotator`, `text`, `tokens` (the regex
`\\w+|[^\\w\\s]`, Unicode), `token_offsets` (`[start, end)` in code points of `text`),
`ner_tags` (IOB2 tags of the entity labels as a `ClassLabel`: `O`, then `B-`/`I-` per label)
and `spans` (the claim layer's spans, with `token_start`/`token_end` inclusive).
`features.json` is the same declaration for `datasets.Features.from_dict`.
"""
    return {"README.md": ("\n".join(y) + "\n" + body).encode()}


class Sink(jsonl.Sink):
    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        if not hasattr(self, "_tags"):
            self._tags = {name: i for i, name in enumerate(tag_names(self._ctx))}
        text = doc.article.text
        tags = [0] * len(tokens)
        spans = []
        for sp in doc.spans:
            first, last = tokens.span(sp.start, sp.end)
            if sp.layer == ENTITY:
                tags[first] = self._tags[f"B-{sp.label}"]
                for i in range(first + 1, last + 1):
                    tags[i] = self._tags[f"I-{sp.label}"]
            else:
                spans.append(
                    {
                        "start": sp.start,
                        "end": sp.end,
                        "token_start": first,
                        "token_end": last,
                        "label": sp.label,
                        "layer": sp.layer,
                        "text": sp.text,
                    }
                )
        row = {
            "id": doc.article.external_id,
            "annotator": doc.annotator,
            "text": text,
            "tokens": tokens.words,
            "token_offsets": tokens.offsets,  # orjson writes the pairs as arrays
            "ner_tags": tags,
            "spans": spans,
        }
        self._buf.append(orjson.dumps(row))
        if len(self._buf) >= 512:
            self._flush()


FORMAT = ExportFormat(
    "hf",
    ".jsonl",
    Sink,
    folder=True,
    tokens=True,
    flat=(ENTITY,),
    sidecars=sidecars,
    finish=card,
    sidecar_suffixes=(".features.json",),
    relations=False,
    title="Hugging Face",
    summary=QT_TRANSLATE_NOOP(
        "ExportDialog", "datasets JSONL + features: tokens, ner_tags, claim spans"
    ),
    package="datasets",
    extra="hf",
)


# ---------------------------------------------------------------- reading

_LOADED = ("dataset_dict.json", "state.json")  # folders written by Dataset(Dict).save_to_disk


def is_dataset_folder(path: Path) -> bool:
    """A Hugging Face dataset folder: ours, a ``save_to_disk`` folder, Parquet files (a Hub
    snapshot: ``data/*.parquet``), or one whose ``README.md`` declares ``configs`` or
    ``dataset_info``."""
    if not path.is_dir():
        return False
    if any((path / name).is_file() for name in (*_LOADED, "dataset_info.json")):
        return True
    if (path / "features.json").is_file() and any(path.glob("*.jsonl")):
        return True
    if any(path.glob("*.parquet")) or any(path.glob("data/*.parquet")):
        return True  # a Hub snapshot
    readme = path / "README.md"
    if readme.is_file():
        head = readme.read_bytes()[:65536].decode("utf-8", "replace")
        front = head.split("\n---", 1)[0] if head.startswith("---") else ""
        return "\nconfigs:" in front or "\ndataset_info:" in front
    return False


def read(path: Path, *, annotator: str | None = None, scheme: str = "auto") -> list[ArticleDraft]:
    """The rows of a Hugging Face dataset folder (every split): ``tokens`` and ``ner_tags``
    (``ClassLabel`` ids, or the tag strings), optionally ``text``, ``token_offsets``, ``id``,
    ``annotator`` and our claim ``spans``. One row is one document.

    With ``datasets`` installed the folder is opened as its users open it
    (``load_from_disk`` for a ``save_to_disk`` folder, else ``load_dataset(folder)``, which
    reads the card's ``configs``/``dataset_info``; the cache is a temp folder, removed after);
    without it, for an export of ours (``manifest.json`` beside ``features.json``: its files
    are its splits) or one older than its card, the ``*.jsonl`` files are read line by line
    with the tag names of ``features.json`` (no Arrow copy: ADR 0042).

    The tokens are data: the text is the row's ``text`` when the tokens are exactly in it
    (``token_offsets`` when they match, else found in order with only whitespace between),
    else the tokens joined by single spaces. Tags: IOB1/IOB2/BIOES/BILOU (``scheme``, or
    detected over the whole dataset); an invalid sequence is refused at its row and token.

    A bad row (a line that is not JSON, tokens or tags that do not fit, an invalid sequence,
    a bad span) does not stop the reading: every one is named, by its file and line or by its
    split and row, in one :class:`~.common.BadRecords` (which carries the good rows); the
    drafts keep their place (``where``), so the store's refusals name it too. What is about
    the whole dataset (it cannot be opened, a split lacks tokens or ner_tags, BIOES and BILOU
    tags mixed) refuses it at once.
    """
    return all_of(
        path,
        lambda bad: read_batches(path, bad, annotator=annotator, scheme=scheme),
        skippable=False,
    )


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    scheme: str = "auto",
    size: int = jsonl.BATCH,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s drafts ``size`` at a time, the rows read twice and never held: a first
    pass checks each row's tokens and tags and detects the scheme, a second makes the drafts
    (``datasets`` reads the rows from its Arrow files, mapped from disk; ADR 0042). Each bad
    row is added to ``bad``; what is about the whole dataset raises before the first batch.
    ``pause()`` is called before each row of the second pass."""
    if scheme not in tags.SCHEMES:
        raise FormatError(path, 0, f"unknown tag scheme {scheme!r}")
    if not path.is_dir():
        raise FormatError(path, 0, "a Hugging Face dataset is a folder: give the folder")
    own = (path / "features.json").is_file() and any(path.glob("*.jsonl"))
    ours = own and (path / "manifest.json").is_file()  # our export: its files are the splits
    have_datasets = False
    if not ours:  # importing datasets (and pyarrow) alone takes ~140 MB
        try:
            import datasets  # noqa: F401
        except ImportError:
            pass
        else:
            have_datasets = True
    with ExitStack() as stack:
        rows: Callable[[], Iterator[_Row]]
        if have_datasets and not ours and not (own and not (path / "README.md").is_file()):
            rows = _rows_datasets(path, stack)
        elif own:
            rows = _JsonlRows(path, bad)
        else:
            raise FormatError(
                path, 0, "reading this dataset needs datasets: pip install 'annotator[hf]'"
            )
        yield from _drafts(path, rows, annotator, scheme, bad, size, pause)


class _Row:
    __slots__ = ("file", "line", "names", "row", "where")

    def __init__(
        self, where: str, file: Path, line: int, row: dict[str, Any], names: list[str] | None
    ) -> None:
        self.where, self.file, self.line, self.row, self.names = where, file, line, row, names

    def fail(self, reason: str) -> FormatError:
        if self.line:
            return FormatError(self.file, self.line, reason)
        return FormatError(self.file, 0, f"{self.where}: {reason}")


def _names_of(feature: Any) -> list[str] | None:
    inner = getattr(feature, "feature", None)
    names = getattr(inner, "names", None)
    return list(names) if names else None


def _rows_datasets(path: Path, stack: ExitStack) -> Callable[[], Iterator[_Row]]:
    """The dataset opened (its cache a temp folder that ``stack`` removes): a function that
    reads its rows, split by split, as many times as it is called."""
    import datasets

    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # our import reports its own progress
    cache = stack.enter_context(tempfile.TemporaryDirectory(prefix="annotator-hf-"))
    try:
        if any((path / name).is_file() for name in _LOADED):
            ds = datasets.load_from_disk(str(path))
        else:
            ds = datasets.load_dataset(str(path), cache_dir=cache)
    except Exception as exc:  # datasets raises many kinds; all mean "cannot"
        raise FormatError(
            path, 0, f"datasets cannot open the folder: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        if bars:
            datasets.enable_progress_bars()
    splits = {"train": ds} if isinstance(ds, datasets.Dataset) else dict(ds)
    for split, data in splits.items():
        if "tokens" not in data.features or "ner_tags" not in data.features:
            raise FormatError(
                path, 0, f"split {split}: needs the columns tokens and ner_tags "
                f"(it has {', '.join(data.features)})"
            )  # fmt: skip

    def rows() -> Iterator[_Row]:
        for split, data in splits.items():
            names = _names_of(data.features["ner_tags"])
            i = 0
            for batch in data.iter(batch_size=_ROWS):  # columns of python values
                keys = list(batch)
                for values in zip(*(batch[k] for k in keys), strict=True):
                    i += 1
                    row = dict(zip(keys, values, strict=True))
                    yield _Row(f"{split} row {i}", path, 0, row, names)

    return rows


_ROWS = 256  # rows read from the Arrow files at a time


class _JsonlRows:
    """The rows of the ``*.jsonl`` files with the tag names of ``features.json`` (an export of
    ours, or a folder without a card), read line by line each time it is called: the first
    pass adds the lines that are not JSON to ``bad`` and keeps a digest of every file's bytes;
    a later pass that read other bytes (a file changed between the passes) is refused."""

    def __init__(self, path: Path, bad: list[FormatError]) -> None:
        try:
            feats = orjson.loads((path / "features.json").read_bytes())
            names = feats["ner_tags"]["feature"]["names"]
            assert isinstance(names, list) and all(isinstance(n, str) for n in names)
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AssertionError):
            raise FormatError(
                path / "features.json", 0, "does not declare ner_tags as a sequence of ClassLabel"
            ) from None
        self.path, self.names, self.bad = path, names, bad
        self.files = sorted(path.glob("*.jsonl"))
        self.digests: list[bytes] | None = None

    def __call__(self) -> Iterator[_Row]:
        first = self.digests is None
        digests: list[bytes] = []
        for file in self.files:
            split = "train" if file.stem == "data" else file.stem
            seen = hashlib.blake2b(digest_size=16)
            for n, row in json_lines(file, self.bad if first else [], read=seen.update):
                yield _Row(f"{split} line {n}", file, n, row, self.names)
            digests.append(seen.digest())
            if (
                not first
                and self.digests is not None
                and digests[-1] != self.digests[len(digests) - 1]
            ):
                raise FormatError(
                    file, 0, "the file changed while it was read; nothing was imported"
                )
        if first:
            self.digests = digests


def _tags_of(r: _Row) -> tuple[list[str], list[str]]:
    row = r.row
    toks, ids = row.get("tokens"), row.get("ner_tags")
    if not isinstance(toks, list) or not all(isinstance(t, str) and t.strip() for t in toks):
        raise r.fail('"tokens" must be a list of strings, none empty or only whitespace')
    if not isinstance(ids, list) or len(ids) != len(toks):
        raise r.fail(f'"ner_tags" must be a list of {len(toks)} tags, one per token')
    out: list[str] = []
    for i, tag in enumerate(ids):
        if isinstance(tag, str):
            out.append(tag)
        elif isinstance(tag, int) and not isinstance(tag, bool) and r.names is not None:
            if not 0 <= tag < len(r.names):
                raise r.fail(f"token {i + 1}: tag id {tag} is not one of the {len(r.names)} names")
            out.append(r.names[tag])
        else:
            raise r.fail(f"token {i + 1}: tag {tag!r} has no ClassLabel name")
    return toks, out


def _offsets(r: _Row, toks: list[str]) -> tuple[str, list[tuple[int, int]], bool]:
    """The text, each token's offsets in it, and whether the text is the row's own."""
    text = r.row.get("text")
    if isinstance(text, str):
        given = r.row.get("token_offsets")
        if isinstance(given, list) and len(given) == len(toks):
            try:
                offs = [(int(s), int(e)) for s, e in given]
            except (TypeError, ValueError):
                offs = []
            if offs and all(
                text[s:e] == t and (i == 0 or offs[i - 1][1] <= s)
                for i, ((s, e), t) in enumerate(zip(offs, toks, strict=True))
            ):
                return text, offs, True
        found = conll.align(text, toks)
        if found is not None:
            return text, found, True
    joined, (offs,) = conll.join([toks])
    return joined, offs, False


def _drafts(
    path: Path,
    rows: Callable[[], Iterator[_Row]],
    annotator: str | None,
    scheme: str,
    bad: list[FormatError],
    size: int,
    pause: Callable[[], None] | None,
) -> Iterator[list[ArticleDraft]]:
    """The drafts of the good rows in batches, each bad row's problem added to ``bad``: the
    rows are read once to check their tags and detect the scheme, then again for the drafts."""
    found = tags.Detector()
    count = 0
    for r in rows():
        count += 1
        try:
            _, tag_seq = _tags_of(r)
        except FormatError as exc:
            bad.append(exc)
            continue
        found.add(tag_seq)
    if not count and not bad:
        raise FormatError(path, 0, "the dataset holds no rows")
    if scheme == "auto":
        try:
            scheme = found.scheme()
        except tags.TagError as exc:  # about the whole dataset, named with what was found
            row = next(islice(_good(rows), exc.sentence, None))
            err = row.fail(f"token {exc.index + 1}: {exc.reason}")
            raise BadRecords(path, [*bad, err], skippable=False) from None
    override = (annotator or "").strip() or None
    out: list[ArticleDraft] = []
    made = 0
    for n, r in enumerate(_good(rows)):
        if pause is not None:
            pause()
        toks, tag_seq = _tags_of(r)
        if not toks:
            continue  # an empty row (some datasets have them) is no document
        try:
            out.append(_draft(r, toks, tag_seq, scheme, n, override))
        except FormatError as exc:
            bad.append(exc)
        if len(out) >= size:
            made += len(out)
            yield out
            out = []
    made += len(out)
    if out:
        yield out
    if not made and not bad:
        raise FormatError(path, 0, "the dataset holds no rows with tokens")


def _good(rows: Callable[[], Iterator[_Row]]) -> Iterator[_Row]:
    """The rows whose tokens and tags are well formed (the first pass named the others)."""
    for r in rows():
        try:
            _tags_of(r)
        except FormatError:
            continue
        yield r


def _draft(
    r: _Row, toks: list[str], tag_seq: list[str], scheme: str, n: int, override: str | None
) -> ArticleDraft:
    """The draft of one row (its place its ``where``); a FormatError naming the row."""
    text, offs, own_text = _offsets(r, toks)
    try:
        found = tags.chunks(tag_seq, scheme, n)
    except tags.TagError as exc:
        raise r.fail(f"token {exc.index + 1} ({toks[exc.index]!r}): {exc.reason}") from None
    spans: list[dict[str, Any]] = []
    for a, b, label in found:
        s, e = offs[a][0], offs[b][1]
        spans.append({"id": f"t{a}", "start": s, "end": e, "label": label, "text": text[s:e]})
    extra = r.row.get("spans") if "token_offsets" in r.row else None  # ours only
    for i, sp in enumerate(extra if isinstance(extra, list) else [], 1):
        if not isinstance(sp, dict):
            raise r.fail(f"spans {i}: must be an object")
        ts, te = sp.get("token_start"), sp.get("token_end")
        if isinstance(ts, int) and isinstance(te, int) and 0 <= ts <= te < len(toks):
            s, e = offs[ts][0], offs[te][1]
        elif own_text and isinstance(sp.get("start"), int) and isinstance(sp.get("end"), int):
            s, e = sp["start"], sp["end"]
        else:
            raise r.fail(f"spans {i}: needs token_start/token_end within the tokens")
        spans.append(
            {"id": f"s{i}", "start": s, "end": e, "label": sp.get("label"),
             "text": text[s:e] if 0 <= s <= e <= len(text) else None}
        )  # fmt: skip
    who = r.row.get("annotator")
    ident = r.row.get("id")
    rec = {
        "id": ident if isinstance(ident, str | int) and ident != "" else r.where,
        "text": text,
        "annotator": who if isinstance(who, str) and who.strip() else None,
        "spans": spans,
    }
    rec["status"] = "done" if rec["annotator"] or override else None
    try:
        out = jsonl._draft(rec, 0, override)
    except jsonl._Bad as exc:
        raise r.fail(str(exc)) from None
    out.where = r.where  # the store's refusals name the row: "train line 3: span t0: …"
    return out
