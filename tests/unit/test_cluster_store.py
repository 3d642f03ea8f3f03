"""Claim clusters through the store (store/clusters.py, ADR 0027): join, start, leave, each
undone and redone from the event log; the cluster view's reads; per annotator on SQLite and
on a team server, where two users at once see only their own clusters."""

from __future__ import annotations

import pytest

from annotator.core.clusters import ClusterIndex
from annotator.core.errors import CorpusError
from annotator.core.importing import ArticleDraft
from annotator.store.corpus import Corpus

KURSK = "Korea Utara mengirimkan sekitar 11 ribu tentaranya ke Oblast Kursk Rusia tahun lalu."
OTHER = "Pyongyang mengirimkan lebih dari 10.000 tentara ke wilayah Kursk Rusia pada tahun 2024."
THIRD = "Pejabat Ukraina menilai Korea Utara mengerahkan 20 ribu hingga 30 ribu prajuritnya."


def _articles(corpus: Corpus) -> list[int]:
    drafts = [
        ArticleDraft(
            text=text,
            title=f"t{i}",
            source=source,
            published=published,
            meta={"story": "Putin–Kim call"},
        )
        for i, (text, source, published) in enumerate(
            [
                (KURSK, "Aktual.com", None),
                (OTHER, "Bisnis.com", "2025-08-13T07:56+07:00"),
                (THIRD, "CNN Indonesia", "2025-08-13T11:08+07:00"),
            ]
        )
    ]
    return list(corpus.import_drafts(drafts, origin="t").article_ids)


def _claim(corpus: Corpus, article: int, who: str, **attrs: str) -> int:
    text = corpus.article_text(article)
    return min(corpus.add_span(article, who, 0, len(text) - 1, "CLAIM", attrs).spans_added)


def _label(corpus: Corpus, article: int, who: str, surface: str, label: str) -> int:
    at = corpus.article_text(article).index(surface)
    return min(corpus.add_span(article, who, at, at + len(surface), label).spans_added)


def test_start_join_leave_and_undo_redo_each(corpus: Corpus) -> None:
    a, b, c = _articles(corpus)
    first, second, third = (_claim(corpus, x, "alice") for x in (a, b, c))

    started = corpus.start_cluster(first, "alice")
    assert started.clusters_changed and started.spans_updated == {first}
    (mine,) = corpus.clusters("alice")
    assert mine.name == "korea utara mengirimkan sekitar 11 ribu"  # the claim's first words
    assert mine.story == "Putin–Kim call" and mine.outlets == ("Aktual.com",)

    corpus.join_cluster(second, "alice", mine.id)
    corpus.join_cluster(third, "alice", mine.id)
    assert [s.members for s in corpus.clusters("alice")] == [3]
    corpus.leave_cluster(third, "alice")
    assert corpus.span(third).cluster_id is None

    corpus.undo("alice")  # the leave
    assert corpus.span(third).cluster_id == mine.id
    corpus.undo("alice")  # the join
    corpus.undo("alice")  # the other join
    assert corpus.span(second).cluster_id is None
    undone = corpus.undo("alice")  # the start: the claim is in no cluster, none is listed
    assert undone.clusters_changed and undone.replayed is not None
    assert undone.replayed.what == "start" and undone.replayed.label == mine.name
    assert corpus.span(first).cluster_id is None and corpus.clusters("alice") == []
    corpus.redo("alice")
    corpus.redo("alice")
    assert corpus.span(first).cluster_id == mine.id == corpus.span(second).cluster_id
    assert [s.outlets for s in corpus.clusters("alice")] == [("Bisnis.com", "Aktual.com")]


def test_names_are_unique_per_annotator_and_only_claims_join(corpus: Corpus) -> None:
    a, b, _ = _articles(corpus)
    first = _claim(corpus, a, "alice")
    again = _claim(corpus, a, "alice")
    person = _label(corpus, a, "alice", "Korea Utara", "GPE")
    corpus.start_cluster(first, "alice")
    corpus.start_cluster(again, "alice")
    assert sorted(s.name for s in corpus.clusters("alice")) == [
        "korea utara mengirimkan sekitar 11 ribu",
        "korea utara mengirimkan sekitar 11 ribu (2)",
    ]
    with pytest.raises(CorpusError, match="not a claim"):
        corpus.start_cluster(person, "alice")
    bobs = _claim(corpus, b, "bob")
    with pytest.raises(CorpusError, match="belongs to another annotator"):
        corpus.join_cluster(first, "bob", corpus.clusters("alice")[0].id)
    with pytest.raises(CorpusError, match="no cluster"):  # alice's cluster is not bob's
        corpus.join_cluster(bobs, "bob", corpus.clusters("alice")[0].id)
    assert corpus.span(bobs).cluster_id is None


def test_members_carry_what_the_view_shows_and_the_index_ranks(corpus: Corpus) -> None:
    a, b, c = _articles(corpus)
    first = _claim(corpus, a, "alice", attribution="indirect_quote", certainty="hedged")
    second = _claim(corpus, b, "alice")
    speaker = _label(corpus, a, "alice", "Korea Utara", "GPE")
    corpus.add_relation(first, speaker, "SAID_BY", "alice")
    _label(corpus, b, "alice", "Kursk", "GPE")
    corpus.start_cluster(first, "alice")
    (cluster,) = corpus.clusters("alice")
    corpus.join_cluster(second, "alice", cluster.id)

    m1, m2 = corpus.cluster_members(cluster.id, "alice")
    assert (m1.outlet, m1.date, m1.speaker) == ("Bisnis.com", "2025-08-13", None)
    assert (m2.outlet, m2.date, m2.speaker) == ("Aktual.com", "", "Korea Utara")
    assert (m2.attribution, m2.certainty) == ("indirect_quote", "hedged")
    assert m1.entities == ((OTHER.index("Kursk"), OTHER.index("Kursk") + 5, "GPE", "Kursk"),)
    assert m2.title == "t0" and m2.text == KURSK[:-1] and m2.cluster_id == cluster.id

    third = _claim(corpus, c, "alice")
    index = ClusterIndex(corpus.cluster_claims("alice"))
    (best,) = index.suggest(corpus.claim_ref(third, "alice"))
    assert best.cluster == str(cluster.id) and set(best.outlets) == {"Aktual.com", "Bisnis.com"}


def test_reads_of_someone_elses_clusters_are_refused_without_tooling(
    corpus_target: str, backend: str
) -> None:
    with Corpus.open(corpus_target, tooling="tests: seeding") as corpus:
        corpus.set_user(None)
        a, _, _ = _articles(corpus)
        corpus.start_cluster(_claim(corpus, a, "alice"), "alice")
    with Corpus.open(corpus_target) as corpus:
        corpus.set_user(None)
        with pytest.raises(CorpusError, match="no tooling mode"):
            corpus.clusters("alice")


@pytest.mark.postgres_only
def test_two_team_users_at_once_see_only_their_own_clusters(corpus_target: str) -> None:
    with Corpus.open(corpus_target, tooling="tests: seeding") as seed:
        seed.set_user(None)
        a, b, _ = _articles(seed)
    alice = Corpus.open(corpus_target)
    bob = Corpus.open(corpus_target)
    try:
        alice.set_user("alice")
        bob.set_user("bob")
        mine = _claim(alice, a, "alice")
        theirs = _claim(bob, a, "bob")  # the same claim: the same name, another cluster
        alice.start_cluster(mine, "alice")
        bob.start_cluster(theirs, "bob")
        (ours,) = alice.clusters("alice")
        (others,) = bob.clusters("bob")
        assert ours.name == others.name and ours.id != others.id
        alice.join_cluster(_claim(alice, b, "alice"), "alice", ours.id)
        assert [m.span_id for m in bob.cluster_members(others.id, "bob")] == [theirs]
        assert bob.cluster_members(ours.id, "bob") == []  # bob's claims of it: none
        with pytest.raises(CorpusError):
            bob.clusters("alice")
        with pytest.raises(CorpusError, match="no cluster"):
            bob.join_cluster(theirs, "bob", ours.id)
        bob.undo("bob")
        assert bob.clusters("bob") == [] and len(alice.clusters("alice")[0].outlets) == 2
    finally:
        alice.close()
        bob.close()


def _outlet_articles(corpus: Corpus) -> list[int]:
    """Articles whose outlets come in another order by date than by id: undated ones, one
    without a source (its external id is its outlet), outlets twice, a story-less one."""
    rows = [  # (source, external id, published, story)
        ("Aktual.com", "a0", None, None),
        ("Bisnis.com", "b0", "2025-08-13T07:56+07:00", "Kursk"),
        ("", "no-source", "2025-08-12T10:00+07:00", "Kursk"),
        ("Aktual.com", "a1", "2025-08-11T09:00+07:00", "Kursk"),
        ("CNN Indonesia", "c0", None, "Kursk"),
        ("Bisnis.com", "b1", "2025-08-14T08:00+07:00", "Seoul"),
    ]
    drafts = [
        ArticleDraft(
            text=f"{KURSK} ({n})",
            title=f"t{n}",
            external_id=external,
            source=source,
            published=published,
            meta={"story": story} if story else {},
        )
        for n, (source, external, published, story) in enumerate(rows)
    ]
    return list(corpus.import_drafts(drafts, origin="t").article_ids)


def test_the_list_counts_and_outlets_are_the_members_read_one_by_one(corpus: Corpus) -> None:
    arts = _outlet_articles(corpus)
    claims = [_claim(corpus, a, "alice") for a in arts]
    second = min(corpus.add_span(arts[3], "alice", 0, 5, "CLAIM").spans_added)  # 2 in one
    corpus.start_cluster(claims[0], "alice")  # from the story-less article: no story of its own
    (storyless,) = corpus.clusters("alice")
    for claim in (claims[1], claims[2], claims[3], second):
        corpus.join_cluster(claim, "alice", storyless.id)
    corpus.start_cluster(claims[4], "alice")  # Kursk's
    corpus.join_cluster(claims[5], "alice", corpus.span(claims[4]).cluster_id or 0)
    corpus.start_cluster(_claim(corpus, arts[1], "bob"), "bob")  # bob's: not in alice's list

    listed = corpus.clusters("alice")
    assert len(listed) == 2
    for s in listed:
        members = corpus.cluster_members(s.id, "alice")
        assert s.members == len(members)
        assert s.outlets == tuple(dict.fromkeys(m.outlet for m in members))
    by_id = {s.id: s for s in listed}
    mixed = by_id[storyless.id]
    # by date, undated last: a1 (08-11), no-source (08-12), b0 (08-13), then a0 (undated)
    assert mixed.outlets == ("Aktual.com", "no-source", "Bisnis.com")
    assert mixed.members == 5
    assert mixed.story == "Kursk"  # none of its own: its first member's article's
    assert [s.story for s in listed] == ["Kursk", "Kursk"]
    other = corpus.span(claims[4]).cluster_id
    assert by_id[other or 0].outlets == ("Bisnis.com", "CNN Indonesia")

    # only some: the same rows; a cluster with none of alice's claims (bob's, none) left out
    (bobs,) = corpus.clusters("bob")
    assert corpus.clusters("alice", ids=[other or 0, bobs.id, 10**9]) == [by_id[other or 0]]
    assert corpus.clusters("alice", ids=[]) == []
    corpus.leave_cluster(claims[4], "alice")
    corpus.leave_cluster(claims[5], "alice")
    assert corpus.clusters("alice", ids=[other or 0]) == []


def test_each_change_names_the_clusters_it_left_and_joined(corpus: Corpus) -> None:
    a, b, _ = _articles(corpus)
    first, second = _claim(corpus, a, "alice"), _claim(corpus, b, "alice")
    started = corpus.start_cluster(first, "alice")
    one = corpus.span(first).cluster_id
    assert one is not None and started.cluster_ids == {one}
    other = corpus.start_cluster(second, "alice")
    two = corpus.span(second).cluster_id
    assert two is not None and other.cluster_ids == {two}
    assert corpus.join_cluster(second, "alice", one).cluster_ids == {one, two}
    assert corpus.undo("alice").cluster_ids == {one, two}
    assert corpus.redo("alice").cluster_ids == {one, two}
    assert corpus.leave_cluster(first, "alice").cluster_ids == {one}
    assert corpus.undo("alice").cluster_ids == {one}


def test_deleting_a_clustered_claim_and_its_undo_name_its_cluster(corpus: Corpus) -> None:
    a, b, _ = _articles(corpus)
    first, second = _claim(corpus, a, "alice"), _claim(corpus, b, "alice")
    corpus.start_cluster(first, "alice")
    (cluster,) = corpus.clusters("alice")
    corpus.join_cluster(second, "alice", cluster.id)
    deleted = corpus.delete_span(second, "alice")
    assert deleted.clusters_changed and deleted.cluster_ids == {cluster.id}
    assert [s.members for s in corpus.clusters("alice", deleted.cluster_ids)] == [1]
    back = corpus.undo("alice")
    assert back.clusters_changed and back.cluster_ids == {cluster.id}
    assert [s.members for s in corpus.clusters("alice", back.cluster_ids)] == [2]
    unclustered = corpus.delete_span(_claim(corpus, b, "alice"), "alice")
    assert not unclustered.clusters_changed and unclustered.cluster_ids == set()
