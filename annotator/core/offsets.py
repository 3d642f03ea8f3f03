"""Offsets: code points (Python ``str`` indices) are the truth; Qt counts UTF-16 units.

Every conversion between the two goes through :class:`Utf16Map`. Span checks used by every
importer, by the store and by every exporter live here too.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class SpanError(ValueError):
    """A span does not fit its article's text."""


class Utf16Map:
    """Maps code-point offsets to UTF-16 offsets and back for one text.

    Only code points above U+FFFF take two UTF-16 units, so the map stores their positions and
    answers each query with a binary search: O(log n) per offset, O(k) memory for k astral chars.
    """

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._length = len(text)
        # UTF-16 position of each astral char = its code-point index + number of astral before it.
        self._astral16 = [cp + n for n, cp in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self._length:
            raise SpanError(f"offset {cp} is outside the text (0..{self._length})")
        return cp + bisect.bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int, *, snap: str = "left") -> int:
        """Code-point index for a UTF-16 position; one inside a surrogate pair snaps left/right."""
        if not 0 <= u16 <= self.utf16_length:
            raise SpanError(f"UTF-16 position {u16} is outside the text (0..{self.utf16_length})")
        n = bisect.bisect_left(self._astral16, u16)
        # u16 may sit in the middle of the astral char number n-1 (at its position + 1).
        if n and self._astral16[n - 1] + 1 == u16:
            return self._astral[n - 1] + (1 if snap == "right" else 0)
        return u16 - n


def is_boundary(text: str, i: int) -> bool:
    """True when ``i`` does not cut a user-perceived character (combining mark, ZWJ, flag, VS)."""
    if i <= 0 or i >= len(text):
        return True
    after = text[i]
    before = text[i - 1]
    if after < "\x80" and before < "\x80":  # ASCII on both sides: only CR LF holds together
        return not (before == "\r" and after == "\n")
    if unicodedata.combining(after) or unicodedata.category(after) in ("Mn", "Me", "Mc"):
        return False
    if after == "\u200d" or before == "\u200d":
        return False
    if 0xFE00 <= ord(after) <= 0xFE0F or 0x1F3FB <= ord(after) <= 0x1F3FF:  # VS, skin tones
        return False
    if 0xE0020 <= ord(after) <= 0xE007F:  # tag sequences (subdivision flags)
        return False
    if _is_regional(after) and _is_regional(before):
        # Regional indicators pair up from the start of their run: cut only between pairs.
        run = 0
        j = i - 1
        while j >= 0 and _is_regional(text[j]):
            run += 1
            j -= 1
        return run % 2 == 0
    return not (before == "\r" and after == "\n")


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def snap_to_boundaries(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` so that neither end cuts a grapheme cluster."""
    while start > 0 and not is_boundary(text, start):
        start -= 1
    while end < len(text) and not is_boundary(text, end):
        end += 1
    return start, end


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Snap a selection to whole words: trim surrounding white space, widen cut words."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word(text[start]) and _is_word(text[start - 1]):
        start -= 1
    while end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return snap_to_boundaries(text, start, end)


def check_span(text: str, start: int, end: int, span_text: str | None = None) -> None:
    """Raise :class:`SpanError` unless ``[start, end)`` is a non-empty range of ``text``
    that does not cut a character, and (when given) covers exactly ``span_text``."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise SpanError(f"offsets must be integers, not {start!r}..{end!r}")
    if isinstance(start, bool) or isinstance(end, bool):
        raise SpanError("offsets must be integers, not true/false")
    if not 0 <= start < end <= len(text):
        raise SpanError(f"span {start}..{end} is outside the text (length {len(text)}) or empty")
    if span_text is not None and text[start:end] != span_text:
        raise SpanError(
            f"span {start}..{end} covers {text[start:end]!r}, not the stated text {span_text!r}"
        )
    if not (is_boundary(text, start) and is_boundary(text, end)):
        raise SpanError(f"span {start}..{end} cuts a character apart ({text[start:end]!r})")


def remap_crlf(raw: str) -> tuple[str, list[int]]:
    """Normalise CRLF (and lone CR) to LF; return the new text and an old->new offset map.

    The map has ``len(raw) + 1`` entries so an end offset maps too.
    """
    out: list[str] = []
    mapping: list[int] = []
    n = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        mapping.append(n)
        if ch == "\r":
            if i + 1 < len(raw) and raw[i + 1] == "\n":
                # The CR disappears: it maps to where the LF lands.
                out.append("\n")
                mapping.append(n)
                n += 1
                i += 2
                continue
            out.append("\n")
        else:
            out.append(ch)
        n += 1
        i += 1
    mapping.append(n)
    return "".join(out), mapping


def remap_span(mapping: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Map a span through :func:`remap_crlf`'s offset map."""
    return mapping[start], mapping[end]
