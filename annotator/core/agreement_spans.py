"""Span and relation matching between two annotators on one article.

* Exact: spans match when (start, end, label) are equal; the number of matches is the size
  of the multiset intersection (a span listed twice by both sides matches twice).
* Overlap: a span of A and a span of B can match when they have the same label and share at
  least one code point. Each span matches at most one span of the other side, and the
  matching is a **maximum** one (augmenting paths, Kuhn's algorithm, per label). Among
  equally large matchings the candidates are tried in order of the largest overlap first
  (identical spans first), so the pairs chosen are the natural ones where that costs no match.
* Relations match when their labels are equal and both endpoints are matched to each other:
  exactly (same (start, end, label) on both endpoints), or through the one-to-one overlap
  matching of each endpoint's layer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from annotator.core.tokenize import SpanLike

SpanKey = tuple[int, int, str]


def span_key(span: SpanLike) -> SpanKey:
    return (span.start, span.end, span.label)


def exact_matches(a: Sequence[SpanLike], b: Sequence[SpanLike]) -> Counter[SpanKey]:
    """The spans both sides have, as a multiset of (start, end, label)."""
    return Counter(span_key(s) for s in a) & Counter(span_key(s) for s in b)


Extent = tuple[int, int]


def match_extents(a: Sequence[Extent], b: Sequence[Extent]) -> list[tuple[int, int]]:
    """A maximum matching of overlapping extents (one label), as (index in a, index in b)."""
    if len(a) == 1 and len(b) == 1:
        (sa, ea), (sb, eb) = a[0], b[0]
        return [(0, 0)] if max(sa, sb) < min(ea, eb) else []
    adj: dict[int, list[int]] = {}
    for i, (sa, ea) in enumerate(a):
        cands = [
            (
                sa != sb or ea != eb,  # identical spans first
                (sa if sa > sb else sb) - (ea if ea < eb else eb),  # then the largest overlap
                sb,
                eb,
                j,
            )
            for j, (sb, eb) in enumerate(b)
            if (sa if sa > sb else sb) < (ea if ea < eb else eb)
        ]
        if cands:
            if len(cands) > 1:
                cands.sort()
            adj[i] = [c[-1] for c in cands]
    if not adj:
        return []
    owner: dict[int, int] = {}  # b index -> a index

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # Fast pass: give each span its first free candidate; then augment from the others
    # (Kuhn's algorithm from any starting matching still ends at a maximum one).
    pending = []
    for i, choices in adj.items():
        for j in choices:
            if j not in owner:
                owner[j] = i
                break
        else:
            pending.append(i)
    for i in pending:
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def _is_chain(extents: Sequence[Extent]) -> bool:
    """Sorted, non-empty and pairwise disjoint."""
    prev_end = -1
    for start, end in extents:
        if start < prev_end or end <= start:
            return False
        prev_end = end
    return True


def count_overlap_matches(a: Sequence[Extent], b: Sequence[Extent]) -> int:
    """``len(match_extents(a, b))`` for sorted extents, with shortcuts for the common cases.

    Identical lists match completely. When neither side's spans overlap each other (the
    usual case within one label), a sweep is optimal: of the two current spans, the one that
    ends first can only overlap the other side's current span (the other side's next spans
    start after that one ends), so matching them, or skipping it, loses nothing.
    """
    if a == b:
        return sum(1 for s, e in a if s < e)  # each span with its twin
    if _is_chain(a) and _is_chain(b):
        i = j = n = 0
        while i < len(a) and j < len(b):
            sa, ea = a[i]
            sb, eb = b[j]
            if (sa if sa > sb else sb) < (ea if ea < eb else eb):
                n += 1
                i += 1
                j += 1
            elif ea <= eb:
                i += 1
            else:
                j += 1
        return n
    return len(match_extents(a, b))


def overlap_matching(a: Sequence[SpanLike], b: Sequence[SpanLike]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of same-label overlapping spans, as (index in a, in b)."""
    if not a or not b:
        return []
    ga: dict[str, list[int]] = defaultdict(list)
    gb: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(a):
        ga[s.label].append(i)
    for j, s in enumerate(b):
        gb[s.label].append(j)
    out: list[tuple[int, int]] = []
    for label, ia in ga.items():
        ib = gb.get(label)
        if ib:
            ea = [(a[i].start, a[i].end) for i in ia]
            eb = [(b[j].start, b[j].end) for j in ib]
            out.extend((ia[x], ib[y]) for x, y in match_extents(ea, eb))
    return sorted(out)


RelKey = tuple[object, object, str]


def relation_matches(
    rels_a: Sequence[tuple[int, int, str]],
    rels_b: Sequence[tuple[int, int, str]],
    spans_a: Sequence[SpanLike],
    spans_b: Sequence[SpanLike],
    match: Mapping[int, int] | None,
) -> Counter[str]:
    """Matched relations per relation label.

    Relations are (head index, child index, label) into ``spans_a`` / ``spans_b``. With
    ``match`` None endpoints must be identical spans (exact); otherwise ``match`` maps an
    index of ``spans_a`` to the index of ``spans_b`` it is matched with (overlap).
    """
    if match is None:
        ka: Counter[RelKey] = Counter(
            (span_key(spans_a[h]), span_key(spans_a[c]), lab) for h, c, lab in rels_a
        )
        kb: Counter[RelKey] = Counter(
            (span_key(spans_b[h]), span_key(spans_b[c]), lab) for h, c, lab in rels_b
        )
    else:
        ka = Counter((match[h], match[c], lab) for h, c, lab in rels_a if h in match and c in match)
        kb = Counter((h, c, lab) for h, c, lab in rels_b)
    out: Counter[str] = Counter()
    for key, n in (ka & kb).items():
        out[key[2]] += n
    return out
