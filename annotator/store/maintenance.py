"""Keeping a corpus: its integrity check, backups and copies, and its statistics."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.core.offsets import check_span
from annotator.core.schema import LabelSchema
from annotator.core.speakers import UNATTRIBUTED, voice_of
from annotator.store import db, failures, raw, tables
from annotator.store.access import Access
from annotator.store.articles import Articles
from annotator.store.context import StoreContext
from annotator.store.convert import loads, rows
from annotator.store.errors import CorpusDamaged, StoreError
from annotator.store.schemas import Schemas

# Columns holding JSON, and what each value must be.
JSON_COLUMNS: tuple[tuple[str, str, type], ...] = (
    ("article", "meta", dict),
    ("span", "attributes", dict),
    ("gold_span", "attributes", dict),
    ("gold_span", "annotators", list),
    ("gold_relation", "annotators", list),
    ("event", "payload", dict),
)


PG_BAD_TEXT = "22P02"  # PostgreSQL: a value that does not parse as its type (here JSON)


class Maintenance:
    """``db check`` (integrity: never raises for damage, lists it), backups and copies of
    the whole corpus (for readers of all), and the corpus's counts (scoped by
    :class:`Access`)."""

    def __init__(
        self, ctx: StoreContext, access: Access, schemas: Schemas, articles: Articles
    ) -> None:
        self._ctx = ctx
        self._access = access
        self._schemas = schemas
        self._articles = articles

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own checks (a server enforces its own), every span
        against its text, every span and gold span against the label schema (a label removed
        while in use), every text against its SHA-256, and every stored JSON value (the label
        schema, articles' meta, spans' attributes, gold, the log). Damage that stops
        the reading is one more problem, not an exception."""
        problems: list[str] = []
        try:
            if not self._ctx.pg:
                problems.extend(db.integrity_problems(self._ctx.db.connection()))
                if problems:  # the rows cannot be trusted to read: stop at what SQLite says
                    return problems
                for row in self._ctx.db.execute_sql("PRAGMA foreign_key_check").fetchall():
                    problems.append(f"foreign key: table {row[0]} row {row[1]} -> {row[2]}")
            problems.extend(self._json_problems())
            problems.extend(self._text_problems())
        except StoreError as exc:
            problems.append(str(exc))
        return problems

    def _json_problems(self) -> list[str]:
        problems: list[str] = []
        (value,) = raw.one(self._ctx.db, "SELECT value FROM meta WHERE key = 'label_schema'") or (
            None,
        )
        try:
            LabelSchema.from_json(value or "").validate()
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"the label schema (table meta, key label_schema) is damaged: {exc}")
        for table, column, kind in JSON_COLUMNS:
            rows_ = raw.stream(self._ctx.db, f"SELECT id, {column} FROM {table} ORDER BY id")
            for row_id, text in rows_:
                if not text:
                    continue
                try:
                    value = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    problems.append(f"{table} {row_id}: {column} is not valid JSON ({exc})")
                    continue
                if not isinstance(value, kind):
                    wanted = "an object" if kind is dict else "a list"
                    problems.append(f"{table} {row_id}: {column} is not {wanted}")
        return problems

    def _text_problems(self) -> list[str]:
        problems: list[str] = []
        # Spans and articles are both read in article order and stepped through together:
        # one query each instead of one article query per article.
        articles = raw.stream(self._ctx.db, "SELECT id, text FROM article ORDER BY id")
        current: tuple[int, str] = (0, "")
        query = tables.Span.select(
            tables.Span.id,
            tables.Span.article,
            tables.Span.start,
            tables.Span.end,
            tables.Span.text,
        ).order_by(tables.Span.article)
        for span_id, article_id, start, end, text in rows(query):
            while current[0] < article_id:
                current = next(articles, None) or (article_id, "")
            try:
                check_span(current[1], start, end, text)
            except ValueError as exc:
                problems.append(f"span {span_id} in article {article_id}: {exc}")
        try:
            self._schemas.reload_schema()  # the stored schema, not this process's copy
            known = {label.name for label in self._schemas.schema.labels}
        except CorpusDamaged:  # said by _json_problems: no schema to check the labels against
            known = None
        for table, what in ((tables.Span, "span"), (tables.GoldSpan, "gold span")):
            if known is None:
                break
            strays = table.select(table.id, table.article, table.label).where(
                table.label.not_in(known)
            )
            for row_id, article_id, label in rows(strays.order_by(table.id)):
                problems.append(
                    f"{what} {row_id} in article {article_id}: label {label!r} is not in the "
                    "label schema"
                )
        for art_id, text, sha in rows(
            tables.Article.select(tables.Article.id, tables.Article.text, tables.Article.sha256)
        ):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                problems.append(f"article {art_id}: text does not match its SHA-256")
        return problems

    def backup(self, dest: Path) -> Path:
        """Copy the corpus to the new SQLite file ``dest`` (from a server: ``db pull``)."""
        self._access.require_all()
        if dest.exists():
            raise CorpusError(f"{dest} exists already; choose a new file")
        if self._ctx.pg:
            self.copy_to(str(dest))
            return dest
        return db.backup_sqlite(self._ctx.db, dest)

    def copy_to(self, dest: str, password: str | None = None) -> dict[str, int]:
        """Copy the whole corpus into a new SQLite file or an empty server database (URL);
        rows copied per table. From a team server, for reviewers only: a copy holds
        everyone's labels."""
        from annotator.store.copying import copy_corpus

        self._access.require_all()
        return copy_corpus(self._ctx.db, dest, password)

    def stats(self) -> dict[str, Any]:
        """Counts of the corpus. On a team corpus a non-reviewer gets their own only (blind
        mode): their spans, relations and statuses, no other annotator and no gold count.

        ``status_by_annotator`` counts, per annotator, what the app shows: an article they
        never opened has no status row and is to do, so ``todo`` is the articles less those
        with another status (a status at zero is left out). One aggregate per table."""
        scope = self._access.scope(None)
        everyone = scope.everyone
        me = None if everyone else self._ctx.annotator_id_or_none(scope.annotator)
        mine = "" if everyone else " WHERE annotator_id = ?"
        who: tuple[Any, ...] = () if everyone else (me,)
        names = {
            int(a_id): name
            for a_id, name in raw.execute(
                self._ctx.db,
                "SELECT id, name FROM annotator" + ("" if everyone else " WHERE id = ?"),
                who,
            )
        }
        articles = int(raw.one(self._ctx.db, "SELECT COUNT(*) FROM article")[0])
        by_label: dict[str, int] = {}
        by_layer: dict[str, int] = {}
        per_annotator: dict[int, int] = {}
        origins: dict[str, int] = {}
        for a_id, layer, label, origin, n in raw.execute(
            self._ctx.db,
            f"SELECT annotator_id, layer, label, origin, COUNT(*) FROM span{mine} "
            "GROUP BY annotator_id, label, layer, origin",  # span_annotator_label_layer_origin
            who,
        ):
            n = int(n)
            by_label[label] = by_label.get(label, 0) + n
            by_layer[layer] = by_layer.get(layer, 0) + n
            per_annotator[int(a_id)] = per_annotator.get(int(a_id), 0) + n
            origins[str(origin)] = origins.get(str(origin), 0) + n
        statuses: dict[int, dict[str, int]] = {}
        for a_id, status, n in raw.execute(
            self._ctx.db,
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
        relations = raw.one(self._ctx.db, f"SELECT COUNT(*) FROM relation{mine}", who)[0]
        voices = self._claims_by_voice(everyone, me)
        out = {
            "articles": articles,
            "languages": self._articles.languages(),
            "spans": sum(by_label.values()),
            "spans_by_label": dict(sorted(by_label.items())),
            "spans_by_layer": dict(sorted(by_layer.items())),
            "spans_by_origin": dict(sorted(origins.items())),
            "claims_by_voice": voices,
            "relations": int(relations),
            "annotators": {
                name: per_annotator.get(a_id, 0)
                for a_id, name in sorted(names.items(), key=lambda item: item[1])
            },
            "status_by_annotator": by_status,
        }
        if everyone:
            out["gold_spans"] = int(raw.one(self._ctx.db, "SELECT COUNT(*) FROM gold_span")[0])
        return out

    def _claims_by_voice(self, everyone: bool, annotator_id: int | None) -> dict[str, int]:
        """Claims (``CLAIM`` spans of the ``claim`` layer) counted by voice
        (core/speakers.py), of everyone or of one annotator (none: no one's), in one grouped
        statement: whether the stored ``attribution`` attribute is ``unattributed``, and
        whether the claim heads a ``SAID_BY`` relation. On SQLite the claims are read from
        their own index (``span_claim_voice``, which holds their attributes), not the span
        table. Attributes
        that are not a JSON object are damage, as everywhere: :class:`CorpusDamaged`, naming
        the first such claim."""
        if self._ctx.pg:
            unattributed = (
                "CASE WHEN s.attributes = '' THEN 0 "
                "WHEN json_typeof(s.attributes::json) <> 'object' THEN 2 "
                "WHEN s.attributes::json ->> 'attribution' = 'unattributed' THEN 1 ELSE 0 END"
            )
        else:
            unattributed = (
                "CASE WHEN s.attributes = '' THEN 0 "
                "WHEN NOT json_valid(s.attributes) OR json_type(s.attributes) <> 'object' "
                "THEN 2 WHEN json_extract(s.attributes, '$.attribution') = 'unattributed' "
                "THEN 1 ELSE 0 END"
            )
        sql = (
            f"SELECT {unattributed} AS u, "
            "s.id IN (SELECT head_id FROM relation WHERE label = 'SAID_BY') AS spoken, "
            "COUNT(*) FROM span AS s"
            + ("" if self._ctx.pg else " INDEXED BY span_claim_voice")  # (db migration 11)
            + " WHERE s.layer = 'claim' AND s.label = 'CLAIM'"
            + ("" if everyone else " AND s.annotator_id = ?")
            + " GROUP BY 1, 2"
        )
        who: tuple[Any, ...] = () if everyone else (annotator_id,)
        try:
            if self._ctx.pg:  # a cast that fails aborts the statement, not the transaction
                with self._ctx.db.atomic():
                    groups = list(raw.execute(self._ctx.db, sql, who))
            else:
                groups = list(raw.execute(self._ctx.db, sql, who))
        except Exception as exc:
            if not self._ctx.pg or failures.pg_code(exc) != PG_BAD_TEXT:
                raise
            groups = [(2, False, 1)]
        voices: dict[str, int] = {}
        for unattributed_, spoken, n in groups:
            if int(unattributed_) == 2:
                self._damaged_claim(who)
            attribution = UNATTRIBUTED if int(unattributed_) == 1 else None
            voice = voice_of(attribution, bool(spoken)).value
            voices[voice] = voices.get(voice, 0) + int(n)
        return dict(sorted(voices.items()))

    def _damaged_claim(self, who: tuple[Any, ...]) -> None:
        """Raise :class:`CorpusDamaged` for the first claim whose attributes are not a JSON
        object (read in Python: only when the counting statement found one)."""
        for span_id, attributes in raw.execute(
            self._ctx.db,
            "SELECT id, attributes FROM span WHERE layer = 'claim' AND label = 'CLAIM'"
            + (" AND annotator_id = ?" if who else "")
            + " ORDER BY id",
            who,
        ):
            if not isinstance(loads(attributes, "span", span_id, "attributes"), dict):
                raise CorpusDamaged(
                    f"span {span_id}'s attributes in the corpus are not a JSON object; the "
                    "corpus is damaged: `annotator db check` lists every such row"
                )
        raise CorpusDamaged("a claim's attributes in the corpus are not a JSON object")
