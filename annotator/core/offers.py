"""What the text pane offers an annotator in one article: the sources' suggestions (core/
suggestions.py, a model's, those waiting in the store) merged, with what the annotator has
already labelled or rejected left out (issue 17, ADR 0030). Pure Python.

An :class:`Offer` is one suggestion with one label; ``speaker`` is a claim candidate's
proposed SAID_BY speaker (its place), labelled when accepted (:func:`speaker_label`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.origin import origin_problem
from annotator.core.speakers import CUE
from annotator.core.suggestions import Lexicon, Suggestion, claim_candidates, rule_suggestions

if TYPE_CHECKING:
    from annotator.core.model import Relation, Span

__all__ = [
    "ANNOTATOR",
    "DEFAULT_SOURCES",
    "SOURCES",
    "Accept",
    "Offer",
    "SourceAnnotator",
    "annotator_of",
    "annotator_offers",
    "from_suggestions",
    "occurrences",
    "rule_offers",
    "settle",
    "source_problem",
    "speaker_label",
]

#: The sources a corpus can turn on and off (the model's needs a model chosen too).
SOURCES = ("memory", "gazetteer", "rules", "model")
DEFAULT_SOURCES = frozenset({"memory", "gazetteer", "rules", "model"})
#: Another annotator's labels as a source: ``annotator:NAME`` (issue 17, ADR 0039).
ANNOTATOR = "annotator:"
MODEL = "model:"
SPEAKER = "SAID_BY"


def annotator_of(source: str) -> str | None:
    """The annotator an ``annotator:NAME`` source names (None for another source)."""
    if source.startswith(ANNOTATOR) and origin_problem(source) is None:
        return source[len(ANNOTATOR) :]
    return None


def source_problem(source: str) -> str | None:
    """Why ``source`` is not a suggestion source (None when it is one)."""
    if source in SOURCES or annotator_of(source) is not None:
        return None
    return f"unknown suggestion source {source!r}: {', '.join(SOURCES)} or annotator:NAME"


@dataclass(frozen=True)
class SourceAnnotator:
    """An annotator whose labels the reader may take suggestions from: their name, and
    whether they are a model (every span of theirs began as a model's, ``model:…``, as Label
    Studio predictions import: ADR 0039)."""

    name: str
    model: bool

    @property
    def source(self) -> str:
        return ANNOTATOR + self.name


@dataclass(frozen=True)
class Offer:
    """A suggestion with its one label: ``[start, end)`` in code points, where it came from
    (``origin``: core/origin.py), its text, and for a claim the speaker proposed."""

    start: int
    end: int
    label: str
    origin: str
    text: str = ""
    speaker: tuple[int, int] | None = None
    speaker_label: str | None = None  # the speaker's label, when the source knows it
    others: tuple[str, ...] = ()
    """The form's other labels, less likely first (a form labelled two ways, ranked by count:
    the pane says them; a label key accepts the offer with one of them)."""

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class Accept:
    """A suggestion accepted: the span to make, in which article, and (a claim's) speaker
    as (start, end, label)."""

    article_id: int
    start: int
    end: int
    label: str
    origin: str
    speaker: tuple[int, int, str] | None = None


def from_suggestions(found: Iterable[Suggestion]) -> list[Offer]:
    """The sources' suggestions as offers, each with its most likely label (thousands for
    an opened article: made without the frozen dataclass's ``__init__``, see _offer)."""
    return [_offer(s.start, s.end, s.labels[0], s.origin, s.text, s.labels[1:]) for s in found]


def _offer(
    start: int, end: int, label: str, origin: str, text: str, others: tuple[str, ...] = ()
) -> Offer:
    """``Offer(start, end, label, origin, text)`` made without the frozen dataclass's
    ``__init__`` (six ``object.__setattr__`` calls: twice the time, ~3 ms more for an
    article's 3,000 suggestions): its ``__dict__`` is the one ``__init__`` fills, the fields
    in their order, so it is equal, hashes and prints the same."""
    o = object.__new__(Offer)
    o.__dict__.update(
        start=start,
        end=end,
        label=label,
        origin=origin,
        text=text,
        speaker=None,
        speaker_label=None,
        others=others,
    )
    return o


def annotator_offers(
    name: str, spans: Iterable[Span], relations: Iterable[Relation]
) -> list[Offer]:
    """Annotator ``name``'s spans (of one article) as offers, in text order. Their origin:
    ``annotator:NAME``; when every span of theirs here began as a model's (a model's
    predictions, imported: ``model:<model_version>``), each span's own ``model:…`` origin. A
    claim they linked to its speaker by SAID_BY brings the speaker's place and label. Cue
    words are left out (they belong to their claim)."""
    spans = list(spans)
    model = bool(spans) and all(s.origin.startswith(MODEL) for s in spans)
    by_id = {s.id: s for s in spans}
    speakers: dict[int, Span] = {}
    for r in sorted(relations, key=lambda r: r.id):
        child = by_id.get(r.child)
        if r.label == SPEAKER and r.head in by_id and child is not None:
            speakers.setdefault(r.head, child)
    other = f"{ANNOTATOR}{name}"
    out = []
    for s in spans:
        if s.label == CUE:
            continue
        said = speakers.get(s.id)
        out.append(
            Offer(
                s.start,
                s.end,
                s.label,
                s.origin if model else other,
                s.text,
                (said.start, said.end) if said is not None else None,
                said.label if said is not None else None,
            )
        )
    out.sort(key=lambda o: (o.start, -o.end, o.label))
    return out


def rule_offers(text: str, language: str | None, claim_label: str | None) -> list[Offer]:
    """Quantities, dates and claim candidates (each with its cited speaker's place)."""
    out = from_suggestions(rule_suggestions(text, language, claim=None))
    if claim_label is not None:
        for c in claim_candidates(text):
            out.append(Offer(c.start, c.end, claim_label, "rule", text[c.start : c.end], c.speaker))
    out.sort(key=lambda o: (o.start, -o.end))
    return out


def settle(
    offers: Iterable[Offer],
    layer_of: Callable[[str], str | None],
    mine: Iterable[tuple[int, int, str]],
    rejected: Iterable[tuple[int, int, str]] = (),
) -> list[Offer]:
    """What is offered, in text order: ``offers`` (best source first) whose label the
    schema knows (``layer_of`` gives None otherwise), not rejected (``(start, end, label)``),
    not overlapping one of ``mine`` (``(start, end, layer)``) of the same layer, and not
    overlapping an offer of the same layer kept before it."""
    refused = set(rejected)
    by_layer: dict[str, list[tuple[int, int]]] = {}
    for start, end, layer in mine:
        by_layer.setdefault(layer, []).append((start, end))
    taken = {layer: _Taken(places) for layer, places in by_layer.items()}
    kept: list[Offer] = []
    for offer in offers:
        found = layer_of(offer.label)
        if found is None or offer.key in refused or offer.start >= offer.end:
            continue
        places = taken.get(found)
        if places is None:
            places = taken[found] = _Taken(())
        if places.take(offer.start, offer.end):
            kept.append(offer)
    kept.sort(key=lambda o: (o.start, -o.end, o.label))
    return kept


class _Taken:
    """Stretches taken, as disjoint intervals in order: an overlap test and an insert by
    bisection (2,000 offers over 2,000 spans: milliseconds, not a scan per offer)."""

    def __init__(self, places: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(p for p in places if p[1] > p[0]):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [m[0] for m in merged]
        self._ends = [m[1] for m in merged]

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) if nothing taken overlaps it; whether it was taken."""
        i = bisect.bisect_left(self._starts, end)  # intervals starting before ``end``
        if i and self._ends[i - 1] > start:  # disjoint and sorted: the last one reaches furthest
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


def speaker_label(form: str, allowed: Sequence[str], memory: Lexicon | None = None) -> str | None:
    """The label a claim's proposed speaker gets: the one the memory gave ``form`` most
    often among ``allowed`` (SAID_BY's child labels), else the first allowed."""
    if not allowed:
        return None
    if memory is not None:
        for s in memory.match(form):
            if (s.start, s.end) == (0, len(form)):
                for label in s.labels:
                    if label in allowed:
                        return label
    return allowed[0]


def occurrences(
    text: str, form: str, label: str, mine: Iterable[tuple[int, int]] = ()
) -> list[Offer]:
    """Every place ``form`` occurs in ``text`` at word boundaries, as ``label`` offers of
    origin ``memory`` ("label all occurrences"), leaving out places overlapping ``mine``."""
    lexicon = Lexicon()
    lexicon.add(form, label)
    return from_suggestions(lexicon.match(text, skip=list(mine)))
