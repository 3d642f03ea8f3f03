"""What the cluster view shows (ADR 0027): an annotator's claim clusters and, for one, its
members side by side with their word-level differences and the values that conflict.

Pure Python: the store reads :class:`ClusterSummary` and :class:`ClusterMember` values, the
GUI shows what :func:`compare` makes of them. Offsets are code points, relative to the
member's claim text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from annotator.core.clusters import ClaimRef, WordDiff, conflicts, word_differences
from annotator.core.quantities import Quantity, parse

__all__ = ["CLAIM_LAYER", "ClusterMember", "ClusterSummary", "Comparison", "compare"]

CLAIM_LAYER = "claim"


@dataclass(frozen=True)
class ClusterSummary:
    """One cluster of an annotator's: its members' count and outlets (each once, in order)."""

    id: int
    name: str
    story: str | None
    members: int
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class ClusterMember:
    """A claim of a cluster with what the view shows of it and its article."""

    span_id: int
    article_id: int
    external_id: str
    source: str  # the outlet ("" when the article does not name it)
    published: str | None
    title: str
    start: int
    end: int
    text: str
    language: str = "id"
    story: str | None = None
    speaker: str | None = None  # the SAID_BY speaker's text
    attribution: str | None = None
    certainty: str | None = None
    # (start, end, label, surface) of the entities inside the claim, relative to its text
    entities: tuple[tuple[int, int, str, str], ...] = ()
    cluster: str | None = None  # its cluster's name
    cluster_id: int | None = None

    @property
    def outlet(self) -> str:
        return self.source or self.external_id or f"#{self.article_id}"

    @property
    def date(self) -> str:
        """The publication day (``YYYY-MM-DD``), or "" when the article has none."""
        return (self.published or "")[:10]

    def values(self) -> tuple[Quantity, ...]:
        return tuple(parse(self.text, self.language))

    def ref(self) -> ClaimRef:
        """The claim as the cluster tools see it (suggestions, conflicts)."""
        return ClaimRef(
            self.span_id,
            self.article_id,
            self.text,
            self.language,
            self.outlet,
            self.story,
            self.speaker,
            tuple((label, surface) for _, _, label, surface in self.entities)
            + ((("SPEAKER", self.speaker),) if self.speaker else ()),
            self.values(),
            self.cluster,
        )


@dataclass(frozen=True)
class Comparison:
    """A cluster's members compared: each member's differences from the ``reference``
    member (its own: from the next one), and every conflict line."""

    reference: int  # index of the member the others are compared with
    differences: dict[int, list[WordDiff]] = field(default_factory=dict)  # by span id
    conflicts: list[str] = field(default_factory=list)
    # the same, between members of one article (core's conflicts count only other articles'):
    # an outlet that reports two figures, e.g. its own and an official's
    within: list[str] = field(default_factory=list)


def compare(members: list[ClusterMember], reference: int = 0) -> Comparison:
    """Differences of every member's words from the reference member's (the reference's own
    from the next member's, so its particular words show too) and the conflict lines."""
    if not members:
        return Comparison(0)
    reference = max(0, min(reference, len(members) - 1))
    refs = [m.ref() for m in members]
    base = members[reference]
    diffs: dict[int, list[WordDiff]] = {}
    for i, m in enumerate(members):
        other = base if i != reference else members[(i + 1) % len(members)]
        if other is m:
            diffs[m.span_id] = []
            continue
        diffs[m.span_id] = word_differences(
            m.text,
            other.text,
            entities=[(s, e) for s, e, _, _ in m.entities],
            values=refs[i].values,
        )
    by_article: dict[int, list[ClaimRef]] = {}
    for r in refs:
        by_article.setdefault(r.article_id, []).append(r)
    within = [
        c.line()
        for same in by_article.values()
        if len(same) > 1
        # each member its own "article", so core's rule compares them
        for c in conflicts([replace(r, article_id=-r.span_id) for r in same])
    ]
    return Comparison(reference, diffs, [c.line() for c in conflicts(refs)], within)
