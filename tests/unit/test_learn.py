"""A model trained here, offline, from blank: it learns the fixture's names and claim sentences,
reports held-out scores, and suggests with its origin (issue 17)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.core.model import Article, Document, Span, Status
from annotator.learn.model import ModelSuggester
from annotator.learn.train import TrainingError, scores_table, train

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
        batch_size=2,
        name="mine",
        progress=lambda done, total, _loss: seen.append((done, total)),
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
        train(docs, tmp_path / run, language="id", epochs=3, batch_size=2, name="mine")
        model = ModelSuggester(tmp_path / run)
        seen.append([(model.suggest(t), model.uncertainty(t)) for t in texts])
    assert seen[0] == seen[1]
