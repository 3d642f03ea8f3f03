"""Suggestions in the store (store/suggestions.py) and what is offered (core/offers.py):
accepting (origins, a claim's speaker, one undo), rejecting (durable), suggestions waiting
for an annotator (all or nothing), the memory, the sources per corpus. SQLite and server."""

from __future__ import annotations

import pytest

from annotator.core.errors import CorpusError
from annotator.core.model import ArticleDraft
from annotator.core.offers import (
    Accept,
    Offer,
    SourceAnnotator,
    annotator_offers,
    occurrences,
    rule_offers,
    settle,
)
from annotator.store.corpus import Corpus

TEXT = "Putin bertemu Trump di Alaska. Ekonomi tumbuh 5 persen, kata Trump. Putin pulang."


def _article(corpus: Corpus) -> int:
    (art,) = corpus.import_drafts([ArticleDraft(text=TEXT, title="t")], origin="t").article_ids
    return art


def _at(form: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(form, start + 1)
    return start, start + len(form)


def _spans(corpus: Corpus, art: int) -> set[tuple[int, int, str, str]]:
    return {(s.start, s.end, s.label, s.origin) for s in corpus.spans(art, "alice")}


def test_accepting_makes_spans_with_their_origin_and_a_claim_its_speaker_in_one_undo(
    corpus: Corpus,
) -> None:
    art = _article(corpus)
    claim = rule_offers(TEXT, "id", "CLAIM")
    (said,) = [o for o in claim if o.label == "CLAIM"]
    assert said.speaker == _at("Trump", 1)  # "..., kata Trump."
    putin = _at("Putin", 1)
    items = [
        Accept(art, *putin, "PERSON", "memory"),
        Accept(art, said.start, said.end, "CLAIM", "rule", (*_at("Trump", 1), "PERSON")),
    ]
    changes = corpus.accept_suggestions("alice", items)
    assert len(changes.spans_added) == 3 and len(changes.relations_added) == 1
    assert _spans(corpus, art) == {
        (*putin, "PERSON", "memory"),
        (said.start, said.end, "CLAIM", "rule"),
        (*_at("Trump", 1), "PERSON", "rule"),
    }
    (rel,) = corpus.relations(art, "alice")
    assert rel.label == "SAID_BY"
    assert corpus.span(rel.child).text == "Trump"
    # accepting it again adds nothing (the annotator has it)
    assert not corpus.accept_suggestions("alice", items[:1])
    corpus.undo("alice")  # one step takes all of it back
    assert _spans(corpus, art) == set() and corpus.relations(art, "alice") == []
    corpus.redo("alice")
    assert len(_spans(corpus, art)) == 3 and len(corpus.relations(art, "alice")) == 1
    (day,) = corpus.activity_by_day(["alice"])  # each span counted, not each change
    assert (day.spans_added, day.spans_removed, day.edits) == (6, 3, 3)


def test_a_speaker_already_labelled_is_linked_not_labelled_twice(corpus: Corpus) -> None:
    art = _article(corpus)
    trump = _at("Trump", 1)
    mine = min(corpus.add_span(art, "alice", *trump, "PERSON").spans_added)
    (said,) = [o for o in rule_offers(TEXT, "id", "CLAIM") if o.label == "CLAIM"]
    corpus.accept_suggestions(
        "alice", [Accept(art, said.start, said.end, "CLAIM", "rule", (*trump, "PERSON"))]
    )
    (rel,) = corpus.relations(art, "alice")
    assert rel.child == mine
    assert len(corpus.spans(art, "alice")) == 2
    # a span there with a label SAID_BY cannot point to: the claim comes alone
    corpus.undo("alice")
    corpus.update_span(mine, "alice", label="EVENT")
    corpus.accept_suggestions(
        "alice", [Accept(art, said.start, said.end, "CLAIM", "rule", (*trump, "PERSON"))]
    )
    assert corpus.relations(art, "alice") == []
    assert len(corpus.spans(art, "alice")) == 2


def test_a_rejection_is_kept_and_a_bad_acceptance_changes_nothing(
    corpus: Corpus, corpus_target: str
) -> None:
    art = _article(corpus)
    corpus.reject_suggestion(art, "alice", 0, 5, "PERSON")
    corpus.reject_suggestion(art, "alice", 0, 5, "PERSON")  # again: nothing new
    assert corpus.suggestion_rejections(art, "alice") == {(0, 5, "PERSON")}
    assert corpus.suggestion_rejections(art, "bob") == set()
    with pytest.raises(CorpusError):
        corpus.accept_suggestions(
            "alice",
            [Accept(art, 0, 5, "PERSON", "memory"), Accept(art, 6, 13, "NOPE", "memory")],
        )
    assert corpus.spans(art, "alice") == []


def test_waiting_suggestions_all_or_nothing_leaving_out_rejected_and_labelled(
    corpus: Corpus,
) -> None:
    art = _article(corpus)
    corpus.reject_suggestion(art, "alice", *_at("Alaska"), "GPE")
    corpus.add_span(art, "alice", *_at("Putin"), "PERSON")
    offers = [
        Offer(*_at("Putin"), "PERSON", "memory"),
        Offer(*_at("Alaska"), "GPE", "gazetteer"),
        Offer(*_at("Trump"), "PERSON", "model:m"),
        Offer(*_at("Putin", 1), "PERSON", "memory"),
    ]
    with pytest.raises(CorpusError, match="NOPE"):
        corpus.add_pending_suggestions(
            "alice", [(art, o) for o in offers] + [(art, Offer(0, 5, "NOPE", "memory"))]
        )
    assert corpus.pending_suggestions(art, "alice") == []
    assert corpus.add_pending_suggestions("alice", [(art, o) for o in offers]) == (2, 2, 0)
    assert corpus.add_pending_suggestions("alice", [(art, offers[2])]) == (0, 0, 1)
    waiting = corpus.pending_suggestions(art, "alice")
    assert [(o.text, o.origin) for o in waiting] == [("Trump", "model:m"), ("Putin", "memory")]
    corpus.accept_suggestions("alice", [Accept(art, *_at("Trump"), "PERSON", "model:m")])
    corpus.reject_suggestion(art, "alice", *_at("Putin", 1), "PERSON")
    assert corpus.pending_suggestions(art, "alice") == []


def test_waiting_suggestions_are_counted_and_cleared_by_origin(corpus: Corpus) -> None:
    art = _article(corpus)
    ext = corpus.article(art).external_id
    offers = [
        Offer(*_at("Putin"), "PERSON", "memory"),
        Offer(*_at("Alaska"), "GPE", "gazetteer"),
        Offer(*_at("Putin", 1), "PERSON", "memory"),
    ]
    corpus.add_pending_suggestions("alice", [(art, o) for o in offers])
    corpus.add_pending_suggestions("bob", [(art, offers[0])])
    assert corpus.waiting_suggestions("alice") == [(ext, "gazetteer", 1), (ext, "memory", 2)]
    assert corpus.clear_waiting_suggestions("alice", "memory") == 2
    assert corpus.waiting_suggestions("alice") == [(ext, "gazetteer", 1)]
    assert corpus.clear_waiting_suggestions("alice") == 1
    assert corpus.waiting_suggestions("alice") == []
    assert corpus.waiting_suggestions("bob") == [(ext, "memory", 1)]  # bob's kept
    assert corpus.suggestion_rejections(art, "alice") == set()  # cleared, not rejected
    assert corpus.clear_waiting_suggestions("nobody") == 0


def test_memory_counts_the_annotator_s_and_gold_forms(corpus: Corpus) -> None:
    art = _article(corpus)
    corpus.add_span(art, "alice", *_at("Putin"), "PERSON")
    corpus.add_span(art, "alice", *_at("Putin", 1), "PERSON")
    span = min(corpus.add_span(art, "bob", *_at("Alaska"), "GPE").spans_added)
    corpus.set_reviewer("rev")
    corpus.accept_span(span, "rev")  # gold learns Alaska; bob's own stay his
    corpus.add_span(art, "bob", *_at("Trump"), "PERSON")
    assert corpus.memory_forms("alice") == [("Alaska", "GPE", 1), ("Putin", "PERSON", 2)]


def test_sources_are_kept_per_corpus(corpus: Corpus, corpus_target: str) -> None:
    assert corpus.suggestion_sources() == {"memory", "gazetteer", "rules", "model"}
    corpus.set_suggestion_sources(["memory", "rules"])
    with pytest.raises(CorpusError, match="unknown suggestion source"):
        corpus.set_suggestion_sources(["memory", "crystal ball"])
    with pytest.raises(CorpusError, match="unknown suggestion source"):
        corpus.set_suggestion_sources(["annotator:"])
    assert corpus.suggestion_sources() == {"memory", "rules"}
    corpus.set_suggestion_sources(["memory", "annotator:Budi Santoso", "annotator:bob"])
    assert corpus.suggestion_sources() == {"memory", "annotator:Budi Santoso", "annotator:bob"}


def test_every_gazetteer_change_raises_the_version_another_handle_sees(
    corpus: Corpus, corpus_target: str
) -> None:
    assert corpus.gazetteer_version() == 0
    assert corpus.add_gazetteer_terms([("Jakarta", "GPE"), ("Bank Dunia", "ORG")], "a.txt") == (
        2,
        0,
    )
    assert corpus.gazetteer_version() == 1
    corpus.add_gazetteer_terms([("Jakarta", "GPE")], "b.txt")  # nothing new: no change
    assert corpus.gazetteer_version() == 1
    with Corpus.open(corpus_target, tooling="tests: another process") as other:
        other.add_gazetteer_terms([("Bandung", "GPE")], "b.txt")
        assert other.clear_gazetteer("a.txt") == 2
        with pytest.raises(CorpusError, match="no gazetteer terms came from"):
            other.clear_gazetteer("a.txt")  # refused: no change
    assert corpus.gazetteer_version() == 3


# ------------------------------------------------------------ another annotator as a source
def _bob_labels(corpus: Corpus, art: int) -> dict[str, int]:
    """bob: Putin PERSON, the claim "Ekonomi tumbuh 5 persen" said by Trump (linked), its
    cue "kata", Alaska GPE; alice: Alaska GPE already."""
    ids = {}
    for key, form, nth, label in (
        ("putin", "Putin", 0, "PERSON"),
        ("claim", "Ekonomi tumbuh 5 persen", 0, "CLAIM"),
        ("cue", "kata", 0, "CUE"),
        ("trump", "Trump", 1, "PERSON"),
        ("alaska", "Alaska", 0, "GPE"),
    ):
        ids[key] = min(corpus.add_span(art, "bob", *_at(form, nth), label).spans_added)
    corpus.add_relation(ids["claim"], ids["trump"], "SAID_BY", "bob")
    corpus.add_relation(ids["cue"], ids["claim"], "CUE_OF", "bob")
    corpus.add_span(art, "alice", *_at("Alaska"), "GPE")
    return ids


def test_another_annotator_s_spans_are_offered_with_their_origin_and_speaker(
    corpus: Corpus,
) -> None:
    art = _article(corpus)
    _bob_labels(corpus, art)
    corpus.annotator_id("carol")  # no span: no source
    assert corpus.suggestion_annotators("alice") == [SourceAnnotator("bob", False)]
    assert corpus.suggestion_annotators() == [
        SourceAnnotator("alice", False),
        SourceAnnotator("bob", False),
    ]
    offers = corpus.annotator_suggestions(art, "bob")
    # text order; the cue word left out (it belongs to its claim); every one annotator:bob
    assert [(o.text, o.label, o.origin, o.speaker, o.speaker_label) for o in offers] == [
        ("Putin", "PERSON", "annotator:bob", None, None),
        ("Alaska", "GPE", "annotator:bob", None, None),
        ("Ekonomi tumbuh 5 persen", "CLAIM", "annotator:bob", _at("Trump", 1), "PERSON"),
        ("Trump", "PERSON", "annotator:bob", None, None),
    ]
    # minus what alice labelled (Alaska), as every source
    layer = corpus.schema.layer_of
    kept = settle(offers, layer, [(*_at("Alaska"), "entity")])
    assert [o.text for o in kept] == ["Putin", "Ekonomi tumbuh 5 persen", "Trump"]
    claim = kept[1]
    assert claim.speaker is not None and claim.speaker_label is not None
    corpus.accept_suggestions(
        "alice",
        [
            Accept(
                art,
                claim.start,
                claim.end,
                claim.label,
                claim.origin,
                (*claim.speaker, claim.speaker_label),
            )
        ],
    )
    assert _spans(corpus, art) == {
        (*_at("Alaska"), "GPE", "hand"),
        (claim.start, claim.end, "CLAIM", "annotator:bob"),
        (*_at("Trump", 1), "PERSON", "annotator:bob"),
    }
    (rel,) = corpus.relations(art, "alice")
    assert (corpus.span(rel.head).label, corpus.span(rel.child).text) == ("CLAIM", "Trump")
    assert corpus.annotator_suggestions(art, "nobody") == []


def test_a_model_s_imported_labels_are_offered_as_the_model_s(corpus: Corpus) -> None:
    """An annotator all of whose spans began as a model's (Label Studio predictions come in
    as ``model:<model_version>``, here under another name, as ``--predictions-as`` makes) is
    a model: its offers, and what is accepted of them, keep that origin. A person who once
    accepted a model's suggestion stays a person (``annotator:``)."""
    art = _article(corpus)
    corpus.add_span(art, "bot", *_at("Putin"), "PERSON", origin="model:ner v2")
    corpus.add_span(art, "bot", *_at("Alaska"), "GPE", origin="model:ner v2")
    corpus.add_span(art, "bob", *_at("Trump"), "PERSON", origin="model:ner v2")
    corpus.add_span(art, "bob", *_at("Putin", 1), "PERSON")
    assert corpus.suggestion_annotators("alice") == [
        SourceAnnotator("bob", False),
        SourceAnnotator("bot", True),
    ]
    assert [o.origin for o in corpus.annotator_suggestions(art, "bot")] == ["model:ner v2"] * 2
    assert [o.origin for o in corpus.annotator_suggestions(art, "bob")] == ["annotator:bob"] * 2
    (putin, _) = corpus.annotator_suggestions(art, "bot")
    corpus.accept_suggestions(
        "alice", [Accept(art, putin.start, putin.end, "PERSON", putin.origin)]
    )
    assert _spans(corpus, art) == {(*_at("Putin"), "PERSON", "model:ner v2")}
    corpus.add_span(art, "bot", *_at("Trump"), "PERSON")  # a hand span: no model now
    assert corpus.suggestion_annotators("alice")[1] == SourceAnnotator("bot", False)
    assert {o.origin for o in corpus.annotator_suggestions(art, "bot")} == {"annotator:bot"}


def test_waiting_suggestions_keep_the_speaker_s_label(corpus: Corpus) -> None:
    art = _article(corpus)
    claim = Offer(
        *_at("Ekonomi tumbuh 5 persen"), "CLAIM", "annotator:bob", "", _at("Trump", 1), "GPE"
    )
    corpus.add_pending_suggestions("alice", [(art, claim)])
    (waiting,) = corpus.pending_suggestions(art, "alice")
    assert (waiting.speaker, waiting.speaker_label) == (_at("Trump", 1), "GPE")


def test_annotator_offers_pure() -> None:
    """core.offers.annotator_offers on known spans: order, origin, speaker, cue left out."""
    from dataclasses import replace

    from annotator.core.model import Relation, Span

    spans = [
        Span(3, 1, "m", 10, 20, "CLAIM", "claim", "x" * 10),
        Span(1, 1, "m", 0, 5, "PERSON", "entity", "Putin", origin="model:m"),
        Span(2, 1, "m", 21, 25, "CUE", "claim", "kata"),
        Span(4, 1, "m", 26, 31, "PERSON", "entity", "Trump"),
    ]
    relations = [Relation(1, 1, "m", 3, 4, "SAID_BY"), Relation(2, 1, "m", 3, 1, "SAID_BY")]
    got = annotator_offers("m", spans, relations)
    assert [(o.start, o.origin, o.speaker, o.speaker_label) for o in got] == [
        (0, "annotator:m", None, None),  # not all spans a model's: a person's
        (10, "annotator:m", (26, 31), "PERSON"),  # the first SAID_BY (by id)
        (26, "annotator:m", None, None),
    ]
    predicted = [replace(x, origin="model:v7") for x in spans]
    assert {o.origin for o in annotator_offers("m", predicted, relations)} == {"model:v7"}


# ------------------------------------------------------------------------ what is offered
def _layer(label: str) -> str | None:
    return {"PERSON": "entity", "GPE": "entity", "CLAIM": "claim"}.get(label)


def test_settle_leaves_out_labelled_rejected_unknown_and_overlapping() -> None:
    offers = [
        Offer(0, 5, "PERSON", "memory"),  # I labelled it (entity)
        Offer(6, 13, "GPE", "memory"),  # rejected
        Offer(14, 19, "ORG", "memory"),  # not in the schema
        Offer(20, 30, "PERSON", "memory"),
        Offer(22, 26, "GPE", "gazetteer"),  # overlaps the memory's, which came first
        Offer(0, 30, "CLAIM", "rule"),  # another layer: offered over my entity
    ]
    kept = settle(offers, _layer, [(0, 5, "entity")], [(6, 13, "GPE")])
    assert [(o.start, o.end, o.label) for o in kept] == [(0, 30, "CLAIM"), (20, 30, "PERSON")]


def test_occurrences_are_whole_words_outside_my_spans() -> None:
    text = "Putin, Putinisme, dan Putin."
    found = occurrences(text, "Putin", "PERSON", [(0, 5)])
    assert [(o.start, o.end, o.origin) for o in found] == [(22, 27, "memory")]


def test_gazetteer_terms_are_terms_and_sources_are_named(corpus: Corpus) -> None:
    """The store itself (the app's editor writes through it too) refuses a claim label for a
    term and a source it has no terms from; cue words are terms."""
    with pytest.raises(CorpusError, match="CLAIM labels claims, whole statements"):
        corpus.add_gazetteer_terms([("Kim Jong Un", "CLAIM"), ("Putin", "PERSON")], "x.txt")
    assert corpus.gazetteer_terms() == []  # all or none
    assert corpus.add_gazetteer_terms([("ujar", "CUE"), ("Putin", "PERSON")], "x.txt") == (2, 0)
    with pytest.raises(CorpusError, match=r"no gazetteer terms came from 'y.txt'.*'x.txt'"):
        corpus.clear_gazetteer("y.txt")
    assert corpus.clear_gazetteer("x.txt") == 2


def test_removing_gazetteer_terms_is_a_change_the_app_notices(corpus: Corpus) -> None:
    corpus.add_gazetteer_terms([("Kursk", "GPE"), ("KCNA", "ORG")], "x.txt")
    before = corpus.gazetteer_version()
    assert corpus.remove_gazetteer_terms([("Kursk", "GPE"), ("Nowhere", "GPE")]) == 1
    assert corpus.gazetteer_version() > before
    assert [t for t, *_ in corpus.gazetteer_terms()] == ["KCNA"]
    unchanged = corpus.gazetteer_version()
    assert corpus.remove_gazetteer_terms([("Nowhere", "GPE")]) == 0
    assert corpus.gazetteer_version() == unchanged
