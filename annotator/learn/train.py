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
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import Document
from annotator.core.speakers import CUE

CLAIM = "CLAIM"
META = "annotator-model.json"


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
    epochs: int
    seconds: float
    scores: list[Score] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "language": self.language,
            "train_articles": self.train_articles,
            "held_out_articles": self.held_out_articles,
            "entity_labels": self.entity_labels,
            "claims": self.claims,
            "epochs": self.epochs,
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
        }


Progress = Callable[[int, int, float], None]  # (epoch done, epochs, loss)


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


def train(
    documents: Iterable[Document],
    out: Path,
    *,
    language: str,
    entity_layer: str = "entity",
    claim_layer: str = "claim",
    epochs: int = 20,
    batch_size: int = 4,
    held_out: float = 0.2,
    seed: int = 0,
    name: str = "model",
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Train on ``documents`` (done articles), write the pipeline to ``out`` (a new folder or
    one this function wrote before) and return the held-out scores."""
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
    nlp.add_pipe("sentencizer")
    ner = nlp.add_pipe("ner")
    labels = sorted({s.label for d in docs for s in d.spans if s.layer == entity_layer})
    # Cue words share the claim layer; they are not claims to learn.
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
    held, train_docs = order[:n_held], order[n_held:]
    if not train_docs:
        raise TrainingError("nothing is left to train on after the held-out share")

    def examples(ds: Sequence[Document]) -> list[Any]:
        out_ex = []
        for d in ds:
            text = d.article.text
            ents = [(s.start, s.end, s.label) for s in d.spans if s.layer == entity_layer]
            claims = [
                (s.start, s.end) for s in d.spans if s.layer == claim_layer and s.label != CUE
            ]
            pred = nlp.make_doc(text)
            ref = nlp.make_doc(text)
            ref.ents = _entities(ref, ents)
            out_ex.append((Example(pred, ref), claims))
        return out_ex

    train_ex = examples(train_docs)
    sents = nlp.get_pipe("sentencizer")
    claim_ex = []
    if has_claims:  # one example per sentence: the classifier's unit
        for ex, claims in train_ex:
            doc = sents(nlp.make_doc(ex.reference.text))
            for sent, is_claim in zip(doc.sents, claim_sentences(doc, claims), strict=True):
                sd = nlp.make_doc(sent.text)
                claim_ex.append(Example.from_dict(sd, {"cats": {CLAIM: float(is_claim)}}))
    ner_ex = [ex for ex, _ in train_ex]
    if cancel is not None and cancel():
        raise TrainingError("training cancelled; nothing was written")
    # The same labels and seed give the same model: weights are drawn from the seed too
    # (without this, spaCy's initial weights differ run to run, and so do the suggestions).
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: ner_ex + claim_ex)
    for epoch in range(epochs):
        if cancel is not None and cancel():
            raise TrainingError("training cancelled; nothing was written")
        losses: dict[str, float] = {}
        rng.shuffle(ner_ex)
        for batch in spacy.util.minibatch(ner_ex, size=batch_size):
            nlp.update(batch, sgd=optimizer, losses=losses, exclude=["textcat_multilabel"])
        if claim_ex:
            rng.shuffle(claim_ex)
            for batch in spacy.util.minibatch(claim_ex, size=32):
                nlp.update(batch, sgd=optimizer, losses=losses, exclude=["ner"])
        if progress is not None:
            progress(epoch + 1, epochs, sum(losses.values()))

    scores = _evaluate(nlp, examples(held), labels, has_claims) if held else []
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    result = TrainResult(
        out,
        language,
        len(train_docs),
        len(held),
        labels,
        has_claims,
        epochs,
        time.perf_counter() - started,
        scores,
    )
    meta = {"name": name, **result.to_json()}
    (out / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


def _evaluate(
    nlp: Any, held: Sequence[tuple[Any, list[tuple[int, int]]]], labels: list[str], claims: bool
) -> list[Score]:
    counts = {label: [0, 0, 0] for label in labels}
    claim_counts = [0, 0, 0]
    for ex, claim_spans in held:
        text = ex.reference.text
        doc = nlp(text)
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for s, e, label in pred | gold:
            c = counts.setdefault(label, [0, 0, 0])
            if (s, e, label) in pred and (s, e, label) in gold:
                c[0] += 1
            elif (s, e, label) in pred:
                c[1] += 1
            else:
                c[2] += 1
        if claims:
            truth = claim_sentences(doc, claim_spans)
            for sent, is_claim in zip(doc.sents, truth, strict=True):
                said = nlp.get_pipe("textcat_multilabel")(nlp.make_doc(sent.text)).cats[CLAIM]
                guess = said >= 0.5
                if guess and is_claim:
                    claim_counts[0] += 1
                elif guess:
                    claim_counts[1] += 1
                elif is_claim:
                    claim_counts[2] += 1
    out = [Score(label, *c) for label, c in sorted(counts.items())]
    if claims:
        out.append(Score(CLAIM, *claim_counts))
    return out


def scores_table(result: TrainResult) -> str:
    """The held-out scores as a readable table."""

    def pct(v: float | None) -> str:
        return "   —" if v is None else f"{v * 100:5.1f}"

    lines = [
        f"trained on {result.train_articles} articles, scored on {result.held_out_articles} "
        f"held out, {result.epochs} epochs in {result.seconds:.1f} s -> {result.out}",
        f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
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
