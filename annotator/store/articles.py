"""Articles: the article list (paged, FTS5 / PostgreSQL text search, filters), one article,
its text, languages, the annotators, and the revision others' changes move on."""

from __future__ import annotations

from typing import Any

from peewee import JOIN, SQL, NodeList, Table, fn

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.store import db, raw, tables
from annotator.store import rows as rows_
from annotator.store.access import Access
from annotator.store.context import StoreContext
from annotator.store.convert import rows


class Articles:
    """Reads of articles and of the article list (its span counts and statuses are the
    reader's, as :class:`Access` scopes them)."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    def revision(self) -> int:
        """A number that grows with every change anyone makes (the event log's last id): a
        window polls it to refresh what other annotators changed (docs/adr: team refresh)."""
        row = raw.one(self._ctx.db, "SELECT MAX(id) FROM event")
        return int(row[0] or 0)

    # ------------------------------------------------------------ annotators
    def annotators(self) -> list[model.Annotator]:
        return [
            model.Annotator(id=a.id, name=a.name, is_reviewer=a.is_reviewer)
            for a in tables.Annotator.select().order_by(tables.Annotator.name)
        ]

    # ------------------------------------------------------------ articles
    def article_count(self) -> int:
        return int(tables.Article.select().count())

    def article(self, article_id: int) -> model.Article:
        sql = f"SELECT {rows_.ARTICLE_SELECT} FROM article WHERE id = ?"
        row = raw.one(self._ctx.db, sql, (article_id,))
        if row is None:
            raise CorpusError(f"no article with id {article_id}")
        return rows_.article(row)

    def article_text(self, article_id: int) -> str:
        """Just the text of an article (an edit checks its offsets against it: no need to
        build the whole article)."""
        row = raw.one(self._ctx.db, "SELECT text FROM article WHERE id = ?", (article_id,))
        if row is None:
            raise CorpusError(f"no article with id {article_id}")
        return str(row[0])

    def article_ids(self) -> list[int]:
        return [
            r[0] for r in rows(tables.Article.select(tables.Article.id).order_by(tables.Article.id))
        ]

    def article_rows(
        self,
        annotator: str | None = None,
        *,
        search: str = "",
        language: str | None = None,
        status: Status | None = None,
        story: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        only: int | None = None,
    ) -> list[model.ArticleRow]:
        """Rows for the article list: filtered, in import order, with my status and spans
        (``only``: just the row of that article id; ``story``: the articles of that story id,
        a walk of the article table's story index in id order).

        Query shapes (EXPLAIN QUERY PLAN checked on 100k articles, each page an index walk in
        id order that stops after ``limit`` rows, never a sort of every match):
        a status other than to-do walks the index (annotator, status, article) of my statuses;
        a search alone walks the full-text index in rowid order; a search with another filter
        takes the matching ids first (FTS5 is cheap; walking it while testing a selective
        filter on each match is not).
        """
        annotator = self._access.scope(annotator).annotator  # whose span counts and status
        return self._page(annotator, search, language, status, offset, limit, only, story)

    def _page(
        self,
        annotator: str | None,
        search: str,
        language: str | None,
        status: Status | None,
        offset: int,
        limit: int | None,
        only: int | None,
        story: int | None = None,
    ) -> list[model.ArticleRow]:
        """:meth:`article_rows` for ``annotator`` as :class:`Access` scoped it."""
        a_id = self._ctx.annotator_id_or_none(annotator)
        if status is not None and status is not Status.TODO and a_id is None:
            return []  # nobody's status is anything but to-do
        query = self._rows_query(
            a_id,
            search,
            named=bool(annotator),
            language=language,
            status=status,
            only=only,
            story=story,
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [rows_.article_row(r) for r in rows(query)]

    def _rows_query(
        self,
        a_id: int | None,
        search: str,
        *,
        named: bool | None = None,
        language: str | None = None,
        status: Status | None = None,
        only: int | None = None,
        story: int | None = None,
    ) -> Any:
        """The article list's statement (see :meth:`article_rows`) for annotator id ``a_id``
        (``named``: an annotator was asked for; by default, whether ``a_id`` is given)."""
        named = a_id is not None if named is None else named
        # With no annotator named, the count is everyone's spans.
        mine = (tables.Span.annotator == a_id) if named else True
        spans = tables.Span.select(fn.COUNT(tables.Span.id)).where(
            (tables.Span.article == tables.Article.id) & mine
        )
        on_mine = (tables.ArticleStatus.article == tables.Article.id) & (
            tables.ArticleStatus.annotator == a_id
        )

        def select(status_column: Any) -> Any:  # the columns by name (store/rows.py decodes)
            named = {"status": status_column.alias("status"), "spans": spans.alias("spans")}
            return tables.Article.select(
                *(
                    named[c] if c in named else getattr(tables.Article, c)
                    for c in rows_.ARTICLE_ROW_COLUMNS
                )
            )

        words = search.split()
        # A story's articles are few: walked first (the story index), each one's status looked
        # up, whatever the status asked; otherwise a status other than to-do walks my statuses.
        if status is not None and status is not Status.TODO and story is None:
            query = (
                select(tables.ArticleStatus.status)
                .join(tables.ArticleStatus, on=on_mine)
                .where(tables.ArticleStatus.status == status.value)
                .order_by(tables.ArticleStatus.article)
            )
        else:
            status_col = fn.COALESCE(tables.ArticleStatus.status, Status.TODO.value)
            query = select(status_col).join(tables.ArticleStatus, JOIN.LEFT_OUTER, on=on_mine)
            if status is not None:
                query = query.where(status_col == status.value)
            alone = status is None and not language and only is None and story is None
            if words and alone and not self._ctx.pg:
                fts = Table("article_fts")
                query = (
                    query.join_from(tables.Article, fts, on=(fts.c.rowid == tables.Article.id))
                    .where(SQL("article_fts MATCH ?", [_match_expression(words)]))
                    .order_by(fts.c.rowid)
                )
                words = []
            else:
                query = query.order_by(tables.Article.id)
        if only is not None:
            query = query.where(tables.Article.id == only)
        if language:
            query = query.where(tables.Article.language == language)
        if story is not None:
            query = query.where(tables.Article.story == story)
        if words:
            query = query.where(tables.Article.id.in_(self._search_ids(search)))
        return query

    def article_row(self, article_id: int, annotator: str | None = None) -> model.ArticleRow:
        """One row of the article list, fresh (after its status or spans changed): the list's
        own query narrowed to one id, so both always agree (one statement, not four).

        Asked after every edit, so its statement is built by peewee once per shape and kept
        (building it is ~1 ms, more than running it): built with stand-in values for the
        annotator's id and the article's id, whose places in the parameters are then known.
        """
        annotator = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(annotator)
        if annotator and a_id is None:  # nobody of that name: nothing is theirs
            found = self._page(annotator, "", None, None, 0, None, article_id)
        else:
            key = (type(self._ctx.db).__name__, a_id is not None)
            if key not in _ROW_SQL:
                query = self._rows_query(_ID_STAND_IN if a_id is not None else None, "", only=_ONLY)
                _ROW_SQL[key] = self._ctx.db.get_sql_context().sql(query).query()
            sql, built = _ROW_SQL[key]
            params = [a_id if p == _ID_STAND_IN else article_id if p == _ONLY else p for p in built]
            found = [rows_.article_row(r) for r in self._ctx.db.execute_sql(sql, params).fetchall()]
        if not found:
            raise CorpusError(f"no article with id {article_id}")
        return found[0]

    def progress(self, annotator: str) -> tuple[int, int]:
        """(articles ``annotator`` marked done, articles in the corpus). On a team corpus a
        non-reviewer may ask only their own (blind mode)."""
        a_id = self._ctx.annotator_id_or_none(self._access.scope(annotator).annotator)
        done = 0
        if a_id is not None:
            done = int(
                tables.ArticleStatus.select()
                .where(
                    (tables.ArticleStatus.annotator == a_id)
                    & (tables.ArticleStatus.status == Status.DONE.value)
                )
                .count()
            )
        return done, self.article_count()

    def next_article(self, after: int, annotator: str, *, not_done: bool = False) -> int | None:
        """The id of the first article after ``after`` (import order), wrapping around;
        with ``not_done``, the first that ``annotator`` has not marked done or skipped."""
        query = tables.Article.select(tables.Article.id)
        if not_done:
            a_id = self._ctx.annotator_id_or_none(self._access.scope(annotator).annotator)
            finished = tables.ArticleStatus.select(tables.ArticleStatus.article).where(
                (tables.ArticleStatus.annotator == a_id)
                & tables.ArticleStatus.status.in_([Status.DONE.value, Status.SKIPPED.value])
            )
            query = query.where(tables.Article.id.not_in(finished))
        later = query.where(tables.Article.id > after).order_by(tables.Article.id).tuples().first()
        if later is not None:
            return int(later[0])
        first = query.where(tables.Article.id < after).order_by(tables.Article.id).tuples().first()
        return None if first is None else int(first[0])

    def _search_ids(self, search: str) -> Any:
        """Full-text search (FTS5; on the server, PostgreSQL's text search over the same GIN
        indexed vector): each word must occur in title or text (see :func:`_match_expression`)."""
        words = search.split()
        if self._ctx.pg:
            vector = SQL(db.PG_SEARCH_VECTOR)
            found = tables.Article.select(tables.Article.id).where(
                NodeList((vector, SQL("@@"), _ts_query(words)))
            )
            return found
        expr = _match_expression(words)
        return SQL("(SELECT rowid FROM article_fts WHERE article_fts MATCH ?)", [expr])

    def has_sources(self) -> bool:
        """Whether any article names its source (outlet)."""
        return raw.one(self._ctx.db, "SELECT 1 FROM article WHERE source != '' LIMIT 1") is not None

    def has_dates(self) -> bool:
        """Whether any article says when it was published."""
        sql = "SELECT 1 FROM article WHERE published IS NOT NULL AND published != '' LIMIT 1"
        return raw.one(self._ctx.db, sql) is not None

    def languages(self) -> dict[str, int]:
        query = (
            tables.Article.select(tables.Article.language, fn.COUNT(tables.Article.id))
            .group_by(tables.Article.language)
            .order_by(fn.COUNT(tables.Article.id).desc())
        )
        return {lang: int(n) for lang, n in rows(query)}


_ROW_SQL: dict[tuple[str, bool], tuple[str, list[Any]]] = {}  # article_row's, by shape
_ID_STAND_IN, _ONLY = -7_770_001, -7_770_002  # stand-ins for the ids while building it


PREFIX_FROM = 3  # characters: the FTS index keeps 3-character prefixes (db migration 4)


def _ts_query(words: list[str]) -> Any:
    """The PostgreSQL twin of :func:`_match_expression`: every word, as a prefix from
    ``PREFIX_FROM`` characters on (``'word':*``), in the 'simple' configuration."""
    parts = []
    for w in words:
        term = "'" + w.replace("\\", "\\\\").replace("'", "''") + "'"
        parts.append(fn.to_tsquery("simple", term + ":*" if len(w) >= PREFIX_FROM else term))
    query: Any = parts[0]
    for part in parts[1:]:
        query = NodeList((query, SQL("&&"), part))
    return NodeList((query,), parens=True)


def _match_expression(words: list[str]) -> str:
    """An FTS5 query: every word must occur (in title or text). A word of three characters
    or more matches as a prefix (typing "Pyong" finds Pyongyang); a shorter one matches whole
    tokens only ("AS", "di"): a one- or two-letter prefix stands for most of the corpus and
    costs a merge of thousands of terms (300 ms on 100k articles) for a list nobody reads."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    return " ".join(
        q + "*" if len(w) >= PREFIX_FROM else q for w, q in zip(words, quoted, strict=True)
    )
