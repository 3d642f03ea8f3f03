"""Checks every imported record must pass before it touches the store (pure, no I/O)."""

from __future__ import annotations

from annotator.core.model import ArticleDraft
from annotator.core.offsets import SpanError, check_span
from annotator.core.schema import LabelSchema, SchemaError

MAX_TEXT_CHARS = 2_000_000


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
    keys: dict[str, str] = {}
    for n, span in enumerate(draft.spans, 1):
        where = f"span {span.key or n}"
        if span.key in keys:
            raise DraftError(f"{where}: id {span.key!r} is used twice", span.line)
        try:
            check_span(draft.text, span.start, span.end, span.text)
            layer = schema.layer_of(span.label)
            schema.check_attributes(layer, span.attributes)
        except (SpanError, SchemaError) as exc:
            raise DraftError(f"{where}: {exc}", span.line) from None
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
