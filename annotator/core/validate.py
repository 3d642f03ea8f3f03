"""Checks every imported record must pass before it touches the store (pure, no I/O)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from annotator.core.model import ArticleDraft
from annotator.core.offsets import SpanError, check_span, is_boundary
from annotator.core.schema import LabelSchema, LabelUse, SchemaError
from annotator.core.speakers import CUE

MAX_TEXT_CHARS = 2_000_000

GOLD_ANNOTATOR = "gold"
"""The reserved annotator name: the gold layer's, in exports and imports; no person has it."""


def is_gold_name(name: str | None) -> bool:
    """Whether ``name`` is the reserved gold name (any case, spaces around ignored)."""
    return bool(name) and str(name).strip().casefold() == GOLD_ANNOTATOR


NAME_MAX = 200
"""The longest annotator name, in characters."""


def name_problem(name: str | None) -> str | None:
    """Why an ordinary annotator cannot be called ``name``, or None: the gold layer's name,
    control or format characters (a line break, a tab, a bidirectional mark: names are shown
    in lists, file names and exports), or more than :data:`NAME_MAX` characters."""
    if is_gold_name(name):
        return (
            f"{str(name).strip()!r} is reserved for the gold layer: no annotator may have it "
            "(import gold labels with --as-gold, or records whose annotator is gold)"
        )
    if name is None:
        return None
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        return (
            f"an annotator's name cannot hold the character U+{ord(bad):04X} "
            f"({unicodedata.name(bad, 'a control character')}): {name[:60]!r}"
        )
    if len(name) > NAME_MAX:
        return f"an annotator's name has at most {NAME_MAX} characters, not {len(name)}"
    return None


def label_use(drafts: Sequence[ArticleDraft]) -> LabelUse:
    """Every label and relation type the records use, with counts, and the labels at each
    relation type's ends (a relation naming a missing span is left to :func:`validate_draft`)."""
    labels: dict[str, int] = {}
    relations: dict[str, int] = {}
    heads: dict[str, dict[str, int]] = {}
    children: dict[str, dict[str, int]] = {}
    for draft in drafts:
        keys: dict[str, str] = {}
        for span in draft.spans:
            labels[span.label] = labels.get(span.label, 0) + 1
            keys.setdefault(span.key, span.label)
        for rel in draft.relations:
            relations[rel.label] = relations.get(rel.label, 0) + 1
            for end, table in ((rel.head, heads), (rel.child, children)):
                if end in keys:
                    counts = table.setdefault(rel.label, {})
                    counts[keys[end]] = counts.get(keys[end], 0) + 1
    return LabelUse(labels, relations, heads, children)


def first_place_using(
    drafts: Sequence[ArticleDraft], labels: set[str], relations: set[str]
) -> tuple[int, str]:
    """(line, where) of the first span or relation that uses one of ``labels`` or
    ``relations``: its own line when it has one (brat), else its record's; ``where`` names the
    place when no line does (``task 2, annotation 1: span a``). (0, "") when none does."""
    for draft in drafts:
        for span in draft.spans:
            if span.label in labels:
                where = f"{draft.where}: span {span.key}" if draft.where else ""
                return span.line or draft.line, where
        for rel in draft.relations:
            if rel.label in relations:
                where = f"{draft.where}: relation {rel.head} -> {rel.child}" if draft.where else ""
                return rel.line or draft.line, where
    return 0, ""


class DraftError(ValueError):
    """A record cannot be imported; the message says why (the caller adds file:line).

    ``line`` is the line of the span or relation at fault when it has its own (brat), else 0.
    """

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def check_text(text: object) -> str:
    if not isinstance(text, str):
        raise DraftError(f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise DraftError("text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise DraftError(f"text has {len(text):,} characters, over the cap of {MAX_TEXT_CHARS:,}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DraftError(
            f"text holds a lone surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start}"
        ) from None
    if "\x00" in text:
        raise DraftError(f"text holds a NUL character at {text.index(chr(0))}: binary data?")
    if "\r" in text:
        raise DraftError("text holds carriage returns: normalise line ends before import")
    return text


def validate_draft(draft: ArticleDraft, schema: LabelSchema) -> None:
    """Raise :class:`DraftError` naming the first problem of ``draft`` (prefixed with its
    ``where``, and with the line of the span or relation when it has one)."""
    try:
        _validate(draft, schema)
    except DraftError as exc:
        if draft.where:
            raise DraftError(f"{draft.where}: {exc}", exc.line) from None
        raise


def _validate(draft: ArticleDraft, schema: LabelSchema) -> None:
    check_text(draft.text)
    if draft.spans and not draft.annotator:
        raise DraftError("spans given but no annotator: name one in the record or with --annotator")
    if draft.annotator and not is_gold_name(draft.annotator):
        problem = name_problem(draft.annotator)
        if problem:
            raise DraftError(problem)
    keys: dict[str, str] = {}
    text = draft.text
    size = len(text)
    # Every offset of an ASCII text is a boundary (check_text refused CR, so no CR LF pair).
    ascii_text = text.isascii()
    layers: dict[str, str] = {}  # the layer of each label already checked in this record
    for n, span in enumerate(draft.spans, 1):
        if span.key in keys:
            where = f"span {span.key or n}"
            raise DraftError(f"{where}: id {span.key!r} is used twice", span.line)
        lo, hi, stated = span.start, span.end, span.text
        layer = layers.get(span.label)
        # The common span passes check_span's tests here at once; any other (or the first of
        # its label, or one with attributes) goes through them all, in their order.
        if (
            layer is None
            or span.attributes
            or type(lo) is not int
            or type(hi) is not int
            or not 0 <= lo < hi <= size
            or (stated is not None and text[lo:hi] != stated)
            or not (ascii_text or (is_boundary(text, lo) and is_boundary(text, hi)))
        ):
            try:
                check_span(text, lo, hi, stated)
                layer = schema.layer_of(span.label)
                if span.attributes:
                    schema.check_attributes(layer, span.attributes, span.label)
            except (SpanError, SchemaError) as exc:
                where = f"span {span.key or n}"
                raise DraftError(f"{where}: {exc}", span.line) from None
            layers[span.label] = layer
        if span.cluster is not None and (layer != "claim" or span.label == CUE):
            where = f"span {span.key or n}"
            raise DraftError(
                f"{where}: only claims join a cluster, not a {span.label} span", span.line
            )
        keys[span.key] = span.label
    for n, rel in enumerate(draft.relations, 1):
        where = f"relation {n} ({rel.label} {rel.head}->{rel.child})"
        for end in (rel.head, rel.child):
            if end not in keys:
                raise DraftError(f"{where}: no span with id {end!r} in this record", rel.line)
        try:
            schema.check_relation(rel.label, keys[rel.head], keys[rel.child])
        except SchemaError as exc:
            raise DraftError(f"{where}: {exc}", rel.line) from None
