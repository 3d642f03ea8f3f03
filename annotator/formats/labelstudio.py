"""Label Studio: a JSON list of tasks, one per article, one annotation per annotator, and a
labelling config (``<name>.config.xml``; ``config.xml`` in a split folder) to paste into the
project's Labeling Interface.

Regions are ``labels`` results whose ``from_name`` is the layer (``entity``, ``claim``) over
the ``text`` object; ``value.start``/``value.end`` are code points (Label Studio's Text tag
counts code points since frontend PR #308). Attributes are per-region results with the
region's ``id``: ``choices`` (choice attributes; booleans as ``"true"``/``"false"``) or
``textarea`` (text attributes), ``from_name`` ``<layer>_<attribute>``. Relations are
``relation`` results (``from_id`` head, ``to_id`` child, ``labels`` [type]). The annotator is
``completed_by: {"email": name}``; import also accepts a number (the user id, as a name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.model import ArticleDraft, Document
from annotator.formats import jsonl
from annotator.formats.base import Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError
from annotator.formats.records import draft, json_document


def results(doc: Document, kinds: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """The task's ``result`` list; ``kinds`` maps (layer, attribute) to the schema's kind."""
    out: list[dict[str, Any]] = []
    for sp in doc.spans:
        rid = f"s{sp.id}"
        where = {"start": sp.start, "end": sp.end, "text": sp.text}
        out.append(
            {
                "id": rid,
                "from_name": sp.layer,
                "to_name": "text",
                "type": "labels",
                "origin": "manual",
                "value": {**where, "labels": [sp.label]},
            }
        )
        for name, value in sp.attributes.items():
            kind = kinds.get((sp.layer, name), "text" if isinstance(value, str) else "choice")
            if kind == "text":
                kind, val = "textarea", {"text": [value]}
            else:
                choice = ("true" if value else "false") if isinstance(value, bool) else value
                kind, val = "choices", {"choices": [str(choice)]}
            out.append(
                {
                    "id": rid,
                    "from_name": f"{sp.layer}_{name}",
                    "to_name": "text",
                    "type": kind,
                    "origin": "manual",
                    "value": {**where, **val},
                }
            )
    for rel in doc.relations:
        out.append(
            {
                "from_id": f"s{rel.head}",
                "to_id": f"s{rel.child}",
                "type": "relation",
                "direction": "right",
                "labels": [rel.label],
            }
        )
    return out


class Sink(jsonl.Sink):
    def __init__(self, path: Path, ctx: Context) -> None:
        super().__init__(path, ctx)
        self._task: dict[str, Any] | None = None
        self._kinds = {(a.layer, a.name): a.kind for a in ctx.schema.attributes}
        self._n = 0

    def add(self, doc: Document, tokens: Tokens | None) -> None:
        art = doc.article
        if self._task is None or self._task["data"]["_article"] != art.id:
            self._emit()
            self._n += 1
            data = {
                "text": art.text,
                "id": art.external_id,
                "meta": jsonl.meta_of(art),
                "_article": art.id,
            }
            self._task = {"id": self._n, "data": data, "annotations": []}
        if doc.annotator is not None:
            self._task["annotations"].append(
                {
                    "completed_by": {"email": doc.annotator},
                    "result": results(doc, self._kinds),
                    "was_cancelled": False,
                    "ground_truth": doc.annotator == "gold",
                }
            )

    def _emit(self) -> None:
        if self._task is not None:
            del self._task["data"]["_article"]
            self._buf.append((b"[" if self._n == 1 else b",") + orjson.dumps(self._task))
            self._task = None
            if len(self._buf) >= 512:
                self._flush()

    def close(self) -> None:
        self._emit()
        self._buf.append(b"]" if self._n else b"[]")
        super().close()


def config(ctx: Context) -> dict[str, bytes]:
    schema = ctx.schema
    lines = ["<View>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(r.name)}/>" for r in schema.relations]
    lines.append("  </Relations>")
    for layer in schema.layers:
        lines.append(f'  <Labels name={quoteattr(layer.name)} toName="text">')
        for label in schema.labels_of(layer.name):
            lines.append(
                f"    <Label value={quoteattr(label.name)} background={quoteattr(label.color)}/>"
            )
        lines.append("  </Labels>")
    lines.append('  <Text name="text" value="$text"/>')
    for attr in schema.attributes:
        name = quoteattr(f"{attr.layer}_{attr.name}")
        when = f'visibleWhen="region-selected" whenTagName={quoteattr(attr.layer)}'
        if attr.kind in ("choice", "bool"):
            choices = attr.choices if attr.kind == "choice" else ("true", "false")
            lines.append(f'  <Choices name={name} toName="text" perRegion="true" {when}>')
            lines += [f"    <Choice value={quoteattr(str(c))}/>" for c in choices]
            lines.append("  </Choices>")
        else:
            lines.append(f'  <TextArea name={name} toName="text" perRegion="true" {when}/>')
    lines.append("</View>\n")
    return {".config.xml": "\n".join(lines).encode("utf-8")}


FORMAT = ExportFormat(
    "labelstudio",
    ".json",
    Sink,
    sidecars=config,
    unlabelled=True,
    sidecar_suffixes=(".config.xml",),
)


def read(path: Path, *, annotator: str | None = None) -> list[ArticleDraft]:
    tasks = json_document(path)
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise FormatError(path, 0, "expected a JSON list of Label Studio tasks")
    drafts = []
    for i, task in enumerate(tasks, 1):
        for rec in canonical(path, i, task):
            drafts.append(draft(path, 0, rec, annotator))
    return drafts


def canonical(path: Path, index: int, task: Any) -> list[dict[str, Any]]:
    where = f"task {index}"
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise FormatError(path, 0, f'{where}: needs a "data" object')
    data = task["data"]
    if not isinstance(data.get("text"), str):
        raise FormatError(path, 0, f'{where}: "data" has no "text" string')
    base = {
        "id": data.get("id", task.get("id")),
        "text": data["text"],
        "meta": data.get("meta") if isinstance(data.get("meta"), dict) else {},
    }
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not annotations:
        return [base]
    out = []
    for a in annotations:
        who = a.get("completed_by")
        name = who.get("email") if isinstance(who, dict) else who
        name = str(name) if name is not None else None
        try:
            spans, relations = _regions(a.get("result") or [])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise FormatError(path, 0, f"{where}: a malformed result ({exc!r})") from None
        status = "done" if name else None
        out.append(
            {**base, "annotator": name, "status": status, "spans": spans, "relations": relations}
        )
    return out


def _regions(result: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    spans: dict[str, dict[str, Any]] = {}
    attrs: list[dict[str, Any]] = []
    relations = []
    for item in result:
        kind = item.get("type")
        if kind in ("labels", "hypertextlabels"):
            v = item["value"]
            for label in v["labels"]:
                key = item["id"] if len(v["labels"]) == 1 else f"{item['id']}:{label}"
                spans[key] = {
                    "id": key,
                    "start": v["start"],
                    "end": v["end"],
                    "label": label,
                    "text": v.get("text"),
                    "attributes": {},
                    "_layer": item["from_name"],
                }
        elif kind == "relation":
            for label in item.get("labels") or []:
                relations.append({"head": item["from_id"], "child": item["to_id"], "label": label})
        elif kind in ("choices", "textarea"):
            attrs.append(item)
    for item in attrs:
        region = spans.get(item.get("id", ""))
        if region is None:
            continue  # a per-task classification, not a span attribute
        prefix = f"{region['_layer']}_"
        name = item["from_name"]
        name = name[len(prefix) :] if name.startswith(prefix) else name
        v = item["value"]
        if item["type"] == "textarea":
            region["attributes"][name] = "\n".join(v["text"])
        else:
            value = v["choices"][0]
            region["attributes"][name] = {"true": True, "false": False}.get(value, value)
    for sp in spans.values():
        del sp["_layer"]
    return list(spans.values()), relations
