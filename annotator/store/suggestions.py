"""Suggestions in the store (issue 17): what an annotator accepts (one logged, undoable
change that may add several spans, a claim's speaker and its SAID_BY link), what they
reject (never offered to them in that article again), the suggestions waiting for them
(``annotator suggest --into NAME``), the corpus memory they are learnt from, and which
sources the corpus turns on. Matching itself is pure (core/suggestions.py, core/offers.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.core.errors import CorpusError
from annotator.core.model import Changes, Status
from annotator.core.offers import (
    DEFAULT_SOURCES,
    Accept,
    Offer,
    SourceAnnotator,
    annotator_offers,
    source_problem,
)
from annotator.core.offsets import check_span
from annotator.core.origin import origin_problem
from annotator.store import convert, db, history, raw, tables
from annotator.store.access import Access
from annotator.store.articles import Articles
from annotator.store.context import StoreContext
from annotator.store.convert import dumps
from annotator.store.labels import Labels
from annotator.store.schemas import Schemas

SOURCES_KEY = "suggestion_sources"
SPEAKER = "SAID_BY"


class SuggestionStore:
    """Accepting, rejecting and keeping suggestions; the memory; the sources turned on."""

    def __init__(
        self,
        ctx: StoreContext,
        access: Access,
        schemas: Schemas,
        articles: Articles,
        labels: Labels,
    ) -> None:
        self._ctx = ctx
        self._access = access
        self._schemas = schemas
        self._articles = articles
        self._labels = labels

    # ------------------------------------------------------------ reads
    def memory_forms(self, annotator: str) -> list[tuple[str, str, int]]:
        """Every entity form ``annotator`` and gold labelled: (text, label, how often)."""
        who = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(who)
        counts: dict[tuple[str, str], int] = {}
        queries: list[tuple[str, tuple[Any, ...]]] = [
            (
                "SELECT text, label, COUNT(*) FROM gold_span WHERE layer = 'entity' "
                "GROUP BY text, label",
                (),
            )
        ]
        if a_id is not None:
            queries.append(
                (
                    "SELECT text, label, COUNT(*) FROM span WHERE annotator_id = ? "
                    "AND layer = 'entity' GROUP BY text, label",
                    (a_id,),
                )
            )
        for sql, params in queries:
            for text, label, n in raw.execute(self._ctx.db, sql, params).fetchall():
                key = (str(text), str(label))
                counts[key] = counts.get(key, 0) + int(n)
        return [(t, label, n) for (t, label), n in sorted(counts.items())]

    def rejections(self, article_id: int, annotator: str) -> set[tuple[int, int, str]]:
        """(start, end, label) of every suggestion ``annotator`` rejected in the article."""
        who = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(who)
        if a_id is None:
            return set()
        rows = raw.execute(
            self._ctx.db,
            'SELECT start, "end", label FROM suggestion_rejection '
            "WHERE article_id = ? AND annotator_id = ?",
            (article_id, a_id),
        ).fetchall()
        return {(int(s), int(e), str(label)) for s, e, label in rows}

    def pending(self, article_id: int, annotator: str) -> list[Offer]:
        """The suggestions waiting for ``annotator`` in the article, in text order."""
        who = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(who)
        if a_id is None:
            return []
        text = self._articles.article_text(article_id)
        rows = raw.execute(
            self._ctx.db,
            'SELECT start, "end", label, origin, speaker FROM pending_suggestion '
            'WHERE article_id = ? AND annotator_id = ? ORDER BY start, "end" DESC, id',
            (article_id, a_id),
        ).fetchall()
        out = []
        for s, e, label, origin, speaker in rows:
            said, said_label = None, None
            if speaker:
                ss, se, said_label = str(speaker).split(",", 2)
                said = (int(ss), int(se))
            out.append(
                Offer(int(s), int(e), str(label), str(origin), text[s:e], said, said_label or None)
            )
        return out

    def waiting(self, annotator: str) -> list[tuple[str, str, int]]:
        """(article external id, origin, how many) of the suggestions waiting for
        ``annotator``, by article then origin."""
        who = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(who)
        if a_id is None:
            return []
        rows = raw.execute(
            self._ctx.db,
            "SELECT a.external_id, p.origin, COUNT(*) FROM pending_suggestion p "
            "JOIN article a ON a.id = p.article_id WHERE p.annotator_id = ? "
            "GROUP BY a.id, a.external_id, p.origin ORDER BY a.id, p.origin",
            (a_id,),
        ).fetchall()
        return [(str(ext), str(origin), int(n)) for ext, origin, n in rows]

    def annotators(self, exclude: str | None = None) -> list[SourceAnnotator]:
        """Every annotator but ``exclude`` with spans the reader may read, as a suggestion
        source: none at all for a reader who may not read others' labels (a non-reviewer on
        a team server; no user and no tooling mode): fails closed (ADR 0022, 0039)."""
        if not self._access.can_read_others():
            return []
        # Indexed probes, no count: an annotator with a span, and (its index range scanned only
        # for a model) whether every span of theirs began as a model's.
        rows = raw.execute(
            self._ctx.db,
            "SELECT a.name, NOT EXISTS (SELECT 1 FROM span s WHERE s.annotator_id = a.id "
            "AND substr(s.origin, 1, 6) <> 'model:') FROM annotator a WHERE EXISTS "
            "(SELECT 1 FROM span s WHERE s.annotator_id = a.id) ORDER BY a.name",
        ).fetchall()
        return [SourceAnnotator(str(name), bool(model)) for name, model in rows if name != exclude]

    def annotator_offers(self, article_id: int, annotator: str) -> list[Offer]:
        """``annotator``'s spans in the article as suggestions (origin ``annotator:NAME``, or a
        model's own ``model:…``), a claim with its SAID_BY speaker; refused
        (:class:`CorpusError`) when the reader may not read their labels."""
        self._access.scope(annotator)  # someone else's: refused unless readable
        spans = self._labels.spans(article_id, annotator)
        relations = self._labels.relations(article_id, annotator) if spans else []
        return annotator_offers(annotator, spans, relations)

    def sources(self) -> set[str]:
        """The suggestion sources this corpus turns on (memory, gazetteer, rules, model,
        annotator:NAME)."""
        row = raw.one(self._ctx.db, "SELECT value FROM meta WHERE key = ?", (SOURCES_KEY,))
        if row is None:
            return set(DEFAULT_SOURCES)
        try:
            value = json.loads(row[0])
        except ValueError:
            return set(DEFAULT_SOURCES)
        if not isinstance(value, list):
            return set()
        return {s for s in value if isinstance(s, str) and source_problem(s) is None}

    # ------------------------------------------------------------ writes
    def set_sources(self, sources: Iterable[str]) -> None:
        wanted = sorted(set(sources))
        for source in wanted:
            problem = source_problem(source)
            if problem:
                raise CorpusError(problem)
        with self._ctx.writing():
            tables.Meta.insert(key=SOURCES_KEY, value=json.dumps(wanted)).on_conflict(
                conflict_target=[tables.Meta.key], update={tables.Meta.value: json.dumps(wanted)}
            ).execute()

    def reject(self, article_id: int, annotator: str, start: int, end: int, label: str) -> None:
        """``annotator`` rejected the suggestion: it is not offered to them there again (a
        second rejection of the same changes nothing)."""
        self._articles.article(article_id)
        a_id = self._labels.annotator_id(annotator)
        with self._ctx.writing():
            raw.execute(
                self._ctx.db,
                'INSERT INTO suggestion_rejection (article_id, annotator_id, start, "end", '
                "label, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (article_id, a_id, start, end, label, db.now()),
            )
            raw.execute(
                self._ctx.db,
                "DELETE FROM pending_suggestion WHERE article_id = ? AND annotator_id = ? "
                'AND start = ? AND "end" = ? AND label = ?',
                (article_id, a_id, start, end, label),
            )

    def clear_pending(self, annotator: str, origin: str | None = None) -> int:
        """Take away the suggestions waiting for ``annotator`` (of ``origin`` only, when
        given); how many were taken. Neither a rejection nor a span is made: a later
        ``suggest --into`` may offer them again."""
        who = self._access.scope(annotator).annotator
        a_id = self._ctx.annotator_id_or_none(who)
        if a_id is None:
            return 0
        where, args = "annotator_id = ?", list[object]([a_id])
        if origin is not None:
            where += " AND origin = ?"
            args.append(origin)
        with self._ctx.writing():
            cursor = raw.execute(
                self._ctx.db, f"DELETE FROM pending_suggestion WHERE {where}", args
            )
            return int(cursor.rowcount)

    def add_pending(
        self, annotator: str, items: Sequence[tuple[int, Offer]]
    ) -> tuple[int, int, int]:
        """Keep (article id, offer) pairs as suggestions waiting for ``annotator``, all or
        none: (added, left out as rejected or labelled there already, already waiting).
        The conditions are in the statements (a rejection or a span made meanwhile wins)."""
        for article_id, offer in items:
            text = self._articles.article_text(article_id)
            try:
                check_span(text, offer.start, offer.end)
            except ValueError as exc:
                raise CorpusError(f"article {article_id}: {exc}") from None
            problem = origin_problem(offer.origin)
            if problem:
                raise CorpusError(problem)
        labels = {label.name for label in self._schemas.schema.labels}
        unknown = sorted({o.label for _, o in items} - labels)
        if unknown:
            raise CorpusError(f"label(s) {', '.join(unknown)} not in the schema")
        a_id = self._labels.annotator_id(annotator)
        added = left_out = had = 0
        stamp = db.now()
        with self._ctx.writing():
            for article_id, o in items:
                speaker = ""
                if o.speaker is not None:
                    speaker = f"{o.speaker[0]},{o.speaker[1]},{o.speaker_label or ''}"
                cursor = raw.execute(
                    self._ctx.db,
                    "INSERT INTO pending_suggestion (article_id, annotator_id, start, "
                    '"end", label, origin, speaker, created_at) '
                    "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                    "suggestion_rejection WHERE article_id = ? AND annotator_id = ? AND "
                    'start = ? AND "end" = ? AND label = ?) AND NOT EXISTS (SELECT 1 FROM '
                    'span WHERE article_id = ? AND annotator_id = ? AND start = ? AND "end" = ? '
                    "AND label = ?) ON CONFLICT DO NOTHING",
                    (
                        article_id,
                        a_id,
                        o.start,
                        o.end,
                        o.label,
                        o.origin,
                        speaker,
                        stamp,
                        *(article_id, a_id, o.start, o.end, o.label) * 2,
                    ),
                )
                if cursor.rowcount == 1:
                    added += 1
                elif self._waiting(article_id, a_id, o):
                    had += 1
                else:
                    left_out += 1
        return added, left_out, had

    def _waiting(self, article_id: int, a_id: int, o: Offer) -> bool:
        return (
            raw.one(
                self._ctx.db,
                "SELECT 1 FROM pending_suggestion WHERE article_id = ? AND annotator_id = ? "
                'AND start = ? AND "end" = ? AND label = ?',
                (article_id, a_id, o.start, o.end, o.label),
            )
            is not None
        )

    def accept(self, annotator: str, items: Sequence[Accept]) -> Changes:
        """Make ``items`` ``annotator``'s spans, each with its origin, in one logged change
        (one undo): a claim's proposed speaker becomes a span too (or the annotator's span
        already there) linked by SAID_BY. A suggestion the annotator already has as a span
        is passed over; the suggestions accepted stop waiting."""
        if not items:
            return Changes()
        a_id = self._labels.annotator_id(annotator)
        texts = {i.article_id: self._articles.article_text(i.article_id) for i in items}
        for item in items:
            problem = origin_problem(item.origin)
            if problem:
                raise CorpusError(problem)
            places = [(item.start, item.end)]
            if item.speaker is not None:
                places.append((item.speaker[0], item.speaker[1]))
            for start, end in places:
                try:
                    check_span(texts[item.article_id], start, end)
                except ValueError as exc:
                    raise CorpusError(str(exc)) from None
        stamp = db.now()
        spans: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        with self._ctx.writing():
            schema = self._schemas.in_txn()
            for item in items:
                text = texts[item.article_id]
                head = self._own_or_new(
                    a_id,
                    item.article_id,
                    text,
                    item.start,
                    item.end,
                    item.label,
                    item.origin,
                    stamp,
                    spans,
                )
                if head is None or item.speaker is None:
                    continue
                ss, se, slabel = item.speaker
                there = raw.one(  # the annotator's span there already: its label counts
                    self._ctx.db,
                    "SELECT label FROM span WHERE article_id = ? AND annotator_id = ? "
                    'AND start = ? AND "end" = ? ORDER BY id',
                    (item.article_id, a_id, ss, se),
                )
                if there is not None:
                    slabel = str(there[0])
                try:
                    schema.check_relation(SPEAKER, item.label, slabel)
                except ValueError:
                    continue  # the schema links no such speaker: the claim alone
                child = self._own_or_new(
                    a_id,
                    item.article_id,
                    text,
                    ss,
                    se,
                    slabel,
                    item.origin,
                    stamp,
                    spans,
                    reuse=True,
                )
                if child is None or child == head:
                    continue
                exists = raw.one(
                    self._ctx.db,
                    "SELECT 1 FROM relation WHERE head_id = ? AND child_id = ? AND label = ?",
                    (head, child, SPEAKER),
                )
                if exists is None:
                    row = tables.Relation.create(
                        article=item.article_id,
                        annotator=a_id,
                        head=head,
                        child=child,
                        label=SPEAKER,
                        created_at=stamp,
                    )
                    relations.append(convert.relation_record(row))
            if not spans and not relations:
                return Changes()
            articles = sorted({r["article"] for r in [*spans, *relations]})
            for article_id in articles:
                tables.ArticleStatus.insert(
                    article=article_id,
                    annotator=a_id,
                    status=Status.IN_PROGRESS.value,
                    updated_at=stamp,
                ).on_conflict_ignore().execute()
            for item in items:
                raw.execute(
                    self._ctx.db,
                    "DELETE FROM pending_suggestion WHERE article_id = ? AND annotator_id = ? "
                    'AND start = ? AND "end" = ? AND label = ?',
                    (item.article_id, a_id, item.start, item.end, item.label),
                )
            payload = {
                "article": articles[0],
                "articles": articles,
                "spans": spans,
                "relations": relations,
            }
            event = history.log(
                annotator, "add_spans", payload, articles[0] if len(articles) == 1 else None
            )
        return Changes(
            article_ids=set(articles),
            spans_added={s["id"] for s in spans},
            relations_added={r["id"] for r in relations},
            event_id=event,
        )

    def _own_or_new(
        self,
        a_id: int,
        article_id: int,
        text: str,
        start: int,
        end: int,
        label: str,
        origin: str,
        stamp: str,
        made: list[dict[str, Any]],
        *,
        reuse: bool = False,
    ) -> int | None:
        """The id of the annotator's span at [start, end) with ``label`` (``reuse``: with
        any label, as a speaker already labelled), else of a new one (recorded in ``made``);
        None when the annotator has it already and ``reuse`` is off."""
        sql = (
            "SELECT id FROM span WHERE article_id = ? AND annotator_id = ? AND start = ? "
            'AND "end" = ?'
        )
        params: tuple[Any, ...] = (article_id, a_id, start, end)
        if not reuse:
            sql += " AND label = ?"
            params += (label,)
        found = raw.one(self._ctx.db, sql + " ORDER BY id", params)
        if found is not None:
            return int(found[0]) if reuse else None
        layer = self._schemas.checked_layer(label, {})
        defaults = self._schemas.schema.defaults_for(label)
        row = tables.Span.create(
            article=article_id,
            annotator=a_id,
            start=start,
            end=end,
            label=label,
            layer=layer,
            text=text[start:end],
            attributes=dumps(defaults),
            created_at=stamp,
            updated_at=stamp,
            origin=origin,
        )
        made.append(convert.span_record(row))
        return int(row.id)
