"""Disagreement detection and merge strategies for gold: pure functions over one article.

Grouping: within one layer, the spans of all chosen annotators who did the article are
grouped by overlap (two spans sharing a code point are in one group, whatever their labels;
groups are the connected components). A group is classified with every kind that applies:

* ``label``: two competing versions (someone has the one and not the other, and someone else
  the other and not the one) have the same boundaries and different labels;
* ``boundaries``: two competing versions overlap, with the same label and different
  boundaries;
* ``label_and_boundaries``: two competing versions overlap and differ in both;
* ``missing``: an annotator who did the article lacks some version (start, end, label) of the
  group and has no competing version overlapping it (one that some holder of the first
  lacks); in particular when they have no span in the group at all (``SpanGroup.missing``);
* ``cluster``: two annotators who have a claim in the group put it in different claim
  clusters, compared by membership, never by name: an annotator's *members* of the group are
  the claims (article, start, end) their claims of the group share a cluster with, their own
  claims of the group left out (a claim alone in its cluster, or in none, has no members);
  annotators whose members differ disagree (:func:`cluster_members`);
* ``speaker``: two annotators link their claims of the group to different speakers (the
  (start, end) of the ``SAID_BY`` child spans of each annotator's spans in the group, compared
  as sets; no speaker at all counts as a different speaker), whether or not their claims have
  the same boundaries; ``subject``: the same for ``ABOUT``.

A group with no kind is an agreement: every annotator who did the article has exactly the
same spans there.

Merging pre-fills gold from a set of annotators: a version (start, end, label, layer) is
kept when it is had by every annotator who did the article (``unanimous``), by more than
half of them (``majority``), or by one chosen annotator (``annotator``). Every merged span
carries the annotators who had it. Relations are merged by the same rule, among relations
whose two endpoints were merged.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.agreement import Item
from annotator.core.model import Relation, Span

SPEAKER_RELATION = "SAID_BY"
SUBJECT_RELATION = "ABOUT"

SpanKey = tuple[int, int, str]  # start, end, label
Member = tuple[int, int, int]  # a clustered claim: article id, start, end


class Kind(str, enum.Enum):
    LABEL = "label"
    BOUNDARIES = "boundaries"
    LABEL_AND_BOUNDARIES = "label_and_boundaries"
    MISSING = "missing"
    SPEAKER = "speaker"
    SUBJECT = "subject"
    CLUSTER = "cluster"


class Strategy(str, enum.Enum):
    UNANIMOUS = "unanimous"
    MAJORITY = "majority"
    ANNOTATOR = "annotator"


@dataclass(frozen=True)
class Version:
    """One (start, end, label) in a group, with the annotators who have it."""

    start: int
    end: int
    label: str
    annotators: tuple[str, ...]
    spans: tuple[Span, ...]  # one per annotator, in the same order


@dataclass(frozen=True)
class SpanGroup:
    layer: str
    start: int  # the extent of the group
    end: int
    versions: tuple[Version, ...]  # ordered by start, end, label
    present: tuple[str, ...]  # annotators with at least one span in the group
    missing: tuple[str, ...]  # annotators who did the article but have no span here
    kinds: frozenset[Kind]
    speakers: dict[str, frozenset[tuple[int, int]]]  # annotator -> their speakers' extents
    # relation label -> annotator -> the extents their spans in the group link to
    links: dict[str, dict[str, frozenset[tuple[int, int]]]] = field(default_factory=dict)
    # annotator -> the claims their claims here share a cluster with (:func:`cluster_members`)
    clusters: dict[str, frozenset[Member]] = field(default_factory=dict)

    @property
    def agreed(self) -> bool:
        return not self.kinds


@dataclass(frozen=True)
class ArticleReview:
    article_id: int
    layer: str
    annotators: tuple[str, ...]  # the chosen annotators who did the article
    groups: tuple[SpanGroup, ...]  # in text order

    @property
    def disagreements(self) -> tuple[SpanGroup, ...]:
        return tuple(g for g in self.groups if g.kinds)

    def counts(self) -> dict[str, int]:
        """Groups per kind, plus ``groups``, ``agreed`` and ``disagreements``."""
        out = {"groups": len(self.groups), "agreed": 0, "disagreements": 0}
        out.update({k.value: 0 for k in Kind})
        for g in self.groups:
            out["disagreements" if g.kinds else "agreed"] += 1
            for k in g.kinds:
                out[k.value] += 1
        return out


@dataclass(frozen=True)
class MergedSpan:
    start: int
    end: int
    label: str
    layer: str
    text: str
    annotators: tuple[str, ...]  # who had it (among the annotators considered)
    source_ids: tuple[int, ...]  # their span ids, in the same order
    attributes: dict[str, Any]  # from the first annotator who had it
    attributes_agree: bool  # whether everyone who had it gave the same attributes


@dataclass(frozen=True)
class MergedRelation:
    head: int  # indexes into MergeResult.spans
    child: int
    label: str
    annotators: tuple[str, ...]


@dataclass(frozen=True)
class MergeResult:
    article_id: int
    strategy: Strategy
    annotators: tuple[str, ...]  # the annotators considered who did the article
    threshold: int  # how many of them a version needed
    spans: tuple[MergedSpan, ...]
    relations: tuple[MergedRelation, ...]


# ------------------------------------------------------------------ disagreements


def _coders(item: Item, annotators: Sequence[str] | None) -> tuple[str, ...]:
    if annotators is None:
        return tuple(sorted(item.annotations))
    return tuple(a for a in dict.fromkeys(annotators) if a in item.annotations)


def _speakers(item: Item, coder: str, relation: str) -> dict[int, set[tuple[int, int]]]:
    """Span id of a claim -> the extents of its speakers, for one annotator."""
    by_id = {s.id: s for s in item.annotations[coder]}
    out: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for r in item.relations.get(coder, ()):
        child = by_id.get(r.child)
        if r.label == relation and child is not None:
            out[r.head].add((child.start, child.end))
    return out


def cluster_members(item: Item, coder: str, spans: Iterable[Span]) -> frozenset[Member]:
    """The claims (article id, start, end) that ``coder``'s ``spans`` share a claim cluster
    with, the spans themselves left out: what a cluster is compared by (its name never is)."""
    spans = list(spans)
    own = {(item.article_id, s.start, s.end) for s in spans}
    by_cluster = item.clusters.get(coder, {})
    members: set[Member] = set()
    for s in spans:
        if s.cluster_id is not None:
            members |= by_cluster.get(s.cluster_id, frozenset())
    return frozenset(members - own)


def review_article(
    item: Item,
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    speaker_relation: str = SPEAKER_RELATION,
    subject_relation: str = SUBJECT_RELATION,
) -> ArticleReview:
    """Group the spans of ``layer`` by overlap and classify each group's disagreements."""
    coders = _coders(item, annotators)
    tagged = sorted(
        ((s, c) for c in coders for s in item.annotations[c] if s.layer == layer),
        key=lambda sc: (sc[0].start, sc[0].end, sc[0].label, coders.index(sc[1])),
    )
    # Connected components of the overlap graph: in start order, a span joins the current
    # group when it starts before the group's furthest end.
    components: list[list[tuple[Span, str]]] = []
    reach = -1
    for s, c in tagged:
        if components and s.start < reach and s.end > s.start:
            components[-1].append((s, c))
            reach = max(reach, s.end)
        else:
            components.append([(s, c)])
            reach = s.end
    links = {
        (relation, kind): {c: _speakers(item, c, relation) for c in coders}
        for relation, kind in ((speaker_relation, Kind.SPEAKER), (subject_relation, Kind.SUBJECT))
    }
    groups = tuple(_classify(item, layer, comp, coders, links) for comp in components)
    return ArticleReview(item.article_id, layer, coders, groups)


def _classify(
    item: Item,
    layer: str,
    comp: list[tuple[Span, str]],
    coders: tuple[str, ...],
    links: Mapping[tuple[str, Kind], Mapping[str, Mapping[int, set[tuple[int, int]]]]],
) -> SpanGroup:
    by_key: dict[SpanKey, list[tuple[Span, str]]] = defaultdict(list)
    for s, c in comp:
        by_key[(s.start, s.end, s.label)].append((s, c))
    versions = []
    for (start, end, label), members in sorted(by_key.items()):
        first: dict[str, Span] = {}
        for s, c in members:
            first.setdefault(c, s)
        order = [c for c in coders if c in first]
        versions.append(Version(start, end, label, tuple(order), tuple(first[c] for c in order)))
    present = tuple(c for c in coders if any(c == cc for _, cc in comp))
    missing = tuple(c for c in coders if c not in present)
    kinds: set[Kind] = set()
    if missing:
        kinds.add(Kind.MISSING)
    holders = [set(v.annotators) for v in versions]
    for i, v in enumerate(versions):
        for k in range(i + 1, len(versions)):
            w = versions[k]
            if not (v.start < w.end and w.start < v.end):
                continue
            # Competing versions: someone has v and not w, and someone else w and not v.
            # (One annotator's nested spans, the other having the outer one only, are not.)
            if not (holders[i] - holders[k] and holders[k] - holders[i]):
                continue
            if (v.start, v.end) == (w.start, w.end):
                kinds.add(Kind.LABEL)
            elif v.label == w.label:
                kinds.add(Kind.BOUNDARIES)
            else:
                kinds.add(Kind.LABEL_AND_BOUNDARIES)
    # An annotator who lacks a version and has no competing version of their own overlapping
    # it (one that some holder of the first lacks) misses it.
    for i, v in enumerate(versions):
        for c in coders:
            if c in holders[i]:
                continue
            if not any(
                c in holders[k] and holders[i] - holders[k] and w.start < v.end and v.start < w.end
                for k, w in enumerate(versions)
            ):
                kinds.add(Kind.MISSING)
    # Links: each annotator's spans in the group, whatever their boundaries, link to a set
    # of extents; annotators who have a span here and link differently disagree.
    link_sets: dict[str, dict[str, frozenset[tuple[int, int]]]] = {}
    for (relation, kind), by_coder in links.items():
        sets = {
            c: frozenset(e for s, cc in comp if cc == c for e in by_coder[c].get(s.id, ()))
            for c in present
        }
        link_sets[relation] = sets
        if len(set(sets.values())) > 1:
            kinds.add(kind)
    speaker_sets = next(iter(link_sets.values()), {})
    clusters: dict[str, frozenset[Member]] = {}
    if any(s.cluster_id is not None for s, _ in comp):
        clusters = {c: cluster_members(item, c, [s for s, cc in comp if cc == c]) for c in present}
        if len(set(clusters.values())) > 1:
            kinds.add(Kind.CLUSTER)
    return SpanGroup(
        layer=layer,
        start=min(s.start for s, _ in comp),
        end=max(s.end for s, _ in comp),
        versions=tuple(versions),
        present=present,
        missing=missing,
        kinds=frozenset(kinds),
        speakers=speaker_sets,
        links=link_sets,
        clusters=clusters,
    )


# ------------------------------------------------------------------ merging


def merge(
    item: Item,
    strategy: Strategy | str,
    annotators: Sequence[str] | None = None,
    *,
    annotator: str | None = None,
    layers: Sequence[str] | None = None,
) -> MergeResult:
    """Pre-fill gold for one article from the annotators who did it (see the module doc)."""
    strategy = Strategy(strategy)
    coders = _coders(item, annotators)
    n = len(coders)
    if strategy is Strategy.ANNOTATOR:
        if annotator is None:
            raise ValueError("the 'annotator' strategy needs the annotator to take")
        if annotator not in item.annotations:
            raise ValueError(f"{annotator!r} did not do article {item.article_id}")
        if annotator not in coders:
            coders = (*coders, annotator)
        threshold = 1
    elif strategy is Strategy.UNANIMOUS:
        threshold = n
    else:
        threshold = n // 2 + 1
    owners: dict[tuple[int, int, str, str], dict[str, Span]] = defaultdict(dict)
    for c in coders:
        for s in item.annotations[c]:
            if layers is None or s.layer in layers:
                owners[(s.start, s.end, s.label, s.layer)].setdefault(c, s)

    def kept(have: Mapping[str, object]) -> bool:
        if n == 0 or len(have) < threshold:
            return False
        return strategy is not Strategy.ANNOTATOR or annotator in have

    spans: list[MergedSpan] = []
    index: dict[tuple[int, int, str, str], int] = {}
    for key in sorted(owners, key=lambda k: (k[0], k[1], k[3], k[2])):
        have = owners[key]
        if not kept(have):
            continue
        order = [c for c in coders if c in have]
        first = have[order[0]]
        index[key] = len(spans)
        spans.append(
            MergedSpan(
                start=key[0],
                end=key[1],
                label=key[2],
                layer=key[3],
                text=first.text,
                annotators=tuple(order),
                source_ids=tuple(have[c].id for c in order),
                attributes=dict(first.attributes),
                attributes_agree=all(have[c].attributes == first.attributes for c in order),
            )
        )
    rel_owners: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for c in coders:
        by_id = {s.id: s for s in item.annotations[c]}
        for r in item.relations.get(c, ()):
            rkey = _merged_relation_key(r, by_id, index)
            if rkey is not None:
                rel_owners[rkey].add(c)
    relations = [
        MergedRelation(h, ch, label, tuple(c for c in coders if c in have))
        for (h, ch, label), have in sorted(rel_owners.items())
        if kept(dict.fromkeys(have))
    ]
    return MergeResult(item.article_id, strategy, coders, threshold, tuple(spans), tuple(relations))


def _merged_relation_key(
    r: Relation, by_id: Mapping[int, Span], index: Mapping[tuple[int, int, str, str], int]
) -> tuple[int, int, str] | None:
    head, child = by_id.get(r.head), by_id.get(r.child)
    if head is None or child is None:
        return None
    hk = index.get((head.start, head.end, head.label, head.layer))
    ck = index.get((child.start, child.end, child.label, child.layer))
    if hk is None or ck is None:
        return None
    return (hk, ck, r.label)
