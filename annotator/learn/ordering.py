"""Which article "Next article" opens next, besides the corpus's order (issue 17): the most
open suggestions first, or the model's least certain first. Core and spaCy only: the GUI
reads the documents on its runner's thread and hands them here, off the GUI thread.

* :func:`suggestion_counts` — per article not done yet: how many suggestions the memory (every
  entity form the annotator labelled anywhere), the gazetteers and the rules offer where the
  annotator has no span yet.
* :func:`uncertainties` — per article not done yet: the model's mean uncertainty about its
  sentences holding a claim (the binary entropy of the claim classifier's score, 0 when sure,
  1 bit at 0.5); a model without a claim classifier is sure of everything (0).
* :func:`ranking` — the article ids, highest value first (then by id).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core.model import Document, Status
from annotator.core.suggestions import Lexicon, Suggestion, Words, rule_suggestions


def _open(found: Sequence[Suggestion], skip: Sequence[tuple[int, int]]) -> int:
    return sum(1 for s in found if not any(a < s.end and s.start < b for a, b in skip))


def suggestion_counts(
    documents: Iterable[Document], gazetteer: Iterable[tuple[str, str]] = ()
) -> dict[int, int]:
    """Open suggestions (memory + gazetteer + rules) per article not done, by article id."""
    docs = list(documents)
    memory = Lexicon()
    for d in docs:
        memory.update((s.text, s.label) for s in d.spans if s.layer == "entity")
    terms = Lexicon(origin="gazetteer", fold=True)
    terms.update(gazetteer)
    out: dict[int, int] = {}
    for d in docs:
        if d.status is Status.DONE:
            continue
        text = d.article.text
        skip = [(s.start, s.end) for s in d.spans]
        words = Words(text)
        out[d.article.id] = (
            len(memory.match(text, skip=skip, tokens=words))
            + len(terms.match(text, skip=skip, tokens=words))
            + _open(rule_suggestions(text, d.article.language, tokens=words), skip)
        )
    return out


def entropy(p: float) -> float:
    """The binary entropy of ``p`` in bits (0 for 0 and 1, 1 for 0.5)."""
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def uncertainties(documents: Iterable[Document], model: Path) -> dict[int, float]:
    """The model's mean uncertainty per article not done, by article id."""
    from annotator.learn.model import ModelSuggester

    suggester = ModelSuggester(model)
    return {
        d.article.id: suggester.uncertainty(d.article.text)
        for d in documents
        if d.status is not Status.DONE
    }


def ranking(values: dict[int, float] | dict[int, int]) -> list[int]:
    """Article ids, the highest value first, then the lower id."""
    return sorted(values, key=lambda k: (-values[k], k))
