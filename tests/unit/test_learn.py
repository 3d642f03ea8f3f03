"""A model trained here, offline, from blank: it learns the fixture's names and claim sentences,
reports held-out scores, and suggests with its origin (issue 17)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.core.model import Article, Document, Span, Status
from annotator.learn.model import ModelSuggester
from annotator.learn.train import (
    Pass,
    TrainingError,
    evaluate,
    prepare_held_out,
    scores_table,
    selection_score,
    train,
)

PEOPLE = ["Putin", "Prabowo", "Zelenskyy", "Trump"]
PLACES = ["Alaska", "Jakarta", "Kursk", "Moskow"]
FILLER = [
    "Cuaca hari ini cerah.",
    "Harga beras stabil di pasar.",
    "Lalu lintas padat pada pagi hari.",
    "Warga menonton pertandingan sepak bola.",
]


def _article(k: int, rng: random.Random) -> Document:
    parts: list[str] = []
    spans: list[tuple[int, int, str, str]] = []
    pos = 0

    def add(text: str) -> int:
        nonlocal pos
        start = pos
        parts.append(text)
        pos += len(text)
        return start

    for _ in range(3):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        s = add(who)
        spans.append((s, s + len(who), "PERSON", "entity"))
        add(" bertemu warga di ")
        s = add(where)
        spans.append((s, s + len(where), "GPE", "entity"))
        add(". ")
        claim = f"Perang harus berakhir tahun ini, kata {who}."
        s = add(claim)
        spans.append((s, s + len(claim) - 1, "CLAIM", "claim"))
        add(" " + rng.choice(FILLER) + " ")
    text = "".join(parts)
    article = Article(k, f"a{k}", f"artikel {k}", "", None, None, text, "", "id", 1.0, "")
    return Document(
        article,
        "alice",
        Status.DONE,
        [
            Span(k * 100 + i, k, "alice", s, e, label, layer, text[s:e])
            for i, (s, e, label, layer) in enumerate(spans)
        ],
        [],
    )


def test_a_model_trained_here_suggests_what_it_learnt(tmp_path: Path) -> None:
    rng = random.Random(4)
    docs = [_article(k, rng) for k in range(1, 13)]
    seen: list[tuple[int, int]] = []
    result = train(
        docs,
        tmp_path / "model",
        language="id",
        epochs=10,
        patience=0,
        batch_size=2,
        name="mine",
        progress=lambda p: seen.append((p.epoch, p.epochs)),
    )
    assert seen[-1] == (10, 10) and len(seen) == 10
    assert result.train_articles == 10 and result.held_out_articles == 2
    scores = {s.label: s for s in result.scores}
    assert set(scores) == {"PERSON", "GPE", "CLAIM"}
    assert (scores["PERSON"].f1 or 0) > 0.8  # a held-out figure: learnt, not memorised
    assert "PERSON" in scores_table(result)

    suggester = ModelSuggester(tmp_path / "model")
    text = "Trump bertemu warga di Kursk. Perang harus berakhir tahun ini, kata Trump."
    found = {(text[s.start : s.end], s.label, s.origin) for s in suggester.suggest(text)}
    assert ("Trump", "PERSON", "model:mine") in found
    assert ("Kursk", "GPE", "model:mine") in found
    assert any(label == "CLAIM" and "Perang" in t for t, label, _ in found)


def test_training_refuses_what_it_cannot_learn_from(tmp_path: Path) -> None:
    rng = random.Random(1)
    with pytest.raises(TrainingError, match="at least 2"):
        train([_article(1, rng)], tmp_path / "m", language="id")
    bare = _article(2, rng)
    empty = bare._replace(spans=[])
    with pytest.raises(TrainingError, match="no entity or claim"):
        train([empty, empty], tmp_path / "m", language="id")
    with pytest.raises(TrainingError, match="cancelled"):
        train(
            [_article(3, rng), _article(4, rng), _article(5, rng)],
            tmp_path / "m",
            language="id",
            cancel=lambda: True,
        )
    assert not (tmp_path / "m").exists()


def test_uncertainty_is_the_mean_entropy_of_the_claim_scores_and_ranks_articles(
    tmp_path: Path,
) -> None:
    """The model's uncertainty about a text, computed by hand from its claim classifier's
    scores per sentence, and the next-article ranking that follows it (issue 17)."""
    import dataclasses
    import math

    import spacy

    from annotator.learn.ordering import ranking, uncertainties

    rng = random.Random(4)
    docs = [_article(k, rng) for k in range(1, 9)]
    train(docs, tmp_path / "model", language="id", epochs=4, batch_size=2, name="mine")
    nlp = spacy.load(tmp_path / "model")
    textcat = nlp.get_pipe("textcat_multilabel")

    def by_hand(text: str) -> float:
        hs = []
        for sent in nlp(text).sents:
            if sent.text.strip():
                p = textcat(nlp.make_doc(sent.text)).cats["CLAIM"]
                hs.append(
                    0.0 if p in (0.0, 1.0) else -(p * math.log2(p) + (1 - p) * math.log2(1 - p))
                )
        return sum(hs) / len(hs)

    suggester = ModelSuggester(tmp_path / "model")
    texts = [
        "Perang harus berakhir tahun ini, kata Putin.",
        "Cuaca hari ini cerah. Harga beras stabil di pasar.",
        "Zebra ungu menari di bulan. Perang harus berakhir, kata Trump.",
    ]
    for text in texts:
        assert suggester.uncertainty(text) == pytest.approx(by_hand(text))
    todo = [
        d._replace(status=Status.TODO, article=dataclasses.replace(d.article, id=50 + k, text=t))
        for k, (d, t) in enumerate(zip(docs, texts, strict=False))
    ]
    values = uncertainties([*todo, docs[-1]], tmp_path / "model")  # the done one is left out
    assert set(values) == {50, 51, 52}
    assert ranking(values) == sorted(values, key=lambda k: (-by_hand(texts[k - 50]), k))


def test_the_same_labels_and_seed_train_the_same_model(tmp_path: Path) -> None:
    """A study can say which model suggested what: training again from the same labels with
    the same seed gives the same suggestions and the same claim scores."""
    texts = [
        "Presiden Rusia Vladimir Putin menelepon Kim Jong Un. Trump di Alaska.",
        "Putin bertemu warga di Moskow. Perang harus berakhir tahun ini, kata Trump.",
    ]
    seen = []
    for run in ("a", "b"):
        rng = random.Random(4)
        docs = [_article(k, rng) for k in range(1, 9)]
        train(docs, tmp_path / run, language="id", epochs=3, name="mine")
        model = ModelSuggester(tmp_path / run)
        seen.append([(model.suggest(t), model.uncertainty(t)) for t in texts])
    assert seen[0] == seen[1]


def _rescored(folder: Path, docs: list[Document], held_ids: list[int]) -> float:
    """The held-out score of the model written in ``folder``, computed afresh."""
    import spacy

    nlp = spacy.load(folder)
    held = prepare_held_out(nlp, [d for d in docs if d.article.id in held_ids], "entity", "claim")
    labels = sorted({s.label for d in docs for s in d.spans if s.layer == "entity"})
    return selection_score(evaluate(nlp, held, labels))


def test_training_stops_when_the_held_out_score_stalls_and_writes_the_best_pass(
    tmp_path: Path,
) -> None:
    """Early stopping (ADR 0040): with patience 1, the first pass that does not better the
    best held-out score ends training, well before the most passes; the model written is
    the best pass's (it scores what that pass scored, and it is the very model a run
    stopped at that pass writes), not the last pass's."""
    rng = random.Random(4)
    docs = [_article(k, rng) for k in range(1, 13)]
    passes: list[Pass] = []
    result = train(
        docs, tmp_path / "early", language="id", epochs=12, patience=1, progress=passes.append
    )
    scores = result.pass_scores
    assert result.stopped == "patience" and result.epochs < 12
    assert [p.epoch for p in passes] == list(range(1, result.epochs + 1))
    assert [p.score for p in passes] == scores and len(scores) == result.epochs
    best = result.best_epoch
    assert result.epochs == best + 1  # patience 1: one pass without a better score
    assert scores[best - 1] == max(s for s in scores if s is not None) > 0
    assert scores[-1] is not None and scores[-1] <= scores[best - 1]
    assert passes[-1].best == best
    assert _rescored(tmp_path / "early", docs, result.held_out_ids) == scores[best - 1]
    assert "pass" in scores_table(result) and f"pass {best} is kept" in scores_table(result)

    at_best = train(docs, tmp_path / "at-best", language="id", epochs=best, patience=0)
    assert at_best.pass_scores == scores[:best]
    for part in ("ner/model", "textcat_multilabel/model"):
        assert (tmp_path / "early" / part).read_bytes() == (
            tmp_path / "at-best" / part
        ).read_bytes()


def test_patience_waits_for_a_first_score_above_zero(tmp_path: Path) -> None:
    """A small set scores 0 for its first passes (nothing found yet): that is not a stall,
    and training goes on until a pass finds something."""
    rng = random.Random(4)
    docs = [_article(k, rng) for k in range(1, 9)]
    # names only: the claim classifier would score at once, and the mean with it
    docs = [d._replace(spans=[s for s in d.spans if s.layer == "entity"]) for d in docs]
    result = train(docs, tmp_path / "m", language="id", epochs=8, patience=1, batch_size=2)
    scores = result.pass_scores
    assert scores[0] == 0.0 and scores[1] == 0.0  # the fixture's first passes find nothing
    first = next(k for k, s in enumerate(scores, 1) if s)
    assert result.best_epoch >= first > 2


def test_cancel_between_passes_writes_nothing(tmp_path: Path) -> None:
    rng = random.Random(4)
    docs = [_article(k, rng) for k in range(1, 9)]
    passes: list[Pass] = []
    with pytest.raises(TrainingError, match="cancelled"):
        train(
            docs,
            tmp_path / "m",
            language="id",
            epochs=10,
            patience=0,
            progress=passes.append,
            cancel=lambda: len(passes) >= 2,
        )
    assert len(passes) == 2
    assert not (tmp_path / "m").exists()


def test_a_model_entity_across_a_line_break_is_not_offered_and_sentences_are_trimmed() -> None:
    from annotator.learn.model import entity_fits, trimmed

    text = "Kremlin\n\nPutin tiba di Alaska.\n"
    assert entity_fits(text, 0, 7) and entity_fits(text, 9, 14)
    assert not entity_fits(text, 0, 14)  # "Kremlin\n\nPutin": a heading and a name
    assert not entity_fits(text, 7, 9)  # blank
    assert not entity_fits("a\r\nb", 0, 4)
    assert trimmed(text, 7, len(text)) == (9, len(text) - 1)
    assert trimmed(text, 7, 9) == (9, 9)
