"""Bulk import of one file's records: validated first, then written in one transaction.

Rows go in through the DB-API ``executemany`` (about 9x faster than peewee's ``insert_many``;
on PostgreSQL psycopg2's paged batches, :mod:`annotator.store.raw`); everything else in the
store uses peewee. Articles are recognised by the SHA-256 of their text:
a text already in the store is not added again, but an annotator's labels on it are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from peewee import Database

from annotator.core import model
from annotator.core.importing import (
    DraftRejected,
    DraftsRejected,
    ImportResult,
    as_gold_drafts,
    invalid_drafts,
    with_labels,
)
from annotator.core.language import UNKNOWN, Background, detect_many
from annotator.core.model import ArticleDraft, Status
from annotator.core.schema import LabelSchema, LabelUse, SchemaError
from annotator.core.schema import with_labels_for as schema_with_labels_for
from annotator.core.validate import (
    is_gold_name,
    label_use,
)
from annotator.store import failures, raw
from annotator.store.context import StoreContext
from annotator.store.convert import dumps
from annotator.store.db import now
from annotator.store.gold_import import write_gold
from annotator.store.schemas import Schemas

CHUNK = 500


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _existing(db: Database, shas: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    shas = list(shas)
    for i in range(0, len(shas), CHUNK):
        part = shas[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        for art_id, sha in raw.execute(
            db, f"SELECT id, sha256 FROM article WHERE sha256 IN ({marks})", part
        ):
            found[sha] = art_id
    return found


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
    db: Database, drafts: list[ArticleDraft], stories: dict[str, int]
) -> dict[str, int]:
    """The claim clusters the drafts' spans name, by name: those already stored, the others
    made (with the story of the first record that names them)."""
    story_of: dict[str, int | None] = {}
    for d in drafts:
        story = d.meta.get("story")
        for sp in d.spans:
            if sp.cluster is not None and sp.cluster not in story_of:
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


class _Detection:
    """Languages of the new texts of ``drafts`` (those not in the store, whose record gives
    none), detected in the background from the moment this is made."""

    def __init__(self, db: Database, drafts: list[ArticleDraft]) -> None:
        texts = dict.fromkeys(d.text for d in drafts if d.language is None)
        # Not yet validated: a lone surrogate must not raise here (validation refuses it).
        shas = {hashlib.sha256(t.encode("utf-8", "surrogatepass")).hexdigest(): t for t in texts}
        stored = _existing(db, shas)
        self.texts = [t for h, t in shas.items() if h not in stored]
        self.job = Background(self.texts)

    def languages(self, texts: list[str]) -> list[tuple[str, float]]:
        """The languages of ``texts`` (waits for the workers); a text stored when the job
        started but gone since is detected here."""
        if not texts:
            self.cancel()
            return []
        found = dict(zip(self.texts, self.job.result(), strict=True))
        missing = [t for t in texts if t not in found]
        found.update(zip(missing, detect_many(missing), strict=True))
        return [found[t] for t in texts]

    def cancel(self) -> None:
        self.job.cancel()


def import_drafts(
    db: Database,
    schema: LabelSchema,
    drafts: list[ArticleDraft],
    *,
    origin: str,
    detect_language: bool = True,
    add_labels: bool = False,
    as_gold: bool = False,
) -> ImportResult:
    """Validate every record, then write them all in one transaction, or nothing at all.

    Labels and relation types the schema lacks refuse the file, all named with their counts
    (:class:`UnknownLabels`), unless ``add_labels``: then they are added to the schema
    (:func:`annotator.core.schema.with_labels_for`) in the same transaction. Records whose
    annotator is ``gold``, or every labelled record with ``as_gold``, go into the gold layer
    (:mod:`annotator.store.gold_import`); no annotator is ever called gold.
    """
    if as_gold:  # a record naming nobody is gold's; one naming a person keeps them as provenance
        drafts = as_gold_drafts(drafts)
    use = label_use(drafts)
    target = with_labels(schema, drafts, use, add_labels)
    # Worker processes detect the languages of new texts while the records are validated.
    pending = _Detection(db, drafts) if detect_language else None
    try:
        problems = invalid_drafts(drafts, target)
        if problems:
            raise DraftsRejected(problems)
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise

    result = ImportResult(origin=origin)
    hashes = [sha256(d.text) for d in drafts]
    before = _existing(db, set(hashes))

    # Unique new texts, first occurrence wins; languages detected outside the transaction.
    new_first: dict[str, int] = {}
    for i, h in enumerate(hashes):
        if h not in before and h not in new_first:
            new_first[h] = i
    todo = [i for i in new_first.values() if drafts[i].language is None]
    detected: dict[int, tuple[str, float]] = {}
    if pending is not None:
        found = pending.languages([drafts[i].text for i in todo])
        detected = dict(zip(todo, found, strict=True))

    stamp = now()
    with failures.doing(f"this import of {origin}"), _write_lock(db):
        if target is not schema:
            target = _add_labels(db, drafts, use, origin, stamp, result)
        # Re-read inside the write lock: another process may have imported meanwhile.
        existing = _existing(db, set(hashes))
        stories = _story_ids(db, {str(d.meta["story"]) for d in drafts if d.meta.get("story")})
        clusters = _cluster_ids(db, drafts, stories)
        rows: list[tuple[Any, ...]] = []
        order: list[str] = []
        for h, i in new_first.items():
            if h in existing:
                continue
            d = drafts[i]
            if d.language:
                given = d.language_confidence
                lang, conf = d.language, (1.0 if given is None else given)
            else:
                lang, conf = detected.get(i, (UNKNOWN, 0.0))
            story = stories.get(str(d.meta.get("story"))) if d.meta.get("story") else None
            external = d.external_id or h[:16]
            rows.append(
                (
                    external,
                    d.title,
                    d.source,
                    d.url,
                    d.published,
                    d.text,
                    h,
                    lang,
                    conf,
                    stamp,
                    dumps(d.meta),
                    story,
                )
            )
            order.append(h)
            result.languages[lang] = result.languages.get(lang, 0) + 1
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
                # The search index is filled in one statement (no per-row trigger, migration v5).
                raw.execute(
                    db,
                    "INSERT INTO article_fts (rowid, title, text) "
                    "SELECT id, title, text FROM article WHERE id >= ?",
                    (first_id,),
                )
        ids = {**existing, **_existing(db, order)}
        result.articles = len(rows)
        result.duplicates = len(drafts) - len(rows)
        result.article_ids = [ids[h] for h in order]

        pairs = list(zip(drafts, hashes, strict=True))
        gold = [
            (d, ids[h]) for d, h in pairs if d.annotator and (as_gold or is_gold_name(d.annotator))
        ]
        labelled = [
            (d, ids[h])
            for d, h in pairs
            if d.annotator and not (as_gold or is_gold_name(d.annotator))
        ]
        annotators = _annotator_ids(db, {d.annotator for d, _ in labelled if d.annotator})
        spans, relations = _write_labels(db, target, labelled, annotators, stamp, clusters)
        result.spans, result.relations = spans, relations
        if gold:
            result.gold_spans, result.gold_relations = write_gold(db, target, gold, origin, stamp)
        if rows or spans or relations or result.gold_spans or result.gold_relations:
            raw.execute(
                db,
                "INSERT INTO event (annotator, action, kind, payload, created_at) "
                "VALUES (?, 'import', 'log', ?, ?)",
                (
                    ",".join(sorted(annotators)) or "-",
                    dumps(
                        {
                            "origin": origin,
                            "articles": len(rows),
                            "spans": spans,
                            "relations": relations,
                            "gold_spans": result.gold_spans,
                            "gold_relations": result.gold_relations,
                            "labels_added": sorted(result.labels_added),
                            "relation_types_added": sorted(result.relations_added),
                        }
                    ),
                    stamp,
                ),
            )
    return result


def _add_labels(
    db: Database,
    drafts: list[ArticleDraft],
    use: LabelUse,
    origin: str,
    stamp: str,
    result: ImportResult,
) -> LabelSchema:
    """Inside the import's transaction: the stored schema (locked on a server, so a schema
    edit elsewhere waits) plus the labels the records use, written and logged; the records
    are checked again if the stored schema had changed since they were checked."""
    if raw.is_postgres(db):
        sql = "SELECT value FROM meta WHERE key = 'label_schema' FOR UPDATE"
    else:
        sql = "SELECT value FROM meta WHERE key = 'label_schema'"
    stored = LabelSchema.from_json(raw.one(db, sql)[0])
    try:
        final = schema_with_labels_for(stored, use)
    except SchemaError as exc:
        raise DraftRejected(0, f"cannot add the file's labels: {exc}") from None
    problems = invalid_drafts(drafts, final)  # cheap next to the writes; the stored schema
    if problems:  # may differ from ours
        raise DraftsRejected(problems)
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
    db: Database,
    schema: LabelSchema,
    labelled: list[tuple[ArticleDraft, int]],
    annotators: dict[str, int],
    stamp: str,
    clusters: dict[str, int],
) -> tuple[int, int]:
    """Insert spans, relations and statuses; skip spans and relations already stored."""
    span_rows: list[tuple[Any, ...]] = []
    pending: list[tuple[int, str, int, tuple[int, int, str]]] = []  # (draft#, key, article, sig)
    known: dict[tuple[int, int], dict[tuple[int, int, str], int]] = {}
    status_rows: list[tuple[Any, ...]] = []
    for n, (d, art_id) in enumerate(labelled):
        a_id = annotators[d.annotator or ""]
        if (art_id, a_id) not in known:
            known[(art_id, a_id)] = {
                (s, e, lab): sid
                for sid, s, e, lab in raw.execute(
                    db,
                    'SELECT id, start, "end", label FROM span '
                    "WHERE article_id = ? AND annotator_id = ?",
                    (art_id, a_id),
                )
            }
        have = known[(art_id, a_id)]
        for sp in d.spans:
            sig = (sp.start, sp.end, sp.label)
            pending.append((n, sp.key, art_id, sig))
            if sig in have:
                continue
            have[sig] = -1  # placeholder: filled in after insert
            layer = schema.layer_of(sp.label)
            defaults = {
                a.name: a.default for a in schema.attributes_of(layer) if a.default is not None
            }
            span_rows.append(
                (
                    art_id,
                    a_id,
                    sp.start,
                    sp.end,
                    sp.label,
                    layer,
                    d.text[sp.start : sp.end],
                    dumps({**defaults, **sp.attributes}),
                    stamp,
                    stamp,
                    sp.origin,
                    clusters.get(sp.cluster) if sp.cluster is not None else None,
                )
            )
        status = (d.status or Status.DONE).value
        status_rows.append((art_id, a_id, status, stamp))

    if span_rows:
        new_ids = raw.insert_returning_ids(
            db,
            "span",
            'article_id, annotator_id, start, "end", label, layer, text, attributes, '
            "created_at, updated_at, origin, cluster_id",
            span_rows,
        )
        for row, sid in zip(span_rows, new_ids, strict=True):
            known[(row[0], row[1])][(row[2], row[3], row[4])] = sid

    key_to_id: dict[tuple[int, str], int] = {}
    for n, key, art_id, sig in pending:
        a_id = annotators[labelled[n][0].annotator or ""]
        key_to_id[(n, key)] = known[(art_id, a_id)][sig]

    rel_rows: list[tuple[Any, ...]] = []
    seen_rel: set[tuple[int, int, str]] = set()
    for n, (d, art_id) in enumerate(labelled):
        a_id = annotators[d.annotator or ""]
        for rel in d.relations:
            head, child = key_to_id[(n, rel.head)], key_to_id[(n, rel.child)]
            sig = (head, child, rel.label)
            if sig in seen_rel:
                continue
            seen_rel.add(sig)
            dup = raw.one(
                db, "SELECT 1 FROM relation WHERE head_id = ? AND child_id = ? AND label = ?", sig
            )
            if not dup:
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
    """Bulk import of one file's records, all or nothing (:func:`import_drafts`), against
    the stored label schema."""

    def __init__(self, ctx: StoreContext, schemas: Schemas) -> None:
        self._ctx = ctx
        self._schemas = schemas

    def import_drafts(
        self,
        drafts: list[model.ArticleDraft],
        *,
        origin: str,
        detect_language: bool = True,
        add_labels: bool = False,
        as_gold: bool = False,
    ) -> ImportResult:
        """Import one file's records all or nothing (see :mod:`annotator.store.importing`):
        ``add_labels`` adds the labels and relation types they use that the schema lacks (else
        those refuse the file); ``as_gold`` puts their labels into gold, as records whose
        annotator is ``gold`` always go.

        Labels are checked against the stored schema, not this process's copy. On a server a
        labelled import holds the schema's row (``FOR SHARE``) from that read to its commit,
        so no schema edit drops a label it brings; on a file (SQLite) the schema is read
        afresh just before (the import's write lock is taken only after language detection,
        which must not block the window's edits)."""

        def run(schema: LabelSchema) -> ImportResult:
            return import_drafts(
                self._ctx.db,
                schema,
                drafts,
                origin=origin,
                detect_language=detect_language,
                add_labels=add_labels,
                as_gold=as_gold,
            )

        if not self._ctx.pg or not any(d.annotator for d in drafts):
            self._schemas.reload_schema()
            result = run(self._schemas.schema)
        else:
            with self._ctx.writing():
                result = run(self._schemas.in_txn())
        if result.schema is not None:  # committed: the labels it added are the corpus's now
            self._schemas.take(result.schema)
        return result
