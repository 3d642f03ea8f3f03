"""Claims across outlets: which cluster a claim may belong to, where members' numbers conflict,
how their wording differs, which articles tell one story, and claim-matching pairs.

Pure Python (no Qt, no store): the store hands in :class:`ClaimRef` values, the GUI shows what
comes back. Texts are compared after :func:`normalise` (NFKC, case folded, punctuation
dropped, digits and their separators kept). Offsets are code points, end exclusive.

Ranking (:class:`ClusterIndex.suggest`): a score in [0, 1] made of weighted parts, each
returned as a :class:`Reason` so the list can say *why*:

* ``text``: how alike the normalised texts are (rapidfuzz's token-set ratio against the
  cluster's closest member; word order and repeated words do not count);
* ``entities``: the share of the claim's entities (label and normalised surface, the speaker
  included) that members of the cluster also have;
* ``numbers``: the claim and a member state quantities of one unit: compatible ones count
  fully, conflicting ones half (a different figure for the same thing is what clusters are for);
* ``story``: the cluster's members come from the claim's story.

Candidates come from two cheap passes over the whole index (fuzzy ratio of word-sorted texts,
computed once per member at indexing; and an inverted index of entities), then only those are
scored in full, so a suggestion costs milliseconds on 10,000 clustered claims
(``benchmarks/bench_clusters.py``).
"""

from __future__ import annotations

import difflib
import itertools
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from annotator.core.quantities import Quantity, compatible, describe, parse

__all__ = [
    "HEDGES",
    "WEIGHTS",
    "ArticleInfo",
    "ClaimPair",
    "ClaimRef",
    "ClusterIndex",
    "Conflict",
    "Reason",
    "Suggestion",
    "WordDiff",
    "claim_pairs",
    "claim_ref",
    "cluster_name",
    "conflicts",
    "normalise",
    "suggest_stories",
    "word_differences",
]

#: The parts of a suggestion's score and their weights (they sum to 1).
WEIGHTS: dict[str, float] = {"text": 0.55, "entities": 0.25, "numbers": 0.1, "story": 0.1}

#: Words that hedge or attribute a statement: a difference in them is marked as a hedge.
HEDGES = frozenset(
    [
        "dilaporkan",
        "diduga",
        "disebut",
        "disebutkan",
        "kabarnya",
        "konon",
        "diperkirakan",
        "diklaim",
        "mengklaim",
        "sekitar",
        "hampir",
        "kurang",
        "lebih",
        "setidaknya",
        "sedikitnya",
        "paling",
        "sebanyak",
        "mencapai",
        "kira-kira",
        "mungkin",
        "dikabarkan",
        "diyakini",
        "reportedly",
        "allegedly",
        "alleged",
        "about",
        "around",
        "nearly",
        "almost",
        "approximately",
        "roughly",
        "estimated",
        "least",
        "more",
        "than",
        "fewer",
        "less",
        "up",
        "claimed",
        "claims",
        "possibly",
        "likely",
        "believed",
        "said",
    ]
)

_PUNCT = re.compile(r"[^\w\s.,%-]|[.,](?!\d)|(?<!\d)[.,]|(?<!\w)-|-(?!\w)")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|\w+(?:-\w+)*")


def normalise(text: str) -> str:
    """Text as claims are compared: NFKC, case folded, punctuation dropped (a number's
    separators and a word's hyphen kept), runs of white space one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


@dataclass(frozen=True)
class ClaimRef:
    """A claim as the cluster tools see it. ``entities``: (label, surface) of the entities
    inside it and of its speaker; ``values``: its quantities (:func:`claim_ref` parses them)."""

    span_id: int
    article_id: int
    text: str
    language: str = "id"
    source: str | None = None  # the outlet
    story: str | None = None
    speaker: str | None = None
    entities: tuple[tuple[str, str], ...] = ()
    values: tuple[Quantity, ...] = ()
    cluster: str | None = None

    @property
    def outlet(self) -> str:
        return self.source or f"#{self.article_id}"

    def entity_keys(self) -> frozenset[tuple[str, str]]:
        return frozenset((label, normalise(surface)) for label, surface in self.entities)


def claim_ref(
    span_id: int,
    article_id: int,
    text: str,
    *,
    language: str = "id",
    source: str | None = None,
    story: str | None = None,
    speaker: str | None = None,
    entities: Iterable[tuple[str, str]] = (),
    cluster: str | None = None,
) -> ClaimRef:
    """A :class:`ClaimRef` with its quantities read from ``text``."""
    return ClaimRef(
        span_id,
        article_id,
        text,
        language,
        source,
        story,
        speaker,
        tuple(entities),
        tuple(parse(text, language)),
        cluster,
    )


@dataclass(frozen=True)
class Reason:
    """One part of a suggestion's score: ``part`` names it (a key of :data:`WEIGHTS`),
    ``value`` is in [0, 1] before weighting, ``detail`` says what was found."""

    part: str
    value: float
    detail: str

    @property
    def weighted(self) -> float:
        return WEIGHTS[self.part] * self.value


@dataclass(frozen=True)
class Suggestion:
    cluster: str
    score: float
    reasons: tuple[Reason, ...]
    outlets: tuple[str, ...]  # its members' outlets, in member order, each once
    members: int


@dataclass
class _Cluster:
    members: list[ClaimRef] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # members' normalised texts
    keys: Counter[tuple[str, str]] = field(default_factory=Counter)  # entity keys, by member


class ClusterIndex:
    """Clusters of claims, indexed for :meth:`suggest`. Add and remove members as they change."""

    def __init__(self, clusters: Mapping[str, Iterable[ClaimRef]] = {}) -> None:
        self._clusters: dict[str, _Cluster] = {}
        # parallel lists, one entry per member (None where removed)
        self._sorted: list[str | None] = []
        self._slot_of: dict[int, int] = {}
        self._members: list[tuple[str, ClaimRef] | None] = []
        self._by_entity: dict[tuple[str, str], set[str]] = defaultdict(set)
        for name, claims in clusters.items():
            for claim in claims:
                self.add(name, claim)

    def __len__(self) -> int:
        return len(self._clusters)

    def names(self) -> list[str]:
        return list(self._clusters)

    def members(self, name: str) -> list[ClaimRef]:
        c = self._clusters.get(name)
        return list(c.members) if c else []

    def cluster_of(self, span_id: int) -> str | None:
        slot = self._slot_of.get(span_id)
        entry = self._members[slot] if slot is not None else None
        return entry[0] if entry else None

    def add(self, name: str, claim: ClaimRef) -> None:
        """``claim`` joins cluster ``name`` (leaving the one it was in)."""
        self.remove(claim.span_id)
        cluster = self._clusters.setdefault(name, _Cluster())
        cluster.members.append(claim)
        cluster.texts.append(normalise(claim.text))
        cluster.keys.update(claim.entity_keys())
        self._slot_of[claim.span_id] = len(self._members)
        self._members.append((name, claim))
        self._sorted.append(_sorted_words(claim.text))
        for key in claim.entity_keys():
            self._by_entity[key].add(name)

    def remove(self, span_id: int) -> None:
        slot = self._slot_of.pop(span_id, None)
        if slot is None:
            return
        entry = self._members[slot]
        assert entry is not None
        name, claim = entry
        self._members[slot] = None
        self._sorted[slot] = None
        cluster = self._clusters[name]
        at = next(i for i, m in enumerate(cluster.members) if m.span_id == span_id)
        del cluster.members[at], cluster.texts[at]
        cluster.keys.subtract(claim.entity_keys())
        cluster.keys = +cluster.keys
        if not cluster.members:
            del self._clusters[name]
        for key in claim.entity_keys() - cluster.keys.keys():
            names = self._by_entity.get(key)
            if names is not None:
                names.discard(name)
                if not names:
                    del self._by_entity[key]

    def suggest(
        self, claim: ClaimRef, limit: int = 10, *, candidates: int = 60
    ) -> list[Suggestion]:
        """The clusters ``claim`` may belong to, best first (not the one it is in)."""
        own = self.cluster_of(claim.span_id)
        names: set[str] = set()
        query = _sorted_words(claim.text)
        if query:
            for _, _, slot in process.extract(
                query,
                self._sorted,
                scorer=fuzz.ratio,
                processor=None,
                limit=candidates,
                score_cutoff=20,
            ):
                entry = self._members[slot]
                if entry is not None:
                    names.add(entry[0])
        keys = claim.entity_keys()
        sharing: Counter[str] = Counter()
        for key in keys:
            sharing.update(self._by_entity.get(key, ()))
        names.update(n for n, _ in sharing.most_common(candidates))
        names.discard(own or "")
        mine = normalise(claim.text)
        scored = [self._score(claim, mine, keys, name) for name in names if name in self._clusters]
        scored = [s for s in scored if s.score > 0]
        scored.sort(key=lambda s: (-s.score, s.cluster))
        return scored[:limit]

    def _score(
        self, claim: ClaimRef, mine: str, keys: frozenset[tuple[str, str]], name: str
    ) -> Suggestion:
        cluster = self._clusters[name]
        members = cluster.members
        best, closest = 0.0, members[0]
        for m, text in zip(members, cluster.texts, strict=True):
            r = fuzz.token_set_ratio(mine, text, processor=None) / 100
            if r > best:
                best, closest = r, m
        reasons = [Reason("text", best, f"{round(best * 100)}% alike {closest.outlet}")]
        if keys:
            shared = sorted(keys & cluster.keys.keys())
            if shared:
                reasons.append(
                    Reason(
                        "entities",
                        len(shared) / len(keys),
                        "shares " + ", ".join(f"{label} {surface}" for label, surface in shared),
                    )
                )
        numbers = _numbers_reason(claim, members)
        if numbers is not None:
            reasons.append(numbers)
        if claim.story is not None and any(m.story == claim.story for m in members):
            reasons.append(Reason("story", 1.0, f"story {claim.story}"))
        outlets = tuple(dict.fromkeys(m.outlet for m in members))
        score = round(sum(r.weighted for r in reasons), 6)
        return Suggestion(name, score, tuple(reasons), outlets, len(members))


def _sorted_words(text: str) -> str:
    return " ".join(sorted(normalise(text).split()))


def _numbers_reason(claim: ClaimRef, members: Sequence[ClaimRef]) -> Reason | None:
    agree: tuple[Quantity, ClaimRef, Quantity] | None = None
    differ: tuple[Quantity, ClaimRef, Quantity] | None = None
    for q in claim.values:
        for m in members:
            for v in m.values:
                if v.unit != q.unit:
                    continue
                if compatible(q, v):
                    agree = agree or (q, m, v)
                else:
                    differ = differ or (q, m, v)
    if agree is not None:
        q, m, v = agree
        return Reason("numbers", 1.0, f"{describe(q)} agrees with {describe(v)} ({m.outlet})")
    if differ is not None:
        q, m, v = differ
        return Reason("numbers", 0.5, f"{describe(q)} vs {describe(v)} ({m.outlet})")
    return None


def cluster_name(claim: ClaimRef, taken: Iterable[str] = (), words: int = 6) -> str:
    """A name for a new cluster started from ``claim``: its first words, made unique."""
    base = " ".join(normalise(claim.text).split()[:words]) or f"claim {claim.span_id}"
    taken = set(taken)
    if base not in taken:
        return base
    for n in itertools.count(2):
        name = f"{base} ({n})"
        if name not in taken:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


# ----------------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class Conflict:
    """Two members' values that cannot both be true."""

    a: ClaimRef
    value_a: Quantity
    b: ClaimRef
    value_b: Quantity

    def line(self) -> str:
        """ "11 ribu (Aktual.com) vs 20–30 ribu (CNN Indonesia)" """
        return (
            f"{describe(self.value_a)} ({self.a.outlet}) vs {describe(self.value_b)} "
            f"({self.b.outlet})"
        )


def conflicts(members: Sequence[ClaimRef]) -> list[Conflict]:
    """Every pair of members (of other articles) where a value of one has a value of the same
    unit in the other and none of that unit is compatible with it: the line names it against
    the other's closest value. A member whose figures include the other's is no conflict."""
    out: list[Conflict] = []
    seen: set[tuple[int, int, int, int]] = set()
    for a, b in itertools.combinations(members, 2):
        if a.article_id == b.article_id:
            continue
        for x, y, flip in ((a, b, False), (b, a, True)):
            for q in x.values:
                same_unit = [v for v in y.values if v.unit == q.unit]
                if not same_unit or any(compatible(q, v) for v in same_unit):
                    continue
                v = min(same_unit, key=lambda v: _distance(q, v))
                first, second = ((y, v), (x, q)) if flip else ((x, q), (y, v))
                key = (first[0].span_id, first[1].start, second[0].span_id, second[1].start)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Conflict(first[0], first[1], second[0], second[1]))
    return out


def _distance(a: Quantity, b: Quantity) -> float:
    def mid(q: Quantity) -> float:
        ends = [x for x in (q.low, q.high) if x is not None]
        return sum(ends) / len(ends)

    return abs(mid(a) - mid(b))


# ----------------------------------------------------------------- word differences


@dataclass(frozen=True)
class WordDiff:
    """A word of one member's text missing from (or changed in) the other's: ``kind`` is
    ``number``, ``entity``, ``hedge`` or ``word``."""

    start: int
    end: int
    text: str
    kind: str


def word_differences(
    text: str,
    other: str,
    *,
    entities: Iterable[tuple[int, int]] = (),
    values: Iterable[Quantity] = (),
) -> list[WordDiff]:
    """The words of ``text`` that ``other`` does not have in the same place (a word-level
    alignment of the normalised words), each classed: inside one of ``values`` (its
    quantities) a number, inside one of ``entities`` (offsets in ``text``) an entity, a
    hedging or attributing word (:data:`HEDGES`) a hedge, else a word."""
    mine = [(m.start(), m.end(), normalise(m.group())) for m in _WORD.finditer(text)]
    theirs = [normalise(m.group()) for m in _WORD.finditer(other)]
    matcher = difflib.SequenceMatcher(None, [w for _, _, w in mine], theirs, autojunk=False)
    ents = sorted(entities)
    vals = [(q.start, q.end) for q in values]
    out: list[WordDiff] = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        for s, e, w in mine[i1:i2]:
            if any(a <= s and e <= b for a, b in vals) or any(ch.isdigit() for ch in w):
                kind = "number"
            elif any(a <= s and e <= b for a, b in ents):
                kind = "entity"
            elif w in HEDGES:
                kind = "hedge"
            else:
                kind = "word"
            out.append(WordDiff(s, e, text[s:e], kind))
    return out


# -------------------------------------------------------------------------- stories


@dataclass(frozen=True)
class ArticleInfo:
    """What story suggestion compares: an article's date and its entities (label, surface)."""

    article_id: int
    date: date | None
    entities: tuple[tuple[str, str], ...]
    title: str = ""

    def keys(self) -> frozenset[tuple[str, str]]:
        return frozenset((label, normalise(s)) for label, s in self.entities if normalise(s))


def suggest_stories(
    articles: Sequence[ArticleInfo], *, days: int = 3, min_shared: int = 3, min_overlap: float = 0.2
) -> list[list[int]]:
    """Groups of two or more articles that tell one story: linked when their dates are at
    most ``days`` apart (or either is unknown) and they share at least ``min_shared``
    entities making at least ``min_overlap`` of the smaller article's; a group is every
    article linked to another of it (transitively). Groups come largest first, ids ascending.
    Entities that nearly every article has (in over half of at least 6 articles) do not count."""
    keys = [a.keys() for a in articles]
    df: Counter[tuple[str, str]] = Counter(k for ks in keys for k in ks)
    n = len(articles)
    common = {k for k, c in df.items() if n >= 6 and c > n / 2}
    keys = [ks - common for ks in keys]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            by_key[k].append(i)
    pairs: Counter[tuple[int, int]] = Counter()
    for holders in by_key.values():
        if len(holders) > 200:  # an entity in this many articles links nothing by itself
            continue
        for i, j in itertools.combinations(holders, 2):
            pairs[(i, j)] += 1
    for (i, j), shared in pairs.items():
        if shared < min_shared or shared < min_overlap * min(len(keys[i]), len(keys[j])):
            continue
        di, dj = articles[i].date, articles[j].date
        if di is not None and dj is not None and abs((di - dj).days) > days:
            continue
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(articles[i].article_id)
    out = [sorted(g) for g in groups.values() if len(g) > 1]
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


# ----------------------------------------------------------------------- claim pairs


@dataclass(frozen=True)
class ClaimPair:
    """Two claims for claim matching: ``label`` 1 for the same claim (one cluster), 0 not;
    ``kind``: ``positive``, ``hard`` (another cluster of the same story) or ``easy``
    (another story)."""

    a: ClaimRef
    b: ClaimRef
    label: int
    kind: str
    cluster_a: str
    cluster_b: str


def claim_pairs(
    clusters: Mapping[str, Sequence[ClaimRef]],
    *,
    story_of: Mapping[str, str | None] | None = None,
    hard_per_positive: int = 1,
    easy_per_positive: int = 1,
    seed: int = 0,
) -> list[ClaimPair]:
    """Every pair within a cluster as a positive; for each, up to ``hard_per_positive``
    negatives pairing its first claim with a claim of another cluster of the same story, and
    ``easy_per_positive`` with a claim of another story (or no story). Drawn with ``seed``:
    the same clusters give the same pairs. ``story_of``: a cluster's story (default: its
    first member's)."""
    rng = random.Random(seed)
    names = sorted(clusters)
    stories = {
        n: (story_of[n] if story_of is not None and n in story_of else _first_story(clusters[n]))
        for n in names
    }
    by_story: dict[str | None, list[str]] = defaultdict(list)
    for n in names:
        by_story[stories[n]].append(n)
    out: list[ClaimPair] = []
    for name in names:
        members = sorted(clusters[name], key=lambda c: c.span_id)
        story = stories[name]
        hard = [n for n in by_story.get(story, []) if n != name] if story is not None else []
        easy = [n for n in names if n != name and (story is None or stories[n] != story)]
        for a, b in itertools.combinations(members, 2):
            out.append(ClaimPair(a, b, 1, "positive", name, name))
            for pool, count, kind in (
                (hard, hard_per_positive, "hard"),
                (easy, easy_per_positive, "easy"),
            ):
                for other in rng.sample(pool, min(count, len(pool))):
                    them = sorted(clusters[other], key=lambda c: c.span_id)
                    if them:
                        out.append(ClaimPair(a, rng.choice(them), 0, kind, name, other))
    return out


def _first_story(members: Sequence[ClaimRef]) -> str | None:
    return next((m.story for m in members if m.story is not None), None)
