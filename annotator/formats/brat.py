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
fragments split at the line breaks (brat's rule) and read back as first start .. last end.
Attributes whose value is a space-free string or a boolean (``true``/``false``) are ``A``
lines; free text is an ``AnnotatorNotes`` line ``name=<JSON string>``. Relations: ``Arg1`` is
the head (the claim), ``Arg2`` the child. Import reads an ``.ann`` file and the ``.txt``
beside it; the annotator is ``--annotator``, else the folder's name when the folder above it
holds an export ``manifest.json``. Title and metadata are not carried (the id is the file name).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats.base import Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, decode_strict, read_capped
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

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        taken = self._taken.setdefault(doc.annotator or "", set())
        folder = self._root / safe_stem(doc.annotator or "unlabelled", set())
        folder.mkdir(exist_ok=True)
        stem = safe_stem(doc.article.external_id or str(doc.article.id), taken)
        (folder / f"{stem}.txt").write_bytes(doc.article.text.encode("utf-8"))
        (folder / f"{stem}.ann").write_bytes(ann(doc, self._kinds).encode("utf-8"))

    def close(self) -> None:
        pass


FORMAT = ExportFormat("brat", "", Sink, folder=True)


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    txt = path.with_suffix(".txt")
    if path.suffix != ".ann":
        raise FormatError(path, 0, "a brat document is read from its .ann file")
    if not txt.is_file():
        raise FormatError(path, 0, f"no {txt.name} beside it (brat keeps the text there)")
    text = decode_strict(txt, read_capped(txt, MAX_BYTES))
    spans: dict[str, dict[str, Any]] = {}
    relations = []
    notes: list[tuple[int, str]] = []
    attrs: list[tuple[int, list[str]]] = []
    body = decode_strict(path, read_capped(path, MAX_BYTES))
    for n, line in enumerate(body.split("\n"), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        key = cols[0]
        try:
            if key.startswith("T"):
                label, _, where = cols[1].partition(" ")
                frags = [tuple(int(x) for x in f.split()) for f in where.split(";")]
                start, end = frags[0][0], frags[-1][1]
                spans[key] = {
                    "id": key,
                    "start": start,
                    "end": end,
                    "label": label,
                    "attributes": {},
                    "_line": n,
                }
            elif key.startswith("R"):
                label, arg1, arg2 = cols[1].split()
                relations.append(
                    {"head": arg1.split(":", 1)[1], "child": arg2.split(":", 1)[1], "label": label}
                )
            elif key.startswith("A") or key.startswith("M"):
                attrs.append((n, cols[1].split()))
            elif key.startswith("#") and cols[1].startswith("AnnotatorNotes "):
                notes.append((n, cols[1].split()[1] + "\t" + cols[2]))
        except (IndexError, ValueError):
            raise FormatError(path, n, f"cannot read the brat line {line!r}") from None
    for n, parts in attrs:
        if len(parts) not in (2, 3) or parts[1] not in spans:
            raise FormatError(path, n, "an attribute must name a T annotation of this file")
        value: Any = parts[2] if len(parts) == 3 else True
        spans[parts[1]]["attributes"][parts[0]] = {"true": True, "false": False}.get(value, value)
    for n, note in notes:
        target, _, body_ = note.partition("\t")
        name, eq, blob = body_.partition("=")
        if target in spans and eq and re.fullmatch(r"\w+", name):
            try:
                spans[target]["attributes"][name] = orjson.loads(blob)
            except orjson.JSONDecodeError:
                raise FormatError(path, n, f"note {name}= is not a JSON value") from None
    for sp in spans.values():
        del sp["_line"]
    who = annotator or _folder_annotator(path)
    rec = {
        "id": path.stem,
        "text": text,
        "annotator": who,
        "status": "done" if who else None,
        "spans": list(spans.values()),
        "relations": relations,
    }
    return [draft(path, 0, rec, annotator)]


def _folder_annotator(path: Path) -> str | None:
    for manifest in (path.parent.parent / "manifest.json", path.parents[2] / "manifest.json"):
        if manifest.is_file():
            try:
                if orjson.loads(manifest.read_bytes()).get("format") == "brat":
                    return path.parent.name
            except (OSError, orjson.JSONDecodeError, AttributeError):
                return None
    return None
