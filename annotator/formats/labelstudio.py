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

Import reads ``annotations`` and ``completions`` (before Label Studio 1.0), skips cancelled
ones (counted in the notes), and reads ``predictions`` as to-do pre-annotations of an
annotator named after their ``model_version`` (see :func:`read`), each span's origin
``model:<model_version>``. Export writes such a document (to do, every span one model's) back
as a ``prediction`` of that ``model_version``, so predictions stay predictions both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.model import ArticleDraft, Document, Status
from annotator.core.schema import LabelSchema
from annotator.formats import jsonl
from annotator.formats.base import QT_TRANSLATE_NOOP, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError, all_of
from annotator.formats.jsonl import IdCheck
from annotator.formats.records import draft, json_items


def results(
    doc: Document, kinds: dict[tuple[str, str], str], origin: str = "manual"
) -> list[dict[str, Any]]:
    """The task's ``result`` list; ``kinds`` maps (layer, attribute) to the schema's kind;
    ``origin`` is Label Studio's (``manual``, or ``prediction`` in a prediction)."""
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
                "origin": origin,
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
                    "origin": origin,
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


def _predicted_by(doc: Document) -> str | None:
    """The model whose predictions ``doc`` is: to do, with spans that all began as that one
    model's (``model:NAME``, as a prediction imported from Label Studio); else None."""
    if doc.status is not Status.TODO or not doc.spans:
        return None
    models = {sp.origin for sp in doc.spans}
    if len(models) != 1:
        return None
    kind, _, name = next(iter(models)).partition(":")
    return name if kind == "model" and name else None


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
        model = _predicted_by(doc)
        if model is not None:  # imported predictions, still to do: predictions again
            self._task.setdefault("predictions", []).append(
                {"model_version": model, "result": results(doc, self._kinds, "prediction")}
            )
        elif doc.annotator is not None:
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
        if attr.labels:  # shown only on the labels it applies to (a claim's, not a cue's)
            when += f" whenLabelValue={quoteattr(','.join(attr.labels))}"
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
    title="Label Studio",
    summary=QT_TRANSLATE_NOOP("ExportDialog", "JSON tasks plus a matching labelling config"),
)


DIALECT = (
    'a Label Studio JSON export: a list of tasks {"data": {"text": …}, "annotations" (or '
    '"completions", before 1.0): [{"result": […]}], "predictions": […]}'
)
_SPAN_TYPES = ("labels", "hypertextlabels")


def read(
    path: Path,
    *,
    annotator: str | None = None,
    notes: list[str] | None = None,
    predictions_as: str | None = None,
    schema: LabelSchema | None = None,
) -> list[ArticleDraft]:
    """One record per task x annotation (or prediction); a task with neither is a to-do
    article. ``annotations`` and ``completions`` (Label Studio before 1.0) are both read;
    cancelled ones are skipped and counted in ``notes``. Predictions are pre-annotations of
    an annotator named ``predictions_as`` or the prediction's ``model_version``, status todo.
    ``schema`` (when given) decides which choices/textarea results are attributes; the others
    are left out and listed in ``notes``. Errors name the task: ``file: task 3: …``."""
    said: list[str] = []
    drafts = all_of(
        path,
        lambda bad: read_batches(
            path, bad, annotator=annotator, notes=said, predictions_as=predictions_as,
            schema=schema,
        ),
    )  # fmt: skip
    if notes is not None:
        notes.extend(said)
    return drafts


def read_batches(
    path: Path,
    bad: list[FormatError],
    *,
    annotator: str | None = None,
    notes: list[str] | None = None,
    predictions_as: str | None = None,
    schema: LabelSchema | None = None,
    size: int = jsonl.BATCH,
    pause: Callable[[], None] | None = None,
) -> Iterator[list[ArticleDraft]]:
    """:func:`read`'s records ``size`` at a time, the tasks parsed one at a time from the
    file's JSON array (``records.json_items``: only a task is held; ADR 0042). Each bad task
    is added to ``bad``; ``notes`` gets what was left out once every task is read."""
    ids = IdCheck(path)
    dropped: list[tuple[str, str]] = []
    drafts: list[ArticleDraft] = []
    tasks = 0
    for i, task in enumerate(json_items(path, f"expected {DIALECT}"), 1):
        if pause is not None:
            pause()
        tasks = i
        try:
            for where, rec in canonical(path, i, task, dropped, predictions_as, schema):
                # A task nobody labelled is a to-do article: --annotator does not make it done.
                override = annotator if "annotator" in rec else None
                try:
                    made = draft(path, 0, rec, override, where)
                except FormatError as exc:
                    bad.append(exc)
                    continue
                if ids.keep(made, bad):
                    drafts.append(made)
        except FormatError as exc:
            bad.append(exc)
        if len(drafts) >= size:
            yield drafts
            drafts = []
    if not tasks:
        raise FormatError(path, 0, f"expected {DIALECT}")
    if drafts:
        yield drafts
    if notes is not None:
        notes.extend(summary(dropped))


def summary(dropped: list[tuple[str, str]], shown: int = 5) -> list[str]:
    """One note per kind of thing left out: ``what (count): where; where; …``."""
    grouped: dict[str, list[str]] = {}
    for what, where in dropped:
        grouped.setdefault(what, []).append(where)
    out = []
    for what, wheres in grouped.items():
        more = "; …" if len(wheres) > shown else ""
        out.append(f"{what} ({len(wheres)}): {'; '.join(wheres[:shown])}{more}")
    return out


def canonical(
    path: Path,
    index: int,
    task: Any,
    dropped: list[tuple[str, str]] | None = None,
    predictions_as: str | None = None,
    schema: LabelSchema | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """(where, canonical record) for each annotation and prediction of the task."""
    where = f"task {index}"
    if dropped is None:
        dropped = []
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise FormatError(path, 0, f'{where}: needs a "data" object ({DIALECT})')
    data = task["data"]
    if not isinstance(data.get("text"), str):
        raise FormatError(path, 0, f'{where}: "data" has no "text" string ({DIALECT})')
    base = {
        "id": data.get("id", task.get("id")),
        "text": data["text"],
        "meta": data.get("meta") if isinstance(data.get("meta"), dict) else {},
    }
    found: list[tuple[str, dict[str, Any], bool]] = []
    seen_ids: set[Any] = set()
    for field_name in ("annotations", "completions"):
        items = task.get(field_name)
        if items is None:
            continue
        if not isinstance(items, list):
            raise FormatError(path, 0, f'{where}: "{field_name}" must be a list')
        for n, a in enumerate(items, 1):
            if not isinstance(a, dict):
                raise FormatError(path, 0, f"{where}: {field_name} {n} must be an object")
            if a.get("id") is not None:
                if a["id"] in seen_ids:
                    continue  # the same annotation under both names
                seen_ids.add(a["id"])
            at = f"{where}, {field_name[:-1]} {n}"
            if a.get("was_cancelled"):
                dropped.append(("skipped cancelled annotations", at))
                continue
            found.append((at, a, False))
    predictions = task.get("predictions") or []
    if not isinstance(predictions, list):
        raise FormatError(path, 0, f'{where}: "predictions" must be a list')
    for n, p in enumerate(predictions, 1):
        if not isinstance(p, dict):
            raise FormatError(path, 0, f"{where}: prediction {n} must be an object")
        found.append((f"{where}, prediction {n}", p, True))
    name: str | None
    if not found:
        return [(where, base)]
    out = []
    humans: set[str] = set()
    for at, a, predicted in found:
        if predicted:
            model = a.get("model_version")
            name = predictions_as or (str(model) if model not in (None, "") else "prediction")
            status: str | None = "todo"
            if name in humans:
                raise FormatError(
                    path,
                    0,
                    f"{at}: the predictions would belong to {name!r}, who also annotated this "
                    "task: their finished work and the model's guesses would mix; name the "
                    "predictions' annotator with --predictions-as",
                )
        else:
            who = a.get("completed_by")
            name = who.get("email") if isinstance(who, dict) else who
            name = str(name) if name is not None else None
            status = "done" if name else None
            if name:
                humans.add(name)
        result = a.get("result") or []
        if not isinstance(result, list):
            raise FormatError(path, 0, f'{at}: "result" must be a list')
        spans, relations = _regions(path, at, result, dropped, schema)
        if predicted:  # the model's guesses: nobody typed them (agreement --hand-only)
            began = model_origin(a.get("model_version"), name or "prediction")
            for sp in spans:
                sp["origin"] = began
        out.append(
            (
                at,
                {**base, "annotator": name, "status": status, "spans": spans,
                 "relations": relations},
            )
        )  # fmt: skip
    return out


def model_origin(model_version: object, name: str) -> str:
    """The origin of a prediction's spans: ``model:`` and the prediction's ``model_version``
    (else the name its annotator got), white space made ``_`` (an origin's name has none)."""
    label = str(model_version) if model_version not in (None, "") else name
    return "model:" + ("_".join(label.split()) or "prediction")[:100]


def _regions(
    path: Path,
    at: str,
    result: list[Any],
    dropped: list[tuple[str, str]],
    schema: LabelSchema | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    spans: dict[str, dict[str, Any]] = {}
    keys: dict[str, list[str]] = {}  # region id -> span keys (one per label)
    attrs: list[tuple[int, dict[str, Any]]] = []
    rels: list[tuple[int, dict[str, Any]]] = []

    def bad(n: int, reason: str) -> FormatError:
        return FormatError(path, 0, f"{at}: result {n}: {reason}")

    for n, item in enumerate(result, 1):
        if not isinstance(item, dict):
            raise bad(n, "must be an object")
        kind = item.get("type")
        v = item.get("value")
        if kind in _SPAN_TYPES:
            rid = item.get("id")
            if not isinstance(rid, str | int) or isinstance(rid, bool):
                raise bad(n, 'a region needs an "id"')
            rid = str(rid)
            if rid in keys:
                raise bad(n, f"the region id {rid!r} is used twice")
            if not isinstance(v, dict) or not isinstance(v.get("labels"), list):
                raise bad(n, 'a labels result needs "value": {"start", "end", "labels"}')
            start, end = v.get("start"), v.get("end")
            offsets = v.get("globalOffsets")
            if isinstance(start, str) and isinstance(offsets, dict):  # HyperText regions
                start, end = offsets.get("start"), offsets.get("end")
            if not v["labels"]:
                raise bad(n, f"the region {rid!r} has no label")
            keys[rid] = []
            for label in v["labels"]:
                key = rid if len(v["labels"]) == 1 else f"{rid}:{label}"
                keys[rid].append(key)
                spans[key] = {
                    "id": key,
                    "start": start,
                    "end": end,
                    "label": label,
                    "text": v.get("text"),
                    "attributes": {},
                    "_layer": item.get("from_name", ""),
                }
        elif kind == "relation":
            rels.append((n, item))
        elif kind in ("choices", "textarea"):
            attrs.append((n, item))
        else:
            dropped.append(
                (f"left out {kind!r} results (no place for them here)", f"{at}: result {n}")
            )
    relations: list[dict[str, Any]] = []
    for n, item in rels:
        head, child = item.get("from_id"), item.get("to_id")
        for end_ in (head, child):
            if str(end_) not in keys:
                raise bad(n, f"the relation names the region {end_!r}, which is not in this result")
        if item.get("direction") == "left":
            head, child = child, head
        labels = item.get("labels") or []
        if not isinstance(labels, list):
            raise bad(n, 'a relation\'s "labels" must be a list')
        if not labels:
            dropped.append(("left out relations with no label", f"{at}: result {n}"))
        for label in labels:
            for h in keys[str(head)]:
                for c in keys[str(child)]:
                    relations.append({"head": h, "child": c, "label": label})
    for n, item in attrs:
        rid = item.get("id")
        name = str(item.get("from_name", ""))
        v = item.get("value")
        if rid is None or str(rid) not in keys:
            dropped.append(
                (
                    f"left out {item['type']} {name!r} (of the task, not of a region)",
                    f"{at}: result {n}",
                )
            )
            continue
        if not isinstance(v, dict):
            raise bad(n, 'a choices/textarea result needs a "value"')
        for key in keys[str(rid)]:
            region = spans[key]
            attr = _attribute_name(region, name, schema)
            if attr is None:
                dropped.append(
                    (
                        f"left out {item['type']} {name!r}: the schema has no such attribute",
                        f"{at}: result {n}",
                    )
                )
                continue
            if item["type"] == "textarea":
                texts = v.get("text")
                texts = [texts] if isinstance(texts, str) else texts
                if not isinstance(texts, list):
                    raise bad(n, 'a textarea result needs "text": [...]')
                region["attributes"][attr] = "\n".join(str(t) for t in texts)
            else:
                choices = v.get("choices")
                if not isinstance(choices, list) or not choices:
                    raise bad(n, 'a choices result needs "choices": [...]')
                if len(choices) > 1:
                    dropped.append(
                        (
                            f"left out choices {name!r} with several values (an attribute "
                            "holds one)",
                            f"{at}: result {n}",
                        )
                    )
                    continue
                value = choices[0]
                region["attributes"][attr] = {"true": True, "false": False}.get(value, value)
    for sp in spans.values():
        del sp["_layer"]
    return list(spans.values()), relations


def _attribute_name(region: dict[str, Any], name: str, schema: LabelSchema | None) -> str | None:
    """The attribute a per-region result named ``name`` is (``<layer>_<attribute>``, or the
    attribute's own name), or None when the schema (if given) has no such attribute."""
    candidates = []
    for prefix in (f"{region['_layer']}_",) + (
        (f"{schema.layer_of(region['label'])}_",)
        if schema is not None and schema.has_label(region["label"])
        else ()
    ):
        if name.startswith(prefix):
            candidates.append(name[len(prefix) :])
    candidates.append(name)
    if schema is None or not schema.has_label(region["label"]):
        return candidates[0]
    known = {a.name for a in schema.attributes_for(region["label"])}
    return next((c for c in candidates if c in known), None)
