"""core.agreement_clusters against the worked example of docs/agreement.md and against scorch.

scorch (0.2.0, "Alternative scorer for the CoNLL-2011/2012 shared tasks") is the reference:
a test-time dependency, like the other reference implementations. It returns (R, P, F) and
0, 0, 0 where we say "undefined"; those cases are compared as such.
"""

from __future__ import annotations

import random
from fractions import Fraction
from statistics import StatisticsError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scorch import scores

from annotator.core.agreement_clusters import (
    NO_CLUSTERS,
    NO_LINKS,
    PRF,
    b_cubed,
    ceaf_e,
    cluster_agreement,
    common_mentions,
    max_assignment,
    muc,
)

TOL = 1e-9

# The worked example of docs/agreement.md ("Claim clusters"): six claims, ani as the key.
ANI = [{"c1", "c2", "c3"}, {"c4", "c5"}, {"c6"}]
BUDI = [{"c1", "c2"}, {"c3", "c4", "c5", "c6"}]


def _is(prf: PRF, p: Fraction, r: Fraction, f: Fraction) -> None:
    got = (prf.precision.value, prf.recall.value, prf.f1.value)
    assert got == pytest.approx((float(p), float(r), float(f)), abs=1e-15)


def test_worked_example() -> None:
    result = cluster_agreement(ANI, BUDI)
    _is(result.muc, Fraction(1, 2), Fraction(2, 3), Fraction(4, 7))
    _is(result.b_cubed, Fraction(7, 12), Fraction(7, 9), Fraction(2, 3))
    _is(result.ceaf_e, Fraction(11, 15), Fraction(22, 45), Fraction(44, 75))
    assert result.conll_f1.value == pytest.approx(958 / 1575, abs=1e-15)
    js = result.to_json()
    assert js["clusters_key"] == 3 and js["clusters_response"] == 2
    assert js["mentions_key"] == js["mentions_response"] == 6
    assert js["undefined"] == {}


def test_worked_example_against_scorch() -> None:
    _same_as_scorch(ANI, BUDI)


def test_swapping_key_and_response_swaps_precision_and_recall() -> None:
    ab, ba = cluster_agreement(ANI, BUDI), cluster_agreement(BUDI, ANI)
    for x, y in ((ab.muc, ba.muc), (ab.b_cubed, ba.b_cubed), (ab.ceaf_e, ba.ceaf_e)):
        assert (x.precision.value, x.recall.value) == (y.recall.value, y.precision.value)
        assert x.f1.value == pytest.approx(y.f1.value, abs=1e-15)
    assert ab.conll_f1.value == pytest.approx(ba.conll_f1.value, abs=1e-15)


def test_identical_clusterings_score_one() -> None:
    result = cluster_agreement(ANI, ANI)
    for prf in (result.muc, result.b_cubed, result.ceaf_e):
        assert (prf.precision.value, prf.recall.value, prf.f1.value) == (1.0, 1.0, 1.0)
    assert result.conll_f1.value == 1.0


def test_undefined_figures_have_reasons() -> None:
    empty = cluster_agreement([], [])
    assert empty.conll_f1.reason == NO_CLUSTERS
    assert empty.muc.f1.value is None and empty.b_cubed.recall.reason == NO_CLUSTERS
    # every claim alone on both sides: MUC has no link to count, the others agree fully
    alone = cluster_agreement([{1}, {2}, {3}], [{1}, {2}, {3}])
    assert alone.muc.f1.value is None and alone.muc.precision.reason == NO_LINKS
    assert alone.b_cubed.f1.value == 1.0 and alone.ceaf_e.f1.value == 1.0
    assert alone.conll_f1.value is None and alone.conll_f1.reason == NO_LINKS
    assert alone.to_json()["undefined"] == {"muc": NO_LINKS, "conll_f1": NO_LINKS}
    # scorch says 0 for both, the reference scorer's convention we do not follow here
    assert scores.muc([{1}, {2}, {3}], [{1}, {2}, {3}]) == (0.0, 0.0, 0.0)


def test_one_side_without_links_scores_zero_muc_like_the_reference() -> None:
    result = muc([{1, 2}, {3}], [{1}, {2}, {3}])
    assert (result.precision.value, result.recall.value, result.f1.value) == (0.0, 0.0, 0.0)


def test_singletons_count_in_b_cubed_and_ceaf_but_not_in_muc() -> None:
    base = cluster_agreement([{1, 2}], [{1, 2}])
    more = cluster_agreement([{1, 2}, {3}], [{1, 2}, {3}])
    assert base.muc == more.muc
    split = cluster_agreement([{1, 2}, {3, 4}], [{1, 2}, {3}, {4}])
    assert split.muc.precision.value == 1.0 and split.muc.recall.value == 0.5
    assert split.b_cubed.precision.value == 1.0 and split.b_cubed.recall.value == 0.75
    assert split.ceaf_e.recall.value == pytest.approx((1 + 2 / 3) / 2)
    assert split.ceaf_e.precision.value == pytest.approx((1 + 2 / 3) / 3)


def test_bad_clusterings_are_refused() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        cluster_agreement([{1, 2}, {2, 3}], [{1}])
    with pytest.raises(ValueError, match="empty cluster"):
        b_cubed([{1}], [set()])


def test_common_mentions() -> None:
    key, response = common_mentions([{1, 2, 3}, {4}], [{1, 2}, {5, 6}, {3, 7}])
    assert key == [frozenset({1, 2, 3})]
    assert response == [frozenset({1, 2}), frozenset({3})]


# ---- against scorch


def _same_as_scorch(
    key: list[set[int]] | list[set[str]], response: list[set[int]] | list[set[str]]
) -> None:
    pairs = ((muc, scores.muc), (b_cubed, scores.b_cubed), (ceaf_e, scores.ceaf_e))
    ours_f1 = []
    for ours, ref in pairs:
        got = ours(key, response)
        try:
            r, p, f = (float(x) for x in ref([set(c) for c in key], [set(c) for c in response]))
        except StatisticsError:
            # scorch's CEAF takes the harmonic mean of numpy zeros and raises when no key
            # cluster shares a mention with a response cluster: R = P = F = 0 by definition
            assert ours is ceaf_e
            r = p = f = 0.0
        if got.f1.value is None:  # undefined here, 0 there
            assert (r, p, f) == (0.0, 0.0, 0.0)
            assert got.precision.value is None and got.recall.value is None
            ours_f1.append(None)
            continue
        assert got.recall.value == pytest.approx(r, abs=TOL)
        assert got.precision.value == pytest.approx(p, abs=TOL)
        assert got.f1.value == pytest.approx(f, abs=TOL)
        ours_f1.append(f)
    conll = cluster_agreement(key, response).conll_f1.value
    if None in ours_f1:
        assert conll is None
    else:
        assert conll == pytest.approx(sum(f for f in ours_f1 if f is not None) / 3, abs=TOL)


def _random_partition(rng: random.Random, mentions: list[int], n_clusters: int) -> list[set[int]]:
    clusters: list[set[int]] = [set() for _ in range(max(1, n_clusters))]
    for m in mentions:
        clusters[rng.randrange(len(clusters))].add(m)
    return [c for c in clusters if c]


@st.composite
def clusterings(draw: st.DrawFn) -> tuple[list[set[int]], list[set[int]]]:
    n = draw(st.integers(0, 25))
    universe = list(range(n))
    in_key = draw(st.lists(st.sampled_from(universe), unique=True)) if n else []
    in_resp = draw(st.lists(st.sampled_from(universe), unique=True)) if n else []
    k_labels = draw(st.lists(st.integers(0, 8), min_size=len(in_key), max_size=len(in_key)))
    r_labels = draw(st.lists(st.integers(0, 8), min_size=len(in_resp), max_size=len(in_resp)))

    def group(ms: list[int], labels: list[int]) -> list[set[int]]:
        out: dict[int, set[int]] = {}
        for m, label in zip(ms, labels, strict=True):
            out.setdefault(label, set()).add(m)
        return list(out.values())

    return group(in_key, k_labels), group(in_resp, r_labels)


@settings(max_examples=600, deadline=None)
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@given(clusterings())
def test_random_clusterings_match_scorch(pair: tuple[list[set[int]], list[set[int]]]) -> None:
    key, response = pair
    if not key and not response:
        assert cluster_agreement(key, response).conll_f1.reason == NO_CLUSTERS
        return
    _same_as_scorch(key, response)


def test_seeded_random_clusterings_match_scorch() -> None:
    """2,000 seeded cases: same mentions on both sides (the claims both marked), 1–40 claims."""
    rng = random.Random(16)
    for _ in range(2000):
        mentions = list(range(rng.randint(1, 40)))
        key = _random_partition(rng, mentions, rng.randint(1, len(mentions)))
        response = _random_partition(rng, mentions, rng.randint(1, len(mentions)))
        _same_as_scorch(key, response)


# ---- the assignment


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 7).flatmap(
        lambda n: st.integers(1, 7).flatmap(
            lambda m: st.lists(
                st.lists(st.floats(0, 1, allow_nan=False), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            )
        )
    )
)
def test_max_assignment_matches_scipy(weights: list[list[float]]) -> None:
    pairs = max_assignment(weights)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    assert len(pairs) == min(len(weights), len(weights[0]))
    assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
    ours = sum(weights[r][c] for r, c in pairs)
    best = sum(weights[r][c] for r, c in zip(rows, cols, strict=True))
    assert ours == pytest.approx(best, abs=TOL)


def test_max_assignment_is_not_greedy() -> None:
    # greedy takes 0.9 first and is left with 0.0; the optimum is 0.8 + 0.8
    assert max_assignment([[0.9, 0.8], [0.8, 0.0]]) == [(0, 1), (1, 0)]
    assert max_assignment([]) == []
    with pytest.raises(ValueError, match="rectangular"):
        max_assignment([[1.0, 2.0], [1.0]])


def test_a_corpus_sized_clustering_is_scored() -> None:
    """A corpus-sized clustering (20,000 claims) is scored by components, not one matrix
    (its time is a benchmark's business, not a test's)."""
    rng = random.Random(5)
    mentions = list(range(20_000))
    key = [set(mentions[i : i + 4]) for i in range(0, 20_000, 4)]
    response = [set(mentions[i : i + 5]) for i in range(0, 20_000, 5)]
    rng.shuffle(response)
    result = cluster_agreement(key, response)
    assert result.ceaf_e.f1.value is not None and 0 < result.ceaf_e.f1.value < 1
