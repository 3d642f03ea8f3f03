"""Row -> domain object conversions shared by the store's modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson

from annotator.core import model
from annotator.store import tables
from annotator.store.errors import CorpusDamaged


def loads(value: str | None, table: str = "", row_id: object = None, column: str = "") -> Any:
    """The JSON ``value`` of a row (``{}`` for none). JSON that does not parse means the file
    was damaged or written by something else: :class:`CorpusDamaged`, naming the row."""
    if not value:
        return {}
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        where = f"{table} {row_id}'s {column}" if table else "a stored value"
        raise CorpusDamaged(
            f"{where} in the corpus is not valid JSON ({exc}); the corpus is damaged: "
            "`annotator db check` lists every such row"
        ) from None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def span(row: Any, annotator: str | None = None) -> model.Span:
    """From a Span row (with ``annotator`` joined, or its name given)."""
    return model.Span(
        id=row.id,
        article_id=row.article_id,
        annotator=annotator if annotator is not None else row.annotator.name,
        start=row.start,
        end=row.end,
        label=row.label,
        layer=row.layer,
        text=row.text,
        attributes=loads(row.attributes, "span", row.id, "attributes"),
        cluster_id=row.cluster_id,
    )


def relation(row: Any, annotator: str | None = None) -> model.Relation:
    return model.Relation(
        id=row.id,
        article_id=row.article_id,
        annotator=annotator if annotator is not None else row.annotator.name,
        head=row.head_id,
        child=row.child_id,
        label=row.label,
    )


def span_record(row: tables.Span) -> dict[str, Any]:
    """Everything needed to put a deleted span back exactly (for the event log)."""
    return {
        "id": row.id,
        "article": row.article_id,
        "annotator": row.annotator_id,
        "start": row.start,
        "end": row.end,
        "label": row.label,
        "layer": row.layer,
        "text": row.text,
        "attributes": row.attributes,
        "cluster": row.cluster_id,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "origin": row.origin,
    }


def relation_record(row: tables.Relation) -> dict[str, Any]:
    return {
        "id": row.id,
        "article": row.article_id,
        "annotator": row.annotator_id,
        "head": row.head_id,
        "child": row.child_id,
        "label": row.label,
        "created_at": row.created_at,
    }


def rows(query: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows as plain tuples, streamed (not cached on the query)."""
    return iter(query.tuples().iterator())
