"""Gazetteers kept in the corpus: terms that suggest a label (issue 17; core/suggestions.py
matches them). No annotator's labels: a term list is the corpus's, like its schema."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from annotator.core.errors import CorpusError
from annotator.core.speakers import is_claim
from annotator.store import db, raw
from annotator.store.context import StoreContext
from annotator.store.schemas import Schemas

VERSION_KEY = "gazetteer_version"


class _Labelled(NamedTuple):
    layer: str
    label: str


class Gazetteers:
    """The corpus's term lists: added from a file, read whole, cleared by source."""

    def __init__(self, ctx: StoreContext, schemas: Schemas) -> None:
        self._ctx = ctx
        self._schemas = schemas

    def add_terms(self, terms: Iterable[tuple[str, str]], source: str) -> tuple[int, int]:
        """Add (term, label) pairs from ``source``, all or none: (added, already there).
        Every label must be one of the schema's (the unknown ones are named)."""
        wanted = list(dict.fromkeys((t.strip(), label) for t, label in terms if t.strip()))
        schema = self._schemas.schema
        known = {label.name for label in schema.labels}
        unknown = sorted({label for _, label in wanted} - known)
        if unknown:
            raise CorpusError(
                f"{source}: label(s) {', '.join(unknown)} not in the schema; add them first "
                "(the schema editor)"
            )
        claims = sorted(
            {label for _, label in wanted if is_claim(_Labelled(schema.layer_of(label), label))}
        )
        if claims:  # a claim is a statement, never a term (cue words are terms: CUE is fine)
            raise CorpusError(
                f"{source}: {', '.join(claims)} labels claims, whole statements: a gazetteer "
                "holds terms (entities, or cue words)"
            )
        stamp = db.now()
        with self._ctx.writing():
            have = {
                (str(t), str(label))
                for t, label in raw.execute(self._ctx.db, "SELECT term, label FROM gazetteer_term")
            }
            new = [(t, label, source, stamp) for t, label in wanted if (t, label) not in have]
            raw.executemany(
                self._ctx.db,
                "INSERT INTO gazetteer_term (term, label, source, added_at) VALUES (?, ?, ?, ?)",
                new,
            )
            if new:
                self._bump()
        return len(new), len(wanted) - len(new)

    def terms(self) -> list[tuple[str, str, str]]:
        """Every (term, label, source), by source then term."""
        return [
            (str(t), str(label), str(src))
            for t, label, src in raw.execute(
                self._ctx.db,
                "SELECT term, label, source FROM gazetteer_term ORDER BY source, term, label",
            )
        ]

    def remove(self, terms: Iterable[tuple[str, str]]) -> int:
        """Remove the (term, label) pairs (every source's), in one transaction."""
        pairs = list(dict.fromkeys((t, label) for t, label in terms))
        gone = 0
        with self._ctx.writing():
            for term, label in pairs:
                cur = raw.execute(
                    self._ctx.db,
                    "DELETE FROM gazetteer_term WHERE term = ? AND label = ?",
                    (term, label),
                )
                gone += max(cur.rowcount, 0)
            if gone:
                self._bump()
        return gone

    def clear(self, source: str | None = None) -> int:
        """Remove the terms of ``source`` (None: all); how many went. A source the corpus
        has no terms from is refused, naming the sources it has (a typo removes nothing
        silently otherwise)."""
        with self._ctx.writing():
            where, params = ("", ()) if source is None else (" WHERE source = ?", (source,))
            (n,) = raw.one(self._ctx.db, f"SELECT COUNT(*) FROM gazetteer_term{where}", params)
            if source is not None and not n:
                have = [
                    str(r[0])
                    for r in raw.execute(
                        self._ctx.db,
                        "SELECT DISTINCT source FROM gazetteer_term ORDER BY source",
                    )
                ]
                raise CorpusError(
                    f"no gazetteer terms came from {source!r}; the sources are "
                    + (", ".join(repr(h) for h in have) if have else "none (no terms)")
                )
            raw.execute(self._ctx.db, f"DELETE FROM gazetteer_term{where}", params)
            if n:
                self._bump()
        return int(n)

    def version(self) -> int:
        """How many changes the term lists have had (0: none since this was kept)."""
        row = raw.one(self._ctx.db, "SELECT value FROM meta WHERE key = ?", (VERSION_KEY,))
        try:
            return int(row[0]) if row is not None else 0
        except ValueError:
            return 0

    def _bump(self) -> None:
        """Raise the version, in the writing transaction, in one statement (two writers on a
        server each raise it: the row's lock orders them)."""
        raw.execute(
            self._ctx.db,
            "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
            (VERSION_KEY,),
        )
