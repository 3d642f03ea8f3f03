"""Queries of a corpus: articles, spans, relations, documents for export, statistics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import JOIN, SQL, Database, NodeList, Table, fn

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.store import convert, db, raw, tables
from annotator.store import rows as rows_
from annotator.store.access import Access
from annotator.store.convert import rows
from annotator.store.documents import iter_documents
from annotator.store.errors import CorpusDamaged
from annotator.store.operations import read


class Reading(Access):
    """Read-only queries; the base of :class:`annotator.store.corpus.Corpus`."""

    _db: Database
    _schema: LabelSchema | None

    @property
    def schema(self) -> LabelSchema:
        """The label schema as this process last read it (kept: asked on every paint). A write
        never trusts it: it reads the stored one in its own transaction
        (:meth:`_schema_in_txn`); :meth:`reload_schema` catches up with others' edits."""
        if self._schema is None:
            self._take_schema(_SCHEMA_READ)
        assert self._schema is not None
        return self._schema

    @read
    def reload_schema(self) -> bool:
        """Read the stored schema again; whether it differs from the one this process had
        (another user edited it: the window rebuilds its palette and hotkeys)."""
        before = self._schema
        self._take_schema(_SCHEMA_READ)
        return before is not None and self._schema != before

    def _schema_in_txn(self, *, for_update: bool = False) -> LabelSchema:
        """The stored schema, read inside the caller's write transaction. On a server under a
        row lock on the schema's row, held until that transaction ends: ``FOR SHARE`` for an
        edit that uses labels (no schema edit commits in between, and one that committed first
        is seen), ``FOR UPDATE`` for a schema edit. On SQLite the writer holds the file's
        write lock (BEGIN IMMEDIATE, :meth:`_writing`), which does the same."""
        sql = _SCHEMA_READ
        if self._pg:
            sql += " FOR UPDATE" if for_update else " FOR SHARE"
        self._take_schema(sql)
        assert self._schema is not None
        return self._schema

    def _take_schema(self, sql: str) -> None:
        row = raw.one(self._db, sql)
        if row is None:
            raise CorpusError("this corpus has no label schema")
        text = str(row[0])
        if self._schema is None or text != self.__dict__.get("_schema_text"):
            try:
                self._schema = LabelSchema.from_json(text)
            except (ValueError, KeyError, TypeError) as exc:  # SchemaError is a ValueError
                raise CorpusDamaged(
                    f"the label schema stored in the corpus is damaged ({exc}); "
                    "`annotator db check` tells more"
                ) from None
            self.__dict__["_schema_text"] = text

    def _writing(self) -> Any:
        """A write's transaction. On SQLite it takes the write lock at once (BEGIN
        IMMEDIATE), so what it reads first (the schema, the rows it checks) cannot change
        before it writes; on a server the write's row locks do that."""
        if self._pg:
            return self._db.atomic()
        return self._db.atomic("IMMEDIATE")

    def _checked_layer(self, label: str, attributes: dict[str, Any]) -> str:
        """The label's layer, once the label and its attributes check out: inside a write's
        transaction against the stored schema (another user may have just removed the
        label), otherwise against this process's copy."""
        schema = self._schema_in_txn() if self._db.in_transaction() else self.schema
        try:
            layer = schema.layer_of(label)
            schema.check_attributes(layer, attributes)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        return layer

    @read
    def revision(self) -> int:
        """A number that grows with every change anyone makes (the event log's last id): a
        window polls it to refresh what other annotators changed (docs/adr: team refresh)."""
        row = raw.one(self._db, "SELECT MAX(id) FROM event")
        return int(row[0] or 0)

    # ------------------------------------------------------------ annotators
    @read
    def annotators(self) -> list[model.Annotator]:
        return [
            model.Annotator(id=a.id, name=a.name, is_reviewer=a.is_reviewer)
            for a in tables.Annotator.select().order_by(tables.Annotator.name)
        ]

    # ------------------------------------------------------------ articles
    @read
    def article_count(self) -> int:
        return int(tables.Article.select().count())

    @read
    def article(self, article_id: int) -> model.Article:
        sql = f"SELECT {rows_.ARTICLE_SELECT} FROM article WHERE id = ?"
        row = raw.one(self._db, sql, (article_id,))
        if row is None:
            raise CorpusError(f"no article with id {article_id}")
        return rows_.article(row)

    @read
    def article_text(self, article_id: int) -> str:
        """Just the text of an article (an edit checks its offsets against it: no need to
        build the whole article)."""
        row = raw.one(self._db, "SELECT text FROM article WHERE id = ?", (article_id,))
        if row is None:
            raise CorpusError(f"no article with id {article_id}")
        return str(row[0])

    @read
    def article_ids(self) -> list[int]:
        return [
            r[0] for r in rows(tables.Article.select(tables.Article.id).order_by(tables.Article.id))
        ]

    @read
    def article_rows(
        self,
        annotator: str | None = None,
        *,
        search: str = "",
        language: str | None = None,
        status: Status | None = None,
        offset: int = 0,
        limit: int | None = None,
        only: int | None = None,
    ) -> list[model.ArticleRow]:
        """Rows for the article list: filtered, in import order, with my status and spans
        (``only``: just the row of that article id).

        Query shapes (EXPLAIN QUERY PLAN checked on 100k articles, each page an index walk in
        id order that stops after ``limit`` rows, never a sort of every match):
        a status other than to-do walks the index (annotator, status, article) of my statuses;
        a search alone walks the full-text index in rowid order; a search with another filter
        takes the matching ids first (FTS5 is cheap; walking it while testing a selective
        filter on each match is not).
        """
        if not self.can_read_others():  # blind mode on a team corpus: one's own rows only
            annotator = self._readable(annotator)
        a_id = self._annotator_id_or_none(annotator)
        if status is not None and status is not Status.TODO and a_id is None:
            return []  # nobody's status is anything but to-do
        query = self._rows_query(
            a_id, search, named=bool(annotator), language=language, status=status, only=only
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
        if status is not None and status is not Status.TODO:
            query = (
                select(tables.ArticleStatus.status)
                .join(tables.ArticleStatus, on=on_mine)
                .where(tables.ArticleStatus.status == status.value)
                .order_by(tables.ArticleStatus.article)
            )
        else:
            status_col = fn.COALESCE(tables.ArticleStatus.status, Status.TODO.value)
            query = select(status_col).join(tables.ArticleStatus, JOIN.LEFT_OUTER, on=on_mine)
            if status is Status.TODO:
                query = query.where(status_col == Status.TODO.value)
            if words and status is None and not language and only is None and not self._pg:
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
        if words:
            query = query.where(tables.Article.id.in_(self._search_ids(search)))
        return query

    @read
    def article_row(self, article_id: int, annotator: str | None = None) -> model.ArticleRow:
        """One row of the article list, fresh (after its status or spans changed): the list's
        own query narrowed to one id, so both always agree (one statement, not four).

        Asked after every edit, so its statement is built by peewee once per shape and kept
        (building it is ~1 ms, more than running it): built with stand-in values for the
        annotator's id and the article's id, whose places in the parameters are then known.
        """
        if not self.can_read_others():
            annotator = self._readable(annotator)
        a_id = self._annotator_id_or_none(annotator)
        if annotator and a_id is None:  # nobody of that name: nothing is theirs
            found = self.article_rows(annotator, only=article_id)
        else:
            key = (type(self._db).__name__, a_id is not None)
            if key not in _ROW_SQL:
                query = self._rows_query(_ID_STAND_IN if a_id is not None else None, "", only=_ONLY)
                _ROW_SQL[key] = self._db.get_sql_context().sql(query).query()
            sql, built = _ROW_SQL[key]
            params = [a_id if p == _ID_STAND_IN else article_id if p == _ONLY else p for p in built]
            found = [rows_.article_row(r) for r in self._db.execute_sql(sql, params).fetchall()]
        if not found:
            raise CorpusError(f"no article with id {article_id}")
        return found[0]

    @read
    def progress(self, annotator: str) -> tuple[int, int]:
        """(articles ``annotator`` marked done, articles in the corpus). On a team corpus a
        non-reviewer may ask only their own (blind mode)."""
        a_id = self._annotator_id_or_none(self._readable(annotator))
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

    @read
    def next_article(self, after: int, annotator: str, *, not_done: bool = False) -> int | None:
        """The id of the first article after ``after`` (import order), wrapping around;
        with ``not_done``, the first that ``annotator`` has not marked done or skipped."""
        query = tables.Article.select(tables.Article.id)
        if not_done:
            a_id = self._annotator_id_or_none(annotator)
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
        if self._pg:
            vector = SQL(db.PG_SEARCH_VECTOR)
            found = tables.Article.select(tables.Article.id).where(
                NodeList((vector, SQL("@@"), _ts_query(words)))
            )
            return found
        expr = _match_expression(words)
        return SQL("(SELECT rowid FROM article_fts WHERE article_fts MATCH ?)", [expr])

    @property
    def _pg(self) -> bool:
        return raw.is_postgres(self._db)

    @read
    def has_sources(self) -> bool:
        """Whether any article names its source (outlet)."""
        return raw.one(self._db, "SELECT 1 FROM article WHERE source != '' LIMIT 1") is not None

    @read
    def has_dates(self) -> bool:
        """Whether any article says when it was published."""
        sql = "SELECT 1 FROM article WHERE published IS NOT NULL AND published != '' LIMIT 1"
        return raw.one(self._db, sql) is not None

    @read
    def languages(self) -> dict[str, int]:
        query = (
            tables.Article.select(tables.Article.language, fn.COUNT(tables.Article.id))
            .group_by(tables.Article.language)
            .order_by(fn.COUNT(tables.Article.id).desc())
        )
        return {lang: int(n) for lang, n in rows(query)}

    # ------------------------------------------------------------ spans and relations
    def _annotator_id_or_none(self, name: str | None) -> int | None:
        """The id of annotator ``name``, None if there is none. Ids found outside a
        transaction are kept (an annotator's id never changes and no annotator is removed);
        a name not found is asked again next time (another app may add it)."""
        if not name:
            return None
        known = self.__dict__.setdefault("_annotator_ids", {})
        if name in known:
            return int(known[name])
        row = raw.one(self._db, "SELECT id FROM annotator WHERE name = ?", (name,))
        if row is None:
            return None
        if not self._db.in_transaction():
            known[name] = int(row[0])
        return int(row[0])

    @read
    def spans(self, article_id: int, annotator: str | None = None) -> list[model.Span]:
        """The article's spans in text order; one annotator's, or everyone's.

        Read as the driver's plain rows (raw SQL): building peewee model objects costs ~25 us
        a row, which is 50 ms for an article with 2,000 spans, more than a frame; even peewee's
        tuple rows (a converter call per column) cost ~20 ms there, the driver's ~3 ms.
        """
        annotator = self._readable(annotator)
        params = (article_id,) if annotator is None else (article_id, annotator)
        sql = _SPANS_SQL + (" AND a.name = ?" if annotator is not None else "") + _SPANS_ORDER
        span = rows_.span
        return [span(r) for r in raw.execute(self._db, sql, params).fetchall()]

    @read
    def span(self, span_id: int) -> model.Span:
        row = (
            tables.Span.select(tables.Span, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Span.id == span_id)
            .first()
        )
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        found = convert.span(row)
        self._readable(found.annotator)
        return found

    @read
    def relations(self, article_id: int, annotator: str | None = None) -> list[model.Relation]:
        annotator = self._readable(annotator)
        query = (
            tables.Relation.select(tables.Relation, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Relation.article == article_id)
            .order_by(tables.Relation.id)
        )
        if annotator is not None:
            query = query.where(tables.Annotator.name == annotator)
        return [convert.relation(row) for row in query]

    @read
    def relation(self, relation_id: int) -> model.Relation:
        row = (
            tables.Relation.select(tables.Relation, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Relation.id == relation_id)
            .first()
        )
        if row is None:
            raise CorpusError(f"no relation with id {relation_id}")
        found = convert.relation(row)
        self._readable(found.annotator)
        return found

    # ------------------------------------------------------------ export
    @read
    def documents(
        self, annotator: str | None = None, *, only_annotated: bool = True
    ) -> Iterator[model.Document]:
        """(article, annotator, status, spans, relations) per article x annotator.

        An annotator counts for an article when they have spans there or a status other than
        to-do. With ``only_annotated=False`` articles nobody touched come once with ``None``.
        """
        annotator = self._readable(annotator)
        names = {a.id: a.name for a in self.annotators()}
        wanted = self._annotator_id_or_none(annotator) if annotator else None
        if annotator and wanted is None:
            if not self.can_read_others():  # the user, with no labels yet
                return iter(())
            raise CorpusError(f"no annotator named {annotator!r}")
        return iter_documents(self._db, names, wanted, only_annotated=only_annotated)

    # ------------------------------------------------------------ statistics and checks
    @read
    def span_counts_by_label(self) -> dict[str, int]:
        query = tables.Span.select(tables.Span.label, fn.COUNT(tables.Span.id)).group_by(
            tables.Span.label
        )
        return {label: int(n) for label, n in rows(query)}

    @read
    def stats(self) -> dict[str, Any]:
        """Counts of the corpus. On a team corpus a non-reviewer gets their own only (blind
        mode): their spans, relations and statuses, no other annotator and no gold count.

        ``status_by_annotator`` counts, per annotator, what the app shows: an article they
        never opened has no status row and is to do, so ``todo`` is the articles less those
        with another status (a status at zero is left out). One aggregate per table."""
        everyone = self.can_read_others()
        me = None if everyone else self._annotator_id_or_none(self._user)
        mine = "" if everyone else " WHERE annotator_id = ?"
        who: tuple[Any, ...] = () if everyone else (me,)
        names = {
            int(a_id): name
            for a_id, name in raw.execute(
                self._db,
                "SELECT id, name FROM annotator" + ("" if everyone else " WHERE id = ?"),
                who,
            )
        }
        articles = int(raw.one(self._db, "SELECT COUNT(*) FROM article")[0])
        by_label: dict[str, int] = {}
        by_layer: dict[str, int] = {}
        per_annotator: dict[int, int] = {}
        for a_id, layer, label, n in raw.execute(
            self._db,
            f"SELECT annotator_id, layer, label, COUNT(*) FROM span{mine} "
            "GROUP BY annotator_id, label, layer",  # the order of span_annotator_label_layer
            who,
        ):
            n = int(n)
            by_label[label] = by_label.get(label, 0) + n
            by_layer[layer] = by_layer.get(layer, 0) + n
            per_annotator[int(a_id)] = per_annotator.get(int(a_id), 0) + n
        statuses: dict[int, dict[str, int]] = {}
        for a_id, status, n in raw.execute(
            self._db,
            f"SELECT annotator_id, status, COUNT(*) FROM article_status{mine} "
            "GROUP BY annotator_id, status",
            who,
        ):
            statuses.setdefault(int(a_id), {})[status] = int(n)
        by_status: dict[str, dict[str, int]] = {}
        for a_id, name in sorted(names.items(), key=lambda item: item[1]):
            counts = statuses.get(a_id, {})
            opened = sum(n for status, n in counts.items() if status != Status.TODO.value)
            counts = {**counts, Status.TODO.value: articles - opened}
            shown = {s.value: counts[s.value] for s in Status if counts.get(s.value)}
            if shown:
                by_status[name] = shown
        relations = raw.one(self._db, f"SELECT COUNT(*) FROM relation{mine}", who)[0]
        out = {
            "articles": articles,
            "languages": self.languages(),
            "spans": sum(by_label.values()),
            "spans_by_label": dict(sorted(by_label.items())),
            "spans_by_layer": dict(sorted(by_layer.items())),
            "relations": int(relations),
            "annotators": {
                name: per_annotator.get(a_id, 0)
                for a_id, name in sorted(names.items(), key=lambda item: item[1])
            },
            "status_by_annotator": by_status,
        }
        if everyone:
            out["gold_spans"] = int(raw.one(self._db, "SELECT COUNT(*) FROM gold_span")[0])
        return out


_SCHEMA_READ = "SELECT value FROM meta WHERE key = 'label_schema'"
_ROW_SQL: dict[tuple[str, bool], tuple[str, list[Any]]] = {}  # article_row's, by shape
_ID_STAND_IN, _ONLY = -7_770_001, -7_770_002  # stand-ins for the ids while building it


# Reading.spans' statement: one article's spans, everyone's or (AND a.name = ?) one's.
_SPANS_SQL = (
    f"SELECT {rows_.span_select('s', annotator='a.name')} FROM span AS s "
    "JOIN annotator AS a ON a.id = s.annotator_id WHERE s.article_id = ?"
)
_SPANS_ORDER = ' ORDER BY s.start, s."end" DESC, s.id'

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
