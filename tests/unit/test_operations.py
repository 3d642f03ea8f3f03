"""Every public operation of ``Corpus`` says what it is (annotator/store/operations.py).

The GUI's stand-in for the corpus during a team server outage routes by these declarations
(queue a write, refuse it with its reason, or pass a read through): a write that forgets its
declaration, or is declared a read, would be lost silently. These tests catch both.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import ArticleDraft, Status
from annotator.store import tables
from annotator.store.corpus import Corpus
from annotator.store.operations import Kind, Outage, declared, operation_of, read, write
from tests.conftest import Peek

TEXT = "Putin bertemu Trump di Alaska. Kata Trump, Alaska indah."


def test_every_public_method_of_corpus_declares_what_it_is() -> None:
    found = declared(Corpus)
    assert len(found) > 60  # every mixin's methods are there
    missing = sorted(name for name, op in found.items() if op is None)
    assert missing == [], f"declare these with @read, @write(...) or @session: {missing}"


def test_every_method_that_returns_changes_is_a_declared_write() -> None:
    for name, op in declared(Corpus).items():
        annotation = inspect.signature(getattr(Corpus, name)).return_annotation
        if annotation in ("Changes", "model.Changes"):
            assert op is not None and op.kind is Kind.WRITE, name
            assert op.returns_changes, name


def test_every_refused_write_says_why_and_annotators_edits_are_queued() -> None:
    ops = declared(Corpus)
    for name, op in ops.items():
        if op is not None and op.outage is Outage.REFUSE:
            assert op.why.endswith("."), name
    queued = {name for name, op in ops.items() if op is not None and op.outage is Outage.QUEUE}
    assert {"add_span", "delete_span", "update_span", "set_status"} <= queued
    gold = [n for n in ops if n.startswith(("accept_", "reject_")) or "gold" in n]
    assert all(ops[n] is not None for n in gold)
    assert {ops[n].kind for n in gold if not n.startswith("gold_")} == {Kind.WRITE}  # type: ignore[union-attr]


def test_a_refused_write_must_say_why_and_a_declaration_survives_classmethod() -> None:
    with pytest.raises(ValueError, match="says why"):
        write(Outage.REFUSE)

    class Thing:
        @classmethod
        @read
        def make(cls) -> None: ...

    op = operation_of(inspect.getattr_static(Thing, "make"))
    assert op is not None and op.kind is Kind.READ


# ---------------------------------------------------------------- reads change nothing
def seeded(corpus: Corpus) -> dict[str, int]:
    art, other = corpus.import_drafts(
        [ArticleDraft(text=TEXT, title="t"), ArticleDraft(text="Lain.", title="u")],
        origin="t",
    ).article_ids
    start = TEXT.find("Trump")
    alice = min(corpus.add_span(art, "alice", start, start + 5, "PERSON").spans_added)
    claim = min(corpus.add_span(art, "alice", 23, 29, "CLAIM").spans_added)
    rel = min(corpus.add_relation(claim, alice, "SAID_BY", "alice").relations_added)
    corpus.start_cluster(claim, "alice")
    corpus.add_span(art, "bob", start, start + 5, "GPE")
    corpus.set_status(art, "alice", Status.DONE)
    corpus.set_status(art, "bob", Status.DONE)
    corpus.add_active_time(art, "alice", 12.5)
    corpus.set_reviewer("rev")
    corpus.accept_span(alice, "rev")
    gold = corpus.gold_spans(art)[0].id
    return {"art": art, "other": other, "span": alice, "rel": rel, "gold": gold, "claim": claim}


def everything(peek: Peek) -> dict[str, list[str]]:
    out = {}
    for model in tables.TABLES:
        name = model._meta.table_name
        out[name] = sorted(repr(r) for r in peek(f"SELECT * FROM {name}"))
    return out


def read_calls(ids: dict[str, int], tmp: Path) -> dict[str, Callable[[Corpus], Any]]:
    art, both = ids["art"], ["alice", "bob"]
    return {
        "active_seconds": lambda c: c.active_seconds(art, "alice"),
        "activity_by_day": lambda c: c.activity_by_day(),
        "agreement": lambda c: c.agreement("entity", both),
        "agreement_items": lambda c: list(c.agreement_items("entity", both)),
        "annotators": lambda c: c.annotators(),
        "article": lambda c: c.article(art),
        "article_count": lambda c: c.article_count(),
        "article_groups": lambda c: c.article_groups(),
        "article_ids": lambda c: c.article_ids(),
        "article_keys": lambda c: c.article_keys(),
        "article_row": lambda c: c.article_row(art, "alice"),
        "article_rows": lambda c: c.article_rows("alice", search="Trump"),
        "article_text": lambda c: c.article_text(art),
        "backup": lambda c: c.backup(tmp / "backup.sqlite3"),
        "can_read_others": lambda c: c.can_read_others(),
        "can_redo": lambda c: c.can_redo("alice"),
        "can_undo": lambda c: c.can_undo("alice"),
        "check": lambda c: c.check(),
        "conflicts_resolved": lambda c: c.conflicts_resolved(art, both),
        "copy_to": lambda c: c.copy_to(str(tmp / "copy.sqlite3")),
        "documents": lambda c: list(c.documents()),
        "fingerprint": lambda c: c.fingerprint(),
        "cluster_names": lambda c: c.cluster_names(),
        "clusters": lambda c: c.clusters("alice"),
        "cluster_members": lambda c: c.cluster_members(c.clusters("alice")[0].id, "alice"),
        "cluster_claims": lambda c: c.cluster_claims("alice"),
        "claim_ref": lambda c: c.claim_ref(ids["claim"], "alice"),
        "gazetteer_terms": lambda c: c.gazetteer_terms(),
        "gazetteer_version": lambda c: c.gazetteer_version(),
        "gold_cluster_names": lambda c: c.gold_cluster_names(),
        "gold_documents": lambda c: list(c.gold_documents()),
        "gold_links": lambda c: c.gold_links(art, both),
        "gold_rejections": lambda c: c.gold_rejections(art),
        "gold_relations": lambda c: c.gold_relations(art),
        "gold_span": lambda c: c.gold_span(ids["gold"]),
        "gold_spans": lambda c: c.gold_spans(art),
        "gold_status": lambda c: c.gold_status(art, both),
        "has_dates": lambda c: c.has_dates(),
        "has_sources": lambda c: c.has_sources(),
        "is_reviewer": lambda c: c.is_reviewer("rev"),
        "is_secured": lambda c: c.is_secured(),
        "label_use": lambda c: c.label_use("PERSON"),
        "languages": lambda c: c.languages(),
        "memory_forms": lambda c: c.memory_forms("alice"),
        "pending_suggestions": lambda c: c.pending_suggestions(art, "alice"),
        "waiting_suggestions": lambda c: c.waiting_suggestions("alice"),
        "suggestion_rejections": lambda c: c.suggestion_rejections(art, "alice"),
        "suggestion_sources": lambda c: c.suggestion_sources(),
        "suggestion_annotators": lambda c: c.suggestion_annotators("alice"),
        "annotator_suggestions": lambda c: c.annotator_suggestions(art, "bob"),
        "next_article": lambda c: c.next_article(art, "alice", not_done=True),
        "progress": lambda c: c.progress("alice"),
        "relation": lambda c: c.relation(ids["rel"]),
        "relations": lambda c: c.relations(art),
        "reload_schema": lambda c: c.reload_schema(),
        "review": lambda c: c.review(art, "entity", both),
        "review_item": lambda c: c.review_item(art, both),
        "revision": lambda c: c.revision(),
        "span": lambda c: c.span(ids["span"]),
        "span_counts_by_label": lambda c: c.span_counts_by_label(),
        "spans": lambda c: c.spans(art),
        "stats": lambda c: c.stats(),
        "stories": lambda c: c.stories(),
        "story_suggestions": lambda c: c.story_suggestions(),
        "status": lambda c: c.status(art, "alice"),
    }


def test_every_declared_read_leaves_every_table_as_it_was(
    corpus: Corpus, peek: Peek, tmp_path: Path
) -> None:
    ids = seeded(corpus)
    calls = read_calls(ids, tmp_path)
    reads = {n for n, op in declared(Corpus).items() if op is not None and op.kind is Kind.READ}
    assert reads == set(calls), "add a call for each new read here (and drop removed ones)"
    before = everything(peek)
    for name in sorted(reads):
        calls[name](corpus)
        assert everything(peek) == before, f"{name} is declared a read but changed the corpus"


def test_the_check_catches_a_write_declared_as_a_read(corpus: Corpus, peek: Peek) -> None:
    """The check above would fail for a write wrongly declared a read."""
    ids = seeded(corpus)
    before = everything(peek)
    corpus.set_status(ids["other"], "alice", Status.SKIPPED)
    assert everything(peek) != before
