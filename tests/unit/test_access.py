"""Who reads whose labels fails closed (store/access.py, ADR 0022).

With no user named and no tooling mode asked for, no read of the store hands out anyone's
labels: reads of everyone's come back empty, reads of someone's are refused; the raw-SQL
reads (documents for export, the agreement items, statistics, activity) included. Tooling
mode is asked for by name, and never widens what a named user may read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft, SpanDraft, Status
from annotator.store.corpus import Corpus
from annotator.store.operations import Kind, declared

TEXT = "Putin bertemu Trump di Alaska. Kata Trump, Alaska indah."


def _seed(target: str) -> dict[str, int]:
    with Corpus.open(target, tooling="tests: seeding") as corpus:
        corpus.set_user(None)
        (art,) = corpus.import_drafts([ArticleDraft(text=TEXT, title="t")], origin="t").article_ids
        start = TEXT.find("Trump")
        person = min(corpus.add_span(art, "alice", start, start + 5, "PERSON").spans_added)
        claim = min(corpus.add_span(art, "alice", 23, 29, "CLAIM").spans_added)
        rel = min(corpus.add_relation(claim, person, "SAID_BY", "alice").relations_added)
        corpus.add_span(art, "bob", start, start + 5, "PERSON")
        corpus.set_status(art, "alice", Status.DONE)
        corpus.set_status(art, "bob", Status.DONE)
        corpus.add_active_time(art, "alice", 5.0)
        return {"article": art, "span": person, "relation": rel}


@pytest.fixture
def closed(corpus_target: str, backend: str) -> Iterator[tuple[Corpus, dict[str, int]]]:
    """The seeded corpus opened with no tooling mode and no user."""
    ids = _seed(corpus_target)
    corpus = Corpus.open(corpus_target)
    if backend == "postgres":
        corpus.set_user(None)  # (a server corpus starts as its login: a named user)
    try:
        yield corpus, ids
    finally:
        corpus.close()


# Every read of annotators' labels, with what it must do for a reader who may read no one's:
# give nothing of anyone's (the check returns True) or refuse.
Ids = dict[str, int]
EMPTY: dict[str, Callable[[Corpus, Ids], bool]] = {
    "spans": lambda c, i: c.spans(i["article"]) == [],
    "relations": lambda c, i: c.relations(i["article"]) == [],
    "documents": lambda c, i: list(c.documents()) == [],
    "documents (all articles)": lambda c, i: list(c.documents(only_annotated=False)) == [],
    "article_rows": lambda c, i: (
        [(r.span_count, r.status) for r in c.article_rows()] == [(0, Status.TODO)]
    ),
    "article_row": lambda c, i: c.article_row(i["article"]).span_count == 0,
    "stats": lambda c, i: (
        (lambda s: (s["spans"], s["relations"], s["annotators"]))(c.stats()) == (0, 0, {})
        and "gold_spans" not in c.stats()
    ),
    "activity_by_day": lambda c, i: c.activity_by_day() == [],
    "cluster_names": lambda c, i: c.cluster_names() == {},  # (a cluster: the test below)
    "activity_by_day (named)": lambda c, i: c.activity_by_day(["alice"]) == [],
    "story_suggestions": lambda c, i: c.story_suggestions() == [],  # from no one's entities
    "suggestion_annotators": lambda c, i: c.suggestion_annotators() == [],
}
REFUSED: dict[str, Callable[[Corpus, Ids], Any]] = {
    "spans of alice": lambda c, i: c.spans(i["article"], "alice"),
    "relations of alice": lambda c, i: c.relations(i["article"], "alice"),
    "span": lambda c, i: c.span(i["span"]),
    "relation": lambda c, i: c.relation(i["relation"]),
    "documents of alice": lambda c, i: list(c.documents("alice")),
    "article_rows of alice": lambda c, i: c.article_rows("alice"),
    "article_row of alice": lambda c, i: c.article_row(i["article"], "alice"),
    "status": lambda c, i: c.status(i["article"], "alice"),
    "memory_forms": lambda c, i: c.memory_forms("alice"),
    "pending_suggestions": lambda c, i: c.pending_suggestions(i["article"], "alice"),
    "waiting_suggestions": lambda c, i: c.waiting_suggestions("alice"),
    "annotator_suggestions": lambda c, i: c.annotator_suggestions(i["article"], "alice"),
    "suggestion_rejections": lambda c, i: c.suggestion_rejections(i["article"], "alice"),
    "active_seconds": lambda c, i: c.active_seconds(i["article"], "alice"),
    "progress": lambda c, i: c.progress("alice"),
    "next_article": lambda c, i: c.next_article(i["article"], "alice", not_done=True),
    "agreement": lambda c, i: c.agreement("entity"),
    "agreement_items": lambda c, i: list(c.agreement_items("entity")),
    "review_item": lambda c, i: c.review_item(i["article"]),
    "review": lambda c, i: c.review(i["article"], "entity"),
    "gold_status": lambda c, i: c.gold_status(i["article"]),
    "gold_links": lambda c, i: c.gold_links(i["article"]),
    "conflicts_resolved": lambda c, i: c.conflicts_resolved(i["article"]),
    "accept_agreeing (gold input)": lambda c, i: c.accept_agreeing(
        i["article"], ["alice", "bob"], "rev"
    ),
    "clusters of alice": lambda c, i: c.clusters("alice"),
    "cluster_members of alice": lambda c, i: c.cluster_members(1, "alice"),
    "cluster_claims of alice": lambda c, i: c.cluster_claims("alice"),
    "claim_ref of alice": lambda c, i: c.claim_ref(i["span"], "alice"),
    "copy_to": lambda c, i: c.copy_to("copy.sqlite3"),  # (in the test's own folder)
    "backup": lambda c, i: c.backup(Path("backup.sqlite3")),
}


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_a_read_of_everyones_gives_no_one_s_labels(closed: tuple[Corpus, Ids], name: str) -> None:
    corpus, ids = closed
    assert EMPTY[name](corpus, ids)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_read_of_someone_s_labels_is_refused(
    closed: tuple[Corpus, Ids], name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, ids = closed
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError, match="no tooling mode"):
        REFUSED[name](corpus, ids)


# Reads that hand out no annotator's labels: articles, the schema, gold (the reviewers'
# shared result), counts that name no annotator, the integrity check, the undo stacks.
NO_LABELS = {
    "annotators",
    "article",
    "article_count",
    "article_groups",
    "article_ids",
    "article_keys",
    "article_text",
    "can_read_others",
    "can_redo",
    "can_undo",
    "check",
    "fingerprint",
    "gazetteer_terms",  # the corpus's term lists, like its schema: no annotator's
    "gazetteer_version",
    "gold_cluster_names",
    "gold_documents",
    "gold_rejections",
    "gold_relations",
    "gold_span",
    "gold_spans",
    "has_dates",
    "has_sources",
    "is_reviewer",
    "is_secured",
    "label_use",
    "languages",
    "reload_schema",
    "revision",
    "span_counts_by_label",
    "suggestion_sources",  # which sources the corpus turns on: no annotator's
    "stories",  # article metadata
}
LABEL_READS = {name.split(" ")[0] for name in (*EMPTY, *REFUSED)}


def test_every_read_of_corpus_is_checked_here_or_reads_no_labels() -> None:
    """A new read must be added to one of the lists above: a read of labels to the checks
    (and so through store/access.py), or to NO_LABELS on purpose."""
    reads = {n for n, op in declared(Corpus).items() if op is not None and op.kind is Kind.READ}
    assert reads - LABEL_READS - NO_LABELS == set()
    assert (LABEL_READS | NO_LABELS) - reads <= {"accept_agreeing"}  # a write reading labels


def test_tooling_mode_is_asked_for_by_name_and_reads_everyone_s(
    corpus_target: str, backend: str
) -> None:
    ids = _seed(corpus_target)
    with Corpus.open(corpus_target, tooling="tests: read everyone's") as corpus:
        if backend == "postgres":
            corpus.set_user(None)
        assert corpus.user is None
        assert {s.annotator for s in corpus.spans(ids["article"])} == {"alice", "bob"}
        assert {d.annotator for d in corpus.documents()} == {"alice", "bob"}
        assert corpus.stats()["annotators"] == {"alice": 2, "bob": 1}
        with pytest.raises(CorpusError, match="says why"):
            corpus.as_tooling("  ")


def test_as_tooling_opens_an_open_corpus_to_everyone_s_labels(closed: tuple[Corpus, Ids]) -> None:
    corpus, ids = closed
    assert corpus.spans(ids["article"]) == []
    corpus.as_tooling("tests: the CLI's way")
    assert len(corpus.spans(ids["article"])) == 3


@pytest.mark.sqlite_only
def test_a_named_user_of_a_local_file_reads_everyone_s(corpus_target: str, backend: str) -> None:
    """The app names its user: on a local file (one person's own) that user reads every
    annotator's labels, as before (blind mode is a view setting there)."""
    ids = _seed(corpus_target)
    with Corpus.open(corpus_target) as corpus:
        corpus.set_user("carol")
        assert len(corpus.spans(ids["article"])) == 3
        assert corpus.agreement("entity").annotators == ("alice", "bob")


@pytest.mark.postgres_only
def test_tooling_never_widens_a_named_team_user(corpus_target: str, backend: str) -> None:
    ids = _seed(corpus_target)
    with Corpus.open(corpus_target, tooling="tests: a CLI export") as corpus:
        corpus.set_user("bob")  # not a reviewer
        assert {s.annotator for s in corpus.spans(ids["article"])} == {"bob"}
        with pytest.raises(CorpusError, match="bob is not a reviewer"):
            corpus.spans(ids["article"], "alice")
        # The raw-SQL reads filter by the scope too: bob's own, nobody else's.
        assert [(d.annotator, len(d.spans)) for d in corpus.documents()] == [("bob", 1)]
        assert corpus.stats()["annotators"] == {"bob": 1}
        assert {a.annotator for a in corpus.activity_by_day()} == {"bob"}
        assert corpus.article_row(ids["article"]).span_count == 1
        with pytest.raises(CorpusError, match="bob is not a reviewer"):
            corpus.agreement("entity")


@pytest.mark.postgres_only
def test_a_non_reviewer_gets_no_annotator_as_a_suggestion_source(
    corpus_target: str, backend: str
) -> None:
    """Another annotator's labels as suggestions (ADR 0039) fail closed on a team server: a
    non-reviewer is offered no one to take them from, and reading someone's is refused; a
    reviewer (or alice, for her own) reads them."""
    ids = _seed(corpus_target)
    with Corpus.open(corpus_target, tooling="tests: a team window") as corpus:
        corpus.set_user("bob")  # not a reviewer
        assert corpus.suggestion_annotators("bob") == []
        assert corpus.suggestion_annotators() == []  # not even his own
        with pytest.raises(CorpusError, match="bob is not a reviewer"):
            corpus.annotator_suggestions(ids["article"], "alice")
        assert [o.text for o in corpus.annotator_suggestions(ids["article"], "bob")] == ["Trump"]
        corpus.set_reviewer("bob")  # the first reviewer: anyone may name one
        assert [a.name for a in corpus.suggestion_annotators("bob")] == ["alice"]
        assert len(corpus.annotator_suggestions(ids["article"], "alice")) == 2


def test_cluster_names_are_labels_too(corpus_target: str, backend: str) -> None:
    """A cluster is made of claims: its name is read under the same rule (no user and no
    tooling mode: none; alice: hers; tooling: all)."""
    _seed(corpus_target)
    with Corpus.open(corpus_target, tooling="tests: seeding") as corpus:
        corpus.set_user(None)
        corpus.import_drafts(
            [
                ArticleDraft(
                    text=TEXT,
                    annotator="alice",
                    status=Status.DONE,
                    spans=[SpanDraft("k", 31, 56, "CLAIM", cluster="troops")],
                )
            ],
            origin="t",
        )
        assert list(corpus.cluster_names().values()) == ["troops"]
    with Corpus.open(corpus_target) as corpus:
        corpus.set_user(None)
        assert corpus.cluster_names() == {}
        if backend == "postgres":
            corpus.set_user("bob")  # a non-reviewer on the server: not alice's
            assert corpus.cluster_names() == {}
