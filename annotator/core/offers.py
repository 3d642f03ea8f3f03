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

from annotator.core.suggestions import Lexicon, Suggestion, claim_candidates, rule_suggestions

__all__ = [
    "DEFAULT_SOURCES",
    "SOURCES",
    "Accept",
    "Offer",
    "from_suggestions",
    "occurrences",
    "rule_offers",
    "settle",
    "speaker_label",
]

#: The sources a corpus can turn on and off (the model's needs a model chosen too).
SOURCES = ("memory", "gazetteer", "rules", "model")
DEFAULT_SOURCES = frozenset({"memory", "gazetteer", "rules", "model"})


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
    return [_offer(s.start, s.end, s.labels[0], s.origin, s.text) for s in found]


def _offer(start: int, end: int, label: str, origin: str, text: str) -> Offer:
    """``Offer(start, end, label, origin, text)`` made without the frozen dataclass's
    ``__init__`` (six ``object.__setattr__`` calls: twice the time, ~3 ms more for an
    article's 3,000 suggestions): its ``__dict__`` is the one ``__init__`` fills, the fields
    in their order, so it is equal, hashes and prints the same."""
    o = object.__new__(Offer)
    o.__dict__.update(start=start, end=end, label=label, origin=origin, text=text, speaker=None)
    return o


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
