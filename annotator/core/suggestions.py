"""Suggestions that learn from the researcher's own labels, offline: memory, gazetteers, rules.

Pure Python (no Qt, no store). Every suggestion says where it came from (``origin``:
``memory``, ``gazetteer``, ``rule``) and is only ever *offered*: the store keeps what the
researcher accepts as their own span, with that origin (issue 17).

* :class:`Lexicon` — surface forms with the labels they were given and how often: the corpus
  memory (every form this annotator or gold labelled) and gazetteers (a term list). Matching
  is a walk of a word-level trie from each word start (Aho–Corasick's job for whole words:
  no regex per form, the cost is the article's words times the longest form's length), at
  word boundaries, the longest match winning; a form labelled two ways is offered with both,
  ranked by count.
* :func:`rule_suggestions` — quantities (``core/quantities.py``) as ``QUANTITY``, dates in
  Indonesian and English as ``DATE``, and claim candidates from reporting cues (*kata, ujar,
  menurut, said, according to* …) with the cited speaker proposed for ``SAID_BY``.

Words are the tokens of ``core/tokenize.py``'s tokenizer (``\\w+`` or one other character),
so "Kim Jong Un" is three words and "Rusia-Korut" three. Offsets are code points.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import add
from typing import NamedTuple

import numpy as np

from annotator.core.quantities import NUMBER_STARTS as _NUMBER_STARTS
from annotator.core.quantities import parse as parse_quantities
from annotator.core.tokenize import TOKEN_RE

__all__ = [
    "CUES",
    "ClaimCandidate",
    "Lexicon",
    "Suggestion",
    "Words",
    "claim_candidates",
    "date_spans",
    "rule_suggestions",
    "words",
]


class Suggestion(NamedTuple):
    """A span offered to the annotator. ``labels``: every label the source knows for it,
    most likely first (``label`` is the first); ``counts`` how often each was given.

    A named tuple, immutable and hashable as the frozen dataclass it was, and made in a
    sixth of the time (an article offers thousands; a frozen dataclass's ``__init__`` sets
    each field through ``object.__setattr__``)."""

    start: int
    end: int
    labels: tuple[str, ...]
    origin: str
    counts: tuple[int, ...] = ()
    text: str = ""

    @property
    def label(self) -> str:
        return self.labels[0]


def words(text: str) -> list[tuple[int, int]]:
    """The words of ``text`` as (start, end): the one tokenizer's tokens."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


_SPLIT = re.compile(f"({TOKEN_RE.pattern})")


def _class_of(ch: str) -> int:
    """A code point's class for the tokenizer: 0 white space (``\\s``, ``str.isspace``),
    1 a word character (``\\w``: ``str.isalnum`` or "_") that is not a decimal digit or
    "_", 2 a decimal digit (``\\d``, ``str.isdecimal``), 3 "_", 4 anything else (a token
    by itself)."""
    if ch == "_":
        return 3
    if ch.isdecimal():
        return 2
    if ch.isalnum():
        return 1
    return 0 if ch.isspace() else 4


#: The classes of the code points 0–255, indexed by a code point's low byte (right for
#: ASCII; the others are classified one distinct code point at a time).
_LOW_CLASSES = bytes(_class_of(chr(i)) for i in range(256))
_WORD_CLASS = np.array([False, True, True, True, False])
#: Below this many code points ``re.split`` is cheaper than numpy's fixed costs.
_NUMPY_FROM = 2000


def _code_point_classes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``text``'s code points (UTF-32, lone surrogates kept) and their classes
    (:func:`_class_of`), made at C speed: ASCII by one ``bytes.translate`` of the low
    bytes, the rest by one call of :func:`_class_of` per distinct code point."""
    raw = text.encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(raw, np.uint32)
    classes = np.frombuffer(raw[::4].translate(_LOW_CLASSES), np.uint8)
    if not text.isascii():
        at = np.flatnonzero(points >= 128)
        distinct, which = np.unique(points[at], return_inverse=True)
        own = np.array([_class_of(chr(c)) for c in distinct.tolist()], np.uint8)
        classes = classes.copy()
        classes[at] = own[which]
    return points, classes


def _split_by_classes(text: str) -> tuple[list[str], list[int], list[int], np.ndarray]:
    """The tokens of ``TOKEN_RE`` (runs of word characters; any other character that is
    not white space alone) from the code points' classes: their texts, starts and ends,
    and the classes. A token starts at a word character after none and at every other
    one; the texts are the white-space split of the text with a space on both sides of
    every such other character (``str.split`` cuts at ``str.isspace``, as ``\\s`` does)."""
    points, classes = _code_point_classes(text)
    word = _WORD_CLASS[classes]
    other = classes == 4
    first = np.empty(len(word), bool)
    last = np.empty(len(word), bool)
    first[0], last[-1] = word[0], word[-1]
    np.greater(word[1:], word[:-1], out=first[1:])
    np.greater(word[:-1], word[1:], out=last[:-1])
    first |= other
    last |= other
    alone = np.flatnonzero(other)
    spaced = np.insert(points, np.concatenate([alone, alone + 1]), 32)
    texts = spaced.tobytes().decode("utf-32-le", "surrogatepass").split()
    starts = np.flatnonzero(first).tolist()
    ends = (np.flatnonzero(last) + 1).tolist()
    return texts, starts, ends, classes


class Words:
    """The one tokenizer's tokens of a text, split once and shared by every source: their
    texts, starts and ends (made at C speed, not a Python loop per token: a long text by
    numpy from its code points' classes, a short one by one ``re.split`` and prefix sums),
    and their lower-cased and case-folded texts and the starts of its digit runs when a
    source asks."""

    __slots__ = ("_classes", "_digits", "_folded", "_lowered", "ends", "starts", "text", "texts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._classes: np.ndarray | None = None
        if len(text) >= _NUMPY_FROM:
            self.texts, self.starts, self.ends, self._classes = _split_by_classes(text)
        else:
            parts = _SPLIT.split(text)
            offsets = list(accumulate(map(len, parts), initial=0))
            self.texts = parts[1::2]
            self.starts = offsets[1:-1:2]
            self.ends = offsets[2::2]
        self._folded: list[str] | None = None
        self._lowered: list[str] | None = None
        self._digits: list[int] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    @property
    def folded(self) -> list[str]:
        if self._folded is None:
            self._folded = list(map(str.casefold, self.texts))
        return self._folded

    @property
    def lowered(self) -> list[str]:
        if self._lowered is None:
            self._lowered = list(map(str.lower, self.texts))
        return self._lowered

    @property
    def digit_starts(self) -> list[int]:
        """Where each run of decimal digits (``\\d``) begins."""
        if self._digits is None:
            if self._classes is None:
                self._digits = [m.start() for m in _DIGITS.finditer(self.text)]
            else:
                digit = self._classes == 2
                first = np.empty(len(digit), bool)
                first[0] = digit[0]
                np.greater(digit[1:], digit[:-1], out=first[1:])
                self._digits = np.flatnonzero(first).tolist()
        return self._digits

    def starts_where(self, keys: list[str], wanted: Container[str]) -> list[int]:
        """The starts of the words whose key (one of ``keys``, parallel to the words) is in
        ``wanted``."""
        return list(compress(self.starts, map(wanted.__contains__, keys)))


class _Node:
    """A trie node: the next words, and the labels of the form ending here (if one does),
    with ``ranked``: those labels and counts, most given first, as a suggestion carries
    them (made when a match first needs them, dropped when the counts change)."""

    __slots__ = ("labels", "next", "ranked")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.labels: Counter[str] | None = None
        self.ranked: tuple[tuple[str, ...], tuple[int, ...]] | None = None

    def rank(self) -> tuple[tuple[str, ...], tuple[int, ...]]:
        assert self.labels is not None
        order = sorted(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))
        self.ranked = (tuple(k for k, _ in order), tuple(c for _, c in order))
        return self.ranked


@dataclass
class Lexicon:
    """Surface forms -> labels with counts, matched at word boundaries, longest first.

    ``fold``: match ignoring case (a gazetteer of lower-case terms); by default case counts
    ("Putin" is not "putin"), as names in news text are written."""

    origin: str = "memory"
    fold: bool = False
    _root: _Node = field(default_factory=_Node, repr=False)
    _size: int = 0

    def __len__(self) -> int:
        return self._size

    def _key(self, word: str) -> str:
        return word.casefold() if self.fold else word

    def _find(self, form: str) -> _Node | None:
        node: _Node | None = self._root
        for s, e in words(form):
            if node is None:
                return None
            node = node.next.get(self._key(form[s:e]))
        return node if node is not self._root else None

    def add(self, form: str, label: str, count: int = 1) -> None:
        """``form`` (a span's text) was labelled ``label`` ``count`` more times."""
        ws = [form[s:e] for s, e in words(form)]
        if not ws:
            return
        node = self._root
        for w in ws:
            key = self._key(w)
            child = node.next.get(key)
            if child is None:
                child = node.next[key] = _Node()
            node = child
        if node.labels is None:
            node.labels = Counter()
            self._size += 1
        node.labels[label] += count
        node.ranked = None

    def remove(self, form: str, label: str, count: int = 1) -> None:
        """The opposite of :meth:`add` (a span deleted or relabelled)."""
        node = self._find(form)
        if node is None or node.labels is None or label not in node.labels:
            return
        node.labels[label] -= count
        node.ranked = None
        if node.labels[label] <= 0:
            del node.labels[label]
        if not node.labels:
            node.labels = None
            self._size -= 1

    def update(self, spans: Iterable[tuple[str, str]]) -> None:
        """Add every (text, label)."""
        for form, label in spans:
            self.add(form, label)

    def match(
        self,
        text: str,
        *,
        skip: Sequence[tuple[int, int]] = (),
        tokens: Words | list[tuple[int, int]] | None = None,
    ) -> list[Suggestion]:
        """Every place in ``text`` a known form occurs, at word boundaries; where forms
        overlap the longest (then the earliest) wins; places overlapping ``skip`` (spans the
        annotator already has there) are left out. ``tokens``: the :class:`Words` of
        ``text`` (or :func:`words` of it) when the caller has them.

        The words that begin a known form are picked at C speed (a map of the trie root's
        lookup over every word) and the walk runs from those alone."""
        if tokens is None:
            tokens = Words(text)
        if isinstance(tokens, Words):
            keys = tokens.folded if self.fold else tokens.texts
            starts, ends = tokens.starts, tokens.ends
        else:
            starts = [s for s, _ in tokens]
            ends = [e for _, e in tokens]
            keys = [text[s:e] for s, e in tokens]
            if self.fold:
                keys = [k.casefold() for k in keys]
        root = self._root.next
        found: list[tuple[int, int, tuple[str, ...], str, tuple[int, ...], str]] = []
        n = len(keys)
        blocked = _Blocked(skip) if skip else None
        origin = self.origin
        firsts = list(map(root.get, keys))
        after = 0  # the walk resumes here (past the last suggestion)
        for i in compress(range(n), firsts):
            if i < after:
                continue
            node = firsts[i]
            best_j = -1
            best: _Node | None = None
            j = i
            while node is not None:
                if node.labels:
                    best_j, best = j, node
                j += 1
                if j >= n:
                    break
                node = node.next.get(keys[j])
            if best is None:
                continue
            start, end = starts[i], ends[best_j]
            if blocked is not None and blocked.overlaps(start, end):
                continue
            labels, counts = best.ranked or best.rank()
            found.append((start, end, labels, origin, counts, text[start:end]))
            after = best_j + 1
        return list(map(tuple.__new__, repeat(Suggestion), found))  # no Python call each


class _Blocked:
    """Which stretches already have a span: an overlap test for increasing starts."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._spans = sorted((s, e) for s, e in spans if e > s)
        self._k = 0
        self._reach = -1  # the furthest end among spans starting before the current start

    def overlaps(self, start: int, end: int) -> bool:
        spans = self._spans
        while self._k < len(spans) and spans[self._k][0] < end:
            self._reach = max(self._reach, spans[self._k][1])
            self._k += 1
            if self._reach > start:
                break
        if self._reach > start:
            return True
        # a span starting inside [start, end) that the loop has not consumed yet
        return self._k < len(spans) and spans[self._k][0] < end


# ---------------------------------------------------------------------------- dates

_ID_MONTHS = (
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "jan feb mar apr jun jul agu agt ags sep okt nov des"
)
_EN_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MONTH = "|".join(sorted({*_ID_MONTHS.split(), *_EN_MONTHS.split()}, key=len, reverse=True))
_DAYS = (
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad "
    "monday tuesday wednesday thursday friday saturday sunday"
)
_DAY = "|".join(sorted(_DAYS.split(), key=len, reverse=True))
_YEAR = r"(?:1[89]|20)\d\d"
_DATE_RE = re.compile(
    rf"""(?ix)
    (?:
        (?:(?:{_DAY}),?\s+)?\(?\d{{1,2}}/\d{{1,2}}(?:/(?:{_YEAR}|\d\d))?\)?   # (12/8/2025)
      | (?:(?:{_DAY}),?\s+)?\d{{1,2}}\s+(?:{_MONTH})\.?(?:\s+{_YEAR})?        # 12 Agustus 2025
      | (?:(?:{_DAY}),?\s+)?(?:{_MONTH})\.?\s+\d{{1,2}}(?:,?\s+{_YEAR})?      # August 15, 2025
      | (?:{_MONTH})\s+{_YEAR}                                                # Agustus 2025
      | (?:{_DAY})(?:\s+\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\))?               # Selasa (12/8)
    )\b\)?""",
)


_DATE_WORDS = frozenset({*_ID_MONTHS.split(), *_EN_MONTHS.split(), *_DAYS.split()})
_DATE_START = re.compile(r"\d|[^\W\d_]+")
_DAY_DIGITS = re.compile(r"\d\d?[/\s]")


def date_spans(text: str, *, near: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Dates in ``text``: "12 Agustus 2025", "Selasa (12/8/2025)", "August 15, 2025",
    "Agustus 2025", "12/8", weekday names. (start, end), not overlapping. The full pattern
    is tried only where a digit run, a month or a day name begins (a word-set lookup): one
    regex of every alternative at every position costs ten times as much. ``near``: those
    places when the caller has found them (every digit run's start and every word whose
    case-folded text is a month or day name; a superset does no harm; a digit run where
    ``\\d\\d?[/\\s]`` does not match may be left out)."""
    out: list[tuple[int, int]] = []
    reach = 0
    if near is None:
        places: Iterable[int] = (m.start() for m in _DATE_START.finditer(text))
    else:
        places = sorted(set(near))
    for p in places:
        if p < reach or (p > 0 and text[p - 1].isalnum()):
            continue
        m = _DATE_START.match(text, p)
        if m is None:
            continue
        word = m.group()
        if word[0].isdigit():
            if _DAY_DIGITS.match(text, p) is None:
                continue  # at a digit a date begins "12/" or "12 " (a month follows)
        elif word.casefold() not in _DATE_WORDS:
            continue
        d = _DATE_RE.match(text, p)
        if d is None:
            continue
        s, e = d.span()
        if text[s:e].endswith(")") and "(" not in text[s:e]:
            e -= 1
        out.append((s, e))
        reach = e
    return out


# ----------------------------------------------------------------------------- cues

#: Reporting cues and where the speaker they cite stands: ``after`` the cue ("kata Y",
#: "menurut Y", "according to Y"), ``before`` it ("Y mengatakan", "Y said"), or ``self`` (a
#: pronoun: "katanya", "ujarnya": the claim is cited, nobody is named).
CUES: dict[str, str] = {
    **dict.fromkeys(
        [
            "kata",
            "ujar",
            "tutur",
            "ungkap",
            "tukas",
            "imbuh",
            "tambah",
            "papar",
            "terang",
            "menurut",
        ],
        "after",
    ),
    "according to": "after",
    **dict.fromkeys(
        [
            "katanya",
            "ujarnya",
            "tuturnya",
            "ungkapnya",
            "tukasnya",
            "imbuhnya",
            "tambahnya",
            "paparnya",
            "jelasnya",
            "terangnya",
            "tegasnya",
        ],
        "self",
    ),
    **dict.fromkeys(
        [
            "mengatakan",
            "menyatakan",
            "menegaskan",
            "menyebut",
            "menyebutkan",
            "menjelaskan",
            "mengungkapkan",
            "said",
            "says",
            "told",
            "stated",
            "claimed",
        ],
        "before",
    ),
}
_CUE_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted((re.escape(c) for c in CUES), key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_NAME_RE = re.compile(
    r"[A-Z][\w'’-]*(?:\.(?=\s+[A-Z]))?(?:\s+(?:[A-Z][\w'’-]*|bin|binti|al|van|de))*"
)
_QUOTES = '"“”«»'
_THAT = re.compile(r"(?:bahwa|that)\s+", re.IGNORECASE)
# Capitalised at a sentence's start, not part of a name.
_OPENERS = frozenset(
    [
        "sedangkan",
        "namun",
        "sementara",
        "selain",
        "tetapi",
        "tapi",
        "lalu",
        "kemudian",
        "bahkan",
        "adapun",
        "dia",
        "ia",
        "mereka",
        "but",
        "however",
        "meanwhile",
        "also",
        "then",
        "he",
        "she",
        "they",
    ]
)


class ClaimCandidate(NamedTuple):
    """A sentence with a reporting cue: the claim ``(start, end)``, the cue's place, and the
    speaker it names (``None`` when no capitalised name stands where the cue points). A
    named tuple, as :class:`Suggestion` is."""

    start: int
    end: int
    cue: tuple[int, int]
    speaker: tuple[int, int] | None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentences: cut after . ! ? and white space, or at a line break, never inside a
    quotation (an odd number of quote marks since the paragraph began; Indonesian news
    often opens and closes with the same ”).

    A paragraph without a quote mark is cut by one C-level split at its ends; the state
    walk over its breaks runs only in a paragraph that has one. A sentence cut at an end
    holds its . ! or ?; only a paragraph's last may be blank, and is left out then."""
    out: list[tuple[int, int]] = []
    at = 0
    for para in text.split("\n"):
        if para:
            _paragraph_sentences(para, at, out)
        at += len(para) + 1
    return out


def _paragraph_sentences(para: str, at: int, out: list[tuple[int, int]]) -> None:
    """The sentences of a paragraph (not empty) that starts at ``at`` in the text, added to
    ``out``."""
    if _QUOTE_MARK.search(para) is None:
        parts = _END.split(para)  # a sentence, its end with its space, the next, …
        last = at
        if len(parts) > 1:
            sizes = list(map(len, parts))
            starts = list(accumulate(map(add, sizes[0::2], sizes[1::2]), initial=at))
            last = starts.pop()
            out += zip(starts, map((-1).__add__, [*starts[1:], last]), strict=True)
    else:
        last = _quoted_sentences(para, at, out)
    if last < at + len(para) and not para[last - at :].isspace():
        out.append((last, at + len(para)))


def _sentences_at(text: str, places: Sequence[int]) -> list[tuple[int, int] | None]:
    """The sentence of :func:`_sentences` that each place (increasing, each at a character
    that is not white space) lies in, or ``None`` if none (the last sentence that starts at
    or before it, which is in its paragraph). Only the places' paragraphs are read: one
    with a quote mark is cut as ``_sentences`` cuts it; in one without, the sentence runs
    from the last end before the place (or the paragraph's start) to the next end (or the
    paragraph's end), the ends found by one C-level scan of the text."""
    out: list[tuple[int, int] | None] = []
    ends: list[int] | None = None  # where each end's space is past, in the whole text
    lo = hi = -1
    quoted: list[tuple[int, int]] | None = None  # the sentences of a paragraph with quotes
    starts: list[int] = []
    for p in places:
        if p > hi:  # the first place in its paragraph
            lo = text.rfind("\n", 0, p) + 1
            hi = text.find("\n", p)
            hi = len(text) if hi < 0 else hi
            if _QUOTE_MARK.search(text, lo, hi) is None:
                quoted = None
            else:
                quoted = []
                _paragraph_sentences(text[lo:hi], lo, quoted)
                starts = [s for s, _ in quoted]
        if quoted is None:
            if ends is None:
                ends = [m.end() for m in _END.finditer(text)]
            i = bisect_right(ends, p)
            s = ends[i - 1] if i and ends[i - 1] > lo else lo
            e = ends[i] - 1 if i < len(ends) and ends[i] <= hi else hi
            out.append((s, e))
        else:
            k = bisect_right(starts, p) - 1
            out.append(quoted[k] if k >= 0 else None)
    return out


_QUOTE_MARK = re.compile('["“”«»]')
_END = re.compile(r"([.!?]’* )")  # an end in a paragraph without a quote mark
_END_QUOTED = re.compile(r'([.!?]["”’»]*) ')


def _quoted_sentences(para: str, lo: int, out: list[tuple[int, int]]) -> int:
    """The sentences of a paragraph that has a quote mark, starting at ``lo`` in the text,
    added to ``out`` but its last, whose start it returns: cut at its ends by one C-level
    split, the quotation state walked through the quote marks of each piece. An end's own
    closing quotes count only inside a quotation."""
    parts = _END_QUOTED.split(para)  # a piece, an end's marks, the next piece, …
    start = at = lo
    inside = False
    last = len(parts) - 1
    for k in range(0, last, 2):
        piece, marks = parts[k], parts[k + 1]
        for q in _QUOTE_MARK.findall(piece):
            inside = not inside if q in '"”' else q in "“«"
        at += len(piece) + len(marks)
        if not inside:  # . ! ? with its closing quotes, then a space
            out.append((start, at))
            start = at + 1
        else:  # inside a quotation: no end, but its closing quotes count
            for q in marks[1:]:
                inside = not inside if q in '"”' else inside
        at += 1
    return start


def _last_name(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The last name in ``text[lo:hi]`` (the last match of the name pattern, which is never
    empty, kept by a C-level deque), without the capitalised openers it begins with."""
    last = deque(_NAME_RE.finditer(text, lo, hi), maxlen=1)
    if not last:
        return None
    s, e = last[0].span()
    first = text[s:e].split(maxsplit=1)
    while first and first[0].casefold() in _OPENERS:
        if len(first) == 1:
            return None
        # the rest begins past the opener: searched from the opener's start, "Namun Namun"
        # or "DIA DI" found the opener itself again, for ever
        s = text.index(first[1], s + len(first[0]))
        first = text[s:e].split(maxsplit=1)
    return s, e


#: A name's last part: a capitalised word, or one of these after white space.
_PARTICLES = frozenset(["bin", "binti", "al", "van", "de"])
_CAPITAL = re.compile("[A-Z]")
_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")  # as len(str.split()) >= 3


def _may_end_a_name(left: str) -> bool:
    """Whether a match of the name pattern can end where ``left`` ends: its last part lies
    in the last white-space-separated word, and is a capitalised word (so the word holds
    a capital A–Z) or a whole particle word (a "." is never a match's last character)."""
    word = left.rsplit(None, 1)[-1] if left else ""
    return word in _PARTICLES or _CAPITAL.search(word) is not None


#: The first word of every cue, case-folded: where a cue may begin.
_CUE_FIRSTS = frozenset(c.split()[0].casefold() for c in CUES)
#: Letters that match an ASCII letter of a cue ignoring case but do not case-fold to it.
_UNFOLDED = "\u0130\u0131"


def claim_candidates(text: str, *, near: Iterable[int] | None = None) -> list[ClaimCandidate]:
    """Sentences with a reporting cue, each with its cited speaker proposed (:data:`CUES`):
    "X, kata Y." -> X said by Y; "Menurut Y, X." -> X by Y; "Y mengatakan bahwa X." -> X by
    Y; "X, katanya." -> X by nobody named. The claim is cut from its attribution at the
    comma (a leading "bahwa"/"that" dropped), or is the whole sentence when there is none.

    ``near``: the starts of the words whose case-folded text begins a cue (a superset does
    no harm): the cue pattern is then tried there alone, not searched through every
    sentence."""
    found: list[tuple[int, int, re.Match[str]]] = []  # (sentence, its first cue)
    if near is not None and all(c not in text for c in _UNFOLDED):
        cues = [m for p in sorted(set(near)) if (m := _CUE_RE.match(text, p)) is not None]
        last = -1  # the start of the last sentence taken
        for m, sentence in zip(cues, _sentences_at(text, [m.start() for m in cues]), strict=True):
            if sentence is not None and sentence[0] > last and m.end() <= sentence[1]:
                found.append((*sentence, m))  # the sentence's first cue
                last = sentence[0]
    else:
        for s, e in _sentences(text):
            m = _CUE_RE.search(text, s, e)
            if m is not None:
                found.append((s, e, m))
    out = []
    for s, e, m in found:
        cue = m.span()
        side = _side_of(m.group(1))
        speaker: tuple[int, int] | None = None
        start, end = s, e
        if side == "after":
            comma = text.find(",", cue[1], e)
            upto = comma if m.start() == _skip_space(text, s) and comma > 0 else e
            speaker = _last_name(text, cue[1], upto)
            if upto < e:  # "Menurut Y, X."
                start = upto + 1
            else:  # "X, kata Y."
                end = cue[0]
        elif side == "self":
            end = cue[0]
        else:  # "Y mengatakan X" / "X, Y said."
            left = text[s : cue[0]].rstrip()
            if _may_end_a_name(left):
                name = _last_name(text, s, s + len(left))
                if name and name[1] == s + len(left):
                    speaker = name
            if _THREE_WORDS.match(text, cue[1], e):  # three words or more after the cue
                start = cue[1]
            else:
                end = speaker[0] if speaker else cue[0]
        start = _skip_space(text, start)
        thatless = _THAT.match(text, start)
        if thatless:
            start = thatless.end()
        end = start + len(_trim_end(text[start:end]))
        start = end - len(text[start:end].lstrip(_QUOTES))
        if end > start:
            out.append(ClaimCandidate(start, end, cue, speaker))
    return out


def _side_of(cue: str) -> str:
    """Where the speaker of ``cue`` (as written) stands; the pattern ignores case as ``re``
    does, so "SAİD" is "said" though it does not case-fold to it."""
    side = CUES.get(cue.casefold())
    if side is None:
        side = next(v for c, v in CUES.items() if re.fullmatch(re.escape(c), cue, re.I))
    return side


def _skip_space(text: str, i: int) -> int:
    return _SPACES.match(text, i).end()  # type: ignore[union-attr] # \s* always matches


_SPACES = re.compile(r"\s*")  # \s is what str.isspace() says
_END_MARKS = ",.;:" + _QUOTES  # what a claim does not end with, besides white space


def _trim_end(claim: str) -> str:
    """``claim`` without the white space and end marks it ends with (C-level strips)."""
    while True:
        trimmed = claim.rstrip().rstrip(_END_MARKS)
        if len(trimmed) == len(claim):
            return trimmed
        claim = trimmed


#: Where a run of digits begins (a digit after no digit; a look-behind after the first
#: digit, not before it, so the C scan for a digit runs first: twice as fast as \d+).
_DIGITS = re.compile(r"\d(?<!\d\d)")


def rule_suggestions(
    text: str,
    language: str | None = "id",
    *,
    quantity: str = "QUANTITY",
    date: str = "DATE",
    claim: str | None = "CLAIM",
    tokens: Words | None = None,
) -> list[Suggestion]:
    """Quantities, dates and (when ``claim`` is a label) claim candidates, origin ``rule``.

    ``tokens``: the :class:`Words` of ``text`` when the caller has them (the lexicons'):
    each rule is then tried only where it may apply (digit runs, number words, month and
    day names, the first words of cues), found from those words at C speed, with the same
    result as reading every word."""
    ws = tokens if tokens is not None else Words(text)
    digits = ws.digit_starts
    # One C-level pass over the case-folded words picks every word a rule may begin at;
    # a few hundred are then sorted by rule. (A word whose lower case is a number word
    # case-folds to it too: the Kelvin sign is the one letter that lowers to ASCII.)
    starts, folded = ws.starts, ws.folded
    q_words, d_words, c_words = [], [], []
    for k in compress(range(len(folded)), map(_RULE_WORDS.__contains__, folded)):
        w = folded[k]
        if w in _NUMBER_STARTS:
            q_words.append(starts[k])
        if w in _DATE_WORDS:
            d_words.append(starts[k])
        if w in _CUE_FIRSTS:
            c_words.append(starts[k])
    underscored = "_" in text  # a word may hide inside a \w+ token: "_12", "_dua"
    q_near = digits + q_words
    if underscored:
        q_near += [s for s, w in zip(ws.starts, ws.texts, strict=True) if "_" in w]
    rows = [
        (q.start, q.end, (quantity,), "rule", (1,), q.text)
        for q in parse_quantities(text, language or "id", near=q_near)
    ]
    q_starts = [x[0] for x in rows]
    q_ends = [x[1] for x in rows]  # increasing: quantities are in order and apart
    # at a digit run a date begins only where "\d\d?[/\s]" does (date_spans's own test)
    d_near = None if underscored else [p for p in digits if _DAY_DIGITS.match(text, p)] + d_words
    for s, e in date_spans(text, near=d_near):
        k = bisect_right(q_ends, s)  # the first quantity ending after the date starts
        if not (k < len(q_starts) and q_starts[k] < e):
            rows.append((s, e, (date,), "rule", (1,), text[s:e]))
    if claim is not None:
        for c in claim_candidates(text, near=c_words):
            rows.append((c.start, c.end, (claim,), "rule", (1,), text[c.start : c.end]))
    rows.sort(key=_text_order)
    return list(map(tuple.__new__, repeat(Suggestion), rows))


def _text_order(row: tuple[int, int, object, object, object, object]) -> tuple[int, int]:
    return row[0], -row[1]


#: Every word a rule may begin at, case-folded.
_RULE_WORDS = _NUMBER_STARTS | _DATE_WORDS | _CUE_FIRSTS
