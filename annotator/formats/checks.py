"""Checks every span passes before it is written: its text, token boundaries, nesting.

Tokens come from the one tokenizer, :func:`annotator.core.tokenize.tokenize`
(``\\w+|[^\\w\\s]``, Unicode). A span that does not start and end on token boundaries
cannot be written to a token format without moving it; it is reported, never moved.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Span
from annotator.core.tokenize import split_tokens
from annotator.formats.common import FormatError


@dataclass(frozen=True)
class Tokens:
    """The tokens of one text: ``words`` (their strings), ``starts`` and ``ends`` (code
    points), and ``gaps``, what lies around them (``gaps[i]`` just before token ``i``, the last
    one after the last token), so the token formats write them without slicing the text
    again. Built by one ``re.split`` and C-level sums: no Python loop per token; ``offsets``
    pairs are made only for the formats that write them."""

    words: list[str]
    gaps: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Tokens:
        parts = split_tokens(text)  # gap, token, gap, token, ..., gap
        ends_of_parts = list(accumulate(map(len, parts)))
        return cls(parts[1::2], parts[0::2], ends_of_parts[0:-1:2], ends_of_parts[1::2])

    @cached_property
    def offsets(self) -> list[tuple[int, int]]:
        """(start, end) of every token."""
        return list(zip(self.starts, self.ends, strict=True))

    def __len__(self) -> int:
        return len(self.starts)

    def first_at(self, start: int) -> int | None:
        """The token starting at ``start``, or None."""
        i = bisect_left(self.starts, start)
        return i if i < len(self.starts) and self.starts[i] == start else None

    def last_at(self, end: int) -> int | None:
        """The token ending at ``end``, or None."""
        i = bisect_left(self.ends, end)
        return i if i < len(self.ends) and self.ends[i] == end else None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(first token, last token) of an aligned span: inclusive, Prodigy's convention."""
        first, last = self.first_at(start), self.last_at(end)
        if first is None or last is None:
            raise KeyError((start, end))
        return first, last


@dataclass(frozen=True)
class Misaligned:
    """A span that cannot be written to the chosen format as it is."""

    article: str
    annotator: str | None
    span_id: int
    start: int
    end: int
    label: str
    text: str
    why: str

    def __str__(self) -> str:
        who = f" ({self.annotator})" if self.annotator else ""
        return (
            f"article {self.article}{who}: span {self.span_id} {self.start}..{self.end} "
            f"{self.label} {self.text!r}: {self.why}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class DroppedRelation:
    """A relation left out of an export because a span it joins was left out."""

    article: str
    annotator: str | None
    relation_id: int
    label: str
    head: int
    child: int
    why: str

    def __str__(self) -> str:
        who = f" ({self.annotator})" if self.annotator else ""
        return (
            f"article {self.article}{who}: relation {self.relation_id} {self.label} "
            f"span {self.head} -> span {self.child}: {self.why}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def dropped_relations(doc: Document, span_ids: set[int]) -> list[DroppedRelation]:
    """The relations of ``doc`` that :func:`without` leaves out with ``span_ids``."""
    out = []
    for r in doc.relations:
        gone = [x for x in (r.head, r.child) if x in span_ids]
        if gone:
            out.append(
                DroppedRelation(
                    article_name(doc),
                    doc.annotator,
                    r.id,
                    r.label,
                    r.head,
                    r.child,
                    f"its span {gone[0]} was left out",
                )
            )
    return out


def article_name(doc: Document) -> str:
    return doc.article.external_id or str(doc.article.id)


def check_text(doc: Document, out: Path) -> None:
    """Every span's stored text is the article's text there; every relation joins two of the
    document's spans. Anything else is damage (``annotator db check``): a FormatError."""
    text = doc.article.text
    for sp in doc.spans:
        if text[sp.start : sp.end] != sp.text:
            raise FormatError(
                out,
                0,
                f"article {article_name(doc)}: span {sp.id} ({sp.start}..{sp.end} {sp.label}) "
                f"stores {sp.text!r} but the text there is {text[sp.start : sp.end]!r}; "
                "run `annotator db check`",
            )
    ids = {sp.id for sp in doc.spans}
    for rel in doc.relations:
        if rel.head not in ids or rel.child not in ids:
            raise FormatError(
                out,
                0,
                f"article {article_name(doc)}: relation {rel.id} links a span that is not "
                f"{doc.annotator}'s; run `annotator db check`",
            )


def misaligned(
    doc: Document, tokens: Tokens | None, flat_layers: frozenset[str]
) -> list[Misaligned]:
    """Spans that do not align to ``tokens``, or that overlap another span of a layer in
    ``flat_layers`` (IOB tags and ``doc.ents`` cannot nest)."""
    out: list[Misaligned] = []
    bad: set[int] = set()

    def report(sp: Span, why: str) -> None:
        bad.add(sp.id)
        out.append(
            Misaligned(
                article_name(doc), doc.annotator, sp.id, sp.start, sp.end, sp.label, sp.text, why
            )
        )

    text = doc.article.text
    if tokens is not None:
        starts, ends = tokens.starts, tokens.ends  # first_at and last_at, inline: every span
        n = len(starts)
        for sp in doc.spans:
            a, b = sp.start, sp.end
            i = bisect_left(starts, a)
            if i == n or starts[i] != a:
                report(sp, f"starts inside or before a token ({_around(text, a)})")
                continue
            i = bisect_left(ends, b)
            if i == n or ends[i] != b:
                report(sp, f"ends inside or after a token ({_around(text, b)})")
            elif a >= b:
                report(sp, "is empty")
    if flat_layers:
        last: dict[str, Span] = {}
        for sp in sorted(doc.spans, key=lambda s: (s.start, -s.end, s.id)):
            if sp.id in bad or sp.layer not in flat_layers:
                continue
            prev = last.get(sp.layer)
            if prev is not None and sp.start < prev.end:
                report(
                    sp,
                    f"overlaps span {prev.id} ({prev.start}..{prev.end} {prev.label}) of the "
                    f"{sp.layer} layer, and IOB tags cannot nest",
                )
                continue
            last[sp.layer] = sp
    return out


def _around(text: str, pos: int) -> str:
    return f"at {pos}: {text[max(0, pos - 8) : pos]!r}|{text[pos : pos + 8]!r}"


def without(doc: Document, span_ids: set[int]) -> Document:
    """``doc`` without the given spans and the relations that touch them."""
    if not span_ids:
        return doc
    return doc._replace(
        spans=[s for s in doc.spans if s.id not in span_ids],
        relations=[r for r in doc.relations if r.head not in span_ids and r.child not in span_ids],
    )
