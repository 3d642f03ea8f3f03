"""Gold labels from a file: records whose annotator is ``gold`` (what ``export --gold`` writes),
or every record of ``import --as-gold``, go into the gold layer, not to an annotator.

Written by :func:`annotator.store.importing.import_drafts` inside its one transaction, with the
same raw statements. Provenance: a gold span or relation imported from a file has
``accepted_by`` "imported from NAME" (the file's name), no source span, and as the annotators
who had it the record's own annotator when that is a person (``--as-gold`` on a file of
alice's labels), none for a ``gold`` record. The import's log event names the whole path.
A gold span already there (same start, end and label) is not added again, nor a gold relation
(same ends and label), so importing a gold file twice adds nothing. A claim's ``cluster`` names
its gold cluster (made when no gold cluster has that name); a claim added from a file has its
cluster decided, none when the record names none (ADR 0029).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from peewee import Database

from annotator.core.model import ArticleDraft
from annotator.core.schema import LabelSchema
from annotator.core.speakers import CUE
from annotator.core.validate import is_gold_name
from annotator.store import raw
from annotator.store.convert import dumps
from annotator.store.gold_clusters import CLAIM_LAYER, lock

PROVENANCE_MAX = 255  # accepted_by is a VARCHAR(255) on the server


def provenance(origin: str) -> str:
    """``imported from NAME``: what a gold row's ``accepted_by`` says about an import."""
    name = PurePath(origin).name or origin
    text = f"imported from {name}"
    return text if len(text) <= PROVENANCE_MAX else text[: PROVENANCE_MAX - 1] + "…"


def write_gold(
    db: Database,
    schema: LabelSchema,
    records: list[tuple[ArticleDraft, int]],
    origin: str,
    stamp: str,
) -> tuple[int, int]:
    """Insert the records' spans and relations into gold; (gold spans, gold relations) added.

    Call inside the import's transaction, after validation (labels and relations fit
    ``schema``)."""
    by = provenance(origin)
    clusters = _gold_clusters(db, records, by, stamp)
    span_rows: list[tuple[Any, ...]] = []
    known: dict[int, dict[tuple[int, int, str], int]] = {}
    pending: list[tuple[int, str, int, tuple[int, int, str]]] = []  # record#, key, article, sig
    for n, (d, art_id) in enumerate(records):
        if art_id not in known:
            known[art_id] = {
                (s, e, lab): gid
                for gid, s, e, lab in raw.execute(
                    db,
                    'SELECT id, start, "end", label FROM gold_span WHERE article_id = ?',
                    (art_id,),
                )
            }
        have = known[art_id]
        owners = dumps([] if is_gold_name(d.annotator) or not d.annotator else [d.annotator])
        for sp in d.spans:
            sig = (sp.start, sp.end, sp.label)
            pending.append((n, sp.key, art_id, sig))
            if sig in have:
                continue
            have[sig] = -1  # filled in after the insert
            layer = schema.layer_of(sp.label)
            defaults = schema.defaults_for(sp.label)
            span_rows.append(
                (
                    art_id,
                    sp.start,
                    sp.end,
                    sp.label,
                    layer,
                    d.text[sp.start : sp.end],
                    dumps({**defaults, **sp.attributes}),
                    owners,
                    None,
                    by,
                    stamp,
                    1,
                    clusters.get(sp.cluster) if sp.cluster is not None else None,
                    layer == CLAIM_LAYER and sp.label != CUE,
                )
            )
    if span_rows:
        new_ids = raw.insert_returning_ids(
            db,
            "gold_span",
            'article_id, start, "end", label, layer, text, attributes, annotators, '
            "source_span_id, accepted_by, accepted_at, version, cluster_id, cluster_decided",
            span_rows,
        )
        for row, gid in zip(span_rows, new_ids, strict=True):
            known[row[0]][(row[1], row[2], row[3])] = gid

    key_to_id = {(n, key): known[art_id][sig] for n, key, art_id, sig in pending}
    rel_rows: list[tuple[Any, ...]] = []
    seen: set[tuple[int, int, str]] = set()
    for n, (d, art_id) in enumerate(records):
        owners = dumps([] if is_gold_name(d.annotator) or not d.annotator else [d.annotator])
        for rel in d.relations:
            sig = (key_to_id[(n, rel.head)], key_to_id[(n, rel.child)], rel.label)
            if sig in seen:
                continue
            seen.add(sig)
            if raw.one(
                db,
                "SELECT 1 FROM gold_relation WHERE head_id = ? AND child_id = ? AND label = ?",
                sig,
            ):
                continue
            rel_rows.append((art_id, *sig, owners, by, stamp))
    if rel_rows:
        raw.executemany(
            db,
            "INSERT INTO gold_relation (article_id, head_id, child_id, label, annotators, "
            "accepted_by, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rel_rows,
        )
    return len(span_rows), len(rel_rows)


def _gold_clusters(
    db: Database, records: list[tuple[ArticleDraft, int]], by: str, stamp: str
) -> dict[str, int]:
    """The gold clusters the records' claims name, by name: those gold has, the others made."""
    names = sorted({sp.cluster for d, _ in records for sp in d.spans if sp.cluster is not None})
    if not names:
        return {}
    lock(db)  # gold clusters are made under their lock (store/gold_clusters.py)
    out: dict[str, int] = {}
    for name in names:
        found = raw.one(db, "SELECT id FROM gold_cluster WHERE name = ?", (name,))
        if found is None:
            found = raw.insert_returning_ids(
                db,
                "gold_cluster",
                "name, story_id, created_by, created_at",
                [(name, None, by, stamp)],
            )
        out[name] = int(found[0])
    return out
