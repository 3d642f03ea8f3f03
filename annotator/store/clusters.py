"""Claim clusters of one annotator: joining, starting and leaving one (each durable at once,
logged, undoable), and the reads the cluster view and the cluster suggestions use (ADR 0027).

A cluster is a ``claim_cluster`` row; its members are claim spans naming it (``span.cluster_id``),
so, like every label, a cluster belongs to the annotator whose claims it holds: each read is
scoped by :class:`Access` and sees one annotator's claims. Starting a cluster always makes a
new row, named from the claim (unique among the annotator's clusters), with the story of the
claim's article.

Writes on a server: the span's row is locked (``FOR UPDATE``) before its cluster is read for
the undo record, and the conditions (my claim, a cluster I have claims in) are in the
``UPDATE`` itself: a span not changed is an error, never a half-done edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from annotator.core.cluster_view import CLAIM_LAYER, ClusterMember, ClusterSummary
from annotator.core.clusters import ClaimRef, cluster_name
from annotator.core.errors import CorpusError
from annotator.core.model import Changes
from annotator.core.speakers import CUE
from annotator.store import db, history, raw, tables
from annotator.store.access import Access
from annotator.store.context import StoreContext
from annotator.store.convert import loads

SAID_BY = "SAID_BY"

_MEMBERS_SQL = (
    'SELECT s.id, s.article_id, s.start, s."end", s.text, s.attributes, s.cluster_id, '
    "a.external_id, a.title, a.source, a.published, a.language, st.name, c.name "
    "FROM span AS s JOIN article AS a ON a.id = s.article_id "
    "JOIN claim_cluster AS c ON c.id = s.cluster_id "
    "LEFT JOIN story AS st ON st.id = a.story_id "
    "WHERE s.layer = ? AND s.annotator_id IN (SELECT id FROM annotator WHERE name = ?)"
)

# The cluster list (ADR 0027): a row per cluster, its members counted and their outlets (the
# source, else the external id) joined in member order, by the database. Its story: the
# cluster's own, else the story of its first member's article that has one.
OUTLET_SEPARATOR = "\x1f"  # the unit separator: in no outlet's name
_MEMBER_ORDER = "a.published IS NULL, a.published, a.id, s.start"
_OUTLET = "CASE WHEN a.source = '' THEN a.external_id ELSE a.source END"
_MEMBERS_OF_MINE = (
    "FROM span AS s JOIN article AS a ON a.id = s.article_id "
    "WHERE s.layer = ? AND s.annotator_id = ? AND s.cluster_id IS NOT NULL{among}"
)
_CLUSTER_ROW = (
    "SELECT c.id, c.name, COALESCE(cs.name, (SELECT st.name FROM span AS s "
    "JOIN article AS a ON a.id = s.article_id JOIN story AS st ON st.id = a.story_id "
    f"WHERE s.cluster_id = c.id AND s.layer = ? AND s.annotator_id = ? ORDER BY {_MEMBER_ORDER} "
    "LIMIT 1)), g.n, g.outlets FROM ({groups}) AS g JOIN claim_cluster AS c ON c.id = g.cluster_id "
    "LEFT JOIN story AS cs ON cs.id = c.story_id"
)
# SQLite (no ORDER BY inside an aggregate before 3.44): the members in order in a subquery,
# which its GROUP BY keeps (checked by tests/unit/test_cluster_store.py).
_SUMMARIES_SQLITE = _CLUSTER_ROW.replace(
    "{groups}",
    "SELECT m.cluster_id, count(*) AS n, group_concat(m.outlet, ?) AS outlets FROM ("
    f"SELECT s.cluster_id, {_OUTLET} AS outlet {_MEMBERS_OF_MINE} "
    f"ORDER BY s.cluster_id, {_MEMBER_ORDER}) AS m GROUP BY m.cluster_id",
)
_SUMMARIES_PG = _CLUSTER_ROW.replace(
    "{groups}",
    f"SELECT s.cluster_id, count(*) AS n, string_agg({_OUTLET}, ? ORDER BY {_MEMBER_ORDER}) "
    f"AS outlets {_MEMBERS_OF_MINE} GROUP BY s.cluster_id",
)


class Clusters:
    """An annotator's claim clusters (see the module docstring)."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    # ------------------------------------------------------------ writes
    def join(self, span_id: int, annotator: str, cluster_id: int) -> Changes:
        """Claim ``span_id`` of ``annotator`` joins cluster ``cluster_id`` (one of theirs)."""
        a_id = self._annotator(annotator)
        with self._ctx.writing():
            article, text, before = self._own_claim(span_id, a_id)
            if before == cluster_id:
                return Changes()
            changed = raw.execute(
                self._ctx.db,
                "UPDATE span SET cluster_id = ?, updated_at = ? WHERE id = ? AND annotator_id = ? "
                "AND layer = ? AND EXISTS (SELECT 1 FROM span AS m WHERE m.cluster_id = ? "
                "AND m.annotator_id = ? AND m.layer = ?)",
                (cluster_id, db.now(), span_id, a_id, CLAIM_LAYER, cluster_id, a_id, CLAIM_LAYER),
            ).rowcount
            if changed != 1:
                raise CorpusError(f"there is no cluster {cluster_id} of {annotator}'s to join")
            name = self._name(cluster_id)
            return self._log(annotator, "join", article, span_id, text, before, cluster_id, name)

    def start(self, span_id: int, annotator: str, name: str | None = None) -> Changes:
        """A new cluster of ``annotator``'s with claim ``span_id`` in it: named ``name`` or
        from the claim's first words (unique among their clusters), with the article's story."""
        a_id = self._annotator(annotator)
        with self._ctx.writing():
            article, text, before = self._own_claim(span_id, a_id)
            taken = {
                n
                for (n,) in raw.execute(
                    self._ctx.db,
                    "SELECT DISTINCT c.name FROM claim_cluster AS c JOIN span AS s "
                    "ON s.cluster_id = c.id WHERE s.annotator_id = ?",
                    (a_id,),
                )
            }
            name = (name or "").strip() or cluster_name(ClaimRef(span_id, article, text), taken)
            if name in taken:
                raise CorpusError(f"{annotator} has a cluster named {name!r} already")
            (story,) = raw.one(
                self._ctx.db, "SELECT story_id FROM article WHERE id = ?", (article,)
            )
            cluster = tables.ClaimCluster.create(name=name, story=story)
            raw.execute(
                self._ctx.db,
                "UPDATE span SET cluster_id = ?, updated_at = ? WHERE id = ? AND annotator_id = ?",
                (cluster.id, db.now(), span_id, a_id),
            )
            return self._log(annotator, "start", article, span_id, text, before, cluster.id, name)

    def leave(self, span_id: int, annotator: str) -> Changes:
        """Claim ``span_id`` of ``annotator`` leaves its cluster (none: nothing changes)."""
        a_id = self._annotator(annotator)
        with self._ctx.writing():
            article, text, before = self._own_claim(span_id, a_id)
            if before is None:
                return Changes()
            name = self._name(before)
            raw.execute(
                self._ctx.db,
                "UPDATE span SET cluster_id = NULL, updated_at = ? "
                "WHERE id = ? AND annotator_id = ?",
                (db.now(), span_id, a_id),
            )
            return self._log(annotator, "leave", article, span_id, text, before, None, name)

    def _annotator(self, annotator: str) -> int:
        a_id = self._ctx.annotator_id_or_none(annotator)
        if a_id is None:
            raise CorpusError(f"{annotator} has no claims")
        return a_id

    def _own_claim(self, span_id: int, a_id: int) -> tuple[int, str, int | None]:
        """(article, text, cluster) of claim ``span_id`` of annotator ``a_id``, its row locked
        until the transaction ends on a server (SQLite's writer holds the file's lock)."""
        lock = " FOR UPDATE" if self._ctx.pg else ""
        row = raw.one(
            self._ctx.db,
            "SELECT article_id, text, cluster_id, annotator_id, layer, label FROM span "
            f"WHERE id = ?{lock}",
            (span_id,),
        )
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        article, text, cluster, owner, layer, label = row
        if owner != a_id:
            raise CorpusError(f"span {span_id} belongs to another annotator")
        if layer != CLAIM_LAYER or label == CUE:
            raise CorpusError(f"span {span_id} is not a claim: only claims go into clusters")
        return int(article), str(text), (int(cluster) if cluster is not None else None)

    def _name(self, cluster_id: int) -> str:
        found = raw.one(self._ctx.db, "SELECT name FROM claim_cluster WHERE id = ?", (cluster_id,))
        return str(found[0]) if found else f"cluster {cluster_id}"

    @staticmethod
    def _log(
        annotator: str,
        op: str,
        article: int,
        span_id: int,
        text: str,
        before: int | None,
        after: int | None,
        name: str,
    ) -> Changes:
        payload = {
            "article": article,
            "span": span_id,
            "op": op,
            "before": before,
            "after": after,
            "name": name,
            "text": text,
        }
        event = history.log(annotator, history.CLUSTER, payload, article)
        return Changes(
            article_ids={article},
            spans_updated={span_id},
            clusters_changed=True,
            cluster_ids={c for c in (before, after) if c is not None},
            event_id=event,
        )

    # ------------------------------------------------------------ reads
    def summaries(self, annotator: str, ids: Iterable[int] | None = None) -> list[ClusterSummary]:
        """``annotator``'s clusters (only those of ``ids`` if given: a cluster with none of
        their claims is left out), by story then name, each with its members' count and
        outlets (each once, in member order: by date, article, offset).

        One aggregate query, a row per cluster: the members are counted and their outlets
        joined in order by the database (``group_concat`` over the members in order on
        SQLite, ``string_agg … ORDER BY`` on PostgreSQL), never a row per member."""
        scope = self._access.scope(annotator)
        a_id = self._ctx.annotator_id_or_none(scope.annotator)
        wanted = None if ids is None else sorted(set(ids))
        if a_id is None or wanted == []:
            return []
        out: list[ClusterSummary] = []
        for chunk in [None] if wanted is None else _chunks(wanted):
            among = "" if chunk is None else f" AND s.cluster_id IN ({','.join('?' * len(chunk))})"
            sql = (_SUMMARIES_PG if self._ctx.pg else _SUMMARIES_SQLITE).format(among=among)
            params = (CLAIM_LAYER, a_id, OUTLET_SEPARATOR, CLAIM_LAYER, a_id, *(chunk or ()))
            out.extend(
                ClusterSummary(
                    int(c_id),
                    str(name),
                    story,
                    int(count),
                    tuple(dict.fromkeys(str(outlets or "").split(OUTLET_SEPARATOR))),
                )
                for c_id, name, story, count, outlets in raw.execute(
                    self._ctx.db, sql, params
                ).fetchall()
            )
        out.sort(key=lambda s: (s.story is None, s.story or "", s.name.casefold(), s.id))
        return out

    def members(self, cluster_id: int, annotator: str) -> list[ClusterMember]:
        """The claims of ``annotator``'s cluster ``cluster_id``, by date, article, offset,
        each with its speaker, attribution, certainty and entities."""
        scope = self._access.scope(annotator)
        rows = raw.execute(
            self._ctx.db,
            _MEMBERS_SQL
            + " AND s.cluster_id = ? ORDER BY a.published IS NULL, a.published, a.id, s.start",
            (CLAIM_LAYER, scope.annotator, cluster_id),
        ).fetchall()
        return self._members(rows, scope.annotator)

    def claims(self, annotator: str) -> dict[str, list[ClaimRef]]:
        """Every clustered claim of ``annotator``'s by cluster id (as text): what
        :class:`~annotator.core.clusters.ClusterIndex` ranks a claim's clusters from."""
        scope = self._access.scope(annotator)
        rows = raw.execute(
            self._ctx.db,
            _MEMBERS_SQL + " ORDER BY s.cluster_id, s.id",
            (CLAIM_LAYER, scope.annotator),
        ).fetchall()
        out: dict[str, list[ClaimRef]] = defaultdict(list)
        for m in self._members(rows, scope.annotator):
            out[str(m.cluster_id)].append(m.ref())
        return dict(out)

    def claim(self, span_id: int, annotator: str) -> ClaimRef:
        """Claim ``span_id`` of ``annotator``'s as the suggestions see it."""
        scope = self._access.scope(annotator)
        rows = raw.execute(
            self._ctx.db,
            _MEMBERS_SQL.replace("JOIN claim_cluster", "LEFT JOIN claim_cluster") + " AND s.id = ?",
            (CLAIM_LAYER, scope.annotator, span_id),
        ).fetchall()
        found = self._members(rows, scope.annotator)
        if not found:
            raise CorpusError(f"span {span_id} is not a claim of {annotator}'s")
        return found[0].ref()

    def _members(self, rows: list[Any], annotator: str | None) -> list[ClusterMember]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        articles = sorted({r[1] for r in rows})
        speakers: dict[int, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for head, text in raw.execute(
                self._ctx.db,
                "SELECT r.head_id, c.text FROM relation AS r JOIN span AS c ON c.id = r.child_id "
                f"WHERE r.label = ? AND r.head_id IN ({marks}) ORDER BY r.id",
                (SAID_BY, *chunk),
            ):
                speakers.setdefault(int(head), str(text))
        entities: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
        for chunk in _chunks(articles):
            marks = ",".join("?" * len(chunk))
            for art, start, end, label, text in raw.execute(
                self._ctx.db,
                'SELECT s.article_id, s.start, s."end", s.label, s.text FROM span AS s '
                "WHERE s.layer <> ? "
                "AND s.annotator_id IN (SELECT id FROM annotator WHERE name = ?) "
                f"AND s.article_id IN ({marks}) ORDER BY s.start",
                (CLAIM_LAYER, annotator, *chunk),
            ):
                entities[int(art)].append((int(start), int(end), str(label), str(text)))
        out = []
        for r in rows:
            (
                s_id,
                art,
                start,
                end,
                text,
                attrs,
                c_id,
                external,
                title,
                source,
                published,
                language,
                story,
                c_name,
            ) = r
            attributes = loads(attrs) if attrs else {}
            inside = tuple(
                (s - start, e - start, label, surface)
                for s, e, label, surface in entities.get(int(art), ())
                if start <= s and e <= end
            )
            out.append(
                ClusterMember(
                    int(s_id),
                    int(art),
                    str(external),
                    str(source or ""),
                    published,
                    str(title or ""),
                    int(start),
                    int(end),
                    str(text),
                    str(language or "id"),
                    story,
                    speakers.get(int(s_id)),
                    _text_or_none(attributes.get("attribution")),
                    _text_or_none(attributes.get("certainty")),
                    inside,
                    c_name,
                    int(c_id) if c_id is not None else None,
                )
            )
        return out


def _text_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
