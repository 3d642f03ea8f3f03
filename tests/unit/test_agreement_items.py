"""The store's lean agreement read (store/agreement_items.py) gives exactly what the
documents() path gives: the same AgreementResult JSON, on a small corpus with nested,
duplicate and token-cutting spans, claim -> speaker relations, every status (and spans with
no status), chosen annotators, and an article nobody touched."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from annotator.core.agreement import (
    compute_agreement,
    compute_layer_agreement,
    items_from_documents,
)
from annotator.core.model import ArticleDraft, RelationDraft, SpanDraft, Status
from annotator.store.corpus import Corpus
from tests.conftest import Peek

WORDS = (
    "Joko",
    "Widodo",
    "bertemu",
    "Putin",
    "di",
    "Alaska",
    ",",
    "harga",
    "beras",
    "akan",
    "turun",
    "kata",
    "Sri",
    "Mulyani",
    "🙂",
    "!",
)
ENTITY = ("PERSON", "ORG", "GPE", "LOC")
NAMES = ("ani", "budi", "cici")


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40)))


Truth = list[tuple[int, int, str]]


def _truth(rng: random.Random, text: str, n: int) -> Truth:
    out: Truth = []
    for _ in range(n):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randint(1, 25))  # often cuts a token
        if text[start:end].strip():
            out.append((start, end, "CLAIM" if rng.random() < 0.3 else rng.choice(ENTITY)))
    return out


def _work(
    rng: random.Random, text: str, truth: Truth
) -> tuple[list[SpanDraft], list[RelationDraft]]:
    """One annotator's version of ``truth``: some spans missed, relabelled, shortened,
    duplicated, and claim -> speaker relations between the claims and people kept."""
    spans: list[SpanDraft] = []
    for k, (start, end, label) in enumerate(truth):
        r = rng.random()
        if r < 0.15:
            continue
        if r < 0.25 and label != "CLAIM":
            label = rng.choice(ENTITY)
        elif r < 0.35 and end - start > 2:
            end -= 1
        spans.append(SpanDraft(f"s{k}", start, end, label, text[start:end]))
        if rng.random() < 0.1:
            spans.append(SpanDraft(f"d{k}", start, end, label, text[start:end]))
    claims = [s.key for s in spans if s.label == "CLAIM"]
    people = [s.key for s in spans if s.label == "PERSON"]
    relations = [
        RelationDraft(c, people[0] if rng.random() < 0.8 else rng.choice(people), "SAID_BY")
        for c in claims
        if people and rng.random() < 0.8
    ]
    return spans, relations


@pytest.fixture
def mixed(corpus: Corpus, poke: Peek) -> Corpus:
    rng = random.Random(11)
    statuses = (Status.DONE, Status.DONE, Status.IN_PROGRESS, Status.SKIPPED)
    drafts: list[ArticleDraft] = []
    texts = [_text(rng) for _ in range(14)]
    for i, text in enumerate(texts):
        truth = _truth(rng, text, rng.randint(0, 9))
        for name in NAMES:
            if rng.random() < 0.2:
                continue  # this annotator never touched the article
            spans, relations = _work(rng, text, truth)
            drafts.append(
                ArticleDraft(
                    text=text,
                    external_id=f"a{i}",
                    annotator=name,
                    status=rng.choice(statuses),
                    spans=spans,
                    relations=relations,
                    line=len(drafts) + 1,
                )
            )
    drafts.append(ArticleDraft(text="Nobody labelled this one.", external_id="none", line=0))
    corpus.import_drafts(drafts, origin="test", detect_language=False)
    ids = corpus.article_ids()
    # Spans with no status row at all (an older corpus) count as in progress; spans under a
    # to-do status (pre-annotations, imported predictions) stay to do.
    for art in ids[:3]:
        text = corpus.article(art).text
        corpus.add_span(art, "dewi", 0, text.index(" "), "PERSON")
        corpus.add_span(art, "dewi", 0, len(text) // 2, "CLAIM")
    corpus.set_status(ids[0], "dewi", Status.TODO)
    poke(
        "DELETE FROM article_status WHERE article_id = ? AND annotator_id = ?",
        (ids[1], corpus.annotator_id("dewi")),
    )
    return corpus


CASES: list[tuple[Sequence[str] | None, tuple[Status, ...]]] = [
    (None, (Status.DONE,)),
    (None, (Status.DONE, Status.IN_PROGRESS)),
    (("budi", "ani"), (Status.DONE,)),
    (("cici", "dewi", "ani", "nobody"), (Status.DONE, Status.IN_PROGRESS, Status.SKIPPED)),
    (("ani",), (Status.DONE,)),
]


@pytest.mark.parametrize("layer", ["entity", "claim"])
@pytest.mark.parametrize(("annotators", "statuses"), CASES)
def test_lean_read_gives_the_documents_result(
    mixed: Corpus,
    layer: str,
    annotators: Sequence[str] | None,
    statuses: tuple[Status, ...],
) -> None:
    expected = compute_agreement(
        items_from_documents(mixed.documents(), statuses), layer, annotators
    ).to_json()
    got = mixed.agreement(layer, annotators, statuses=statuses).to_json()
    assert got == expected
    lean = compute_layer_agreement(
        mixed.agreement_items(layer, annotators, statuses), layer, annotators
    ).to_json()
    assert lean == expected


def test_the_fixture_exercises_relations_and_statuses(mixed: Corpus) -> None:
    result = mixed.agreement("claim", statuses=(Status.DONE, Status.IN_PROGRESS))
    assert result.relation_f1_exact.defined and result.relation_f1_overlap.defined
    assert result.articles_per_annotator["dewi"] == 2  # her to-do article is not counted
    assert mixed.agreement("claim", statuses=(Status.DONE,)).articles_per_annotator == {
        n: mixed.agreement("claim", [n]).articles for n in NAMES
    }
    assert any(p.relation_matches_overlap for p in result.pairwise)
    items = list(mixed.agreement_items("entity", None, (Status.DONE,)))
    assert items and all(it.spans for it in items)
    assert [it.article_id for it in items] == sorted(it.article_id for it in items)


@pytest.mark.parametrize("layer", ["entity", "claim"])
@pytest.mark.parametrize(("annotators", "statuses"), CASES)
@pytest.mark.parametrize("workers", [2, 3, 6])
def test_several_processes_give_the_one_process_result(
    mixed: Corpus,
    backend: str,
    layer: str,
    annotators: Sequence[str] | None,
    statuses: tuple[Status, ...],
    workers: int,
) -> None:
    """ADR 0034: the articles cut into id ranges, each counted by its own process (a worker
    reading the corpus file through its own connection), merged in id order: exactly the
    one-process result, per-article results and αu's continuum (its gaps run across the cuts)
    included. The fixture has annotators missing from some articles, an article nobody
    labelled and articles without spans; 6 workers give ranges of 2 or 3 articles."""
    one = mixed.agreement(layer, annotators, statuses=statuses, workers=1)
    several = mixed.agreement(layer, annotators, statuses=statuses, workers=workers)
    assert several.to_json() == one.to_json()
    assert several.unitizing == one.unitizing
    assert [a.article_id for a in several.per_article] == [a.article_id for a in one.per_article]


def test_the_cuts_fall_between_articles(mixed: Corpus, backend: str) -> None:
    """What the test above splits: on a corpus file, id ranges of about equal size covering
    every article once; on a server, one range (one process)."""
    from annotator.store.agreement_items import _parts

    db = mixed._ctx.db  # the store's own connection: what the split reads
    ids = mixed.article_ids()
    parts = _parts(db, 4)
    if backend == "postgres":
        assert len(parts) == 1
        return
    assert len(parts) == 4
    inside = [[a for a in ids if lo <= a < hi] for lo, hi in parts]
    assert sorted(a for part in inside for a in part) == sorted(ids)
    assert all(len(ids) // 4 <= len(part) <= len(ids) // 4 + 1 for part in inside)
    assert _parts(db, 1) == _parts(db, None)[:1] and len(_parts(db, None)) == 1  # 15 articles


@pytest.mark.sqlite_only
def test_a_worker_process_counts_its_range(mixed: Corpus, backend: str) -> None:
    """The worker itself (not the fallback that counts a failed worker's range here): a
    fresh interpreter given the range reads the corpus file read-only and returns the same
    tally as this process's count of that range."""
    from annotator.core.agreement import AgreementTally
    from annotator.store import agreement_items as ai

    db = mixed._ctx.db  # the store's own connection: what the split reads
    names = ai._names(db, mixed._access.require_all(), None)
    chosen = tuple(sorted(names.values()))
    args = (names, chosen, "claim", {"done", "in_progress"}, False, True)
    ids = ai._parts(db, 2)[1]
    proc = ai._start_worker((ai._worker_database(db), *args, ids))
    got = ai._worker_tally(proc)
    assert isinstance(got, AgreementTally)
    here = ai._tally(db, *args, ids)
    assert got.n_articles == here.n_articles > 0
    assert got.result().to_json() == here.result().to_json()
