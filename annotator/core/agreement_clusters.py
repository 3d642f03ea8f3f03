"""Agreement between two clusterings of the same claims: MUC, B-cubed, CEAF-e and CoNLL F1.

Two annotators each group claims into clusters (the same claim reported by several outlets).
One clustering is taken as the key, the other as the response; a clustering is a list of
disjoint, non-empty sets of mention ids (any hashable: span ids, (article, start, end)…).
Recall is measured against the key and precision against the response, so swapping the two
swaps precision and recall and leaves every F1 unchanged.

- **MUC** (Vilain et al. 1995) counts links: R = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1) where p(k)
  is the partition of key cluster k by the response (a mention the response lacks is a part of
  its own); P the same with the roles swapped. A singleton adds 0 to both sums, so MUC ignores
  singletons.
- **B-cubed** (Bagga & Baldwin 1998) averages over mentions: R = Σ_k Σ_r |k∩r|² / |k| / Σ_k |k|,
  P the same with the roles swapped. Singletons are kept: a claim both leave alone counts as
  agreed.
- **CEAF-e** (Luo 2005) aligns clusters one to one: φ4(k, r) = 2|k∩r| / (|k| + |r|), A the
  alignment maximising Σ φ4 (Kuhn–Munkres, :func:`max_assignment`), R = Σ_A φ4 / |K|,
  P = Σ_A φ4 / |R|. Singletons are kept, as clusters like any other.
- **CoNLL F1** is the mean of the three F1 (Pradhan et al. 2014).

F1 = 2PR / (P + R), 0 when P + R = 0. Zero denominators follow the reference scorer (a 0/0
precision or recall is 0), except where nothing could be compared, which is undefined
(``Score`` with value None and a reason, never a 0 or 1 by accident): both clusterings empty
(every metric), or no cluster of two or more mentions on either side (MUC, which has no links
to count; B-cubed and CEAF-e are still defined and are 1 when the singletons agree).

Sums are exact (fractions) and turned into floats at the end. The assignment is computed per
connected component of the overlap graph (clusters that share no mention have φ4 = 0), so a
corpus of many small clusters never builds one large matrix. Pure Python: no numpy or scipy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from annotator.core.agreement_kappa import Score

__all__ = [
    "NO_CLUSTERS",
    "NO_LINKS",
    "PRF",
    "ClusterAgreement",
    "b_cubed",
    "ceaf_e",
    "cluster_agreement",
    "clusterings",
    "common_mentions",
    "max_assignment",
    "muc",
    "pairwise_cluster_agreement",
]

NO_CLUSTERS = "neither side clustered any claim"
NO_LINKS = "no cluster of two or more claims on either side"

Clustering = list[frozenset[Hashable]]


@dataclass(frozen=True)
class PRF:
    precision: Score
    recall: Score
    f1: Score

    def to_json(self) -> dict[str, float | None]:
        return {"precision": self.precision.value, "recall": self.recall.value, "f1": self.f1.value}

    @classmethod
    def undefined(cls, reason: str) -> PRF:
        u = Score.undefined(reason)
        return cls(u, u, u)


@dataclass(frozen=True)
class ClusterAgreement:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF
    conll_f1: Score
    mentions_key: int
    mentions_response: int
    clusters_key: int
    clusters_response: int

    def to_json(self) -> dict[str, Any]:
        undefined = {
            name: prf.f1.reason
            for name, prf in (("muc", self.muc), ("b_cubed", self.b_cubed), ("ceaf_e", self.ceaf_e))
            if prf.f1.reason
        }
        if self.conll_f1.reason:
            undefined["conll_f1"] = self.conll_f1.reason
        return {
            "mentions_key": self.mentions_key,
            "mentions_response": self.mentions_response,
            "clusters_key": self.clusters_key,
            "clusters_response": self.clusters_response,
            "muc": self.muc.to_json(),
            "b_cubed": self.b_cubed.to_json(),
            "ceaf_e": self.ceaf_e.to_json(),
            "conll_f1": self.conll_f1.value,
            "undefined": undefined,
        }


# --------------------------------------------------------------------------- input


def _clustering(clusters: Iterable[Iterable[Hashable]], side: str) -> Clustering:
    out: Clustering = []
    seen: set[Hashable] = set()
    for c in clusters:
        fc = frozenset(c)
        if not fc:
            raise ValueError(f"the {side} has an empty cluster")
        twice = seen & fc
        if twice:
            raise ValueError(
                f"the {side} puts mention {sorted(map(repr, twice))[0]} in two clusters"
            )
        seen |= fc
        out.append(fc)
    return out


def _owner(clusters: Clustering) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def common_mentions(
    key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]
) -> tuple[Clustering, Clustering]:
    """Both clusterings cut down to the mentions both have (clusters left empty dropped).

    For two annotators' clusterings of "the claims both marked": a claim only one of them
    marked is a span disagreement, counted by span agreement, not by these metrics.
    """
    k = _clustering(key, "key")
    r = _clustering(response, "response")
    both = set(_owner(k)) & set(_owner(r))
    cut = ([c & both for c in k], [c & both for c in r])
    return [c for c in cut[0] if c], [c for c in cut[1] if c]


# --------------------------------------------------------------------------- figures


def _ratio(num: Fraction | int, den: Fraction | int) -> Fraction:
    return Fraction(num) / Fraction(den) if den else Fraction(0)


def _prf(p: Fraction, r: Fraction) -> PRF:
    f = 2 * p * r / (p + r) if p + r else Fraction(0)
    return PRF(Score(float(p)), Score(float(r)), Score(float(f)))


def _muc_recall(key: Clustering, response_owner: dict[Hashable, int]) -> Fraction:
    num = den = 0
    for k in key:
        parts = len({response_owner[m] for m in k if m in response_owner})
        parts += sum(1 for m in k if m not in response_owner)
        num += len(k) - parts
        den += len(k) - 1
    return _ratio(num, den)


def _muc(key: Clustering, response: Clustering) -> PRF:
    if not key and not response:
        return PRF.undefined(NO_CLUSTERS)
    if all(len(c) == 1 for c in key) and all(len(c) == 1 for c in response):
        return PRF.undefined(NO_LINKS)
    recall = _muc_recall(key, _owner(response))
    precision = _muc_recall(response, _owner(key))
    return _prf(precision, recall)


def _b3_recall(key: Clustering, response_owner: dict[Hashable, int]) -> Fraction:
    num = Fraction(0)
    den = 0
    for k in key:
        shared = Counter(response_owner[m] for m in k if m in response_owner)
        num += Fraction(sum(n * n for n in shared.values()), len(k))
        den += len(k)
    return _ratio(num, den)


def _b_cubed(key: Clustering, response: Clustering) -> PRF:
    if not key and not response:
        return PRF.undefined(NO_CLUSTERS)
    recall = _b3_recall(key, _owner(response))
    precision = _b3_recall(response, _owner(key))
    return _prf(precision, recall)


def _ceaf_e(key: Clustering, response: Clustering) -> PRF:
    if not key and not response:
        return PRF.undefined(NO_CLUSTERS)
    total = _aligned_phi4(key, response)
    return _prf(_ratio(total, len(response)), _ratio(total, len(key)))


def _phi4(k: frozenset[Hashable], r: frozenset[Hashable]) -> Fraction:
    return Fraction(2 * len(k & r), len(k) + len(r))


def _aligned_phi4(key: Clustering, response: Clustering) -> Fraction:
    """Σ φ4 over the one-to-one alignment of key and response clusters that maximises it."""
    # union-find over key clusters 0..K-1 and response clusters K..K+R-1, joined by mentions
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    r_owner = _owner(response)
    overlaps: dict[tuple[int, int], int] = Counter()
    for i, k in enumerate(key):
        for m in k:
            j = r_owner.get(m)
            if j is not None:
                overlaps[i, j] += 1
                parent[find(i)] = find(len(key) + j)
    components: dict[int, tuple[list[int], list[int]]] = {}
    for i, j in overlaps:
        ks, rs = components.setdefault(find(i), ([], []))
        if i not in ks:
            ks.append(i)
        if j not in rs:
            rs.append(j)
    total = Fraction(0)
    for ks, rs in components.values():
        if len(ks) == 1 or len(rs) == 1:  # a star: the best single pair
            total += max(_phi4(key[i], response[j]) for i in ks for j in rs)
            continue
        exact = [[_phi4(key[i], response[j]) for j in rs] for i in ks]
        weights = [[float(x) for x in row] for row in exact]
        total += sum((exact[a][b] for a, b in max_assignment(weights)), Fraction(0))
    return total


def max_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """A one-to-one assignment of rows to columns with the largest total weight.

    Kuhn–Munkres (the Hungarian method) with potentials, O(n²·m) for n ≤ m; a rectangular
    matrix leaves the surplus rows or columns unassigned. Returns (row, column) pairs, sorted.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return []
    rows = [list(row) for row in weights]
    if any(len(row) != m for row in rows):
        raise ValueError("the weight matrix is not rectangular")
    transposed = n > m
    if transposed:
        rows = [list(col) for col in zip(*rows, strict=True)]
        n, m = m, n
    inf = float("inf")
    u = [0.0] * (n + 1)  # row potentials
    v = [0.0] * (m + 1)  # column potentials
    match = [0] * (m + 1)  # match[j]: the row (1-based) assigned to column j, 0 if none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = match[j0]
            row = rows[i0 - 1]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - u[i0] - v[j]  # minimising the negated weights
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, m + 1) if match[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


# --------------------------------------------------------------------------- public


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    return _muc(_clustering(key, "key"), _clustering(response, "response"))


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    return _b_cubed(_clustering(key, "key"), _clustering(response, "response"))


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    return _ceaf_e(_clustering(key, "key"), _clustering(response, "response"))


def cluster_agreement(
    key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]
) -> ClusterAgreement:
    """MUC, B-cubed, CEAF-e and their mean F1 (CoNLL F1) of ``response`` against ``key``."""
    k = _clustering(key, "key")
    r = _clustering(response, "response")
    m, b, c = _muc(k, r), _b_cubed(k, r), _ceaf_e(k, r)
    undefined = next((s.f1.reason for s in (m, b, c) if not s.f1.defined), None)
    if undefined is not None:
        conll = Score.undefined(undefined)
    else:
        conll = Score(sum(s.f1.value or 0.0 for s in (m, b, c)) / 3)
    return ClusterAgreement(
        muc=m,
        b_cubed=b,
        ceaf_e=c,
        conll_f1=conll,
        mentions_key=sum(len(x) for x in k),
        mentions_response=sum(len(x) for x in r),
        clusters_key=len(k),
        clusters_response=len(r),
    )


# ------------------------------------------------------------------- annotators' claims

Mention = tuple[int, int, int]  # article id, start, end: a claim, as two annotators share it


def clusterings(
    claims: Iterable[tuple[str, int, int, int, Hashable | None]],
) -> dict[str, Clustering]:
    """Each annotator's clustering of their claims, from (annotator, article, start, end,
    cluster): claims of one cluster together, an unclustered claim a singleton. A claim is
    known by its article and offsets, so two annotators' claims are the same mention when
    they marked the same stretch of the same article."""
    groups: dict[str, dict[tuple[str, Hashable], set[Mention]]] = {}
    for annotator, article, start, end, cluster in claims:
        mention = (article, start, end)
        key: tuple[str, Hashable] = (
            ("cluster", cluster) if cluster is not None else ("alone", mention)
        )
        groups.setdefault(annotator, {}).setdefault(key, set()).add(mention)
    out: dict[str, Clustering] = {}
    for annotator, by_key in groups.items():
        seen: set[Mention] = set()
        clustering: Clustering = []
        # clusters first: a stretch one of its claims put in a cluster is no singleton too
        for key in sorted(by_key, key=lambda k: (k[0] != "cluster", repr(k))):
            members = by_key[key] - seen
            if members:
                clustering.append(frozenset(members))
                seen |= members
        out[annotator] = clustering
    return out


def pairwise_cluster_agreement(
    by_annotator: dict[str, Clustering], annotators: Sequence[str]
) -> list[tuple[str, str, int, ClusterAgreement]]:
    """(a, b, claims both marked, agreement of b's clustering against a's) for each pair, on
    the claims both marked (:func:`common_mentions`)."""
    out = []
    for i, a in enumerate(annotators):
        for b in annotators[i + 1 :]:
            key, response = common_mentions(by_annotator.get(a, []), by_annotator.get(b, []))
            both = sum(len(c) for c in key)
            if both:
                out.append((a, b, both, cluster_agreement(key, response)))
            else:
                out.append((a, b, 0, _nothing_shared()))
    return out


def _nothing_shared() -> ClusterAgreement:
    u = PRF.undefined("the two annotators marked no claim in common")
    return ClusterAgreement(u, u, u, u.f1, 0, 0, 0, 0)
