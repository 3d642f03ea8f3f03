"""The one tokenizer: used by token-level agreement (and by BIO export).

A token is a match of ``\\w+|[^\\w\\s]`` (Python ``re``, Unicode): a maximal run of word
characters (letters, digits, marks that ``str.isalnum`` accepts, and ``_``), or any single
character that is neither a word character nor whitespace (punctuation, symbols, each code
point of an emoji). Offsets are code points, end exclusive, like everywhere else.

Labelling tokens from the spans of one layer (see docs/agreement.md):

* A span **covers** a token when they share at least one code point. A span edge that cuts
  a token therefore labels the whole token (annotators who miss a letter still agree on the
  word); a span that covers only whitespace labels nothing; an empty span labels nothing.
* When several spans of the layer cover a token, the **innermost** wins: the shortest span,
  ties broken by the earliest start, then by the label's name (so the result never depends
  on the order the spans come in).
* A token no span covers is labelled ``O``. Labels are types only (no B-/I- prefixes).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
OUTSIDE = "O"


class SpanLike(Protocol):
    """Anything with code-point ``start``/``end`` and a ``label`` (``core.model.Span`` is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...


_TOKEN_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Every token of ``text`` as (start, end) code-point offsets, in order."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def split_tokens(text: str) -> list[str]:
    """``text`` cut into gap, token, gap, token, …, gap (``2n + 1`` strings for ``n`` tokens,
    gaps possibly empty; joined they are ``text``): the tokens of :func:`tokenize`, in C."""
    return _TOKEN_SPLIT_RE.split(text)


def _class_of(ch: str) -> str:
    if ch.isalnum() or ch == "_":
        return "w"
    return " " if ch.isspace() else "p"


_STAND_IN = {"w": "a", " ": " ", "p": "!"}  # an ASCII character of each class


def _encode_classes(err: UnicodeError) -> tuple[str, int]:
    """Encode error handler: each non-ASCII character becomes an ASCII one of its class."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    chars = err.object[err.start : err.end]
    return "".join([_STAND_IN[_class_of(ch)] for ch in chars]), err.end


codecs.register_error("annotator.token-classes", _encode_classes)
_CLASS_TABLE = bytes(ord(_class_of(chr(i))) if i < 128 else ord("p") for i in range(256))
_CLASS_TOKEN_RE = re.compile(rb"w+|p")


def token_classes(text: str) -> bytes:
    """One byte per code point: ``w`` word character, `` `` whitespace, ``p`` anything else.

    Tokens are then the runs of ``w`` and the single ``p`` bytes, at the same offsets as in
    ``text``. Built with C-speed ``encode``/``translate`` (non-ASCII characters go through
    an error handler, once per run), so agreement can count and locate tokens without
    running the regex over the whole text.
    """
    return text.encode("ascii", "annotator.token-classes").translate(_CLASS_TABLE)


def count_tokens(text: str | bytes) -> int:
    """``len(tokenize(text))``; ``text`` may also be its :func:`token_classes`.

    Tokens are the ``p`` bytes plus the runs of ``w`` (a ``w`` at the start or after a space
    or a ``p``). Three C-level counts, no copy of the text.
    """
    cl = token_classes(text) if isinstance(text, str) else text
    return cl.count(b"p") + cl.count(b" w") + cl.count(b"pw") + cl.startswith(b"w")


def token_starts(classes: bytes, start: int, end: int) -> list[int]:
    """Starts of the tokens sharing a code point with [start, end), from :func:`token_classes`."""
    if end <= start:
        return []
    pos = start if start > 0 else 0
    if 0 < pos < len(classes) and classes[pos] == 119 and classes[pos - 1] == 119:  # b"w"
        pos = max(classes.rfind(b" ", 0, pos), classes.rfind(b"p", 0, pos)) + 1
    if classes.find(b" ", pos, end) < 0 and classes.find(b"p", pos, end) < 0:
        return [pos] if pos < len(classes) else []  # inside one word
    return [m.start() for m in _CLASS_TOKEN_RE.finditer(classes, pos, end)]


def tokens_overlapping(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tokens that share at least one code point with ``text[start:end]``.

    Scans only around the span: it backs up to the start of a word the span begins inside,
    then reads tokens until one starts at or after ``end``.
    """
    if end <= start:
        return []
    pos = max(0, start)
    while 0 < pos < len(text) and _is_word(text[pos]) and _is_word(text[pos - 1]):
        pos -= 1
    out: list[tuple[int, int]] = []
    for m in TOKEN_RE.finditer(text, pos):
        if m.start() >= end:
            break
        out.append(m.span())
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _winner_last(spans: Iterable[SpanLike]) -> list[SpanLike]:
    """Spans ordered so that the span that wins a token (innermost) comes last."""
    return sorted(spans, key=lambda s: (s.end - s.start, s.start, s.label), reverse=True)


def sparse_token_labels(text: str, spans: Iterable[SpanLike]) -> dict[int, str]:
    """{token start: label} for the tokens some span covers; every other token is ``O``.

    ``spans`` are the spans of one layer. This is what agreement uses: it never tokenizes
    the parts of the text that no span touches.
    """
    labels: dict[int, str] = {}
    classes = token_classes(text)
    for span in _winner_last(spans):
        for tok_start in token_starts(classes, span.start, span.end):
            labels[tok_start] = span.label
    return labels


def token_labels(
    text: str, spans: Iterable[SpanLike], tokens: Sequence[tuple[int, int]] | None = None
) -> list[str]:
    """One label per token of ``text`` (``tokens`` if given, else ``tokenize(text)``)."""
    if tokens is None:
        tokens = tokenize(text)
    sparse = sparse_token_labels(text, spans)
    return [sparse.get(start, OUTSIDE) for start, _ in tokens]
