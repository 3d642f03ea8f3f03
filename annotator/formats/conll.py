"""CoNLL-2003 style IOB2: one token per line, one tag column per layer, entity tags last.

```
# format = CoNLL-2003 style, IOB2 tags, tokens \\w+|[^\\w\\s]; columns TOKEN CLAIM ENTITY
-DOCSTART- O O
# id = 000_b2ebdb4fe16fc330
# annotator = alice
# text = "Putin menelepon Kim."

Putin O B-PERSON
menelepon O O
…
```

Columns are the token, then one IOB2 tag column per layer of the schema with the entity
layer last (where CoNLL-2003 readers look for NER tags), so claims and entities never share
a column. Documents start with ``-DOCSTART-``; a blank line separates paragraphs (a gap with
a line break that no span crosses). Comment lines are ``# key = value``: ``text`` holds the
article text as a JSON string so import restores it exactly; a token ``#`` is a token line
(its second field is a tag, never ``=``). Lossy: attributes, relations and metadata other
than the id are not written; spans of one layer may not overlap (IOB cannot nest).
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.core.tokenize import tokenize
from annotator.formats.base import ENTITY, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, decode_strict, read_capped
from annotator.formats.records import MAX_BYTES, draft, need

EXTENSIONS = (".conll", ".conll03", ".iob")
DOCSTART = "-DOCSTART-"


def layers_of(ctx: Context) -> list[str]:
    names = [layer.name for layer in ctx.schema.layers if layer.name != ENTITY]
    return [*names, ENTITY]


def header(layers: list[str]) -> str:
    cols = " ".join(layer.upper() for layer in layers)
    return (
        "# format = CoNLL-2003 style, IOB2 tags, tokens \\w+|[^\\w\\s] (Unicode); "
        f"columns TOKEN {cols}\n# columns = TOKEN {cols}\n"
    )


def tags_of(doc: Document, tokens: Tokens, layer: str) -> list[str]:
    tags = ["O"] * len(tokens.offsets)
    for sp in doc.spans:
        if sp.layer != layer:
            continue
        first, last = tokens.span(sp.start, sp.end)
        tags[first] = f"B-{sp.label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{sp.label}"
    return tags


class Sink:
    def __init__(self, path: Path, ctx: Context) -> None:
        self._fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self._layers = layers_of(ctx)
        self._fh.write(header(self._layers))

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        text = doc.article.text
        columns = [tags_of(doc, tokens, layer) for layer in self._layers]
        out = [f"{DOCSTART} {' '.join('O' for _ in self._layers)}\n"]
        out.append(f"# id = {doc.article.external_id or doc.article.id}\n")
        if doc.annotator:
            out.append(f"# annotator = {doc.annotator}\n")
        out.append(f"# text = {orjson.dumps(text).decode()}\n\n")
        for i, (s, e) in enumerate(tokens.offsets):
            if i and "\n" in text[tokens.offsets[i - 1][1] : s] and _free(columns, i):
                out.append("\n")
            out.append(f"{text[s:e]} {' '.join(col[i] for col in columns)}\n")
        out.append("\n")
        self._fh.write("".join(out))

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()


def _free(columns: list[list[str]], i: int) -> bool:
    """No span continues into token ``i`` (a paragraph break may go before it)."""
    return not any(col[i].startswith("I-") for col in columns)


FORMAT = ExportFormat("conll", ".conll", Sink, tokens=True, flat=("*",))


# ---------------------------------------------------------------- reading


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    """Documents of a CoNLL file: ours (with ``# text``) or plain CoNLL-2003 style (the text is
    then the tokens joined by spaces, paragraphs by newlines; the last column is the NER tag)."""
    lines = decode_strict(path, read_capped(path, MAX_BYTES)).split("\n")
    columns: list[str] | None = None
    docs: list[dict[str, object]] = []
    cur: dict[str, object] | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        fields = line.split()
        if line.startswith("#") and len(fields) >= 3 and fields[2] == "=":
            key, value = fields[1], line.split("=", 1)[1].strip()
            if key == "columns":
                columns = value.split()
            elif cur is not None:
                cur[key] = value
            continue
        if fields and fields[0] == DOCSTART:
            cur = {"line": n, "rows": []}
            docs.append(cur)
            continue
        if not fields:
            if cur is not None and cur["rows"]:
                rows_list = cur["rows"]
                assert isinstance(rows_list, list)
                rows_list.append(None)
            continue
        if cur is None:
            cur = {"line": n, "rows": []}
            docs.append(cur)
        rows = cur["rows"]
        assert isinstance(rows, list)
        rows.append((n, fields))
    need(bool(docs), path, 0, "the file holds no documents")
    return [_draft(path, d, columns, annotator) for d in docs]


def _draft(
    path: Path, doc: dict[str, object], columns: list[str] | None, override: str | None
) -> ArticleDraft:
    start_line = doc["line"]
    assert isinstance(start_line, int)
    rows = doc["rows"]
    assert isinstance(rows, list)
    tok_rows = [r for r in rows if r is not None]
    width = len(columns) if columns else None
    for n, fields in tok_rows:
        need(len(fields) >= 2, path, n, "a token line needs a token and a tag")
        need(width is None or len(fields) == width, path, n, f"expected {width} columns")
    if "text" in doc:
        try:
            text = orjson.loads(str(doc["text"]))
        except orjson.JSONDecodeError:
            raise FormatError(path, start_line, "# text = is not a JSON string") from None
        need(isinstance(text, str), path, start_line, "# text = is not a JSON string")
    else:
        parts: list[str] = []
        for r in rows:
            parts.append("\n" if r is None else (" " if parts and parts[-1] != "\n" else ""))
            if r is not None:
                parts.append(r[1][0])
        text = "".join(parts).strip("\n")
    offsets = tokenize(text)
    if len(offsets) != len(tok_rows):
        raise FormatError(
            path,
            start_line,
            f"the text has {len(offsets)} tokens (\\w+|[^\\w\\s]) but the document lists "
            f"{len(tok_rows)}",
        )
    for (s, e), (n, fields) in zip(offsets, tok_rows, strict=True):
        need(text[s:e] == fields[0], path, n, f"token {fields[0]!r} is {text[s:e]!r} in the text")
    tag_cols = list(range(1, width)) if columns and width else [len(tok_rows[0][1]) - 1]
    spans: list[dict[str, object]] = []
    for col in tag_cols if tok_rows else []:
        spans.extend(_spans(path, text, offsets, tok_rows, col))
    rec = {
        "id": doc.get("id", ""),
        "text": text,
        "annotator": doc.get("annotator"),
        "status": "done" if doc.get("annotator") or override else None,
        "spans": spans,
    }
    return draft(path, start_line, rec, override)


def _spans(
    path: Path,
    text: str,
    offsets: list[tuple[int, int]],
    rows: list[tuple[int, list[str]]],
    col: int,
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    open_: tuple[int, str] | None = None  # (first token, label)

    def close(last: int) -> None:
        if open_ is not None:
            s, e = offsets[open_[0]][0], offsets[last][1]
            out.append(
                {
                    "id": f"c{col}t{open_[0]}",
                    "start": s,
                    "end": e,
                    "label": open_[1],
                    "text": text[s:e],
                }
            )

    for i, (n, fields) in enumerate(rows):
        tag = fields[col]
        if tag == "O":
            close(i - 1)
            open_ = None
            continue
        prefix, _, label = tag.partition("-")
        need(prefix in ("B", "I") and bool(label), path, n, f"bad IOB2 tag {tag!r}")
        if prefix == "B" or open_ is None or open_[1] != label:
            close(i - 1)
            open_ = (i, label)
    close(len(rows) - 1)
    return out
