"""Stream every article with each annotator's labels: four ordered cursors merged by article.

One pass over each table instead of three queries per article, so an export of 50k articles
costs about what reading the rows costs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import Database

from annotator.core import model
from annotator.core.model import Document, Status
from annotator.store import raw
from annotator.store.convert import loads


class _Groups:
    """Rows of a cursor sorted by article id, handed out one article at a time."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = iter(cursor)
        self._next: tuple[Any, ...] | None = next(self._cursor, None)

    def take(self, article_id: int) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        while self._next is not None and self._next[0] < article_id:
            self._next = next(self._cursor, None)
        while self._next is not None and self._next[0] == article_id:
            out.append(self._next)
            self._next = next(self._cursor, None)
        return out


def iter_documents(
    db: Database, names: dict[int, str], wanted: int | None, *, only_annotated: bool
) -> Iterator[Document]:
    where = "" if wanted is None else f" WHERE annotator_id = {int(wanted)}"
    articles = raw.stream(
        db,
        "SELECT id, external_id, title, source, url, published, text, sha256, language, "
        "language_confidence, imported_at, meta, story_id FROM article ORDER BY id",
    )
    statuses = _Groups(
        raw.execute(
            db,
            f"SELECT article_id, annotator_id, status FROM article_status{where} "
            "ORDER BY article_id",
        )
    )
    spans = _Groups(
        raw.execute(
            db,
            'SELECT article_id, annotator_id, id, start, "end", label, layer, text, attributes, '
            f'cluster_id FROM span{where} ORDER BY article_id, start, "end" DESC, id',
        )
    )
    relations = _Groups(
        raw.execute(
            db,
            "SELECT article_id, annotator_id, id, head_id, child_id, label FROM relation"
            f"{where} ORDER BY article_id, id",
        )
    )
    for row in articles:
        art = model.Article(
            id=row[0],
            external_id=row[1],
            title=row[2],
            source=row[3],
            url=row[4],
            published=row[5],
            text=row[6],
            sha256=row[7],
            language=row[8],
            language_confidence=row[9],
            imported_at=row[10],
            meta=loads(row[11], "article", row[0], "meta"),
            story_id=row[12],
        )
        touched: dict[int, Status] = {}
        for _, a_id, status in statuses.take(art.id):
            if status != Status.TODO.value:
                touched[a_id] = Status(status)
        spans_by: dict[int, list[model.Span]] = {}
        for _, a_id, sid, start, end, label, layer, text, attrs, cluster in spans.take(art.id):
            spans_by.setdefault(a_id, []).append(
                model.Span(
                    sid,
                    art.id,
                    names[a_id],
                    start,
                    end,
                    label,
                    layer,
                    text,
                    loads(attrs, "span", sid, "attributes"),
                    cluster,
                )
            )
            touched.setdefault(a_id, Status.IN_PROGRESS)
        rels_by: dict[int, list[model.Relation]] = {}
        for _, a_id, rid, head, child, label in relations.take(art.id):
            rels_by.setdefault(a_id, []).append(
                model.Relation(rid, art.id, names[a_id], head, child, label)
            )
        if not touched:
            if not only_annotated and wanted is None:
                yield Document(art, None, Status.TODO, [], [])
            continue
        for a_id in sorted(touched, key=lambda i: names[i]):
            yield Document(
                art, names[a_id], touched[a_id], spans_by.get(a_id, []), rels_by.get(a_id, [])
            )
