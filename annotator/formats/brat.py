"""brat standoff: a folder with one sub-folder per annotator, ``<id>.txt`` + ``<id>.ann`` per
article.

```
T1	PERSON 0 5	Putin
T2	CLAIM 20 31;33 40	kata dia dan lagi
R1	SAID_BY Arg1:T2 Arg2:T1
A1	certainty T2 hedged
A2	check_worthy T2 true
#1	AnnotatorNotes T2	note="teks bebas"
```

Offsets are code points (brat is Python). A span that crosses a line break is written as
fragments split at the line breaks (brat's rule) and read back as first start .. last end;
fragments with text between them are refused at their line (a span is one stretch here).
Import also reads events (the trigger span labelled with the event type, one relation per
role), ``*`` equivalences (one relation per consecutive pair) and ``N`` normalisations (a text
attribute named by the type); every other line is refused, free-text notes are listed.
Attributes whose value is a space-free string or a boolean (``true``/``false``) are ``A``
lines; free text is an ``AnnotatorNotes`` line ``name=<JSON string>``. Relations: ``Arg1`` is
the head (the claim), ``Arg2`` the child. Import reads an ``.ann`` file and the ``.txt``
beside it; the annotator is ``--annotator``, else the folder's name when the folder above it
holds an export ``manifest.json`` (an export's ``annotators.json`` beside the folders names the
annotator of a folder whose name had to differ). Title and metadata are not carried (the id is
the file name).
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats.base import QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import BadRecords, FormatError, decode_strict, read_capped
from annotator.formats.records import MAX_BYTES, draft, safe_stem

EXTENSIONS = (".ann",)
_PLAIN = re.compile(r"^[^\s]+$")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for part in text[start:end].split("\n"):
        if part:
            out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out or [(start, end)]


def ann(doc: Document, kinds: dict[tuple[str, str], str]) -> str:
    lines = []
    tids: dict[int, str] = {}
    n_attr = n_note = 0
    for i, sp in enumerate(doc.spans, 1):
        tids[sp.id] = f"T{i}"
        frags = fragments(doc.article.text, sp.start, sp.end)
        where = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(doc.article.text[s:e] for s, e in frags)
        lines.append(f"T{i}\t{sp.label} {where}\t{shown}")
        for name, value in sp.attributes.items():
            text_kind = kinds.get((sp.layer, name)) == "text"
            if isinstance(value, bool):
                value = "true" if value else "false"
            if isinstance(value, str) and _PLAIN.match(value) and not text_kind:
                n_attr += 1
                lines.append(f"A{n_attr}\t{name} T{i} {value}")
            else:
                n_note += 1
                blob = orjson.dumps(value).decode()
                lines.append(f"#{n_note}\tAnnotatorNotes T{i}\t{name}={blob}")
    for i, rel in enumerate(doc.relations, 1):
        lines.append(f"R{i}\t{rel.label} Arg1:{tids[rel.head]} Arg2:{tids[rel.child]}")
    return "".join(f"{line}\n" for line in lines)


class Sink:
    def __init__(self, path: Path, ctx: Context) -> None:
        self._root = path
        path.mkdir(parents=True, exist_ok=True)
        self._taken: dict[str, set[str]] = {}
        self._kinds = {(a.layer, a.name): a.kind for a in ctx.schema.attributes}
        # One folder per annotator, unique: names that make the same folder name (``x/y``
        # and ``x_y``) get ``-2``…, and ANNOTATORS maps each folder back to its name.
        self._folders: dict[str | None, str] = {}
        self._folder_names: set[str] = set()

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        taken = self._taken.setdefault(doc.annotator or "", set())
        name = self._folders.get(doc.annotator)
        if name is None:
            name = safe_stem(doc.annotator or "unlabelled", self._folder_names)
            self._folders[doc.annotator] = name
        folder = self._root / name
        folder.mkdir(exist_ok=True)
        stem = safe_stem(doc.article.external_id or str(doc.article.id), taken)
        (folder / f"{stem}.txt").write_bytes(doc.article.text.encode("utf-8"))
        (folder / f"{stem}.ann").write_bytes(ann(doc, self._kinds).encode("utf-8"))

    def close(self) -> None:
        named = {folder: who for who, folder in self._folders.items() if who is not None}
        if any(folder != who for folder, who in named.items()):
            (self._root / ANNOTATORS).write_bytes(
                orjson.dumps(dict(sorted(named.items())), option=orjson.OPT_INDENT_2)
            )


FORMAT = ExportFormat(
    "brat",
    "",
    Sink,
    folder=True,
    title="brat",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "standoff .txt + .ann files, a folder per annotator"),
)


_ARG = re.compile(r"^([^:\s]+):([^:\s]+)$")
_LINE_TYPES = (
    "T (text), R (relation), E (event), A or M (attribute), N (normalisation), "
    "* (equivalence), # (note)"
)


class _Ann:
    """One parsed .ann file: every line kept, checked against the text, resolved at the end.
    ``broken``: the ids of lines refused (what refers to them is not refused again)."""

    def __init__(self, path: Path, text: str, txt_name: str) -> None:
        self.path, self.text, self.txt_name = path, text, txt_name
        self.ids: dict[str, int] = {}
        self.spans: dict[str, dict[str, Any]] = {}
        self.events: list[tuple[int, str, str, str, list[tuple[str, str]]]] = []
        self.rels: list[tuple[int, str, str, str]] = []
        self.equivs: list[tuple[int, str, list[str]]] = []
        self.attrs: list[tuple[int, str, str, Any]] = []
        self.norms: list[tuple[int, str, str, str]] = []
        self.notes: list[tuple[int, str, str, str]] = []
        self.broken: set[str] = set()

    def fail(self, n: int, reason: str) -> FormatError:
        return FormatError(self.path, n, reason)

    def line(self, n: int, line: str) -> None:
        cols = line.split("\t")
        key = cols[0]
        if key != "*":
            first = self.ids.get(key)
            if first is not None:
                raise self.fail(n, f"the id {key} is used twice (first at line {first})")
            self.ids[key] = n
        kind = key[:1]
        if (
            len(cols) < 2
            or not cols[1].strip()
            or not (key == "*" or re.fullmatch(r"([A-Za-z]|#)\d+\S*", key))
        ):
            raise self.fail(
                n,
                f"not a brat standoff line: {line[:60]!r} (expected an id, a tab and the "
                f"annotation; line types: {_LINE_TYPES})",
            )
        body = cols[1].split()
        if kind == "T":
            self._text_bound(n, key, cols)
        elif kind == "R":
            if len(body) != 3:
                raise self.fail(n, f"{key}: a relation is 'TYPE Arg1:ID Arg2:ID', not {cols[1]!r}")
            args = [self._arg(n, key, a) for a in body[1:]]
            if {args[0][0], args[1][0]} == {"Arg1", "Arg2"}:
                args.sort()
            self.rels.append((n, body[0], args[0][1], args[1][1]))
        elif kind == "E":
            trigger = self._arg(n, key, body[0])
            roles = [self._arg(n, key, a) for a in body[1:]]
            self.events.append((n, key, trigger[0], trigger[1], roles))
        elif kind in ("A", "M"):
            if len(body) not in (2, 3):
                raise self.fail(n, f"{key}: an attribute is 'NAME ID [VALUE]', not {cols[1]!r}")
            value: Any = body[2] if len(body) == 3 else True
            value = {"true": True, "false": False}.get(value, value)
            self.attrs.append((n, body[0], body[1], value))
        elif kind == "N":
            if len(body) != 3 or ":" not in body[2]:
                raise self.fail(
                    n, f"{key}: a normalisation is 'TYPE ID RESOURCE:ID', not {cols[1]!r}"
                )
            shown = "\t".join(cols[2:]).strip()
            self.norms.append((n, body[0], body[1], f"{body[2]} {shown}".strip()))
        elif kind == "*":
            if len(body) < 3:
                raise self.fail(n, f"an equivalence is 'TYPE ID ID …', not {cols[1]!r}")
            self.equivs.append((n, body[0], body[1:]))
        elif kind == "#":
            if len(body) != 2:
                raise self.fail(n, f"{key}: a note is 'TYPE ID<TAB>text', not {cols[1]!r}")
            self.notes.append((n, body[0], body[1], "\t".join(cols[2:])))
        else:
            raise self.fail(
                n, f"{key}: unknown brat line type {kind!r} (line types: {_LINE_TYPES})"
            )

    def _arg(self, n: int, key: str, arg: str) -> tuple[str, str]:
        m = _ARG.match(arg)
        if not m:
            raise self.fail(n, f"{key}: expected ROLE:ID, not {arg!r}")
        return m.group(1), m.group(2)

    def _text_bound(self, n: int, key: str, cols: list[str]) -> None:
        label, _, where = cols[1].strip().partition(" ")
        if not where:
            raise self.fail(n, f"{key}: a text annotation is 'TYPE start end', not {cols[1]!r}")
        frags: list[tuple[int, int]] = []
        for part in where.split(";"):
            nums = part.split()
            if len(nums) != 2 or not all(x.isascii() and x.isdigit() for x in nums):
                raise self.fail(
                    n,
                    f"cannot read the offsets {where!r} of {key}: expected 'start end' pairs of "
                    "whole numbers separated by ';'",
                )
            s, e = int(nums[0]), int(nums[1])
            if s > e or e > len(self.text):
                raise self.fail(
                    n,
                    f"{key}: the offsets {s} {e} are out of range: {self.txt_name} has "
                    f"{len(self.text):,} characters",
                )
            frags.append((s, e))
        for (_, e1), (s2, _) in itertools.pairwise(frags):
            gap = self.text[e1:s2] if s2 >= e1 else None
            if gap is None or gap.strip():
                raise self.fail(
                    n,
                    f"{key}: a discontinuous span ({where}) cannot be imported: a span is one "
                    "stretch of text here, and only fragments separated by white space (brat's "
                    "line breaks) are joined; split it into separate T annotations",
                )
        shown = " ".join(self.text[s:e] for s, e in frags)
        if len(cols) > 2:
            stated = "\t".join(cols[2:])
            if stated != shown:
                raise self.fail(
                    n,
                    f"{key}: the text given, {stated!r}, is not the text of {self.txt_name} at "
                    f"{where}: {shown!r}",
                )
        self.spans[key] = {
            "id": key,
            "start": frags[0][0],
            "end": frags[-1][1],
            "label": label,
            "attributes": {},
            "_line": n,
        }

    def resolve(
        self, dropped: list[str], bad: list[FormatError]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(spans, relations): events become their trigger span (labelled with the event type,
        keyed by the event id) and one relation per role; ``*`` lines one relation per pair.
        A line naming what the file lacks is added to ``bad`` and left out (one naming an id
        whose own line was refused is only left out: that line is named already)."""
        triggers: dict[str, str] = {}
        out_spans = {k: v for k, v in self.spans.items()}
        event_keys = {e[1] for e in self.events}
        for n, key, etype, trigger, _ in self.events:
            if trigger not in self.spans:
                if trigger not in self.broken:
                    bad.append(
                        self.fail(
                            n, f"{key}: the trigger {trigger} is not a T annotation of this file"
                        )
                    )
                self.broken.add(key)
                event_keys.discard(key)
                continue
            t = self.spans[trigger]
            triggers.setdefault(trigger, key)
            out_spans[key] = {**t, "id": key, "label": etype, "attributes": {}, "_line": n}
        for trigger in triggers:
            del out_spans[trigger]  # the event's span stands for its trigger

        def target(n: int, ref: str) -> str | None:
            if ref in triggers:
                return triggers[ref]
            if ref in out_spans or ref in event_keys:
                return ref
            if ref not in self.broken:
                bad.append(self.fail(n, f"{ref} is not a T or E annotation of this file"))
            return None

        relations: list[dict[str, Any]] = []
        for n, key, _, _, roles in self.events:
            if key not in out_spans:
                continue  # its trigger is missing: named above
            for role, ref in roles:
                child = target(n, ref)
                if child is not None:
                    relations.append({"head": key, "child": child, "label": role, "_line": n})
        for n, label, head, child in self.rels:
            ends = target(n, head), target(n, child)
            if ends[0] is not None and ends[1] is not None:
                relations.append({"head": ends[0], "child": ends[1], "label": label, "_line": n})
        for n, label, refs in self.equivs:
            keys = [target(n, r) for r in refs]
            if any(k is None for k in keys):
                continue
            for a, b in itertools.pairwise(keys):
                relations.append({"head": a, "child": b, "label": label, "_line": n})
        given: dict[tuple[str, str], int] = {}
        for n, name, ref, value in self.attrs:
            at = target(n, ref)
            if at is None:
                continue
            if (at, name) in given:
                bad.append(
                    self.fail(
                        n,
                        f"{ref} has the attribute {name} twice (first at line {given[at, name]})",
                    )
                )
                continue
            given[at, name] = n
            out_spans[at]["attributes"][name] = value
        for n, ntype, ref, value in self.norms:
            at = target(n, ref)
            if at is None:
                continue
            attrs = out_spans[at]["attributes"]
            attrs[ntype] = f"{attrs[ntype]}\n{value}" if ntype in attrs else value
        for n, ntype, ref, note in self.notes:
            at = target(n, ref)
            if at is None:
                continue
            name, eq, blob = note.partition("=")
            if ntype == "AnnotatorNotes" and eq and re.fullmatch(r"\w+", name):
                try:
                    out_spans[at]["attributes"][name] = orjson.loads(blob)
                    continue
                except orjson.JSONDecodeError:
                    pass  # a human note that happens to hold "=": listed below
            dropped.append(f"line {n}: {ntype} on {ref} ({note[:40]!r}) is free text; left out")
        return list(out_spans.values()), relations


def read(
    path: Path, *, annotator: str | None = None, notes: list[str] | None = None
) -> list[ArticleDraft]:
    """The document of one ``.ann`` file and the ``.txt`` beside it (see the module doc).

    Every line is read or refused at its line: T, R, E (the trigger span, labelled with the
    event type, plus one relation per role), A/M, N (a text attribute named by its type:
    ``RESOURCE:ID text``), ``*`` (one relation per consecutive pair), and ``#`` notes (this
    app's ``name=<JSON>`` notes are attributes; free-text notes are left out and listed in
    ``notes``).

    A bad line does not stop the reading: every one (a line brat does not define, bad
    offsets, a text that is not the .txt's, an id used twice, a reference to an id the file
    lacks) is named with its line in one :class:`~.common.BadRecords`, and the document is
    refused. A missing or unreadable .txt refuses it at once; what the document's checks
    find (an annotator missing, a span id twice) is one refusal, as for any record.
    """
    if path.suffix != ".ann":
        raise FormatError(path, 0, "a brat document is read from its .ann file")
    txt = _text_beside(path)
    text = decode_strict(txt, read_capped(txt, MAX_BYTES))
    body = decode_strict(path, read_capped(path, MAX_BYTES))
    parsed = _Ann(path, text, txt.name)
    bad: list[FormatError] = []
    for n, line in enumerate(body.split("\n"), 1):
        line = line.rstrip("\r")
        if line.strip():
            try:
                parsed.line(n, line)
            except FormatError as exc:
                bad.append(exc)
                parsed.broken.add(line.split("\t", 1)[0])
    dropped: list[str] = []
    spans, relations = parsed.resolve(dropped, bad)
    if bad:
        raise BadRecords(path, bad, skippable=False)
    span_lines = {sp["id"]: sp.pop("_line") for sp in spans}
    rel_lines = [rel.pop("_line") for rel in relations]
    who = annotator or _folder_annotator(path)
    rec = {
        "id": path.stem,
        "text": text,
        "annotator": who,
        "status": "done" if who else None,
        "spans": spans,
        "relations": relations,
    }
    result = draft(path, 0, rec, annotator)
    for sp in result.spans:
        sp.line = span_lines[sp.key]
    for rel, n in zip(result.relations, rel_lines, strict=True):
        rel.line = n
    if notes is not None:
        notes.extend(dropped)
    return [result]


def _text_beside(ann: Path) -> Path:
    """The ``.txt`` beside ``ann``, only when it is inside the .ann's folder (a symbolic link
    leading out of it is refused: an article is never made of a file from elsewhere)."""
    txt = ann.with_suffix(".txt")
    if not os.path.lexists(txt):
        raise FormatError(ann, 0, f"no {txt.name} beside it (brat keeps the text there)")
    folder = ann.parent.resolve()
    target = txt.resolve()
    if not target.is_relative_to(folder):
        raise FormatError(
            ann,
            0,
            f"{txt.name} is a symbolic link to {target}, outside the folder {folder}; "
            "only a text file inside the folder is read",
        )
    return txt


ANNOTATORS = "annotators.json"
"""Beside the annotators' folders of an export whose folder names are not the annotators'
names (``x/y`` → ``x_y``; two names one folder → ``x_y-2``): folder → annotator."""


def _folder_annotator(path: Path) -> str | None:
    # The export's manifest sits one or two folders up (a split: one more); a file given by a
    # short relative path (``b/a.ann``) has fewer parents than that, so the path is made
    # absolute first.
    parents = path.absolute().parents
    for manifest in (parents[i] / "manifest.json" for i in (1, 2) if i < len(parents)):
        if manifest.is_file():
            try:
                if orjson.loads(read_capped(manifest, 1 << 24)).get("format") == "brat":
                    return _named(path.parent)
            except (FormatError, orjson.JSONDecodeError, AttributeError):
                return None
    return None


def _named(folder: Path) -> str:
    """The annotator of an export's ``folder``: as ANNOTATORS beside it says, else its name."""
    mapping = folder.parent / ANNOTATORS
    if mapping.is_file():
        try:
            named = orjson.loads(read_capped(mapping, 1 << 24))
        except (FormatError, orjson.JSONDecodeError):
            named = None
        if isinstance(named, dict) and isinstance(named.get(folder.name), str):
            return str(named[folder.name])
    return folder.name
