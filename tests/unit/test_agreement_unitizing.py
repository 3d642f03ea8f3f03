"""Krippendorff's unitizing alpha (αu): the paper's example, stretching, missing annotators,
undefined cases, properties against a brute-force reading of the definition, and the CLI.

The worked example is Krippendorff (1995) "On the reliability of unitizing contiguous data",
Sociological Methodology 25:47–76, p. 57: two coders, categories A–D on a continuum of 24.
Its unit positions are those of DKPro Statistics' test
(dkpro-statistics-agreement/src/test/java/org/dkpro/statistics/agreement/unitizing/
Krippendorff1995Test.java, ``createExample``); the published constants below are that test's
(observed/expected disagreement per category, to 5 decimals) and the paper's αu (3 decimals).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.agreement import Item, LayerItem, compute_agreement, compute_layer_agreement
from annotator.core.agreement_kappa import FEW_ANNOTATORS, NO_FULL_ARTICLES, Score
from annotator.core.agreement_unitizing import (
    NO_CHARACTERS,
    NO_EXPECTED,
    NO_UNITS_AT_ALL,
    NO_UNITS_OF_LABEL,
    UnitizingResult,
    UnitizingTally,
    extents_by_label,
    merge_extents,
    pooled_alpha_u,
    unitizing_alpha,
)
from annotator.core.model import Span

SpanT = tuple[int, int, str]
Article = tuple[int, dict[str, list[SpanT]]]

# Krippendorff (1995: 57) as DKPro's createExample gives it: (begin, length, coder, category).
#   A Bertha:  0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
#     Bill:    0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
#   B John:    1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1|0 0 0 0 0 0
#     Jill:    1 1|1|1|1|1|1 1 1|1|0 0 0 0 0 0 0 0 0 0 0 0 0 0
#   C Gerret:  0 0|1 1 1 1 1 1|0 0|1 1|0 0|1 1 1 1|0 0|1 1|0 0
#     Gill:    1 1|0 0|1 1 1 1|0 0|1 1 1 1|0 0|1 1|0 0|1 1|0 0
#   D Heather: 1 1|1 1 1 1 1 1 1 1|1 1 1 1|1 1 1 1 1 1|1 1 1 1
#     Hill:    1 1 1 1|1 1 1 1|1 1 1 1 1 1 1|1 1|1 1 1 1 1 1 1
PAPER_UNITS = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
    (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
    (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip
CODERS = ("first", "second")
# DKPro Krippendorff1995Test.testAgreement: observed disagreement on the continuum of 24.
DKPRO_OBSERVED = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
# ... and expected disagreement stretched to 1,200,000 (their tolerance 0.005).
DKPRO_EXPECTED_LONG = {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}
# Krippendorff (1995: 57), the published αu (DKPro asserts them within 0.02).
PUBLISHED_ALPHA = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}


def paper_example(stretch: float) -> UnitizingResult:
    """The example with every position multiplied by ``stretch`` (truncated, as DKPro does)."""
    spans: dict[str, list[SpanT]] = {c: [] for c in CODERS}
    for begin, length, coder, cat in PAPER_UNITS:
        start = int(begin * stretch)
        spans[CODERS[coder]].append((start, start + int(length * stretch), cat))
    return unitizing_alpha([(int(24 * stretch), spans)], CODERS)


# --- the paper's example ------------------------------------------------------------------


def test_paper_example_observed_disagreement_per_category() -> None:
    # Σ δ² over the overlapping pairs, by hand from the figure above, over m(m−1)L²/2 = 576:
    #  A: [2,10)~[4,8) 2²+2², [14,20)~[15,17) 1²+3²                              = 18
    #  B: [0,18) against Jill's [0,2) 0+16², [2,3) 2²+15², [3,4) 3²+14², [4,5) 4²+13²,
    #     [5,6) 5²+12², [6,9) 6²+9², [9,10) 9²+8²                                = 1306
    #  C: [2,8)~[4,8) 2², Gill's [0,2) in a gap of Gerret 2², [10,12)~[10,14) 2²,
    #     [14,18)~[16,18) 2², [20,22)~[20,22) 0                                   = 16
    #  D: [0,2)~[0,4) 2², [2,10)~[0,4) 2²+6², ~[4,8) 2²+2², ~[8,15) 6²+5²,
    #     [10,14)~[8,15) 2²+1², [14,20)~[8,15) 6²+5², ~[15,17) 1²+3², ~[17,24) 3²+4²,
    #     [20,24)~[17,24) 3²                                                      = 223
    by_hand = {"A": Fraction(18, 576), "B": Fraction(1306, 576), "C": Fraction(16, 576)}
    by_hand["D"] = Fraction(223, 576)
    result = paper_example(1)
    for cat, value in by_hand.items():
        observed = result.per_label[cat].observed
        assert observed is not None
        assert observed == pytest.approx(float(value), abs=1e-12)
        assert observed == pytest.approx(DKPRO_OBSERVED[cat], abs=1e-5)  # DKPro, 5 decimals
    assert result.observed == pytest.approx(float(sum(by_hand.values())), abs=1e-12)


def formula_expected(units: list[int], gaps: list[int], length: int, m: int = 2) -> Fraction:
    """cuD_e (Krippendorff 1995, with the 2004 correction l_jh − l_ig + 1) read literally."""
    n_c = len(units)
    total = Fraction(0)
    for ell in units:
        total += Fraction((n_c - 1) * (2 * ell**3 - 3 * ell**2 + ell), 3)
        total += ell**2 * sum(g - ell + 1 for g in gaps if g >= ell)
    return (
        Fraction(2, length)
        * total
        / (m * length * (m * length - 1) - sum(u * (u - 1) for u in units))
    )


def test_paper_example_expected_disagreement_per_category() -> None:
    # Unit and gap lengths read off the figure (both coders together).
    by_hand = {
        "A": ([8, 6, 4, 2], [2, 4, 4, 4, 7, 7]),
        "B": ([18, 2, 1, 1, 1, 1, 3, 1], [6, 14]),
        "C": ([6, 2, 4, 2, 2, 4, 4, 2, 2], [2] * 10),
        "D": ([2, 8, 4, 6, 4, 4, 4, 7, 2, 7], []),
    }
    result = paper_example(1)
    for cat, (units, gaps) in by_hand.items():
        expected = result.per_label[cat].expected
        assert expected == pytest.approx(float(formula_expected(units, gaps, 24)), abs=1e-9)
        observed = Fraction(result.per_label[cat].observed or 0)
        alpha = result.per_label[cat].alpha_u.value
        assert alpha == pytest.approx(1 - float(observed) / float(expected or 1), abs=1e-9)


def test_dkpro_half_length_category_c() -> None:
    # Krippendorff1995Test.testVaryingLengths, createExample(12 / 24.0): DKPro's own figures.
    c = paper_example(0.5).per_label["C"]
    assert c.observed == pytest.approx(0.02777, abs=1e-5)
    assert c.expected == pytest.approx(0.05494, abs=1e-5)
    assert c.alpha_u.value == pytest.approx(0.494, abs=5e-4)


def test_paper_example_converges_to_the_published_figures() -> None:
    long = paper_example(50_000)  # 1,200,000 code points, as DKPro's test
    for cat in "AD":  # to the published rounding
        assert long.per_label[cat].expected == pytest.approx(DKPRO_EXPECTED_LONG[cat], abs=1e-5)
        assert long.per_label[cat].alpha_u.value == pytest.approx(PUBLISHED_ALPHA[cat], abs=5e-4)
    for cat in "BC":  # within DKPro's tolerance for D_e (0.005)
        assert long.per_label[cat].expected == pytest.approx(DKPRO_EXPECTED_LONG[cat], abs=5e-3)
    assert long.per_label["B"].alpha_u.value == pytest.approx(PUBLISHED_ALPHA["B"], abs=3e-3)
    # C: the published D_e 0.08642 is our numerator over mL(mL−1) without subtracting
    # Σ l(l−1); with it (as for A and D, which match to 5 decimals) the limit is
    # (2/24)·(N_c − 1)·(2/3)·Σl³ / (48² − Σl²) = (2/24)·8·(2/3)·448 / (2304 − 104).
    limit_c = Fraction(2, 24) * 8 * Fraction(2, 3) * 448 / (2304 - 104)
    assert long.per_label["C"].expected == pytest.approx(float(limit_c), abs=1e-5)
    assert float(limit_c) * 2200 / 2304 == pytest.approx(DKPRO_EXPECTED_LONG["C"], abs=1e-5)
    assert long.per_label["C"].alpha_u.value == pytest.approx(PUBLISHED_ALPHA["C"], abs=0.015)


def test_stretching_changes_expected_not_observed_and_converges() -> None:
    stretches = (1, 5, 50, 500, 5_000, 50_000)
    results = [paper_example(s) for s in stretches]
    for cat in "ABCD":
        observed = {r.per_label[cat].observed for r in results}
        assert len(observed) == 1  # δ² and L² scale alike
        alphas = [r.per_label[cat].alpha_u.value or 0.0 for r in results]
        limit = alphas[-1]
        gaps = [abs(a - limit) for a in alphas[:-1]]
        assert gaps == sorted(gaps, reverse=True)  # each longer continuum is closer
        assert gaps[0] > 0.01  # on 24 units the figures are visibly off the limit
        assert gaps[-1] < 1e-4


def test_the_table_in_docs_agreement_md() -> None:
    # cuD_e and αu on the paper's 24 units and stretched to 1.2M, as docs/agreement.md shows.
    table = {
        "A": (0.06447, 0.515, 0.06990, 0.553),
        "B": (1.08951, -1.081, 1.17578, -0.928),
        "C": (0.07003, 0.603, 0.09050, 0.693),
        "D": (0.32080, -0.207, 0.41445, 0.066),
    }
    short, long = paper_example(1).per_label, paper_example(50_000).per_label
    for cat, (de_short, a_short, de_long, a_long) in table.items():
        assert short[cat].expected == pytest.approx(de_short, abs=5e-6)
        assert short[cat].alpha_u.value == pytest.approx(a_short, abs=5e-4)
        assert long[cat].expected == pytest.approx(de_long, abs=5e-6)
        assert long[cat].alpha_u.value == pytest.approx(a_long, abs=5e-4)


# --- a brute-force reading of the definition -----------------------------------------------


def reference(articles: Sequence[Article], coders: Sequence[str]) -> dict[str, Fraction | None]:
    """αu per label and overall ("*"), section by section over one continuum, O(n²)."""
    full = [(n, spans) for n, spans in articles if all(c in spans for c in coders)]
    length = sum(n for n, _ in full)
    labels = sorted({lab for _, spans in articles for sp in spans.values() for _, _, lab in sp})
    m = len(coders)
    out: dict[str, Fraction | None] = {}
    sum_do = sum_de = Fraction(0)
    for label in labels:
        sections: list[list[tuple[int, int, bool]]] = []  # per coder: (begin, length, unit)
        for c in coders:
            units: list[tuple[int, int]] = []
            base = 0
            for n, spans in full:
                mine = [(s, e) for s, e, lab in spans[c] if lab == label and s < e]
                merged = True
                while merged:  # union of spans sharing a code point
                    merged = False
                    for i in range(len(mine)):
                        for j in range(i + 1, len(mine)):
                            (a, b), (x, y) = mine[i], mine[j]
                            if a < y and x < b:
                                mine[i] = (min(a, x), max(b, y))
                                del mine[j]
                                merged = True
                                break
                        if merged:
                            break
                units += [(base + s, base + e) for s, e in sorted(mine)]
                base += n
            secs: list[tuple[int, int, bool]] = []
            pos = 0
            for s, e in units:
                if s > pos:
                    secs.append((pos, s - pos, False))
                secs.append((s, e - s, True))
                pos = e
            if pos < length:
                secs.append((pos, length - pos, False))
            sections.append(secs)
        all_units = [ln for secs in sections for _, ln, u in secs if u]
        if not all_units or not length:
            out[label] = None
            continue
        squares = 0
        for i in range(m):
            for j in range(m):
                if i == j:
                    continue
                for bg, lg, ug in sections[i]:
                    for bh, lh, uh in sections[j]:
                        d = bg - bh
                        if ug and uh and -lg < d < lh:
                            squares += d**2 + (d + lg - lh) ** 2
                        elif ug and not uh and lh - lg >= d >= 0:
                            squares += lg**2
                        elif uh and not ug and lg - lh >= -d >= 0:
                            squares += lh**2
        do = Fraction(squares, m * (m - 1) * length**2)
        gaps = [ln for secs in sections for _, ln, u in secs if not u]
        de = formula_expected(all_units, gaps, length, m)
        sum_do += do
        sum_de += de
        out[label] = 1 - do / de if de else None
    out["*"] = 1 - sum_do / sum_de if sum_de else None
    return out


@st.composite
def studies(draw: st.DrawFn, coders: int = 2) -> tuple[list[Article], list[str]]:
    names = [f"c{k}" for k in range(coders)]
    articles: list[Article] = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 30))
        spans: dict[str, list[SpanT]] = {}
        for c in names:
            if len(articles) and draw(st.integers(0, 5)) == 0:
                continue  # this coder did not do the article
            spans[c] = [
                (s, s + draw(st.integers(0, n - s)), draw(st.sampled_from("XYZ")))
                for s in draw(st.lists(st.integers(0, n - 1), max_size=5))
            ]
        articles.append((n, spans))
    return articles, names


def close(a: float | None, b: Fraction | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - float(b)) < 1e-9


@settings(max_examples=150, deadline=None)
@given(studies(2) | studies(3))
def test_matches_the_definition_section_by_section(study: tuple[list[Article], list[str]]) -> None:
    articles, coders = study
    result = unitizing_alpha(articles, coders)
    ref = reference(articles, coders)
    for label, r in result.per_label.items():
        assert close(r.alpha_u.value, ref[label]), label
    if result.length and any(r.alpha_u.defined for r in result.per_label.values()):
        assert close(result.alpha_u.value, ref["*"])


def relabel(articles: Sequence[Article], mapping: Mapping[str, str]) -> list[Article]:
    return [
        (n, {c: [(s, e, mapping[lab]) for s, e, lab in sp] for c, sp in spans.items()})
        for n, spans in articles
    ]


@settings(max_examples=100, deadline=None)
@given(studies(2) | studies(3))
def test_invariances(study: tuple[list[Article], list[str]]) -> None:
    articles, coders = study
    base = unitizing_alpha(articles, coders)
    # Relabelling (a bijection) carries each label's αu over; the overall αu is the same.
    mapping = {"X": "Z", "Y": "X", "Z": "Y"}
    renamed = unitizing_alpha(relabel(articles, mapping), coders)
    assert renamed.alpha_u == base.alpha_u
    for label, r in base.per_label.items():
        assert renamed.per_label[mapping[label]].alpha_u == r.alpha_u
    # The order of the annotators does not matter.
    assert unitizing_alpha(articles, coders[::-1]).alpha_u == base.alpha_u
    # Reading the continuum backwards (every article mirrored, in reverse order) changes no
    # unit length, gap length or δ².
    mirrored = [
        (n, {c: [(n - e, n - s, lab) for s, e, lab in sp] for c, sp in spans.items()})
        for n, spans in reversed(articles)
    ]
    assert unitizing_alpha(mirrored, coders).alpha_u == base.alpha_u
    # Shifting every annotator's units together leaves the observed disagreement alone.
    pad = 7
    shifted = [
        (n + pad, {c: [(s + pad, e + pad, lab) for s, e, lab in sp] for c, sp in spans.items()})
        for n, spans in articles
    ]
    moved = unitizing_alpha(shifted, coders)
    for label, r in base.per_label.items():
        if r.observed is not None and moved.per_label[label].observed is not None:
            scale = (base.length / moved.length) ** 2  # D_o is over L²
            assert moved.per_label[label].observed == pytest.approx(r.observed * scale, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(studies(3))
def test_identical_annotations_give_one(study: tuple[list[Article], list[str]]) -> None:
    articles, coders = study
    same = [(n, {c: list(spans.get("c0", [])) for c in coders}) for n, spans in articles]
    result = unitizing_alpha(same, coders)
    for r in result.per_label.values():
        assert r.alpha_u.value in (1.0, None)
        if r.alpha_u.value is None:
            assert r.alpha_u.reason in (NO_UNITS_OF_LABEL, NO_EXPECTED)
    if any(r.alpha_u.defined for r in result.per_label.values()):
        assert result.alpha_u.value == 1.0


# --- units, missing annotators, undefined cases --------------------------------------------


def test_overlapping_spans_of_one_annotator_become_their_union() -> None:
    assert merge_extents([(0, 5), (2, 4), (3, 8), (8, 9), (9, 9), (12, 14), (12, 14)]) == [
        (0, 8),
        (8, 9),
        (12, 14),
    ]
    nested = {"a": [(0, 10, "X"), (2, 4, "X"), (2, 4, "X")], "b": [(1, 10, "X")]}
    union = {"a": [(0, 10, "X")], "b": [(1, 10, "X")]}
    assert unitizing_alpha([(20, nested)], "ab") == unitizing_alpha([(20, union)], "ab")
    # Touching units stay two: one span [0,10) is not the same as [0,5) + [5,10).
    split = {"a": [(0, 5, "X"), (5, 10, "X")], "b": [(1, 10, "X")]}
    assert (
        unitizing_alpha([(20, split)], "ab").alpha_u != unitizing_alpha([(20, union)], "ab").alpha_u
    )


def test_articles_an_annotator_did_not_do_are_left_out() -> None:
    first = (30, {"a": [(0, 5, "X"), (10, 20, "Y")], "b": [(1, 5, "X"), (10, 18, "Y")], "c": []})
    second = (40, {"a": [(0, 40, "X")], "b": [(3, 9, "Y")]})  # c did not do it
    both = unitizing_alpha([first, second], "abc")
    alone = unitizing_alpha([first], "abc")
    assert both.articles == 1 and both.length == 30
    assert both.alpha_u == alone.alpha_u and both.per_label == alone.per_label
    # The two who did both articles have both in their continuum (70 characters).
    pair = unitizing_alpha([first, second], "ab")
    assert pair.articles == 2 and pair.length == 70
    assert pair.alpha_u.value is not None and close(
        pair.alpha_u.value, reference([first, second], "ab")["*"]
    )


def test_gaps_run_across_article_boundaries() -> None:
    # One continuum: b's gap from 5 in the first article to 3 in the second is one gap of 8.
    one = unitizing_alpha([(10, {"a": [(0, 9, "X")], "b": [(0, 5, "X")]}),
                           (10, {"a": [(0, 9, "X")], "b": [(3, 9, "X")]})], "ab")  # fmt: skip
    joined = unitizing_alpha(
        [(20, {"a": [(0, 9, "X"), (10, 19, "X")], "b": [(0, 5, "X"), (13, 19, "X")]})], "ab"
    )
    assert one.alpha_u == joined.alpha_u
    assert one.per_label["X"].expected == pytest.approx(
        float(formula_expected([9, 9, 5, 6], [1, 1, 8, 1], 20)), abs=1e-12
    )


def test_undefined_cases() -> None:
    spans = {"a": [(0, 4, "X")], "b": [(1, 4, "X")]}
    few = unitizing_alpha([(10, spans)], ["a"])
    assert few.alpha_u.value is None and few.alpha_u.reason == FEW_ANNOTATORS
    assert few.per_label["X"].alpha_u.reason == FEW_ANNOTATORS
    none_full = unitizing_alpha([(10, {"a": spans["a"]}), (10, {"b": spans["b"]})], "ab")
    assert none_full.alpha_u.reason == NO_FULL_ARTICLES and none_full.articles == 0
    assert none_full.per_label["X"].alpha_u.reason == NO_FULL_ARTICLES
    empty = unitizing_alpha([(0, {"a": [], "b": []})], "ab")
    assert empty.alpha_u.reason == NO_CHARACTERS
    blank = unitizing_alpha([(10, {"a": [], "b": []})], "ab")
    assert blank.alpha_u.reason == NO_UNITS_AT_ALL and blank.per_label == {}
    # A label marked only on an article someone did not do has no unit in the continuum.
    partly = unitizing_alpha([(10, spans), (10, {"a": [(0, 2, "Y")]})], "ab")
    assert partly.per_label["Y"].alpha_u.reason == NO_UNITS_OF_LABEL
    assert partly.per_label["X"].alpha_u.defined and partly.alpha_u.defined
    # Every character a unit of its own for both: nothing could be expected to differ.
    ones = [(k, k + 1, "X") for k in range(3)]
    dots = unitizing_alpha([(3, {"a": ones, "b": list(ones)})], "ab")
    assert dots.alpha_u.reason == NO_EXPECTED and dots.per_label["X"].expected == 0.0
    with pytest.raises(ValueError, match="outside"):
        unitizing_alpha([(3, {"a": [(0, 4, "X")], "b": []})], "ab")


# --- in compute_agreement and the CLI ------------------------------------------------------


def items(articles: Sequence[Article]) -> list[Item]:
    out = []
    ids = iter(range(1, 10_000))
    for k, (n, spans) in enumerate(articles):
        text = ("lorem ipsum " * (n // 12 + 1))[:n]
        out.append(
            Item(
                k + 1,
                text,
                {
                    c: [
                        Span(next(ids), k + 1, c, s, e, lab, "entity", text[s:e])
                        for s, e, lab in sp
                    ]
                    for c, sp in spans.items()
                },
            )
        )
    return out


STUDY: list[Article] = [
    (30, {"a": [(0, 5, "X"), (10, 20, "Y")], "b": [(1, 5, "X"), (10, 18, "Y")], "c": []}),
    (40, {"a": [(0, 40, "X")], "b": [(3, 9, "Y")]}),
    (25, {"a": [(2, 9, "X")], "b": [(2, 9, "X"), (12, 20, "Z")], "c": [(2, 8, "X")]}),
]


def test_compute_agreement_reports_alpha_u_overall_per_label_and_per_article() -> None:
    result = compute_agreement(items(STUDY), "entity", ["a", "b", "c"])
    expected = unitizing_alpha(STUDY, "abc")
    ref = reference(STUDY, "abc")
    assert result.krippendorff_alpha_u == expected.alpha_u
    assert close(result.krippendorff_alpha_u.value, ref["*"])
    assert result.unitizing.articles == 2 and result.unitizing.length == 55
    for label in "XYZ":
        assert result.per_label[label].krippendorff_alpha_u == expected.per_label[label].alpha_u
    art2 = result.per_article[1]  # done by a and b only: αu of the two on it
    assert art2.krippendorff_alpha_u == unitizing_alpha([STUDY[1]], "ab").alpha_u
    assert art2.krippendorff_alpha_u.value is not None
    data = result.to_json()
    assert data["krippendorff_alpha_u"] == expected.alpha_u.value
    assert data["per_label"]["Y"]["krippendorff_alpha_u"] == expected.per_label["Y"].alpha_u.value
    assert data["per_article"][1]["krippendorff_alpha_u"] == art2.krippendorff_alpha_u.value
    only_a = compute_agreement(items(STUDY), "entity", ["a"])
    assert only_a.to_json()["undefined"]["krippendorff_alpha_u"] == FEW_ANNOTATORS


def test_pooled_over_layers_is_alpha_u_over_all_their_labels() -> None:
    """The paper's four categories as two "layers" (A, B and C, D) of one continuum: αu
    pooled over the two results is αu over the four labels at once."""
    spans: dict[str, list[SpanT]] = {c: [] for c in CODERS}
    for begin, length, coder, cat in PAPER_UNITS:
        spans[CODERS[coder]].append((begin, begin + length, cat))

    def layer(cats: str) -> UnitizingResult:
        return unitizing_alpha(
            [(24, {c: [s for s in sp if s[2] in cats] for c, sp in spans.items()})], CODERS
        )

    whole = unitizing_alpha([(24, spans)], CODERS).alpha_u.value
    pooled = pooled_alpha_u([layer("AB"), layer("CD")])
    assert whole is not None and pooled.value == pytest.approx(whole, abs=1e-12)
    assert pooled.value != layer("AB").alpha_u.value
    # A layer nobody marked adds nothing; nothing marked anywhere keeps the reason.
    assert pooled_alpha_u([layer("AB"), layer("")]) == layer("AB").alpha_u
    assert pooled_alpha_u([layer(""), layer("")]) == Score.undefined(NO_UNITS_AT_ALL)
    with pytest.raises(ValueError):
        pooled_alpha_u([layer("AB"), unitizing_alpha([(30, spans)], CODERS)])


def test_cli_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    texts = {1: "Joko Widodo bertemu Vladimir Putin di Alaska.", 2: "Putin pulang ke Moskow."}
    work = {
        "ani": {1: [(0, 11, "PERSON"), (20, 34, "PERSON"), (38, 44, "GPE")], 2: [(0, 5, "PERSON")]},
        "budi": {
            1: [(5, 11, "PERSON"), (20, 34, "PERSON"), (38, 44, "LOC")],
            2: [(0, 5, "PERSON"), (16, 22, "GPE")],
        },
    }  # fmt: skip
    for who, arts in work.items():
        lines = [
            json.dumps(
                {
                    "id": f"art-{k}",
                    "text": texts[k],
                    "annotator": who,
                    "status": "done",
                    "spans": [
                        {"start": s, "end": e, "label": lab, "text": texts[k][s:e]}
                        for s, e, lab in sp
                    ],
                }
            )
            for k, sp in arts.items()
        ]
        path = tmp_path / f"{who}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["--db", str(db), "import", "--no-language", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--json", "--per-article"]) == 0
    data = json.loads(capsys.readouterr().out)
    study = [(len(texts[k]), {w: work[w][k] for w in work}) for k in (1, 2)]
    ref = reference(study, ["ani", "budi"])
    assert close(data["krippendorff_alpha_u"], ref["*"])
    assert data["unitizing"]["characters"] == 45 + 23 and data["unitizing"]["articles"] == 2
    for label in ("PERSON", "GPE", "LOC"):
        assert close(data["per_label"][label]["krippendorff_alpha_u"], ref[label])
    assert data["per_label"]["PERSON"]["unitizing"]["units"] == {"ani": 3, "budi": 3}
    assert [a["krippendorff_alpha_u"] is not None for a in data["per_article"]] == [True, True]
    assert data["fleiss_kappa"] is not None  # the token figures are still there
    capsys.readouterr()
    assert main(["--db", str(db), "agreement"]) == 0
    table = capsys.readouterr().out
    value = f"{data['krippendorff_alpha_u']:.3f}"
    assert f"Krippendorff's αu   {value}" in table or f"Krippendorff's αu  {value}" in table
    assert "over 2 articles done by all, 68 characters" in table


def test_an_article_whose_text_is_gone_is_left_out() -> None:
    # The store streams texts after the spans: an article deleted in between comes with "".
    gone = LayerItem(1, "", {"a": [(0, 3, "X")], "b": [(0, 4, "X")]})
    kept = LayerItem(2, "abcdefghij", {"a": [(0, 3, "X")], "b": [(1, 3, "X")]})
    result = compute_layer_agreement([gone, kept], "entity", ["a", "b"])
    assert result.unitizing.articles == 1 and result.unitizing.length == 10
    assert result.krippendorff_alpha_u == unitizing_alpha([(10, kept.spans)], "ab").alpha_u
    assert result.per_article[0].krippendorff_alpha_u.value is None
    assert result.per_article[1].krippendorff_alpha_u.defined


def _tally_of(articles: Sequence[Article], coders: Sequence[str]) -> UnitizingTally:
    tally = UnitizingTally(coders)
    for n, spans in articles:
        if all(c in spans for c in coders):
            tally.add(n, [extents_by_label(spans[c]) for c in coders])
    return tally


@settings(max_examples=150, deadline=None)
@given(studies(2) | studies(3))
def test_tallies_of_consecutive_articles_merge_into_the_whole(
    study: tuple[list[Article], list[str]],
) -> None:
    """ADR 0034: the store counts id ranges in separate processes and merges the tallies;
    an annotator's gap across the cut is one gap (their last gap before it joins their first
    after it), so the merged figures are the one tally's, exactly."""
    articles, coders = study
    whole = _tally_of(articles, coders).result()
    for cut in range(len(articles) + 1):
        merged = _tally_of(articles[:cut], coders)
        merged.merge(_tally_of(articles[cut:], coders))
        assert merged.result() == whole, cut


def test_agreement_tallies_merge_into_the_whole() -> None:
    """Every figure, per-article results included, from tallies of the articles cut in two
    anywhere (annotators missing from some articles, articles without spans)."""
    from annotator.core.agreement import AgreementTally

    items = [
        LayerItem(1, "Ani makan nasi di Bogor.", {"a": [(0, 3, "P")], "b": [(0, 3, "P")]}),
        LayerItem(2, "Budi ke Jakarta!", {"a": [], "b": [(8, 15, "L")], "c": [(8, 12, "L")]}),
        LayerItem(3, "Tidak ada apa-apa.", {"a": [], "b": [], "c": []}),
        LayerItem(4, "Sri Mulyani berkata, harga turun.", {"c": [(0, 11, "P")]}),
        LayerItem(5, "Di Bali 🙂 ramai.", {"a": [(3, 7, "L")], "b": [(0, 7, "L")], "c": []}),
    ]
    names = ("a", "b", "c")
    whole = compute_layer_agreement(items, "entity", names).to_json()
    for cut in range(len(items) + 1):
        first = AgreementTally("entity", names)
        first.add(items[:cut])
        later = AgreementTally("entity", names)
        later.add(items[cut:])
        first.merge(later)
        assert first.result().to_json() == whole, cut
