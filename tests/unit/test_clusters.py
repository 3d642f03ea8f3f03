"""Claims across outlets (core/clusters.py): ranking, conflicts, word differences, stories,
claim pairs — on the demo corpus's own sentences about North Korean troops."""

from __future__ import annotations

from datetime import date

import pytest

from annotator.core.clusters import (
    WEIGHTS,
    ArticleInfo,
    ClaimRef,
    ClusterIndex,
    claim_pairs,
    claim_ref,
    cluster_name,
    conflicts,
    normalise,
    suggest_stories,
    word_differences,
)

# The troop figures of the demo corpus (seeds/000 and seeds/004) and a claim of another topic.
AKTUAL_KURSK = (
    "Korea Utara, yang mengirimkan sekitar 11 ribu tentaranya ke Oblast Kursk Rusia tahun lalu"
)
AKTUAL_UKRAINE = (
    "para pejabat Ukraina menilai bahwa Korea Utara telah mengerahkan 20 ribu hingga 30 ribu "
    "prajuritnya ke Rusia"
)
OTHER_OUTLET = (
    "Pyongyang mengirimkan lebih dari 10.000 tentara ke wilayah Kursk Rusia pada tahun 2024"
)
CALL = "Putin dan Kim Jong Un membahas pertemuan puncak di Alaska lewat telepon"


def troops(
    span_id: int, article: int, text: str, source: str, story: str | None = None
) -> ClaimRef:
    return claim_ref(
        span_id,
        article,
        text,
        source=source,
        story=story,
        entities=[("GPE", "Korea Utara"), ("GPE", "Rusia")],
    )


def test_normalise_keeps_numbers_and_drops_punctuation() -> None:
    assert normalise("  «Sekitar 11.000» tentara, kata-nya.  ") == "sekitar 11.000 tentara kata-nya"
    assert normalise("20–30 ribu; 1,5 juta!") == "20 30 ribu 1,5 juta"


def test_the_same_claim_from_another_outlet_ranks_its_cluster_first_with_reasons() -> None:
    index = ClusterIndex(
        {
            "troops in Kursk": [troops(1, 10, AKTUAL_KURSK, "Aktual.com")],
            "the call": [claim_ref(2, 10, CALL, source="Aktual.com", entities=[("PER", "Putin")])],
        }
    )
    claim = troops(3, 14, OTHER_OUTLET, "Bisnis.com")
    ranked = index.suggest(claim)
    assert ranked[0].cluster == "troops in Kursk"
    best = ranked[0]
    parts = {r.part: r for r in best.reasons}
    assert parts["entities"].value == 1.0
    assert "GPE korea utara" in parts["entities"].detail
    # "lebih dari 10.000" and "sekitar 11 ribu" can both be true: the numbers agree
    assert parts["numbers"].value == 1.0 and "agrees" in parts["numbers"].detail
    assert best.outlets == ("Aktual.com",)
    assert best.score == pytest.approx(sum(r.weighted for r in best.reasons))
    assert 0 < best.score <= sum(WEIGHTS.values())
    if len(ranked) > 1:
        assert ranked[1].score < best.score


def test_a_conflicting_figure_still_points_to_the_cluster_at_half_weight() -> None:
    index = ClusterIndex({"kursk": [troops(1, 10, AKTUAL_KURSK, "Aktual.com")]})
    ranked = index.suggest(troops(5, 11, AKTUAL_UKRAINE, "CNN Indonesia"))
    numbers = next(r for r in ranked[0].reasons if r.part == "numbers")
    assert numbers.value == 0.5
    assert numbers.detail == "20–30 ribu vs ≈ 11 ribu (Aktual.com)"


def test_a_claim_is_not_offered_its_own_cluster_and_moves_when_added_again() -> None:
    a = troops(1, 10, AKTUAL_KURSK, "Aktual.com")
    index = ClusterIndex({"kursk": [a], "other": [troops(2, 11, OTHER_OUTLET, "Bisnis.com")]})
    assert [s.cluster for s in index.suggest(a)] == ["other"]
    index.add("other", a)
    assert index.cluster_of(1) == "other"
    assert "kursk" not in index.names()  # its last member left
    assert [m.span_id for m in index.members("other")] == [2, 1]
    index.remove(2)
    index.remove(1)
    assert len(index) == 0
    assert index.suggest(troops(3, 12, OTHER_OUTLET, "x")) == []


def test_story_counts_when_members_share_it() -> None:
    index = ClusterIndex({"kursk": [troops(1, 10, AKTUAL_KURSK, "A", story="korut")]})
    with_story = index.suggest(troops(2, 11, OTHER_OUTLET, "B", story="korut"))[0]
    without = index.suggest(troops(3, 11, OTHER_OUTLET, "B", story="lain"))[0]
    assert with_story.score == pytest.approx(without.score + WEIGHTS["story"])


def test_conflict_lines_name_outlets_and_skip_compatible_figures() -> None:
    kursk = troops(1, 10, AKTUAL_KURSK, "Aktual.com")
    ukraine = troops(2, 11, AKTUAL_UKRAINE, "CNN Indonesia")
    more_than = troops(3, 12, OTHER_OUTLET, "Bisnis.com")
    lines = [c.line() for c in conflicts([kursk, ukraine, more_than])]
    assert "≈ 11 ribu (Aktual.com) vs 20–30 ribu (CNN Indonesia)" in lines
    # "lebih dari 10.000" is compatible with "sekitar 11 ribu" and with "20–30 ribu"
    assert not any("Bisnis.com" in line for line in lines)
    # members of one article are never in conflict with each other
    assert conflicts([kursk, troops(4, 10, AKTUAL_UKRAINE, "Aktual.com")]) == []


def test_word_differences_class_numbers_entities_and_hedges() -> None:
    a = "Pyongyang dilaporkan mengirim 11 ribu tentara ke Kursk"
    b = "Pyongyang mengirim 20 ribu tentara ke Donetsk"
    values = claim_ref(1, 1, a).values
    start = a.index("Kursk")
    diffs = word_differences(a, b, entities=[(start, start + 5)], values=values)
    kinds = {d.text: d.kind for d in diffs}
    assert kinds == {"dilaporkan": "hedge", "11": "number", "Kursk": "entity"}
    assert all(a[d.start : d.end] == d.text for d in diffs)
    assert word_differences(a, a) == []


def test_stories_group_articles_sharing_entities_within_days() -> None:
    shared = [("PER", "Kim Jong Un"), ("PER", "Putin"), ("GPE", "Alaska"), ("GPE", "Kursk")]
    arts = [
        ArticleInfo(1, date(2025, 8, 12), (*shared, ("ORG", "KCNA"))),
        ArticleInfo(2, date(2025, 8, 13), tuple(shared)),
        ArticleInfo(3, None, tuple(shared[:3])),
        ArticleInfo(4, date(2025, 9, 30), tuple(shared)),  # too late for 1 and 2
        ArticleInfo(5, date(2025, 8, 12), (("PER", "Prabowo"), ("GPE", "Jakarta"))),
    ]
    assert suggest_stories(arts) == [[1, 2, 3, 4]]  # 4 joins through 3 (no date)
    assert suggest_stories(arts[:2] + arts[3:]) == [[1, 2]]
    assert suggest_stories(arts, min_shared=5) == []


def test_claim_pairs_positive_hard_and_easy_and_deterministic() -> None:
    k1 = troops(1, 10, AKTUAL_KURSK, "A", story="korut")
    k2 = troops(2, 11, OTHER_OUTLET, "B", story="korut")
    call = claim_ref(3, 10, CALL, story="korut")
    other = claim_ref(4, 20, "Harga beras naik 10 persen", story="beras")
    clusters = {"kursk": [k1, k2], "call": [call], "rice": [other]}
    pairs = claim_pairs(clusters, seed=7)
    assert [(p.kind, p.label) for p in pairs] == [("positive", 1), ("hard", 0), ("easy", 0)]
    pos, hard, easy = pairs
    assert {pos.a.span_id, pos.b.span_id} == {1, 2}
    assert hard.b.span_id == 3 and hard.cluster_b == "call"
    assert easy.b.span_id == 4 and easy.cluster_b == "rice"
    assert claim_pairs(clusters, seed=7) == pairs


def test_cluster_names_are_unique() -> None:
    claim = claim_ref(1, 1, "Korea Utara mengirim 11 ribu tentara ke Kursk Rusia tahun lalu")
    assert cluster_name(claim) == "korea utara mengirim 11 ribu tentara"
    assert cluster_name(claim, taken=["korea utara mengirim 11 ribu tentara"]).endswith("(2)")


def test_the_five_demo_articles_are_one_story() -> None:
    """From their hand-labelled entities (benchmarks/fixtures/demo-entities.jsonl), no dates:
    three of the five pages carry none."""
    import json
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[2] / "benchmarks/fixtures/demo-entities.jsonl"
    articles = []
    for k, line in enumerate(fixture.read_text(encoding="utf-8").splitlines(), start=1):
        r = json.loads(line)
        text = r["text"]
        ents = tuple((s["label"], text[s["start"] : s["end"]]) for s in r["spans"])
        articles.append(ArticleInfo(k, None, ents))
    assert suggest_stories(articles) == [[1, 2, 3, 4, 5]]
    # an unrelated article does not join them
    other = ArticleInfo(6, None, (("PERSON", "Prabowo"), ("GPE", "Jakarta"), ("ORG", "KPK")))
    assert suggest_stories([*articles, other]) == [[1, 2, 3, 4, 5]]
