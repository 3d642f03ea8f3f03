"""Agreement on hand-made spans alone (``annotator agreement --hand-only``, ADR 0041).

The rule, in one sentence: **every place where a compared annotator's span began as a
suggestion is left out for everyone** — their spans there, their relations to them, the
tokens there, and its characters from αu's continuum.

A *place* on an article is found from the spans of the layer of the annotators compared
there (whatever their label):

1. spans sharing a code point are grouped, transitively (review's span groups,
   docs/agreement.md); a group holding a span whose origin is not ``hand`` is a place, the
   characters from its first start to its last end;
2. a place is widened to whole tokens (a word it cuts is left out whole), and a span sharing
   a code point with the widened place joins it (its group too); repeated until nothing
   changes.

Every span sharing a code point with a place is left out (an empty span: when its offset
lies in one). A relation is left out when its head or its child is; a child of another layer
(a claim's speaker) is judged by the same rule on that layer, among the spans the annotators
who drew relations on the article have there. Token measures (Cohen's and Fleiss' kappa,
Krippendorff's alpha) skip the tokens in places; the unitizing alpha cuts their characters
out of the continuum (the text before and after a place join).

Why: a suggestion makes annotators agree by accepting the same offer, so its places say
nothing about agreement by hand; leaving out only the accepted suggestion would leave the
other annotator's span at that place with nothing to match, a false miss.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.agreement_input import Item, LayerItem, SpanRef, SpanTuple
from annotator.core.origin import HAND
from annotator.core.tokenize import count_tokens, token_classes

Extent = tuple[int, int]  # start, end (code points, end exclusive)
_WORD = 119  # b"w" in token_classes


@dataclass
class LeftOut:
    """What ``--hand-only`` left out, summed over the articles counted (merges like the
    tally's other sums)."""

    places: int = 0  # places where a span began as a suggestion
    suggested: Counter[str] = field(default_factory=Counter)  # those spans, by origin
    spans: Counter[str] = field(default_factory=Counter)  # per annotator, of the layer
    relations: Counter[str] = field(default_factory=Counter)  # per annotator, headed here
    tokens: int = 0  # on the articles two or more compared annotators did
    characters: int = 0  # likewise

    def merge(self, later: LeftOut) -> None:
        self.places += later.places
        self.suggested.update(later.suggested)
        self.spans.update(later.spans)
        self.relations.update(later.relations)
        self.tokens += later.tokens
        self.characters += later.characters

    def to_json(self, names: Sequence[str]) -> dict[str, Any]:
        return {
            "places": self.places,
            "suggested": dict(sorted(self.suggested.items())),
            "spans": {n: self.spans[n] for n in names},
            "relations": {n: self.relations[n] for n in names},
            "tokens": self.tokens,
            "characters": self.characters,
        }


def origin_kind(origin: str) -> str:
    """``model:berita`` -> ``model``: suggestions are counted by their kind of source."""
    return origin.partition(":")[0]


def _merged(extents: Iterable[Extent]) -> list[Extent]:
    out: list[Extent] = []
    for s, e in sorted(extents):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _widened(classes: bytes, s: int, e: int) -> Extent:
    n = len(classes)
    while 0 < s < n and classes[s] == _WORD and classes[s - 1] == _WORD:
        s -= 1
    while 0 < e < n and classes[e - 1] == _WORD and classes[e] == _WORD:
        e += 1
    return s, e


def in_place(places: Sequence[Extent], start: int, end: int) -> bool:
    """Whether [start, end) shares a code point with one of ``places`` (sorted, disjoint);
    an empty span: whether its offset lies in one."""
    k = bisect_right(places, (start, 2**63)) - 1  # the last place starting at or before start
    if k >= 0 and places[k][1] > start:
        return True
    return end > start and k + 1 < len(places) and places[k + 1][0] < end


def find_places(classes: bytes, spans: Iterable[tuple[int, int, bool]]) -> list[Extent]:
    """The places (sorted, disjoint) of ``spans`` ((start, end, began as a suggestion) of
    every compared annotator, one layer), on a text of token ``classes`` (b"" when the text
    was not read: no widening)."""
    groups: list[list[Any]] = []  # [start, end, holds a suggestion]
    empty_suggested: list[Extent] = []
    for s, e, suggested in sorted(spans):
        if e <= s:
            if suggested:
                empty_suggested.append((s, s))
            continue
        if groups and s < groups[-1][1]:
            last = groups[-1]
            if e > last[1]:
                last[1] = e
            last[2] = last[2] or suggested
        else:
            groups.append([s, e, suggested])
    places = _merged((g[0], g[1]) for g in groups if g[2])
    if not places:
        return []
    while True:
        widened = _merged(_widened(classes, s, e) for s, e in places) if classes else places
        grown = _merged(
            [*widened, *((g[0], g[1]) for g in groups if in_place(widened, g[0], g[1]))]
        )
        if grown == places:
            return places
        places = grown


def _blanked(text: str, places: Sequence[Extent]) -> str:
    parts: list[str] = []
    at = 0
    for s, e in places:
        parts.append(text[at:s])
        parts.append(" " * (e - s))
        at = e
    parts.append(text[at:])
    return "".join(parts)


def leave_out_suggestions(
    item: Item | LayerItem, layer: str, names: Sequence[str], left_out: LeftOut
) -> LayerItem:
    """``item`` narrowed to ``layer`` and to the chosen ``names``, with every place where a
    compared annotator's span began as a suggestion left out (the module's rule); what was
    left out is added to ``left_out``. The text keeps its length (places blanked: no tokens
    there); ``cut`` lists the places for αu, whose continuum they are cut out of."""
    spans: dict[str, list[SpanTuple]] = {}
    origins: dict[str, list[str]] = {}
    relations: Mapping[str, tuple[Sequence[SpanRef], Sequence[Any]]]
    if isinstance(item, Item):
        ann = item.annotations
        coders = [n for n in names if n in ann]
        for c in coders:
            mine = [s for s in ann[c] if s.layer == layer]
            spans[c] = [(s.start, s.end, s.label) for s in mine]
            origins[c] = [s.origin for s in mine]
        relations = {c: (ann[c], r) for c in coders if (r := item.relations.get(c))}
    else:
        coders = [n for n in names if n in item.spans]
        for c in coders:
            spans[c] = list(item.spans[c])
            given = item.origins.get(c)
            origins[c] = list(given) if given is not None else [HAND] * len(spans[c])
        relations = {c: w for c, w in item.relations.items() if c in spans}
    text = item.text
    classes = token_classes(text) if text else b""
    places = find_places(
        classes,
        (
            (s, e, o != HAND)
            for c in coders
            for (s, e, _), o in zip(spans[c], origins[c], strict=True)
        ),
    )
    kept_spans: dict[str, Sequence[SpanTuple]] = dict(spans)
    if places:
        left_out.places += len(places)
        for c in coders:
            kept: list[SpanTuple] = []
            for span, origin in zip(spans[c], origins[c], strict=True):
                if in_place(places, span[0], span[1]):
                    left_out.spans[c] += 1
                    if origin != HAND:
                        left_out.suggested[origin_kind(origin)] += 1
                else:
                    kept.append(span)
            kept_spans[c] = kept
    kept_relations = _relations(relations, layer, places, classes, left_out)
    if not places:
        return LayerItem(item.article_id, text, kept_spans, kept_relations)
    if len(coders) > 1 and text:
        left_out.tokens += sum(count_tokens(classes[s:e]) for s, e in places)
        left_out.characters += sum(e - s for s, e in places)
    return LayerItem(
        item.article_id,
        _blanked(text, places) if text else text,
        kept_spans,
        kept_relations,
        cut=tuple(places),
    )


def _relations(
    relations: Mapping[str, tuple[Sequence[SpanRef], Sequence[Any]]],
    layer: str,
    places: Sequence[Extent],
    classes: bytes,
    left_out: LeftOut,
) -> dict[str, tuple[Sequence[SpanRef], Sequence[Any]]]:
    """The relations whose two ends are kept, with the kept spans (every layer)."""
    if not relations:
        return {}
    # Places of the other layers, among the spans the annotators who drew relations have there.
    by_layer: dict[str, list[tuple[int, int, bool]]] = {}
    for spans, _ in relations.values():
        for s in spans:
            if s.layer != layer:
                by_layer.setdefault(s.layer, []).append(
                    (s.start, s.end, getattr(s, "origin", HAND) != HAND)
                )
    layer_places = {name: find_places(classes, ex) for name, ex in by_layer.items()}
    layer_places[layer] = list(places)
    out: dict[str, tuple[Sequence[SpanRef], Sequence[Any]]] = {}
    for c, (spans, rels) in relations.items():
        kept = [s for s in spans if not in_place(layer_places[s.layer], s.start, s.end)]
        if len(kept) == len(spans):
            out[c] = (spans, rels)
            continue
        ids = {s.id for s in kept}
        layer_of = {s.id: s.layer for s in spans}
        kept_rels = []
        for r in rels:
            if r.head in ids and r.child in ids:
                kept_rels.append(r)
            elif layer_of.get(r.head) == layer:
                left_out.relations[c] += 1
        out[c] = (kept, kept_rels)
    return out
