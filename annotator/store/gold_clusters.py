"""Gold claim clusters (ADR 0029): which gold cluster a gold claim goes to when the reviewer
takes an annotator's cluster for it.

Clusters are compared by their members, never by name. An annotator's cluster for a claim is
the set of claims (article id, start, end) their claim shares a cluster with
(:func:`annotator.core.review.cluster_members`). Taking it for a gold claim puts the claim in
the gold cluster that most of those members' gold claims are in (ties: the oldest); when none
of them is in a gold cluster yet, in a new gold cluster named after the annotator's (made
unique among gold clusters: JSONL writes a cluster by name). No members: no cluster.

Gold clusters cross articles, so the choice reads other articles' gold: on a server it is made
under a transaction-scoped advisory lock (taken inside the gold write's transaction, after
the article's lock), so two reviewers settling claims of one cluster in two articles take
turns and the second sees the first's cluster; on a file the gold write's ``BEGIN IMMEDIATE``
serialises them already. A gold cluster is never deleted: one left without claims (an undo)
lists nowhere and its name is taken again by the next cluster made under it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from peewee import Database, fn

from annotator.core import model
from annotator.core.review import Member
from annotator.store import db, raw, tables
from annotator.store.convert import rows

GOLD_CLUSTER_LOCK = 0x676F6C63  # "golc": the advisory lock key of gold cluster choices
CLAIM_LAYER = "claim"


def lock(database: Database) -> None:
    """Take the gold clusters' lock until the transaction ends (a server; a file's write
    transaction holds the whole database already)."""
    if raw.is_postgres(database):
        raw.execute(database, "SELECT pg_advisory_xact_lock(?)", (GOLD_CLUSTER_LOCK,))


def annotator_clusters(spans: Iterable[model.Span]) -> dict[tuple[str, int], set[Member]]:
    """(annotator, cluster id) -> the members of that annotator's cluster, for the clusters
    the given spans are in (read from every article)."""
    wanted = {(s.annotator, s.cluster_id) for s in spans if s.cluster_id is not None}
    out: dict[tuple[str, int], set[Member]] = {}
    if not wanted:
        return out
    query = (
        tables.Span.select(
            tables.Annotator.name,
            tables.Span.cluster,
            tables.Span.article,
            tables.Span.start,
            tables.Span.end,
        )
        .join(tables.Annotator)
        .where(tables.Span.cluster.in_(sorted({c for _, c in wanted})))
    )
    for name, cluster, article, start, end in rows(query):
        if (name, cluster) in wanted:
            out.setdefault((name, cluster), set()).add((article, start, end))
    return out


def members_of(
    span: model.Span, clusters: Mapping[tuple[str, int], set[Member]]
) -> frozenset[Member]:
    """The claims ``span``'s annotator put in its cluster, the span itself left out."""
    if span.cluster_id is None:
        return frozenset()
    found = clusters.get((span.annotator, span.cluster_id), set())
    return frozenset(found - {(span.article_id, span.start, span.end)})


def cluster_for(
    database: Database,
    reviewer: str,
    members: frozenset[Member],
    name: str,
    story: int | None,
) -> int | None:
    """The gold cluster a claim with these members goes to (see the module doc); call
    inside the gold write's transaction."""
    if not members:
        return None
    lock(database)
    articles = sorted({a for a, _, _ in members})
    votes: Counter[int] = Counter()
    query = tables.GoldSpan.select(
        tables.GoldSpan.article, tables.GoldSpan.start, tables.GoldSpan.end, tables.GoldSpan.cluster
    ).where(tables.GoldSpan.article.in_(articles) & tables.GoldSpan.cluster.is_null(False))
    for article, start, end, cluster in rows(query):
        if (article, start, end) in members:
            votes[cluster] += 1
    if votes:
        best = max(votes.values())
        return min(c for c, n in votes.items() if n == best)
    return _new_cluster(reviewer, name, story)


def _new_cluster(reviewer: str, name: str, story: int | None) -> int:
    base = name.strip() or "cluster"
    named = tables.GoldCluster.select(tables.GoldCluster.id, tables.GoldCluster.name).where(
        fn.SUBSTR(tables.GoldCluster.name, 1, len(base)) == base
    )
    taken = {str(n): int(i) for i, n in rows(named)}
    in_use = tables.GoldSpan.select(tables.GoldSpan.cluster).where(
        tables.GoldSpan.cluster.in_(sorted(taken.values()) or [0])
    )
    used = {c for (c,) in rows(in_use)}
    n = 1
    while True:
        candidate = base if n == 1 else f"{base} ({n})"
        if candidate not in taken:
            row = tables.GoldCluster.create(
                name=candidate, story=story, created_by=reviewer, created_at=db.now()
            )
            return int(row.id)
        if taken[candidate] not in used:  # left without claims: take it again
            tables.GoldCluster.update(story=story).where(
                tables.GoldCluster.id == taken[candidate]
            ).execute()
            return taken[candidate]
        n += 1
