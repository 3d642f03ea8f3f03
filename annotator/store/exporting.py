"""Read queries the exporters need: documents, gold documents, split groups, the corpus
fingerprint."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.model import Document, Status
from annotator.store import raw, rows
from annotator.store.access import Access
from annotator.store.context import StoreContext
from annotator.store.convert import loads
from annotator.store.documents import iter_documents

GOLD = "gold"
"""The annotator name gold documents carry."""


class Exports:
    """What the exporters read: documents (article x annotator, as :class:`Access` scopes
    them), gold documents, split groups, the corpus fingerprint."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    def documents(
        self, annotator: str | None = None, *, only_annotated: bool = True
    ) -> Iterator[model.Document]:
        """(article, annotator, status, spans, relations) per article x annotator.

        An annotator counts for an article when they have spans there or a status other than
        to-do. With ``only_annotated=False`` articles nobody touched come once with ``None``.
        """
        scope = self._access.scope(annotator)
        if scope.annotator is not None and self._ctx.annotator_id_or_none(scope.annotator) is None:
            if annotator is None or not self._access.can_read_others():
                return iter(())  # the user (or no one), with no labels yet
            raise CorpusError(f"no annotator named {annotator!r}")
        names = dict(raw.execute(self._ctx.db, "SELECT id, name FROM annotator").fetchall())
        return iter_documents(self._ctx.db, names, scope, only_annotated=only_annotated)

    def gold_documents(self) -> Iterator[Document]:
        """One document per article that has gold spans, annotator ``"gold"``, status done."""
        spans: dict[int, list[model.Span]] = {}
        for row in raw.execute(
            self._ctx.db,
            'SELECT article_id, id, start, "end", label, layer, text, attributes, cluster_id '
            'FROM gold_span ORDER BY article_id, start, "end" DESC, id',
        ):
            spans.setdefault(row[0], []).append(
                model.Span(
                    row[1],
                    row[0],
                    GOLD,
                    row[2],
                    row[3],
                    row[4],
                    row[5],
                    row[6],
                    loads(row[7], "gold span", row[1], "attributes"),
                    row[8],  # a gold cluster's id (gold_cluster_names)
                )
            )
        relations: dict[int, list[model.Relation]] = {}
        for a_id, r_id, head, child, label in raw.execute(
            self._ctx.db,
            "SELECT article_id, id, head_id, child_id, label FROM gold_relation "
            "ORDER BY article_id, id",
        ):
            relations.setdefault(a_id, []).append(
                model.Relation(r_id, a_id, GOLD, head, child, label)
            )
        for row in raw.execute(
            self._ctx.db,
            f"SELECT {rows.ARTICLE_SELECT} FROM article "
            "WHERE id IN (SELECT article_id FROM gold_span) ORDER BY id",
        ):
            art = rows.article(row)
            yield Document(art, GOLD, Status.DONE, spans[art.id], relations.get(art.id, []))

    def article_keys(self) -> dict[int, str]:
        """Article id -> the SHA-256 of its text (a key that survives export and re-import)."""
        return dict(
            raw.execute(self._ctx.db, "SELECT id, sha256 FROM article ORDER BY id").fetchall()
        )

    def article_groups(self) -> dict[int, str]:
        """Article id -> a group key: articles of one story, or linked through claim spans
        of one claim cluster, or gold claims of one gold cluster (directly or transitively),
        share a key; others get their own."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        keys: dict[int, str] = {}
        for a_id, sha, story in raw.execute(
            self._ctx.db, "SELECT id, sha256, story_id FROM article"
        ):
            keys[a_id] = sha
            find(sha)
            if story is not None:
                union(sha, f"story:{story}")
        for a_id, cluster, story in raw.execute(
            self._ctx.db,
            "SELECT DISTINCT s.article_id, s.cluster_id, c.story_id FROM span s "
            "JOIN claim_cluster c ON c.id = s.cluster_id",
        ):
            union(keys[a_id], f"cluster:{cluster}")
            if story is not None:
                union(keys[a_id], f"story:{story}")
        for a_id, cluster, story in raw.execute(
            self._ctx.db,
            "SELECT DISTINCT s.article_id, s.cluster_id, c.story_id FROM gold_span s "
            "JOIN gold_cluster c ON c.id = s.cluster_id",
        ):
            union(keys[a_id], f"gold cluster:{cluster}")
            if story is not None:
                union(keys[a_id], f"story:{story}")
        return {a_id: find(sha) for a_id, sha in keys.items()}

    def cluster_names(self) -> dict[int, str]:
        """The names of the claim clusters whose claims the reader may see, by id (what
        exports write a claim's ``cluster`` as): a cluster is made of claims, which are labels,
        so the rule of :class:`Access` applies (no user, no tooling mode: none)."""
        mine, params = self._access.scope(None).sql("s.annotator_id")
        return {
            int(c_id): str(name)
            for c_id, name in raw.execute(
                self._ctx.db,
                "SELECT DISTINCT c.id, c.name FROM claim_cluster AS c "
                f"JOIN span AS s ON s.cluster_id = c.id WHERE 1 = 1{mine}",
                params,
            )
        }

    def gold_cluster_names(self) -> dict[int, str]:
        """The names of the gold clusters that have a gold claim, by id (gold is the
        reviewers' shared result: no annotator's labels)."""
        return {
            int(c_id): str(name)
            for c_id, name in raw.execute(
                self._ctx.db,
                "SELECT DISTINCT c.id, c.name FROM gold_cluster AS c "
                "JOIN gold_span AS s ON s.cluster_id = c.id",
            )
        }

    def fingerprint(self) -> str:
        """SHA-256 over the SHA-256 of every article's text, in import order."""
        digest = hashlib.sha256()
        for (sha,) in raw.execute(self._ctx.db, "SELECT sha256 FROM article ORDER BY id"):
            digest.update(sha.encode("ascii"))
        return digest.hexdigest()
