"""Krippendorff's unitizing alpha (αu): agreement on where spans begin and end, no tokens.

Definitions and the worked example: docs/agreement.md (*Unitizing alpha*). References:
Krippendorff, K. (1995) "On the reliability of unitizing contiguous data", Sociological
Methodology 25:47–76; Krippendorff, K. (2004) "Measuring the reliability of qualitative text
analysis data", Quality & Quantity 38:787–800 (the corrected expected disagreement).

The continuum is the code points of the articles every compared annotator did, laid end to
end in the order they are given (article id order in :mod:`annotator.core.agreement`), so
its length L is the sum of their lengths. For each label c, each annotator's continuum is cut
into *units* (their spans of label c; overlapping spans of one annotator and label are merged
into one unit, their union; empty spans are ignored) and the *gaps* between them (a gap may
run across an article boundary: the continuum is one). With m annotators, units of length l
and N_c units of label c over all annotators:

* observed disagreement cuD_o = Σ_{i≠j} Σ_g Σ_h δ²(ig, jh) / (m(m−1)L²), where δ² of two
  overlapping units is (b_ig − b_jh)² + (e_ig − e_jh)² (begins and ends), of a unit lying
  inside a gap of the other annotator its length squared, and 0 otherwise;
* expected disagreement (with the 2004 correction, l_jh − l_ig + 1)
  cuD_e = (2/L) Σ_units [(N_c − 1)(2l³ − 3l² + l)/3 + l² Σ_{gaps g ≥ l} (g − l + 1)]
          / (mL(mL − 1) − Σ_units l(l − 1));
* cuαu = 1 − cuD_o / cuD_e; over all labels αu = 1 − Σ_c cuD_o / Σ_c cuD_e.

Everything is summed in exact integers (per label: the squared differences, the unit lengths,
the gap lengths), so the cost is linear in the spans, not in the characters, and the figures
do not depend on the order of summation. Pure Python: no Qt, no store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from annotator.core.agreement_kappa import FEW_ANNOTATORS, NO_FULL_ARTICLES, Score

Extent = tuple[int, int]  # start, end (code points, end exclusive)

NO_CHARACTERS = "the articles every chosen annotator did have no characters"
NO_UNITS_OF_LABEL = "no annotator marked this label on the articles every chosen annotator did"
NO_UNITS_AT_ALL = "no annotator marked any span on the articles every chosen annotator did"
NO_EXPECTED = "no expected disagreement: every annotator marked every character as a unit of one"


@dataclass(frozen=True)
class UnitizingLabel:
    """αu of one label, with the disagreements it rests on (None when undefined)."""

    label: str
    units: dict[str, int]  # per annotator, after merging their overlapping spans
    observed: float | None  # cuD_o
    expected: float | None  # cuD_e
    alpha_u: Score


@dataclass(frozen=True)
class UnitizingResult:
    """αu of some annotators over the continuum of the articles they all did."""

    annotators: tuple[str, ...]
    articles: int  # in the continuum: done by every one of ``annotators``
    length: int  # L, code points
    observed: float | None  # Σ_c cuD_o
    expected: float | None  # Σ_c cuD_e
    alpha_u: Score
    per_label: dict[str, UnitizingLabel] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        undefined: dict[str, Any] = {}
        if self.alpha_u.reason is not None:
            undefined["krippendorff_alpha_u"] = self.alpha_u.reason
        return {
            "annotators": list(self.annotators),
            "articles": self.articles,
            "length": self.length,
            "observed": self.observed,
            "expected": self.expected,
            "krippendorff_alpha_u": self.alpha_u.value,
            "per_label": {
                name: {
                    "units": dict(r.units),
                    "observed": r.observed,
                    "expected": r.expected,
                    "krippendorff_alpha_u": r.alpha_u.value,
                    "undefined": (
                        {"krippendorff_alpha_u": r.alpha_u.reason}
                        if r.alpha_u.reason is not None
                        else {}
                    ),
                }
                for name, r in self.per_label.items()
            },
            "undefined": undefined,
        }


def merge_extents(extents: Sequence[Extent]) -> list[Extent]:
    """One annotator's spans of one label as units: sorted, overlapping ones merged.

    ``extents`` must be sorted by (start, end). Spans that share a code point become their
    union; touching spans (``[0,5)`` and ``[5,9)``) stay two units; empty spans are dropped.
    """
    out: list[Extent] = []
    cs = ce = -1
    for s, e in extents:
        if s >= e:
            continue
        if s < ce:
            if e > ce:
                ce = e
            continue
        if ce >= 0:
            out.append((cs, ce))
        cs, ce = s, e
    if ce >= 0:
        out.append((cs, ce))
    return out


def pair_disagreement(a: Sequence[Extent], b: Sequence[Extent]) -> int:
    """Σ_g Σ_h δ²(ag, bh) of two annotators' units of one label (sorted, non-overlapping).

    Each overlapping pair of units adds (Δbegin)² + (Δend)²; a unit that overlaps no unit of
    the other side (it lies inside one of their gaps) adds its length squared.
    """
    if a == b:
        return 0
    total = 0
    nb = len(b)
    hit_b = [False] * nb
    j0 = 0
    for s, e in a:
        while j0 < nb and b[j0][1] <= s:
            j0 += 1
        j = j0
        hit = False
        while j < nb:
            bs, be = b[j]
            if bs >= e:
                break
            total += (s - bs) ** 2 + (e - be) ** 2
            hit_b[j] = hit = True
            j += 1
        if not hit:
            total += (e - s) ** 2
    for (bs, be), hit in zip(b, hit_b, strict=True):
        if not hit:
            total += (be - bs) ** 2
    return total


@dataclass
class _LabelTally:
    m: int
    squares: int = 0  # Σ_{i<j} Σ_g Σ_h δ²(ig, jh)
    # Unit lengths and the gaps before each unit (0 when a unit follows one directly), all
    # annotators, as appended: counted once at the end (one C-level count, not one dict
    # update per unit). The gap after each annotator's last unit is added at the end.
    lengths: list[int] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # per annotator
    last_end: list[int] = field(default_factory=list)  # per annotator, on the continuum
    first: list[int] = field(default_factory=list)  # per annotator: their first unit's start

    def __post_init__(self) -> None:
        self.units = [0] * self.m
        self.last_end = [0] * self.m
        self.first = [0] * self.m


class UnitizingTally:
    """Accumulates αu article by article (articles every one of ``annotators`` did)."""

    def __init__(self, annotators: Sequence[str]) -> None:
        self.annotators = tuple(annotators)
        self.m = len(self.annotators)
        self.length = 0
        self.articles = 0
        self._labels: dict[str, _LabelTally] = {}

    def add(
        self,
        length: int,
        extents: Sequence[Mapping[str, Sequence[Extent]]],
        *,
        check: bool = True,
    ) -> None:
        """One article of ``length`` code points; ``extents[k]``: annotator k's spans by label,
        each list sorted by (start, end) (duplicates, nesting and empty spans allowed).
        ``check=False`` skips the check that every span lies inside the article (for spans
        the model has validated)."""
        m = self.m
        if len(extents) != m:
            raise ValueError(f"{len(extents)} annotators' spans for {m} annotators")
        # One pass over the annotators' labels: units merged, their lengths and the gaps
        # before them appended (counted at the end), then the pairs per label.
        base = self.length
        labels = self._labels
        merged: dict[str, list[Sequence[Extent]]] = {}
        for k, by_label in enumerate(extents):
            for label, ex in by_label.items():
                if len(ex) == 1:
                    s, e = ex[0]
                    if s >= e:
                        continue
                    units: Sequence[Extent] = ex
                else:
                    units = merge_extents(ex)
                    if not units:
                        continue
                    s, e = units[0]
                if check and (s < 0 or units[-1][1] > length):
                    raise ValueError(f"a span of {label!r} lies outside the article")
                per = merged.get(label)
                if per is None:
                    per = merged[label] = [()] * m
                per[k] = units
                tally = labels.get(label)
                if tally is None:
                    tally = labels[label] = _LabelTally(m)
                last_end = tally.last_end
                if not tally.units[k]:
                    tally.first[k] = base + s
                tally.units[k] += len(units)
                if len(units) == 1:
                    tally.lengths.append(e - s)
                    tally.gaps.append(base + s - last_end[k])
                    last_end[k] = base + e
                    continue
                lengths, gaps = tally.lengths, tally.gaps
                last = last_end[k]
                for s, e in units:
                    lengths.append(e - s)
                    gaps.append(base + s - last)
                    last = base + e
                last_end[k] = last
        if m == 2:
            for label, (ua, ub) in merged.items():
                if ua != ub:
                    labels[label].squares += pair_disagreement(ua, ub)
        else:
            for label, per in merged.items():
                squares = 0
                for i in range(m):
                    ui = per[i]
                    for j in range(i + 1, m):
                        uj = per[j]
                        if ui != uj:
                            squares += pair_disagreement(ui, uj)
                if squares:
                    labels[label].squares += squares
        self.length += length
        self.articles += 1

    def merge(self, later: UnitizingTally) -> None:
        """Append ``later``'s continuum to this one's, as if its articles had been added
        here after these: the same integers as one tally of them all. Each annotator's first
        gap in ``later`` (from its start to their first unit) joins their last gap here."""
        if later.annotators != self.annotators:
            raise ValueError("αu tallies of other annotators do not merge")
        base = self.length
        m = self.m
        for label, theirs in later._labels.items():
            tally = self._labels.get(label)
            if tally is None:
                tally = self._labels[label] = _LabelTally(m)
            tally.squares += theirs.squares
            tally.lengths += theirs.lengths
            gaps = list(theirs.gaps)
            for k in range(m):
                if not theirs.units[k]:
                    continue
                first = theirs.first[k]
                # Counted there from its own start: the gap runs on from here. (Which of
                # the equal gaps is replaced does not matter: they are counted, not ordered.)
                gaps[gaps.index(first)] = base + first - tally.last_end[k]
                if not tally.units[k]:
                    tally.first[k] = base + first
                tally.units[k] += theirs.units[k]
                tally.last_end[k] = base + theirs.last_end[k]
            tally.gaps += gaps
        self.length += later.length
        self.articles += later.articles

    def result(self, labels: Iterable[str] = ()) -> UnitizingResult:
        """αu overall and per label (``labels`` adds labels to report even without units)."""
        names = sorted({*self._labels, *labels})
        m, length = self.m, self.length
        reason = None
        if m < 2:
            reason = FEW_ANNOTATORS
        elif not self.articles:
            reason = NO_FULL_ARTICLES
        elif not length:
            reason = NO_CHARACTERS
        per_label: dict[str, UnitizingLabel] = {}
        # cuD_o = 2·squares / (m(m−1)L²) and cuD_e = 2·numerator / (L·denominator), in
        # integers; a ratio of two of them is one correctly rounded integer division.
        scale = m * (m - 1) * length
        sum_squares = 0
        sum_expected = Fraction(0)  # Σ_c numerator / denominator (exact: they differ)
        for label in names:
            tally = self._labels.get(label)
            units = {a: (tally.units[k] if tally else 0) for k, a in enumerate(self.annotators)}
            if reason is not None:
                per_label[label] = UnitizingLabel(label, units, None, None, Score(None, reason))
                continue
            if tally is None:
                per_label[label] = UnitizingLabel(
                    label, units, None, None, Score.undefined(NO_UNITS_OF_LABEL)
                )
                continue
            squares, numerator, denominator = _disagreements(tally, m, length)
            sum_squares += squares
            sum_expected += Fraction(numerator, denominator)
            per_label[label] = UnitizingLabel(
                label,
                units,
                2 * squares / (scale * length),
                2 * numerator / (length * denominator),
                Score(1 - squares * denominator / (scale * numerator))
                if numerator
                else Score.undefined(NO_EXPECTED),
            )
        if reason is not None:
            return UnitizingResult(
                self.annotators, self.articles, length, None, None, Score(None, reason), per_label
            )
        if not self._labels:
            return UnitizingResult(
                self.annotators,
                self.articles,
                length,
                None,
                None,
                Score.undefined(NO_UNITS_AT_ALL),
                per_label,
            )
        return UnitizingResult(
            self.annotators,
            self.articles,
            length,
            2 * sum_squares / (scale * length),
            float(2 * sum_expected / length),
            Score(float(1 - sum_squares / (scale * sum_expected)))
            if sum_expected
            else Score.undefined(NO_EXPECTED),
            per_label,
        )


def _disagreements(tally: _LabelTally, m: int, length: int) -> tuple[int, int, int]:
    """One label's Σ δ² (over pairs i < j) and the numerator and denominator of cuD_e
    without its factor 2/L: cuD_o = 2·squares / (m(m−1)L²), cuD_e = 2·num / (L·den)."""
    gaps = Counter(tally.gaps)
    gaps.pop(0, None)  # a unit right after another (or at the continuum's start)
    for last in tally.last_end:  # each annotator's last gap, to the end of the continuum
        if length > last:
            gaps[length - last] += 1
    lengths = Counter(tally.lengths)
    n_c = len(tally.lengths)
    # Σ_{g ≥ l} (g − l + 1) = (Σ_{g ≥ l} g) − (l − 1)·#{g ≥ l}: sweep both lengths downwards.
    gap_lengths = sorted(gaps, reverse=True)
    k = 0
    count = total = 0
    numerator = 0
    within = 0  # Σ l(l − 1)
    for ell in sorted(lengths, reverse=True):
        while k < len(gap_lengths) and gap_lengths[k] >= ell:
            g = gap_lengths[k]
            count += gaps[g]
            total += g * gaps[g]
            k += 1
        n = lengths[ell]
        own = (n_c - 1) * ell * (ell - 1) * (2 * ell - 1) // 3  # exact: l(l−1)(2l−1) is 6·Σk²
        numerator += n * (own + ell * ell * (total - (ell - 1) * count))
        within += n * ell * (ell - 1)
    mL = m * length
    return tally.squares, numerator, mL * (mL - 1) - within


def unitizing_alpha(
    articles: Iterable[tuple[int, Mapping[str, Sequence[tuple[int, int, str]]]]],
    annotators: Sequence[str],
) -> UnitizingResult:
    """αu of ``annotators`` over ``articles``: (length in code points, {annotator: spans as
    (start, end, label)}). Articles some of ``annotators`` did not do (no key) are left out
    of the continuum, as the definition needs every annotator on every code point of it."""
    tally = UnitizingTally(annotators)
    labels: set[str] = set()
    for length, spans in articles:
        if any(a not in spans for a in annotators):
            for sp in spans.values():
                labels.update(lab for _, _, lab in sp)
            continue
        tally.add(length, [extents_by_label(spans[a]) for a in annotators])
    return tally.result(labels)


def pooled_alpha_u(results: Iterable[UnitizingResult]) -> Score:
    """αu over the labels of several results on one continuum (the layers of one article,
    the same annotators): 1 − Σ observed / Σ expected, as αu over all labels is. A result
    with no units (or undefined for another reason) adds nothing; with one left, its αu; with
    none, the first one's reason."""
    results = list(results)
    defined = [r for r in results if r.observed is not None and r.expected is not None]
    if not defined:
        return results[0].alpha_u if results else Score.undefined(NO_UNITS_AT_ALL)
    if len(defined) == 1:
        return defined[0].alpha_u  # its exact figure, not one from rounded sums
    if len({(r.annotators, r.length) for r in defined}) > 1:
        raise ValueError("αu pooled over results of other annotators or another continuum")
    expected = sum(r.expected for r in defined if r.expected is not None)
    if not expected:
        return Score.undefined(NO_EXPECTED)
    return Score(1 - sum(r.observed for r in defined if r.observed is not None) / expected)


def extents_by_label(spans: Iterable[tuple[int, int, str]]) -> dict[str, list[Extent]]:
    """{label: sorted (start, end)} of one annotator's spans."""
    out: dict[str, list[Extent]] = {}
    for s, e, label in sorted(spans):
        out.setdefault(label, []).append((s, e))
    return out
