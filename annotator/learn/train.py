"""Train a suggestion model from done articles: NER for the entity layer, a sentence classifier
for claims, from ``spacy.blank(language)`` (no download), with held-out scores per label.

The entity layer's spans are the NER's examples (nested ones: the outermost kept, as NER
needs flat spans; a span that cuts a spaCy token is widened to whole tokens — training data,
not an export). Claims are long and rarely align with n-gram suggesters, so the model learns
which *sentences* hold a claim (``textcat_multilabel``, label ``CLAIM``: a sentence whose
characters are at least half inside claims); it then suggests those sentences as claims.

Articles are split train/held-out by a seeded shuffle of whole articles; the held-out scores
are exact-match precision, recall and F1 per entity label and per sentence for claims.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from annotator.core.model import Document
from annotator.core.speakers import CUE

CLAIM = "CLAIM"
META = "annotator-model.json"
#: Most passes, and how many passes in a row without a better held-out score end training
#: (ADR 0040).
EPOCHS = 20
PATIENCE = 3


class TrainingError(Exception):
    """Training cannot start or was stopped (the message says why, in words)."""


@dataclass(frozen=True)
class Score:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


@dataclass
class TrainResult:
    out: Path
    language: str
    train_articles: int
    held_out_articles: int
    entity_labels: list[str]
    claims: bool
    epochs: int  # passes run
    seconds: float
    scores: list[Score] = field(default_factory=list)  # the kept pass's, per label
    max_epochs: int = 0
    patience: int = 0
    best_epoch: int = 0  # the pass whose weights were written
    stopped: str = "max"  # "patience": no better held-out score for that many passes
    pass_scores: list[float | None] = field(default_factory=list)  # held-out score per pass
    held_out_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "language": self.language,
            "train_articles": self.train_articles,
            "held_out_articles": self.held_out_articles,
            "entity_labels": self.entity_labels,
            "claims": self.claims,
            "epochs": self.epochs,
            "max_epochs": self.max_epochs,
            "patience": self.patience,
            "best_epoch": self.best_epoch,
            "stopped": self.stopped,
            "pass_scores": self.pass_scores,
            "seconds": round(self.seconds, 2),
            "held_out": {
                s.label: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for s in self.scores
            },
            "held_out_ids": self.held_out_ids,
        }


@dataclass(frozen=True)
class Pass:
    """What a pass reports: its number, the maximum, its loss, its held-out score (None
    without held-out articles) and the best pass so far (the one that would be kept)."""

    epoch: int
    epochs: int
    loss: float
    score: float | None
    best: int


Progress = Callable[[Pass], None]


def check_target(target: Path) -> None:
    """A new folder, an empty one, or one a training wrote (it has our meta file): nothing
    else is ours to write into (no command destroys a file it did not create)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise TrainingError(f"{target} is not a folder: the model is written to a new folder")
    if target.is_dir() and any(target.iterdir()) and not (target / META).is_file():
        raise TrainingError(
            f"{target} holds files a training did not write; choose a new folder for the model"
        )


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - the extra is installed with the tests
        raise TrainingError(
            "training needs spaCy: install the app with its 'spacy' extra "
            "(pip install 'annotator[spacy]')"
        ) from e
    # spaCy logs its steps at INFO ("Created vocabulary"): ours say what training does.
    logging.getLogger("spacy").setLevel(logging.WARNING)
    return spacy


def blank(language: str) -> Any:
    """``spacy.blank`` for ``language``, or the multi-language one when spaCy has none."""
    spacy = _spacy()
    try:
        return spacy.blank(language)
    except (ImportError, KeyError, ValueError):
        return spacy.blank("xx")


def _flat(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Outermost spans, not overlapping (longest first, then earliest)."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if e > s and all(e <= a or b <= s for a, b, _ in out):
            out.append((s, e, label))
    return sorted(out)


def _entities(doc: Any, spans: Sequence[tuple[int, int, str]]) -> list[Any]:
    ents: list[Any] = []
    for s, e, label in _flat(spans):
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None and all(span.start >= x.end or span.end <= x.start for x in ents):
            ents.append(span)
    return ents


def claim_sentences(doc: Any, claims: Sequence[tuple[int, int]]) -> list[bool]:
    """Per sentence of ``doc``: at least half its characters lie inside ``claims``."""
    out = []
    for sent in doc.sents:
        a, b = sent.start_char, sent.end_char
        inside = sum(max(0, min(b, e) - max(a, s)) for s, e in claims)
        out.append(b > a and inside * 2 >= b - a)
    return out


@dataclass
class HeldOut:
    """The held-out articles, prepared once: their texts, their entities (as NER sees them:
    outermost, widened to whole tokens) and, per sentence, a doc of it and whether it is a
    claim. Scored after every pass."""

    texts: list[str]
    ents: list[set[tuple[int, int, str]]]
    sentences: list[Any]  # sentence docs, all articles in a row
    is_claim: list[bool]


def prepare_held_out(
    nlp: Any, docs: Sequence[Document], entity_layer: str, claim_layer: str
) -> HeldOut:
    sents = nlp.get_pipe("sentencizer")
    held = HeldOut([], [], [], [])
    for d in docs:
        text = d.article.text
        ents, claims = _layers(d, entity_layer, claim_layer)
        doc = sents(nlp.make_doc(text))
        held.texts.append(text)
        held.ents.append({(e.start_char, e.end_char, e.label_) for e in _entities(doc, ents)})
        for sent, is_claim in zip(doc.sents, claim_sentences(doc, claims), strict=True):
            held.sentences.append(nlp.make_doc(sent.text))
            held.is_claim.append(is_claim)
    return held


def _layers(
    d: Document, entity_layer: str, claim_layer: str
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    ents = [(s.start, s.end, s.label) for s in d.spans if s.layer == entity_layer]
    # Cue words share the claim layer; they are not claims to learn.
    claims = [(s.start, s.end) for s in d.spans if s.layer == claim_layer and s.label != CUE]
    return ents, claims


def evaluate(nlp: Any, held: HeldOut, labels: Sequence[str]) -> list[Score]:
    """Exact-match scores per entity label, and per sentence for claims (when ``nlp`` has
    the claim classifier): the NER over whole articles and the classifier over sentences,
    each in batches (``nlp.pipe``), the classifier not over whole articles."""
    counts = {label: [0, 0, 0] for label in labels}
    textcat = "textcat_multilabel" in nlp.pipe_names
    docs = nlp.pipe(held.texts, batch_size=16, disable=["textcat_multilabel"] if textcat else [])
    for doc, gold in zip(docs, held.ents, strict=True):
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for s, e, label in pred | gold:
            c = counts.setdefault(label, [0, 0, 0])
            if (s, e, label) in pred and (s, e, label) in gold:
                c[0] += 1
            elif (s, e, label) in pred:
                c[1] += 1
            else:
                c[2] += 1
    out = [Score(label, *c) for label, c in sorted(counts.items())]
    if textcat:
        claim_counts = [0, 0, 0]
        pipe = nlp.get_pipe("textcat_multilabel")
        for sent, is_claim in zip(
            pipe.pipe(held.sentences, batch_size=256), held.is_claim, strict=True
        ):
            guess = sent.cats[CLAIM] >= 0.5
            if guess and is_claim:
                claim_counts[0] += 1
            elif guess:
                claim_counts[1] += 1
            elif is_claim:
                claim_counts[2] += 1
        out.append(Score(CLAIM, *claim_counts))
    return out


def selection_score(scores: Sequence[Score]) -> float:
    """The one figure early stopping follows: the entities' F1 (micro, over all entity
    labels) and the claim sentences' F1, weighted equally when both are trained (as spaCy's
    own trainer weighs NER's and a classifier's scores); a missing F1 counts 0."""
    ents = [s for s in scores if s.label != CLAIM]
    parts = []
    if ents:
        f1 = Score("", sum(s.tp for s in ents), sum(s.fp for s in ents), sum(s.fn for s in ents)).f1
        parts.append(f1 or 0.0)
    parts += [s.f1 or 0.0 for s in scores if s.label == CLAIM]
    return sum(parts) / len(parts) if parts else 0.0


def _batches(items: Sequence[Any], size: int | None, words: Callable[[Any], int]) -> Any:
    """Fixed ``size`` items a batch, or (None) spaCy's own trainer's batches: by words,
    compounding from 100 to 1,000 by 0.1 % a batch, 20 % over allowed. An article over the
    size is a batch alone and the size grows only after a batch within it: on news articles
    (hundreds of words) that is one article an update, which learns fastest (ADR 0040)."""
    spacy = _spacy()
    if size is not None:
        return spacy.util.minibatch(items, size=size)
    from spacy.training.batchers import minibatch_by_words
    from thinc.api import compounding

    return minibatch_by_words(
        items, size=cast(Any, compounding(100.0, 1000.0, 1.001)), tolerance=0.2, get_length=words
    )


def train(
    documents: Iterable[Document],
    out: Path,
    *,
    language: str,
    entity_layer: str = "entity",
    claim_layer: str = "claim",
    epochs: int = EPOCHS,
    patience: int = PATIENCE,
    batch_size: int | None = None,
    held_out: float = 0.2,
    seed: int = 0,
    name: str = "model",
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Train on ``documents`` (done articles), write the pipeline to ``out`` (a new folder or
    one this function wrote before) and return the held-out scores.

    At most ``epochs`` passes; after each, the held-out articles are scored
    (``selection_score``), and training stops once ``patience`` passes in a row have not
    bettered the best held-out score (0: never stops early); until a pass scores above 0,
    patience does not count. The best pass's weights are written, not the last's. Without
    held-out articles every pass runs and the last is written. ``batch_size`` is articles
    per NER update; None: spaCy's trainer's batches by words (see ``_batches``)."""
    started = time.perf_counter()
    docs = list(documents)
    if len(docs) < 2:
        raise TrainingError(
            f"training needs at least 2 done articles with labels; there are {len(docs)}"
        )
    if not any(s.layer in (entity_layer, claim_layer) for d in docs for s in d.spans):
        raise TrainingError("the chosen articles have no entity or claim spans to learn from")
    spacy = _spacy()
    from spacy.training import Example

    nlp = blank(language)
    sents = nlp.add_pipe("sentencizer")
    ner = nlp.add_pipe("ner")
    labels = sorted({s.label for d in docs for s in d.spans if s.layer == entity_layer})
    has_claims = any(s.layer == claim_layer and s.label != CUE for d in docs for s in d.spans)
    for label in labels:
        ner.add_label(label)
    if has_claims:
        textcat = nlp.add_pipe("textcat_multilabel")
        textcat.add_label(CLAIM)

    rng = random.Random(seed)
    order = sorted(docs, key=lambda d: d.article.id)
    rng.shuffle(order)
    n_held = max(1, round(len(order) * held_out)) if held_out > 0 else 0
    held_docs, train_docs = order[:n_held], order[n_held:]
    if not train_docs:
        raise TrainingError("nothing is left to train on after the held-out share")

    # Every example is made once, before the first pass: the NER's one per article, the
    # claim classifier's one per sentence (its unit).
    ner_ex = []
    claim_ex = []
    for d in train_docs:
        ents, claims = _layers(d, entity_layer, claim_layer)
        ref = nlp.make_doc(d.article.text)
        ref.ents = _entities(ref, ents)
        ner_ex.append(Example(nlp.make_doc(d.article.text), ref))
        if has_claims:
            doc = sents(nlp.make_doc(d.article.text))
            for sent, is_claim in zip(doc.sents, claim_sentences(doc, claims), strict=True):
                sd = nlp.make_doc(sent.text)
                claim_ex.append(Example.from_dict(sd, {"cats": {CLAIM: float(is_claim)}}))
    held = prepare_held_out(nlp, held_docs, entity_layer, claim_layer) if held_docs else None
    if cancel is not None and cancel():
        raise TrainingError("training cancelled; nothing was written")
    # The same labels and seed give the same model: weights are drawn from the seed too
    # (without this, spaCy's initial weights differ run to run, and so do the suggestions).
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: ner_ex + claim_ex)
    trained = [n for n in ("ner", "textcat_multilabel") if n in nlp.pipe_names]
    best_score: float | None = None
    best_epoch = 0
    best_weights: dict[str, bytes] = {}
    best_scores: list[Score] = []
    pass_scores: list[float | None] = []
    stopped = "max"
    for epoch in range(1, epochs + 1):
        if cancel is not None and cancel():
            raise TrainingError("training cancelled; nothing was written")
        losses: dict[str, float] = {}
        rng.shuffle(ner_ex)
        for batch in _batches(ner_ex, batch_size, lambda ex: len(ex.reference)):
            nlp.update(batch, sgd=optimizer, losses=losses, exclude=["textcat_multilabel"])
        if claim_ex:
            rng.shuffle(claim_ex)
            for batch in spacy.util.minibatch(claim_ex, size=32):
                nlp.update(batch, sgd=optimizer, losses=losses, exclude=["ner"])
        score = None
        if held is not None:
            scores = evaluate(nlp, held, labels)
            score = selection_score(scores)
            # Until a pass finds something (a score above 0) the latest pass is the best and
            # patience does not count: a small set learns nothing for its first few passes.
            if best_score is None or score > best_score or best_score == 0:
                best_score, best_epoch, best_scores = score, epoch, scores
                if epoch < epochs:  # a later pass may be worse: keep these weights
                    best_weights = {n: nlp.get_pipe(n).to_bytes(exclude=["vocab"]) for n in trained}
        else:
            best_epoch = epoch
        pass_scores.append(score)
        if progress is not None:
            progress(Pass(epoch, epochs, sum(losses.values()), score, best_epoch))
        if held is not None and patience > 0 and epoch - best_epoch >= patience:
            # (best_score is above 0 here: a pass at 0 is always the best so far)
            stopped = "patience" if epoch < epochs else "max"
            break
    if best_epoch != len(pass_scores):  # a later pass was worse: back to the best one's
        for n, data in best_weights.items():
            nlp.get_pipe(n).from_bytes(data, exclude=["vocab"])
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    result = TrainResult(
        out,
        language,
        len(train_docs),
        len(held_docs),
        labels,
        has_claims,
        len(pass_scores),
        time.perf_counter() - started,
        best_scores,
        max_epochs=epochs,
        patience=patience,
        best_epoch=best_epoch,
        stopped=stopped,
        pass_scores=pass_scores,
        held_out_ids=sorted(d.article.id for d in held_docs),
    )
    meta = {"name": name, **result.to_json()}
    (out / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


def scores_table(result: TrainResult) -> str:
    """The held-out scores as a readable table."""

    def pct(v: float | None) -> str:
        return "   —" if v is None else f"{v * 100:5.1f}"

    if not result.held_out_articles:
        why = f"every pass ran ({result.epochs}); nothing held out to score, the last is kept"
    else:
        kept = result.pass_scores[result.best_epoch - 1] if result.best_epoch else None
        why = (
            f"stopped after pass {result.epochs}: {result.patience} passes in a row did not "
            "better the held-out score"
            if result.stopped == "patience"
            else f"every pass ran ({result.epochs} of at most {result.max_epochs})"
        ) + f"; pass {result.best_epoch} is kept (held-out F1 {pct(kept).strip()})"

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else ('es' if word.endswith('s') else 's')}"

    lines = [
        f"trained on {n(result.train_articles, 'article')}, scored on "
        f"{result.held_out_articles} held out, {n(result.epochs, 'pass')} in "
        f"{result.seconds:.1f} s -> {result.out}",
        why,
    ]
    if not result.scores:
        return "\n".join(lines)
    lines.append(f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for s in result.scores:
        lines.append(
            f"{s.label:<12} {pct(s.precision):>6} {pct(s.recall):>6} {pct(s.f1):>6} "
            f"{s.tp:>5} {s.fp:>5} {s.fn:>5}"
        )
    if result.claims:
        lines.append("(CLAIM: per sentence, a sentence at least half inside claims)")
    return "\n".join(lines)


def load_meta(folder: Path) -> dict[str, Any]:
    if not folder.exists():
        raise TrainingError(f"{folder}: no such folder (a model `annotator train` wrote)")
    if not folder.is_dir():
        raise TrainingError(f"{folder} is a file, not a model folder `annotator train` wrote")
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TrainingError(
            f"{folder} is not a model trained here: it has no {META} (a folder "
            "`annotator train` wrote has one)"
        ) from None
    except OSError as e:
        raise TrainingError(f"{folder}: cannot read {META}: {e.strerror or e}") from e
    except ValueError as e:
        raise TrainingError(f"{folder} is not a model trained here ({META}: {e})") from e
    if not isinstance(meta, dict):
        raise TrainingError(f"{folder / META}: not a JSON object")
    return meta


__all__ = [
    "CLAIM",
    "Score",
    "TrainResult",
    "TrainingError",
    "claim_sentences",
    "load_meta",
    "scores_table",
    "train",
]
