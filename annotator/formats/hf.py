"""Hugging Face ``datasets``: a folder of JSONL files (one per split, ``data.jsonl`` without
a split) and ``features.json``, the declared :class:`datasets.Features`.

Each row: ``id``, ``annotator``, ``text``, ``tokens`` (the tokenizer's strings),
``token_offsets`` (``[start, end]`` code points per token), ``ner_tags`` (IOB2 tags of the
entity layer as a ``ClassLabel``: ``O``, then ``B-``/``I-`` of each entity label in schema
order) and ``spans``: the other layers' spans (claims) as ``{start, end, token_start,
token_end (inclusive), label, layer, text}``. Load with::

    features = datasets.Features.from_dict(json.load(open("out/features.json")))
    ds = datasets.load_dataset("json", data_files="out/data.jsonl", features=features)

Writing ``features.json`` needs the optional extra ``hf`` (``pip install annotator[hf]``).
"""

from __future__ import annotations

from typing import Any

import orjson

from annotator.core.model import Document
from annotator.formats import jsonl
from annotator.formats.base import ENTITY, Context, ExportFormat
from annotator.formats.checks import Tokens
from annotator.formats.common import FormatError


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
    span = {
        "start": value("int32"),
        "end": value("int32"),
        "token_start": value("int32"),
        "token_end": value("int32"),
        "label": value("string"),
        "layer": value("string"),
        "text": value("string"),
    }
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


class Sink(jsonl.Sink):
    def add(self, doc: Document, tokens: Tokens | None) -> None:
        assert tokens is not None
        if not hasattr(self, "_tags"):
            self._tags = {name: i for i, name in enumerate(tag_names(self._ctx))}
        text = doc.article.text
        tags = [0] * len(tokens.offsets)
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
            "tokens": [text[s:e] for s, e in tokens.offsets],
            "token_offsets": [list(t) for t in tokens.offsets],
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
    sidecar_suffixes=(".features.json",),
)
