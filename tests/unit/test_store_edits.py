"""Corpus edits: each commits when it returns, is logged, and undoes/redoes across restarts."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from annotator.core.errors import CorpusError, NothingToUndo
from annotator.core.model import ArticleDraft, RelationDraft, SpanDraft, Status
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY, Peek


def add_article(corpus: Corpus, text: str = TRICKY) -> int:
    result = corpus.import_drafts([ArticleDraft(text=text, title="t")], origin="test")
    return result.article_ids[0]


def span_rows(peek: Peek) -> list[tuple[Any, ...]]:
    """What another process sees: a second connection."""
    return peek('SELECT start, "end", label, text FROM span ORDER BY id')


def test_add_span_is_committed_when_it_returns(corpus: Corpus, peek: Peek) -> None:
    art = add_article(corpus)
    start = TRICKY.index("Trump")
    changes = corpus.add_span(art, "alice", start, start + 5, "PERSON")
    assert changes.spans_added and changes.article_ids == {art}
    assert span_rows(peek) == [(start, start + 5, "PERSON", "Trump")]
    assert corpus.status(art, "alice") is Status.IN_PROGRESS


def test_offsets_are_code_points_after_astral_characters(corpus: Corpus) -> None:
    art = add_article(corpus)
    start = TRICKY.index("Alaska")
    corpus.add_span(art, "alice", start, start + 6, "GPE")
    (span,) = corpus.spans(art, "alice")
    assert (span.start, span.end, span.text) == (start, start + 6, "Alaska")
    assert len(TRICKY[:start].encode("utf-16-le")) // 2 > start  # UTF-16 would differ


def test_claim_gets_schema_defaults_and_attributes_validate(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, len(TRICKY), "CLAIM", {"certainty": "hedged"})
    (claim,) = corpus.spans(art)
    assert claim.attributes["certainty"] == "hedged"
    assert claim.attributes["attribution"] == "paraphrase"
    with pytest.raises(CorpusError, match="one of"):
        corpus.add_span(art, "alice", 0, 5, "CLAIM", {"certainty": "perhaps"})
    with pytest.raises(CorpusError, match="unknown label"):
        corpus.add_span(art, "alice", 0, 5, "POTATO")


HALF_FLAG = (TRICKY.index("🇮🇩"), TRICKY.index("🇮🇩") + 1)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (0, 10_000), HALF_FLAG])
def test_bad_spans_are_refused_and_change_nothing(
    corpus: Corpus, peek: Peek, start: int, end: int
) -> None:
    art = add_article(corpus)
    with pytest.raises(CorpusError):
        corpus.add_span(art, "alice", start, end, "PERSON")
    assert span_rows(peek) == []
    assert not corpus.can_undo("alice")


def test_relation_speaker_link_and_its_rules(corpus: Corpus) -> None:
    art = add_article(corpus)
    claim = next(iter(corpus.add_span(art, "alice", 0, len(TRICKY), "CLAIM").spans_added))
    putin = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
    date = next(iter(corpus.add_span(art, "alice", 9, 16, "DATE").spans_added))
    bobs = next(iter(corpus.add_span(art, "bob", 0, 5, "PERSON").spans_added))
    changes = corpus.add_relation(claim, putin, "SAID_BY", "alice")
    (rel,) = corpus.relations(art)
    assert (rel.head, rel.child, rel.label, rel.annotator) == (claim, putin, "SAID_BY", "alice")
    assert changes.relations_added == {rel.id}
    with pytest.raises(CorpusError, match="points to"):
        corpus.add_relation(claim, date, "SAID_BY", "alice")
    with pytest.raises(CorpusError, match="another annotator"):
        corpus.add_relation(claim, bobs, "SAID_BY", "alice")
    with pytest.raises(CorpusError, match="already links"):
        corpus.add_relation(claim, putin, "SAID_BY", "alice")


def test_each_annotator_edits_only_their_own_spans(corpus: Corpus) -> None:
    art = add_article(corpus)
    sid = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
    with pytest.raises(CorpusError, match="another annotator"):
        corpus.delete_span(sid, "bob")
    with pytest.raises(CorpusError, match="another annotator"):
        corpus.update_span(sid, "bob", label="ORG")
    assert corpus.span(sid).label == "PERSON"


def test_undo_and_redo_every_kind_of_edit(corpus: Corpus) -> None:
    """Undo retraces every edit exactly, whole spans and links compared; redo comes back."""
    art = add_article(corpus)

    def state() -> tuple[object, ...]:
        # Span and Relation are frozen dataclasses: every field (offsets, text, label, layer,
        # attributes, annotator, cluster) takes part in the comparison.
        return (
            tuple(sorted(corpus.spans(art), key=lambda s: s.id)),
            tuple(sorted(corpus.relations(art), key=lambda r: r.id)),
            corpus.status(art, "alice"),
        )

    claim = next(iter(corpus.add_span(art, "alice", 0, len(TRICKY), "CLAIM").spans_added))
    states = [((), (), Status.IN_PROGRESS), state()]  # work begun stays begun after undo
    putin = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
    states.append(state())
    corpus.add_relation(claim, putin, "SAID_BY", "alice")
    states.append(state())
    corpus.update_span(claim, "alice", attributes={"certainty": "hedged"})
    states.append(state())
    corpus.update_span(putin, "alice", label="ORG")
    states.append(state())
    trump = TRICKY.index("Trump")
    corpus.update_span(putin, "alice", start=trump, end=trump + 5)  # new boundaries
    (moved,) = [s for s in corpus.spans(art) if s.id == putin]
    assert (moved.start, moved.end, moved.text) == (trump, trump + 5, "Trump")
    states.append(state())
    corpus.set_status(art, "alice", Status.DONE)
    states.append(state())
    corpus.delete_span(putin, "alice")  # takes the relation with it
    states.append(state())
    assert corpus.relations(art) == []
    assert all(a != b for a, b in itertools.pairwise(states))  # each edit shows

    for expected in reversed(states[:-1]):
        corpus.undo("alice")
        assert state() == expected
    with pytest.raises(NothingToUndo):
        corpus.undo("alice")
    for expected in states[1:]:
        corpus.redo("alice")
        assert state() == expected
    with pytest.raises(NothingToUndo):
        corpus.redo("alice")


def test_a_new_edit_clears_the_redo_stack(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    corpus.undo("alice")
    assert corpus.can_redo("alice")
    corpus.add_span(art, "alice", 9, 16, "DATE")
    assert not corpus.can_redo("alice")


def test_undo_is_per_annotator(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    corpus.add_span(art, "bob", 0, 5, "ORG")
    corpus.undo("alice")
    assert [(s.annotator, s.label) for s in corpus.spans(art)] == [("bob", "ORG")]


def test_undo_history_survives_a_restart(corpus_target: str) -> None:
    with Corpus.open(corpus_target, tooling="tests") as corpus:
        corpus.set_user("alice")  # as the app does; on a server, blind mode shows alice hers
        art = add_article(corpus)
        sid = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
        corpus.delete_span(sid, "alice")
        corpus.undo("alice")
    with Corpus.open(corpus_target, tooling="tests") as corpus:
        corpus.set_user("alice")
        assert [s.id for s in corpus.spans(art)] == [sid]
        corpus.redo("alice")
        assert corpus.spans(art) == []
        corpus.undo("alice")
        corpus.undo("alice")
        assert corpus.spans(art) == [] and not corpus.can_undo("alice")


def test_undo_never_reuses_an_id_taken_by_someone_else(corpus: Corpus) -> None:
    art = add_article(corpus)
    sid = next(iter(corpus.add_span(art, "alice", 0, 5, "PERSON").spans_added))
    corpus.delete_span(sid, "alice")
    other = next(iter(corpus.add_span(art, "bob", 0, 5, "PERSON").spans_added))
    assert other != sid
    corpus.undo("alice")
    assert {s.annotator for s in corpus.spans(art)} == {"alice", "bob"}


def test_active_time_accumulates(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_active_time(art, "alice", 12.5)
    corpus.add_active_time(art, "alice", 7.5)
    corpus.add_active_time(art, "alice", -3)
    assert corpus.active_seconds(art, "alice") == 20.0


def test_import_with_labels_marks_done_and_dedups(corpus: Corpus) -> None:
    draft = ArticleDraft(
        text=TRICKY,
        annotator="alice",
        spans=[SpanDraft("c", 0, len(TRICKY), "CLAIM"), SpanDraft("p", 0, 5, "PERSON", "Putin")],
        relations=[RelationDraft("c", "p", "SAID_BY")],
        line=1,
    )
    first = corpus.import_drafts([draft], origin="a.jsonl")
    again = corpus.import_drafts([draft], origin="a.jsonl")
    assert (first.articles, first.spans, first.relations) == (1, 2, 1)
    assert (again.articles, again.duplicates, again.spans, again.relations) == (0, 1, 0, 0)
    (art,) = corpus.article_ids()
    assert corpus.status(art, "alice") is Status.DONE
    empty = ArticleDraft(text=TRICKY, annotator="bob", line=1)
    corpus.import_drafts([empty], origin="b.jsonl")
    assert corpus.status(art, "bob") is Status.DONE  # "read it, found nothing"


def test_schema_change_refused_while_a_dropped_label_is_used(corpus: Corpus) -> None:
    art = add_article(corpus)
    corpus.add_span(art, "alice", 0, 5, "PERSON")
    data = corpus.schema.to_dict()
    data["labels"] = [x for x in data["labels"] if x["name"] != "PERSON"]
    data["relations"] = []
    from annotator.core.schema import LabelSchema

    with pytest.raises(CorpusError, match=r"PERSON \(1 spans\)"):
        corpus.set_schema(LabelSchema.from_dict(data))
    assert corpus.schema.has_label("PERSON")
