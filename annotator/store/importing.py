"""Bulk import of one file's records, batch by batch, in one transaction (ADR 0005, 0032).

Rows go in through the DB-API ``executemany`` (about 9x faster than peewee's ``insert_many``;
on PostgreSQL psycopg2's paged batches, :mod:`annotator.store.raw`); everything else in the
store uses peewee. Articles are recognised by the SHA-256 of their text:
a text already in the store is not added again, but an annotator's labels on it are.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from peewee import Database

from annotator.core import model
from annotator.core.agreement_results import gc_paused
from annotator.core.importing import (
    DraftFeed,
    DraftList,
    DraftRejected,
    DraftsRejected,
    ImportResult,
    UnknownLabels,
    as_gold_drafts,
    imported_use,
    invalid_drafts,
    lenient_schema,
    merge_use,
)
from annotator.core.language import UNKNOWN, Stream
from annotator.core.model import ArticleDraft, Status
from annotator.core.schema import LabelSchema, LabelUse, SchemaError
from annotator.core.schema import with_labels_for as schema_with_labels_for
from annotator.core.validate import first_place_using, is_gold_name, label_use
from annotator.store import failures, raw
from annotator.store.context import StoreContext
from annotator.store.convert import dumps
from annotator.store.db import now
from annotator.store.gold_import import write_gold
from annotator.store.schemas import Schemas

CHUNK = 500


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _article_ids_by(db: Database, column: str, values: Iterable[str]) -> dict[str, int]:
    """value -> the id of the first article whose ``column`` (sha256, external_id) has it,
    asked in chunks of :data:`CHUNK` values."""
    found: dict[str, int] = {}
    values = sorted(set(values))
    for i in range(0, len(values), CHUNK):
        part = values[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, {column} FROM article WHERE {column} IN ({marks}) ORDER BY id"
        for art_id, value in raw.execute(db, sql, part):
            found.setdefault(value, art_id)
    return found


def _existing(db: Database, shas: Iterable[str]) -> dict[str, int]:
    return _article_ids_by(db, "sha256", shas)


def _taken_ids(
    db: Database, drafts: Sequence[ArticleDraft], hashes: list[str], stored: dict[str, int]
) -> dict[int, str]:
    """Index -> why, for each record of a text not stored (not in ``stored``) whose id a
    stored article has."""
    wanted = {
        d.external_id
        for d, h in zip(drafts, hashes, strict=True)
        if d.external_id and h not in stored
    }
    if not wanted:
        return {}
    owners = _article_ids_by(db, "external_id", wanted)
    return {
        i: f'"id" {d.external_id!r} is already that of article {owners[d.external_id]} of '
        "the corpus, with another text; one id names one article (give this one its own id)"
        for i, (d, h) in enumerate(zip(drafts, hashes, strict=True))
        if d.external_id in owners and h not in stored
    }


def _annotator_ids(db: Database, names: set[str]) -> dict[str, int]:
    stamp = now()
    raw.executemany(
        db,
        "INSERT INTO annotator (name, is_reviewer, created_at) VALUES (?, FALSE, ?) "
        "ON CONFLICT (name) DO NOTHING",
        [(n, stamp) for n in sorted(names)],
    )
    ids: dict[str, int] = {}
    for name in names:
        ids[name] = raw.one(db, "SELECT id FROM annotator WHERE name = ?", (name,))[0]
    return ids


def _cluster_ids(
    db: Database,
    drafts: Sequence[ArticleDraft],
    stories: dict[str, int],
    known: dict[str, int] | None = None,
) -> dict[str, int]:
    """The claim clusters the drafts' spans name (less those ``known``), by name: those
    already stored, the others made (with the story of the first record that names them)."""
    story_of: dict[str, int | None] = {}
    known = known or {}
    for d in drafts:
        story = d.meta.get("story")
        for sp in d.spans:
            if sp.cluster is not None and sp.cluster not in story_of and sp.cluster not in known:
                story_of[sp.cluster] = stories.get(str(story)) if story else None
    out: dict[str, int] = {}
    for name, story_id in story_of.items():
        found = raw.one(db, "SELECT MIN(id) FROM claim_cluster WHERE name = ?", (name,))
        if found is not None and found[0] is not None:
            out[name] = int(found[0])
        else:
            (out[name],) = raw.insert_returning_ids(
                db, "claim_cluster", "name, story_id", [(name, story_id)]
            )
    return out


def _story_ids(db: Database, names: set[str]) -> dict[str, int]:
    raw.executemany(
        db,
        "INSERT INTO story (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
        [(n,) for n in sorted(names)],
    )
    return {n: raw.one(db, "SELECT id FROM story WHERE name = ?", (n,))[0] for n in names}


class _Batch:
    """One batch of valid records on its way into the store: their texts' hashes, the new
    texts (first occurrence in the file wins) and the languages being detected for them."""

    __slots__ = ("detected", "drafts", "hashes", "new_first", "todo")

    def __init__(
        self,
        drafts: Sequence[ArticleDraft],
        hashes: list[str],
        new_first: dict[str, int],
        todo: list[int],
        detected: Callable[[], list[tuple[str, float]]] | None,
    ) -> None:
        self.drafts = drafts
        self.hashes = hashes
        self.new_first = new_first
        self.todo = todo
        self.detected = detected


class _Writer:
    """Writes one file's batches inside its transaction, keeping across batches only what the
    next ones need: each text's article id by its hash, the (article, annotator) pairs written,
    and the names of annotators, stories and clusters."""

    def __init__(self, db: Database, origin: str, stamp: str, detect: bool) -> None:
        self.db = db
        self.origin = origin
        self.stamp = stamp
        self.result = ImportResult(origin=origin)
        self.ids: dict[str, int] = {}  # sha256 -> article id (0: claimed by a queued batch)
        self.pairs: set[int] = set()  # article id << 32 | annotator id, labelled so far
        self.annotators: dict[str, int] = {}
        self.stories: dict[str, int] = {}
        self.clusters: dict[str, int] = {}
        self.detection = Stream() if detect else None
        self.new_from = raw.one(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM article")[0]
        self.span_from = raw.one(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM span")[0]
        self.spans = self.relations = 0
        self._rows: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}
        self.beside: Callable[[], contextlib.AbstractContextManager[None]] = contextlib.nullcontext
        """Around a long wait or statement that holds no Python lock (the search index's fill,
        the detection's answers): the reader thread may run meanwhile (:class:`_Pipeline`)."""

    def close(self) -> None:
        if self.detection is not None:
            self.detection.close()

    def prepare(
        self,
        drafts: Sequence[ArticleDraft],
        hashes: list[str],
        refuse: Callable[[ArticleDraft, str], bool] | None = None,
    ) -> _Batch:
        """Find the texts (``hashes``: their SHA-256) already stored, and start detecting the
        new ones. A new text whose id a stored article of another text has (one id names one
        article, across files as within one: else an export could not be read back) is
        handed to ``refuse(draft, why)``, and left out when it answers True."""
        ids = self.ids
        ids.update(_existing(self.db, {h for h in hashes if h not in ids}))
        if refuse is not None:
            taken = _taken_ids(self.db, drafts, hashes, ids)
            if taken:
                keep = [
                    i
                    for i in range(len(drafts))
                    if not (i in taken and refuse(drafts[i], taken[i]))
                ]
                drafts = [drafts[i] for i in keep]
                hashes = [hashes[i] for i in keep]
        new_first: dict[str, int] = {}
        for i, h in enumerate(hashes):
            if h not in ids:
                new_first[h] = i
                ids[h] = 0
        todo = [i for i in new_first.values() if drafts[i].language is None]
        detected = None
        if self.detection is not None and todo:
            detected = self.detection.submit([drafts[i].text for i in todo])
        return _Batch(drafts, hashes, new_first, todo, detected)

    def write(self, batch: _Batch, schema: LabelSchema, as_gold: bool) -> None:
        db, stamp, result, drafts = self.db, self.stamp, self.result, batch.drafts
        detected: dict[int, tuple[str, float]] = {}
        if batch.detected is not None:
            with self.beside():
                found = batch.detected()
            detected = dict(zip(batch.todo, found, strict=True))
        story_names = {str(d.meta["story"]) for d in drafts if d.meta.get("story")}
        missing = story_names - self.stories.keys()
        if missing:
            self.stories.update(_story_ids(db, missing))
        stories = self.stories
        if any(sp.cluster is not None for d in drafts for sp in d.spans):
            self.clusters.update(_cluster_ids(db, drafts, stories, known=self.clusters))
        rows: list[tuple[Any, ...]] = []
        order: list[str] = []
        languages = result.languages
        for h, i in batch.new_first.items():
            d = drafts[i]
            if d.language:
                given = d.language_confidence
                lang, conf = d.language, (1.0 if given is None else given)
            else:
                lang, conf = detected.get(i, (UNKNOWN, 0.0))
            story = d.meta.get("story")
            rows.append(
                (
                    d.external_id or h[:16],
                    d.title,
                    d.source,
                    d.url,
                    d.published,
                    d.text,
                    h,
                    lang,
                    conf,
                    stamp,
                    dumps(d.meta) if d.meta else "{}",
                    stories.get(str(story)) if story else None,
                )
            )
            order.append(h)
            languages[lang] = languages.get(lang, 0) + 1
        ids = self.ids
        if rows:
            # Under the write lock the new articles are exactly the ids from here on.
            first_id = raw.one(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM article")[0]
            raw.executemany(
                db,
                "INSERT INTO article (external_id, title, source, url, published, text, sha256, "
                "language, language_confidence, imported_at, meta, story_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if not raw.is_postgres(db):  # the server's GIN index follows by itself
                # The search index is filled in one statement (no per-row trigger, migration v5),
                # SQLite's longest: the next batch is read and checked meanwhile (ADR 0036).
                with self.beside():
                    raw.execute(
                        db,
                        "INSERT INTO article_fts (rowid, title, text) "
                        "SELECT id, title, text FROM article WHERE id >= ?",
                        (first_id,),
                    )
            for art_id, h in raw.execute(
                db, "SELECT id, sha256 FROM article WHERE id >= ?", (first_id,)
            ):
                ids[h] = art_id
            result.article_ids.extend(ids[h] for h in order)
        result.articles += len(rows)
        result.duplicates += len(drafts) - len(rows)

        gold: list[tuple[ArticleDraft, int]] = []
        labelled: list[tuple[ArticleDraft, int]] = []
        for d, h in zip(drafts, batch.hashes, strict=True):
            if d.annotator:
                if as_gold or is_gold_name(d.annotator):
                    gold.append((d, ids[h]))
                else:
                    labelled.append((d, ids[h]))
        names = {d.annotator for d, _ in labelled if d.annotator} - self.annotators.keys()
        if names:
            self.annotators.update(_annotator_ids(db, names))
        if labelled:
            spans, relations = _write_labels(self, schema, labelled)
            self.spans += spans
            self.relations += relations
        if gold:
            g_spans, g_relations = write_gold(db, schema, gold, self.origin, stamp)
            result.gold_spans += g_spans
            result.gold_relations += g_relations

    def attributes(self, schema: LabelSchema, label: str, given: dict[str, Any]) -> str:
        """The stored attributes of a span: its label's defaults under the record's own."""
        key = (label, tuple(given.items()))
        try:
            return self._rows[key]
        except (KeyError, TypeError):  # TypeError: an unhashable value
            defaults = schema.defaults_for(label)
            text = dumps({**defaults, **given})
            if not given:
                self._rows[key] = text
            return text

    def finish(self, result: ImportResult) -> None:
        """The import's line in the log (when it added anything)."""
        result.spans, result.relations = self.spans, self.relations
        if not (
            result.articles
            or result.spans
            or result.relations
            or result.gold_spans
            or result.gold_relations
        ):
            return
        raw.execute(
            self.db,
            "INSERT INTO event (annotator, action, kind, payload, created_at) "
            "VALUES (?, 'import', 'log', ?, ?)",
            (
                ",".join(sorted(self.annotators)) or "-",
                dumps(
                    {
                        "origin": self.origin,
                        "articles": result.articles,
                        "spans": result.spans,
                        "relations": result.relations,
                        "gold_spans": result.gold_spans,
                        "gold_relations": result.gold_relations,
                        "labels_added": sorted(result.labels_added),
                        "relation_types_added": sorted(result.relations_added),
                    }
                ),
                self.stamp,
            ),
        )


def import_drafts(
    db: Database,
    schema: LabelSchema,
    drafts: Sequence[ArticleDraft],
    *,
    origin: str,
    detect_language: bool = True,
    add_labels: bool = False,
    as_gold: bool = False,
) -> ImportResult:
    """Import ``drafts`` all or nothing (:func:`import_feed` of a :class:`DraftList`)."""
    return import_feed(
        db,
        schema,
        DraftList(drafts),
        origin=origin,
        detect_language=detect_language,
        add_labels=add_labels,
        as_gold=as_gold,
    )


def import_feed(
    db: Database,
    schema: LabelSchema,
    feed: DraftFeed,
    *,
    origin: str,
    detect_language: bool = True,
    add_labels: bool = False,
    as_gold: bool = False,
) -> ImportResult:
    """Check and write one file's records batch by batch, in one transaction: all or nothing.

    Each batch is read and checked against the schema on a thread of its own while the batch
    before it is written (:class:`_Pipeline`, ADR 0036), and worker processes detect the
    languages of the next one's new texts; only a few batches are held at a time (ADR 0032).
    A bad record (the reader's or the store's checks) stops the writing but not the reading,
    so every bad record is found; :meth:`DraftFeed.settle` gets them before the commit and
    refuses the file by raising (everything rolls back), unless the feed skips invalid
    records, whose good ones are then committed. An error of the reading (the file, the
    reader thread) or of the writing stops both and rolls everything back.

    Labels and relation types the schema lacks refuse the file, all named with their counts
    (:class:`UnknownLabels`, handed to ``settle``), unless ``add_labels``: then the records
    are read once first to learn every label they use, and those are added to the schema
    (:func:`annotator.core.schema.with_labels_for`) in the same transaction. Records whose
    annotator is ``gold``, or every labelled record with ``as_gold``, go into the gold layer
    (:mod:`annotator.store.gold_import`); no annotator is ever called gold.

    Call inside a write transaction that read ``schema`` (``Imports`` does).
    """
    # Records, spans and rows hold no reference cycles: the collector's passes over the
    # growing heap would only cost time (as in the agreement's, core/agreement_results.py).
    with gc_paused():
        return _import_feed(
            db,
            schema,
            feed,
            origin=origin,
            detect_language=detect_language,
            add_labels=add_labels,
            as_gold=as_gold,
        )


def _import_feed(
    db: Database,
    schema: LabelSchema,
    feed: DraftFeed,
    *,
    origin: str,
    detect_language: bool,
    add_labels: bool,
    as_gold: bool,
) -> ImportResult:
    use = LabelUse({}, {}, {}, {})
    place: tuple[int, str] | None = None  # where the first label the schema lacks is used
    if add_labels:  # a first reading learns every label the file uses
        for batch in _batches(feed, as_gold):
            part = imported_use(batch, schema) if feed.skip_invalid else label_use(batch)
            merge_use(use, part)
            if place is None:
                labels, relations = part.unknown(schema)
                if labels or relations:
                    place = first_place_using(batch, set(labels), set(relations))
    stamp = now()
    result = ImportResult(origin=origin)
    target = schema
    with _write_lock(db):
        if place is not None:
            target = _add_labels(db, use, place, origin, stamp, result)
        checks = _Checks(feed, target, use, place, add_labels=add_labels, as_gold=as_gold)
        writer = _Writer(db, origin, stamp, detect_language)
        writer.result = result
        pipeline = _Pipeline(checks.run)
        writer.beside = pipeline.beside

        def refuse(draft: ArticleDraft, why: str) -> bool:
            """A record the writer found bad (its id taken): counted with the checks'."""
            where = f"{draft.where}: " if draft.where else ""
            checks.refused.append((-1, draft.line, where + why))
            if not feed.skip_invalid:
                checks.writing = False  # the file will be refused
            return True

        try:
            queued: _Batch | None = None
            for checked in pipeline:
                if not checked.write:
                    queued = None
                    continue
                with pipeline.alone():
                    prepared = writer.prepare(checked.drafts, checked.hashes, refuse)  # detection
                    if queued is not None:  # starts on this batch while the one before it
                        writer.write(queued, target, as_gold)  # is written
                queued = prepared
            if queued is not None:
                writer.write(queued, target, as_gold)
            unknown = None
            if checks.place is not None and not add_labels:
                labels, relations = use.unknown(target)
                unknown = UnknownLabels(checks.place[0], labels, relations, checks.place[1])
            feed.settle(checks.refused, unknown)
            if not checks.writing:  # settle must refuse what was not written
                raise DraftsRejected(checks.refused or [(0, 0, "the file was refused")])
            result.refused = [(line, why) for _, line, why in checks.refused]
            writer.finish(result)
        finally:
            pipeline.close()
            writer.close()
    return result


def _batches(
    feed: DraftFeed, as_gold: bool, pause: Callable[[], None] | None = None
) -> Iterator[Sequence[ArticleDraft]]:
    """The feed's batches (a record naming nobody is gold's with ``as_gold``; one naming a
    person keeps them as provenance)."""
    for batch in feed.batches() if pause is None else feed.batches(pause):
        yield as_gold_drafts(list(batch)) if as_gold else batch


CHECK_RUN = 32
"""Records the reader thread checks between two looks at whether it must wait."""


class _Checked:
    """One batch as the reader thread hands it to the writer: its good records and their
    texts' SHA-256, and whether it is to be written (nothing is once the file is refused)."""

    __slots__ = ("drafts", "hashes", "write")

    def __init__(self, drafts: Sequence[ArticleDraft], hashes: list[str], write: bool) -> None:
        self.drafts = drafts
        self.hashes = hashes
        self.write = write


class _Checks:
    """What the reader thread does to each batch before it is written: the labels it uses
    (the first the schema lacks stops the writing), the store's checks of every record, and
    the hashes of the texts. Kept across batches: the label counts, the records refused and
    whether the file is still being written; the writer reads them after the last batch."""

    def __init__(
        self,
        feed: DraftFeed,
        target: LabelSchema,
        use: LabelUse,
        place: tuple[int, str] | None,
        *,
        add_labels: bool,
        as_gold: bool,
    ) -> None:
        self.feed = feed
        self.target = target
        self.use = use
        self.place = place
        self.add_labels = add_labels
        self.as_gold = as_gold
        self.refused: list[tuple[int, int, str]] = []
        self.writing = True

    def run(self, pause: Callable[[], None]) -> Iterator[_Checked]:
        """The checked batches; ``pause()`` is called between runs of a few records."""
        offset = 0
        feed, target, add_labels = self.feed, self.target, self.add_labels
        for batch in _batches(feed, self.as_gold, pause):
            check = target
            if not add_labels:
                part = label_use(batch)
                merge_use(self.use, part)
                labels, relations = part.unknown(target)
                if labels or relations:
                    if self.place is None:
                        self.place = first_place_using(batch, set(labels), set(relations))
                    # skipping invalid records, one using them is refused by the checks
                    if not feed.skip_invalid:
                        self.writing = False  # refused: check on, to name every other fault
                        check = lenient_schema(target, part)
            problems: list[tuple[int, int, str]] = []
            for at in range(0, len(batch), CHECK_RUN):
                pause()
                run = batch[at : at + CHECK_RUN]
                problems.extend((at + i, line, why) for i, line, why in invalid_drafts(run, check))
            self.refused.extend((offset + i, line, why) for i, line, why in problems)
            offset += len(batch)
            if self.writing and not feed.skip_invalid and (self.refused or feed.has_bad()):
                self.writing = False  # the file will be refused: only read on, to name it all
            if not self.writing:
                yield _Checked((), [], False)
                continue
            if problems:
                bad = {i for i, _, _ in problems}
                batch = [d for i, d in enumerate(batch) if i not in bad]
            hashes: list[str] = []
            for at in range(0, len(batch), CHECK_RUN):
                pause()
                hashes.extend(sha256(d.text) for d in batch[at : at + CHECK_RUN])
            yield _Checked(batch, hashes, True)


class _Stopped(BaseException):
    """Raised in the reader thread at its next pause once the writer has stopped (an error,
    the end): not an error of the file, so no reader's ``except`` takes it for one."""


_END = object()


class _Pipeline:
    """A file's batches read and checked on a thread of their own, at most one batch ahead of
    the writer (ADR 0036). The writer keeps its connection and runs every statement on its
    own thread.

    CPython runs one thread's Python at a time. SQLite lets go of that lock while it works on
    a statement, but a writer inserting row by row would take it back for every row and wait
    each time for the reader to yield it (milliseconds). So the reader runs only while the
    writer waits for it or runs a long statement without Python (:meth:`beside`); during
    the writer's own Python and row-by-row statements (:meth:`alone`) the reader waits at its
    next pause, between records.

    An exception of the reader thread is raised in the writer's thread, from the iteration;
    :meth:`close` (the writer's error, or the end) stops the reader at its next pause and
    waits for it, so no thread is left behind and no file is left open.
    """

    def __init__(self, produce: Callable[[Callable[[], None]], Iterator[_Checked]]) -> None:
        self._cond = threading.Condition()
        self._ready: deque[tuple[Any, BaseException | None]] = deque()
        self._closed = False
        self._go = threading.Event()
        self._go.set()
        self._thread = threading.Thread(
            target=self._run, args=(produce,), name="import-reader", daemon=True
        )
        self._thread.start()

    # ---- the reader's side
    def _pause(self) -> None:
        if not self._go.is_set():
            self._go.wait()
        if self._closed:
            raise _Stopped

    def _run(self, produce: Callable[[Callable[[], None]], Iterator[_Checked]]) -> None:
        items: Iterator[_Checked] | None = None
        try:
            items = produce(self._pause)
            for item in items:
                if not self._put(item, None):
                    return
            self._put(_END, None)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the writer, which raises it
            self._put(_END, exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # the reader's file, when it stopped before the end

    def _put(self, item: Any, error: BaseException | None) -> bool:
        """Hand ``item`` over once the one before it was taken; False when the writer is gone."""
        with self._cond:
            while self._ready and not self._closed:
                self._cond.wait()
            if self._closed:
                return False
            self._ready.append((item, error))
            self._cond.notify_all()
            return True

    # ---- the writer's side
    def __iter__(self) -> Iterator[_Checked]:
        while True:
            self._go.set()  # the reader runs while the writer waits for it
            with self._cond:
                while not self._ready:
                    self._cond.wait()
                item, error = self._ready.popleft()
                self._cond.notify_all()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        """The writer's Python and row-by-row statements: the reader waits at its next pause."""
        self._go.clear()
        try:
            yield
        finally:
            self._go.set()

    @contextlib.contextmanager
    def beside(self) -> Iterator[None]:
        """A long statement or wait that holds no Python lock: the reader runs meanwhile."""
        was = self._go.is_set()
        self._go.set()
        try:
            yield
        finally:
            if not was:
                self._go.clear()

    def close(self) -> None:
        """Stop the reader (at its next pause) and wait for its thread to end."""
        with self._cond:
            self._closed = True
            self._ready.clear()
            self._cond.notify_all()
        self._go.set()
        self._thread.join()


def _add_labels(
    db: Database,
    use: LabelUse,
    place: tuple[int, str],
    origin: str,
    stamp: str,
    result: ImportResult,
) -> LabelSchema:
    """Inside the import's transaction: the stored schema (locked on a server, so a schema
    edit elsewhere waits) plus the labels the records use, written and logged. The records
    are checked against it as they are written."""
    if raw.is_postgres(db):
        sql = "SELECT value FROM meta WHERE key = 'label_schema' FOR UPDATE"
    else:
        sql = "SELECT value FROM meta WHERE key = 'label_schema'"
    stored = LabelSchema.from_json(raw.one(db, sql)[0])
    try:
        final = schema_with_labels_for(stored, use)
    except SchemaError as exc:
        raise DraftRejected(place[0], f"cannot add the file's labels: {exc}") from None
    result.schema = final
    if final == stored:
        return final
    old_relations = {r.name for r in stored.relations}
    result.labels_added = {
        x.name: use.labels.get(x.name, 0) for x in final.labels if not stored.has_label(x.name)
    }
    result.relations_added = {
        r.name: use.relations.get(r.name, 0) for r in final.relations if r.name not in old_relations
    }
    raw.execute(
        db,
        "UPDATE meta SET value = ? WHERE key = 'label_schema'",
        (final.to_json(),),
    )
    raw.execute(
        db,
        "INSERT INTO event (annotator, action, kind, payload, created_at) "
        "VALUES (?, 'schema', 'log', ?, ?)",
        (
            "-",
            dumps(
                {
                    "op": "import_labels",
                    "origin": origin,
                    "labels": sorted(result.labels_added),
                    "relations": sorted(result.relations_added),
                    "before": stored.to_dict(),
                }
            ),
            stamp,
        ),
    )
    return final


def _write_lock(db: Database) -> Any:
    """The import's transaction, holding the lock that keeps other writers of articles out:
    SQLite's write lock (BEGIN IMMEDIATE); on the server, a lock on the article table that
    lets readers and annotators' edits go on but not another import."""
    if not raw.is_postgres(db):
        return db.atomic("IMMEDIATE")
    txn = db.atomic()

    class _Locked:
        def __enter__(self) -> None:
            txn.__enter__()
            raw.execute(db, "LOCK TABLE article IN SHARE ROW EXCLUSIVE MODE")

        def __exit__(self, *exc: Any) -> Any:
            return txn.__exit__(*exc)

    return _Locked()


def _write_labels(
    w: _Writer, schema: LabelSchema, labelled: list[tuple[ArticleDraft, int]]
) -> tuple[int, int]:
    """Insert one batch's spans, relations and statuses; skip spans and relations already
    stored (a span that repeats one of the same file is counted in ``collapsed``)."""
    db, stamp, annotators = w.db, w.stamp, w.annotators
    span_rows: list[tuple[Any, ...]] = []
    pending: list[tuple[int, str, int, tuple[int, int, str]]] = []  # (draft#, key, pair, sig)
    known: dict[int, dict[tuple[int, int, str], int]] = {}
    status_rows: list[tuple[Any, ...]] = []
    layers: dict[str, str] = {}
    empty: dict[str, str] = {}  # a label's stored attributes for a span that gives none
    clusters = w.clusters
    collapsed = 0
    # The new spans' ids are needed only for the batch's relations (by their records' keys).
    linked = any(d.relations for d, _ in labelled)
    for n, (d, art_id) in enumerate(labelled):
        a_id = annotators[d.annotator or ""]
        pair = art_id << 32 | a_id
        have = known.get(pair)
        if have is None:
            if art_id >= w.new_from and pair not in w.pairs:
                have = {}  # a new article of this import, not labelled by them yet
            else:
                have = {
                    (s, e, lab): sid
                    for sid, s, e, lab in raw.execute(
                        db,
                        'SELECT id, start, "end", label FROM span '
                        "WHERE article_id = ? AND annotator_id = ?",
                        (art_id, a_id),
                    )
                }
            known[pair] = have
            w.pairs.add(pair)
        text = d.text
        for sp in d.spans:
            label = sp.label
            sig = (sp.start, sp.end, label)
            if linked:
                pending.append((n, sp.key, pair, sig))
            if sig in have:
                sid = have[sig]
                collapsed += int(sid < 0 or sid >= w.span_from)
                continue
            have[sig] = -1  # placeholder: filled in after insert
            layer = layers.get(label)
            if layer is None:
                layer = layers[label] = schema.layer_of(label)
            span_rows.append(
                (
                    art_id,
                    a_id,
                    sp.start,
                    sp.end,
                    label,
                    layer,
                    text[sp.start : sp.end],
                    w.attributes(schema, label, sp.attributes)
                    if sp.attributes
                    else empty.get(label)
                    or empty.setdefault(label, w.attributes(schema, label, {})),
                    stamp,
                    stamp,
                    sp.origin,
                    clusters.get(sp.cluster) if sp.cluster is not None else None,
                )
            )
        status = (d.status or Status.DONE).value
        status_rows.append((art_id, a_id, status, stamp))
    w.result.collapsed += collapsed

    batch_from = 0
    columns = (
        'article_id, annotator_id, start, "end", label, layer, text, attributes, '
        "created_at, updated_at, origin, cluster_id"
    )
    if span_rows and not linked and not raw.is_postgres(db):  # (the server's is one statement)
        raw.executemany(
            db,
            f"INSERT INTO span ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            span_rows,
        )
    elif span_rows:
        new_ids = raw.insert_returning_ids(db, "span", columns, span_rows)
        batch_from = min(new_ids)
        for row, sid in zip(span_rows, new_ids, strict=True):
            known[row[0] << 32 | row[1]][(row[2], row[3], row[4])] = sid

    rel_rows: list[tuple[Any, ...]] = []
    if linked:
        key_to_id: dict[tuple[int, str], int] = {}
        for n, key, pair, sig in pending:
            key_to_id[(n, key)] = known[pair][sig]
        seen_rel: set[tuple[int, int, str]] = set()
        for n, (d, art_id) in enumerate(labelled):
            a_id = annotators[d.annotator or ""]
            for rel in d.relations:
                head, child = key_to_id[(n, rel.head)], key_to_id[(n, rel.child)]
                sig = (head, child, rel.label)
                if sig in seen_rel:
                    continue
                seen_rel.add(sig)
                # a relation to a span this batch wrote can only be one of this batch
                fresh = batch_from and (head >= batch_from or child >= batch_from)
                if fresh or not raw.one(
                    db,
                    "SELECT 1 FROM relation WHERE head_id = ? AND child_id = ? AND label = ?",
                    sig,
                ):
                    rel_rows.append((art_id, a_id, head, child, rel.label, stamp))
    if rel_rows:
        raw.executemany(
            db,
            "INSERT INTO relation (article_id, annotator_id, head_id, child_id, label, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rel_rows,
        )
    raw.executemany(
        db,
        "INSERT INTO article_status (article_id, annotator_id, status, active_seconds, updated_at) "
        "VALUES (?, ?, ?, 0, ?) ON CONFLICT (article_id, annotator_id) DO UPDATE SET "
        "status = excluded.status, updated_at = excluded.updated_at",
        status_rows,
    )
    return len(span_rows), len(rel_rows)


class Imports:
    """Bulk import of one file's records, all or nothing (:func:`import_feed`), against
    the stored label schema."""

    def __init__(self, ctx: StoreContext, schemas: Schemas) -> None:
        self._ctx = ctx
        self._schemas = schemas

    def import_feed(
        self,
        feed: DraftFeed,
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult:
        """Import one file's records, batch by batch, all or nothing (see
        :func:`import_feed`): ``add_labels`` adds the labels and relation types they use that
        the schema lacks (else those refuse the file); ``as_gold`` puts their labels into gold,
        as records whose annotator is ``gold`` always go.

        Labels are checked against the stored schema, read inside the import's write
        transaction (on a server the schema's row is held ``FOR SHARE`` to the commit, so no
        schema edit drops a label it brings). On a file (SQLite) the import holds the write
        lock from its first record to its commit: the window's edits wait for it (ADR 0032)."""
        with failures.doing(f"this import of {origin}"), self._ctx.writing():
            result = import_feed(
                self._ctx.db,
                self._schemas.in_txn(),
                feed,
                origin=origin,
                detect_language=detect_language,
                add_labels=add_labels,
                as_gold=as_gold,
            )
        if result.schema is not None:  # committed: the labels it added are the corpus's now
            self._schemas.take(result.schema)
        return result

    def import_drafts(
        self,
        drafts: Sequence[model.ArticleDraft],
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult:
        """Import a list of records all or nothing (:meth:`import_feed`)."""
        return self.import_feed(
            DraftList(drafts),
            origin=origin,
            detect_language=detect_language,
            add_labels=add_labels,
            as_gold=as_gold,
        )
