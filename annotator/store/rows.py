"""One mapping per row type, by column name: the SELECT list a raw statement uses and the
decoder that turns its rows into the domain's objects.

A column is added in one place (the tuple of names, which must equal the dataclass's fields:
checked at import); every statement that reads the type selects :data:`ARTICLE_SELECT` (or
:func:`span_select`) and decodes with the function beside it, so no index can shift.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from annotator.core import model
from annotator.core.model import Status
from annotator.store.convert import loads

ARTICLE_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(model.Article))
"""The article table's columns, named as :class:`model.Article`'s fields (``story_id``)."""
ARTICLE_SELECT = ", ".join(ARTICLE_COLUMNS)


def _filler(columns: tuple[str, ...]) -> Any:
    """``fill(d, row)``: ``d[column] = value`` for each column, by name, in one unpacking
    statement generated from ``columns`` (as fast as a hand-written one, and no index
    written by hand anywhere)."""
    targets = ", ".join(f"d[{name!r}]" for name in columns)
    scope: dict[str, Any] = {}
    exec(f"def fill(d, row):\n    {targets}, = row\n", scope)
    return scope["fill"]


_fill_article = _filler(ARTICLE_COLUMNS)
assert not hasattr(model.Article, "__slots__") and not hasattr(model.Article, "__post_init__")


def article(row: tuple[Any, ...]) -> model.Article:
    """A row selected as :data:`ARTICLE_SELECT`. The frozen dataclass's instance dict is
    filled by name directly (an export builds 50k of them: ~40 % of the ``__init__`` time)."""
    art: model.Article = object.__new__(model.Article)
    d = art.__dict__
    _fill_article(d, row)
    d["meta"] = loads(d["meta"], "article", d["id"], "meta")
    return art


SPAN_COLUMNS: tuple[str, ...] = (
    "id",
    "article_id",
    "annotator",
    "start",
    "end",
    "label",
    "layer",
    "text",
    "attributes",
    "cluster_id",
    "origin",
)
"""The columns a :class:`model.Span` is made of, named as its fields (the span table's
``annotator_id`` is read as ``annotator``: its id, or its name when the statement joins it)."""
assert tuple(f.name for f in dataclasses.fields(model.Span)) == SPAN_COLUMNS
SPAN = {name: i for i, name in enumerate(SPAN_COLUMNS)}  # column -> place in a span row
_fill_span = _filler(SPAN_COLUMNS)


def span_select(table: str = "", annotator: str = "annotator_id") -> str:
    """The SELECT list of a span row: the columns of ``table`` (an alias, or none), the
    annotator as ``annotator`` (``annotator_id``, or a joined name such as ``a.name``)."""
    prefix = f"{table}." if table else ""
    columns = {"annotator": annotator, "end": f'{prefix}"end"'}
    return ", ".join(columns.get(c) or f"{prefix}{c}" for c in SPAN_COLUMNS)


SPAN_ORDER = 'start, "end" DESC, id'  # text order: outer spans first, then by id
assert not hasattr(model.Span, "__slots__") and not hasattr(model.Span, "__post_init__")


def span(row: tuple[Any, ...], annotator: str | None = None) -> model.Span:
    """A row selected as :func:`span_select`; ``annotator``: its annotator's name when the
    row holds the id.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (2,000 spans: ~2 ms of a ~5 ms read); filling the instance dict by name makes the same
    objects (equal, immutable through attributes) in ~40 % of the time."""
    s: model.Span = object.__new__(model.Span)
    d = s.__dict__
    _fill_span(d, row)
    if annotator is not None:
        d["annotator"] = annotator
    d["attributes"] = loads(d["attributes"], "span", d["id"], "attributes")
    return s


ARTICLE_ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "external_id",
    "title",
    "source",
    "language",
    "published",
    "status",
    "spans",
    "story_id",
)
"""The article list's columns (``store/articles.py`` selects them under these names)."""


def article_row(row: tuple[Any, ...]) -> model.ArticleRow:
    values = dict(zip(ARTICLE_ROW_COLUMNS, row, strict=True))
    return model.ArticleRow(
        id=values["id"],
        external_id=values["external_id"],
        title=values["title"],
        source=values["source"],
        language=values["language"],
        published=values["published"],
        status=Status(values["status"]),
        span_count=int(values["spans"] or 0),
        story_id=values["story_id"],
    )
