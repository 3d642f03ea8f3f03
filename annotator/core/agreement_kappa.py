"""Chance-corrected agreement from counts: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

The formulas work on aggregates so that agreement over millions of tokens never builds a
token-by-annotator matrix:

* Cohen's kappa from a confusion ``Counter[(label_a, label_b)]``.
* Fleiss' kappa and Krippendorff's alpha from **profiles**: ``Counter[tuple[str, ...]]``
  mapping the sorted labels one unit (token) received to how many units received exactly
  those labels. A unit's number of values ``m`` is the tuple's length.

Every function returns a :class:`Score`; an undefined figure has ``value`` None and a
``reason`` saying why (never 0 or 1 by accident). The list-based helpers at the bottom take
plain ratings and exist for callers with small data and for the reference tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Profile = tuple[str, ...]

NO_UNITS = "no tokens to compare"
NO_VARIATION = "no variation: every token has the same label for every annotator"
FEW_ANNOTATORS = "fewer than two annotators"
NO_PAIRABLE = "no token has labels from two or more annotators"
NO_SPANS = "neither side marked any span"
NO_RELATIONS = "neither side drew any relation"
NO_ARTICLES = "no articles in common"
NO_FULL_ARTICLES = "no article was done by every chosen annotator"


@dataclass(frozen=True)
class Score:
    """A figure, or None with the reason it is undefined."""

    value: float | None
    reason: str | None = None

    @classmethod
    def undefined(cls, reason: str) -> Score:
        return cls(None, reason)

    @property
    def defined(self) -> bool:
        return self.value is not None


def f1(matches: int, n_a: int, n_b: int) -> Score:
    """2·matches / (n_a + n_b): the Dice coefficient, equal to F1 with either side as gold."""
    if n_a + n_b == 0:
        return Score.undefined(NO_SPANS)
    return Score(2.0 * matches / (n_a + n_b))


def cohen_from_confusion(confusion: Mapping[tuple[str, str], int]) -> Score:
    """Cohen's kappa (po - pe) / (1 - pe) from {(label_a, label_b): count}."""
    n = sum(confusion.values())
    if n == 0:
        return Score.undefined(NO_UNITS)
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    agree = 0
    for (a, b), c in confusion.items():
        if not c:
            continue
        rows[a] += c
        cols[b] += c
        if a == b:
            agree += c
    if len(rows) == 1 and rows.keys() == cols.keys():
        return Score.undefined(NO_VARIATION)
    po = agree / n
    pe = sum(rows[k] * cols[k] for k in rows) / (n * n)
    return Score((po - pe) / (1.0 - pe))


def binary_confusion(
    confusion: Mapping[tuple[str, str], int], label: str
) -> dict[tuple[str, str], int]:
    """The confusion of ``label`` against everything else (``label`` / ``"other"``)."""
    out: Counter[tuple[str, str]] = Counter()
    for (a, b), c in confusion.items():
        out[(label if a == label else "other", label if b == label else "other")] += c
    return dict(out)


def _tally(
    profiles: Mapping[Profile, int],
) -> tuple[dict[int, int], dict[int, int], dict[int, dict[str, int]]]:
    """Per number of values m: units, Σ_units Σ_labels n_ul², and label totals."""
    units: dict[int, int] = {}
    sum_sq: dict[int, int] = {}
    totals: dict[int, dict[str, int]] = {}
    for profile, count in profiles.items():
        m = len(profile)
        if not count or not m:
            continue
        tot = totals.get(m)
        if tot is None:
            tot = totals[m] = {}
            units[m] = sum_sq[m] = 0
        units[m] += count
        first = profile[0]
        if profile.count(first) == m:  # unanimous: the common case by far
            sum_sq[m] += count * m * m
            tot[first] = tot.get(first, 0) + count * m
            continue
        per: dict[str, int] = {}
        for label in profile:
            per[label] = per.get(label, 0) + 1
        sum_sq[m] += count * sum(x * x for x in per.values())
        for label, x in per.items():
            tot[label] = tot.get(label, 0) + count * x
    return units, sum_sq, totals


def _fleiss(
    units: dict[int, int], sum_sq: dict[int, int], totals: dict[int, dict[str, int]]
) -> Score:
    if len(units) > 1:
        raise ValueError("Fleiss' kappa needs the same number of ratings for every unit")
    if not units:
        return Score.undefined(NO_UNITS)
    ((n, n_units),) = units.items()
    if n < 2:
        return Score.undefined(FEW_ANNOTATORS)
    tot = totals[n]
    if len(tot) == 1:
        return Score.undefined(NO_VARIATION)
    p_bar = (sum_sq[n] - n_units * n) / (n_units * n * (n - 1))
    total = n_units * n
    p_e = sum((v / total) ** 2 for v in tot.values())
    return Score((p_bar - p_e) / (1.0 - p_e))


def _alpha(
    units: dict[int, int], sum_sq: dict[int, int], totals: dict[int, dict[str, int]]
) -> Score:
    disagree = 0.0
    tot: dict[str, int] = {}
    for m, n_units in units.items():
        if m < 2:
            continue
        # Σ_{c≠k} o_ck over these units: Σ_u (m² - Σ_c n_uc²) / (m - 1).
        disagree += (n_units * m * m - sum_sq[m]) / (m - 1)
        for k, v in totals[m].items():
            tot[k] = tot.get(k, 0) + v
    n = sum(tot.values())
    if n == 0:
        return Score.undefined(NO_PAIRABLE)
    if len(tot) == 1:
        return Score.undefined(NO_VARIATION)
    expected = n * n - sum(v * v for v in tot.values())
    return Score(1.0 - (n - 1) * disagree / expected)


def fleiss_from_profiles(profiles: Mapping[Profile, int]) -> Score:
    """Fleiss' kappa over units that all have the same number of raters ``n``.

    P_i = (Σ_j n_ij² - n) / (n(n-1)), P̄ = mean P_i, p_j = Σ_i n_ij / (N n),
    P_e = Σ p_j², kappa = (P̄ - P_e) / (1 - P_e).
    """
    return _fleiss(*_tally(profiles))


def alpha_from_profiles(profiles: Mapping[Profile, int]) -> Score:
    """Krippendorff's alpha, nominal, from profiles with any number of values per unit.

    Units with fewer than two values are not pairable and drop out. With the coincidence
    matrix o_ck = Σ_u Σ_{i≠j} [v_ui=c, v_uj=k] / (m_u - 1), n_c = Σ_k o_ck, n = Σ_c n_c:
    alpha = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
    """
    return _alpha(*_tally(profiles))


@dataclass
class ComboTally:
    """One pass over label combinations of ``m`` annotators (labels in annotator order).

    Enough for every chance-corrected figure of those annotators: per-annotator label
    marginals give p_e; pairwise agreement counts give p_o for Cohen and, since
    Σ_c n_uc² = m + 2·Σ_{i<j} [v_ui = v_uj], Fleiss' P̄ and alpha's observed disagreement.
    """

    m: int
    units: int
    marginals: list[dict[str, int]]
    agree: dict[tuple[int, int], int]

    @classmethod
    def of(cls, combos: Mapping[tuple[str, ...], int], m: int) -> ComboTally:
        marginals: list[dict[str, int]] = [{} for _ in range(m)]
        pairs = [(i, j) for i in range(m) for j in range(i + 1, m)]
        agree = dict.fromkeys(pairs, 0)
        units = 0
        unanimous: dict[str, int] = {}  # folded into every marginal and pair at the end
        for labels, c in combos.items():
            if not c:
                continue
            units += c
            first = labels[0]
            if labels.count(first) == m:  # the common case
                unanimous[first] = unanimous.get(first, 0) + c
                continue
            for marg, label in zip(marginals, labels, strict=True):
                marg[label] = marg.get(label, 0) + c
            for i, j in pairs:
                if labels[i] == labels[j]:
                    agree[(i, j)] += c
        same = sum(unanimous.values())
        for pair in pairs:
            agree[pair] += same
        for marg in marginals:
            for label, c in unanimous.items():
                marg[label] = marg.get(label, 0) + c
        return cls(m, units, marginals, agree)

    def cohen(self, i: int, j: int) -> Score:
        n = self.units
        if n == 0:
            return Score.undefined(NO_UNITS)
        rows, cols = self.marginals[i], self.marginals[j]
        if len(rows) == 1 and rows.keys() == cols.keys():
            return Score.undefined(NO_VARIATION)
        po = self.agree[(i, j) if i < j else (j, i)] / n
        pe = sum(v * cols.get(k, 0) for k, v in rows.items()) / (n * n)
        return Score((po - pe) / (1.0 - pe))

    def _common(self) -> tuple[int, dict[str, int]]:
        totals: dict[str, int] = {}
        for marg in self.marginals:
            for k, v in marg.items():
                totals[k] = totals.get(k, 0) + v
        sum_sq = self.units * self.m + 2 * sum(self.agree.values())
        return sum_sq, totals

    def fleiss_and_alpha(self) -> tuple[Score, Score]:
        """Fleiss' kappa and Krippendorff's alpha (nothing missing) of the m annotators."""
        m, units = self.m, self.units
        if m < 2:
            return Score.undefined(FEW_ANNOTATORS), Score.undefined(FEW_ANNOTATORS)
        if units == 0:
            return Score.undefined(NO_UNITS), Score.undefined(NO_PAIRABLE)
        sum_sq, totals = self._common()
        if len(totals) == 1:
            return Score.undefined(NO_VARIATION), Score.undefined(NO_VARIATION)
        return (
            _fleiss({m: units}, {m: sum_sq}, {m: totals}),
            _alpha({m: units}, {m: sum_sq}, {m: totals}),
        )


def binary_profiles(profiles: Mapping[Profile, int], label: str) -> dict[Profile, int]:
    """Profiles of ``label`` against everything else (``label`` / ``"other"``)."""
    out: Counter[Profile] = Counter()
    for profile, count in profiles.items():
        x = profile.count(label)
        out[(label,) * x + ("other",) * (len(profile) - x)] += count
    return dict(out)


# ------------------------------------------------------------------ plain ratings


def cohen_kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> Score:
    """Cohen's kappa of two equally long label sequences."""
    if len(labels_a) != len(labels_b):
        raise ValueError("both annotators must label the same units")
    return cohen_from_confusion(Counter(zip(labels_a, labels_b, strict=True)))


def profiles_of(units: Iterable[Sequence[str | None]]) -> Counter[Profile]:
    """Profiles of units given as one rating per annotator, None where one is missing."""
    return Counter(tuple(sorted(v for v in unit if v is not None)) for unit in units)


def fleiss_kappa(units: Iterable[Sequence[str]]) -> Score:
    """Fleiss' kappa of units, each a sequence of the labels its raters gave."""
    return fleiss_from_profiles(profiles_of(units))


def krippendorff_alpha(units: Iterable[Sequence[str | None]]) -> Score:
    """Nominal Krippendorff's alpha of units, each one value per annotator (None = missing)."""
    return alpha_from_profiles(profiles_of(units))
