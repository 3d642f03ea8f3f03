"""Numbers in news text read as values: exact values, ranges and bounds, with their qualifier.

``parse(text, language)`` finds every quantity phrase of ``text`` ("sekitar 11 ribu",
"20 ribu hingga 30 ribu", "lebih dari 10.000", "puluhan ribu", "at least 2,000", "10%") and
reads it into a :class:`Quantity`: the closed interval ``[low, high]`` it asserts (``None`` for
an open end; ``low_strict``/``high_strict`` when the bound itself is excluded, "more than"),
``approx`` for a hedge (sekitar, hampir, about…), and ``unit`` ("%" for percentages, "IDR" or
"USD" for amounts of money, ``None`` for counts). Offsets are code points, end exclusive.

Conventions (see docs/adr for the choice of writing this rather than using a library):

- Indonesian (``id``, ``ms``, and any language that is not English, as the corpus is
  Indonesian): ``10.000`` is ten thousand, ``1,5`` one and a half. English (``en``): ``10,000``
  and ``1.5``. A separator that cannot be the language's (``1.5`` in Indonesian, ``2,5`` in
  English) is read as the other convention's decimal mark; anything else (``12.08.2025``) is
  not a number.
- Not counts, skipped: dates (``12/8``, ``12/8/2025``, ``15 Agustus``, ``August 15``), a
  year standing alone (``2019``, ``pada tahun 2024``: four digits 1900–2099 written without a
  separator, with no qualifier before and no multiplier or unit after), times (``11:08``,
  ``pukul 10.00``, ``10.00 WIB``), ordinals (``ke-80``, ``80th``), numbers inside names
  (``F-16``, ``G20``, ``COVID-19``, ``4G``), numbered list items at the start of a line
  (``1. Legitimasi``), numbers that name things (``Pasal 27 ayat 3``, ``KM 57``,
  ``page 3``), anything written with a slash (``24/7``, ``1/2``), "salah satu" and
  "one of" (one of them is no count), "no one", "one another".
- Vague plurals are ranges: ``belasan`` 11–19, ``puluhan`` 20–99, ``ratusan`` 200–999,
  ``ribuan`` 2.000–9.999, ``jutaan``…; before a multiplier they scale it and end just below the
  next power of ten (``puluhan ribu`` = 20.000–99.999). English: ``tens of thousands``,
  ``hundreds``, ``thousands``, ``hundreds of thousands``, ``millions``…
- In a range the multiplier and the unit of the second number distribute to the first when the
  first has none and is not larger (``20 hingga 30 ribu`` = 20.000–30.000, ``10-20%``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import accumulate, compress, count, repeat
from operator import contains, itemgetter, or_

import numpy as np

__all__ = [
    "APPROX_TOLERANCE",
    "NUMBER_STARTS",
    "VALUES",
    "Quantity",
    "compatible",
    "describe",
    "parse",
    "values_of",
]

#: The span attribute exports write a span's quantities under (derived from its text: an
#: import drops it and a schema may not name an attribute so).
VALUES = "values"

#: A hedged quantity (``approx``) is widened by this share of its bounds in ``compatible``.
APPROX_TOLERANCE = 0.10


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    approx: bool = False
    unit: str | None = None
    low_strict: bool = False  # "more than X": X itself excluded
    high_strict: bool = False  # "fewer than X"
    scale: int = 1  # the multiplier the text used (1000 for "ribu"), for describe()
    language: str = "id"


# --------------------------------------------------------------------------- vocabulary

_ID_UNITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_ID_SE = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_ID_SCALES = {
    "ribu": 1000,
    "rb": 1000,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
_ID_SE_SCALES = {"seribu": 1000, "sejuta": 10**6, "semiliar": 10**9, "setriliun": 10**12}
_ID_PLURALS = {
    "belasan": (11, 19, 1),
    "puluhan": (20, 99, 1),
    "ratusan": (200, 999, 1),
    "ribuan": (2, 9, 1000),
    "jutaan": (2, 9, 10**6),
    "miliaran": (2, 9, 10**9),
    "milyaran": (2, 9, 10**9),
    "triliunan": (2, 9, 10**12),
}

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {
    "thousand": 1000,
    "k": 1000,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "dozen": 12,
}
# "hundreds", "thousands" alone; "tens"/"hundreds" only as "of <scale>" (see _plural).
_EN_PLURALS = {
    "hundreds": (200, 999, 1),
    "thousands": (2, 9, 1000),
    "millions": (2, 9, 10**6),
    "billions": (2, 9, 10**9),
}

_MONTHS = {
    # Indonesian
    "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
    "oktober", "november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt",
    "agus", "ags", "sep", "sept", "okt", "nov", "des",
    # English
    "january", "february", "march", "may", "june", "july", "august", "october", "december",
    "aug", "oct", "dec",
}  # fmt: skip

_TIME_BEFORE = {"pukul", "jam", "pkl"}
# a number after one of these names a thing (Pasal 27, ayat 3, KM 57, page 3): no count
_LABEL_BEFORE = {"pasal", "ayat", "nomor", "nomer", "no", "km", "halaman", "hal", "bab",
                 "article", "section", "number", "page", "chapter", "route"}  # fmt: skip
_LABEL_OR_TIME_BEFORE = _LABEL_BEFORE | _TIME_BEFORE
_TIME_AFTER = {"wib", "wita", "wit", "utc", "gmt", "am", "pm"}
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th", "an"}  # 80th, 80an ("tahun 80-an" too)

# Qualifiers before a number: (words, kind). kind: approx, gt (>), ge (>=), lt (<), le (<=).
_ID_QUALIFIERS = [
    ("kurang lebih", "approx"),
    ("lebih kurang", "approx"),
    ("kira-kira", "approx"),
    ("kira kira", "approx"),
    ("sekitar", "approx"),
    ("sekira", "approx"),
    ("hampir", "approx"),
    ("nyaris", "approx"),
    ("mendekati", "approx"),
    ("tidak kurang dari", "ge"),
    ("tidak lebih dari", "le"),
    ("lebih dari", "gt"),
    ("di atas", "gt"),
    ("melebihi", "gt"),
    ("setidaknya", "ge"),
    ("setidak-tidaknya", "ge"),
    ("paling sedikit", "ge"),
    ("sedikitnya", "ge"),
    ("sekurang-kurangnya", "ge"),
    ("minimal", "ge"),
    ("kurang dari", "lt"),
    ("di bawah", "lt"),
    ("paling banyak", "le"),
    ("sebanyak-banyaknya", "le"),
    ("maksimal", "le"),
    ("hingga", "le"),
    ("sampai", "le"),
]
_EN_QUALIFIERS = [
    ("approximately", "approx"),
    ("about", "approx"),
    ("around", "approx"),
    ("roughly", "approx"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("some", "approx"),
    ("circa", "approx"),
    ("an estimated", "approx"),
    ("close to", "approx"),
    ("no fewer than", "ge"),
    ("no less than", "ge"),
    ("no more than", "le"),
    ("more than", "gt"),
    ("greater than", "gt"),
    ("over", "gt"),
    ("above", "gt"),
    ("in excess of", "gt"),
    ("at least", "ge"),
    ("a minimum of", "ge"),
    ("fewer than", "lt"),
    ("less than", "lt"),
    ("under", "lt"),
    ("below", "lt"),
    ("up to", "le"),
    ("at most", "le"),
    ("as many as", "le"),
    ("a maximum of", "le"),
]
_SYMBOL_QUALIFIERS = {"±": "approx", "~": "approx", "≈": "approx", ">": "gt", "<": "lt",
                      "≥": "ge", "≤": "le"}  # fmt: skip

_ID_RANGE_WORDS = {"hingga", "sampai", "s/d", "sd"}
_EN_RANGE_WORDS = {"to", "through"}
_DASHES = {"-", "–", "—"}
_PERCENT_WORDS = {"persen", "percent", "pct"}

# --------------------------------------------------------------------------- tokens

# (possessive: nothing follows a token to backtrack for, and the C loop runs faster so)
_TOKEN = re.compile(r"[^\W\d_]++(?:-[^\W\d_]++)*+|[0-9]++(?:[.,][0-9]++)*+|\S")
_SD = re.compile(r"[sS]\s?[/.]\s?[dD]\b\.?")
# d-m-y, d.m.y, d/m/y and ISO dates: no digit inside one is a quantity
# (the first digit before the look-behind: a pattern that begins with a character set is
# searched for by a C scan, one that begins with a look-behind is tried at every position)
_DATE = re.compile(r"[0-9](?<![0-9][0-9])[0-9]{0,3}([-/.])[0-9]{1,2}\1[0-9]{1,4}(?![0-9])")


class _Tok:
    """A token: offsets, text and its lower case (a plain slotted class: a text of 100 KB
    makes 17,000 of them, and a frozen dataclass's __init__ costs four times as much)."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, start: int, end: int, text: str, low: str) -> None:
        self.start, self.end, self.text, self.low = start, end, text, low

    @property
    def is_digits(self) -> bool:
        return self.text[0] in "0123456789"

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha() and not self.is_digits


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), (t := m.group()), t.lower()) for m in _TOKEN.finditer(text)]


# --------------------------------------------------------------------------- numerals


@functools.cache
def _digit_patterns(english: bool) -> tuple[re.Pattern[str], ...]:
    """_digits_value's patterns for a language, compiled once."""
    group, decimal = (",", ".") if english else (".", ",")
    return (
        re.compile(rf"\d{{1,3}}(?:\{group}\d{{3}})+(?:\{decimal}\d+)?"),
        re.compile(r"\d+"),
        re.compile(rf"\d+\{decimal}\d+"),
        re.compile(rf"\d+\{group}\d+"),
    )


def _digits_value(s: str, english: bool) -> Decimal | None:
    """The value of a digit token by the language's convention, or None if it is none."""
    group, decimal = (",", ".") if english else (".", ",")
    grouped, plain, decimals, other = _digit_patterns(english)
    if grouped.fullmatch(s):
        return Decimal(s.replace(group, "").replace(decimal, "."))
    if plain.fullmatch(s):
        return Decimal(s)
    if decimals.fullmatch(s):
        return Decimal(s.replace(decimal, "."))
    if other.fullmatch(s):  # the other convention's decimal mark: 1.5 in id
        return Decimal(s.replace(group, "."))
    return None


@dataclass
class _Atom:
    """One number: toks[i:j], value range, the multiplier used, whether it was bare digits."""

    i: int
    j: int
    low: Decimal
    high: Decimal
    raw: Decimal  # the numeral before its multiplier
    scale: int
    unit: str | None
    year_like: bool
    vague: bool  # a plural such as "puluhan"


def _id_words(lows: Sequence[str], i: int, breaks: list[bool]) -> tuple[int, Decimal] | None:
    """Indonesian number words from toks[i]: (end index, value) of the longest valid reading.

    "dua ratus lima puluh tiga ribu", "sebelas", "seratus dua belas", "satu setengah juta".
    """
    total = 0
    group = Decimal(0)
    last = 0  # the last unit added, which belas/puluh/ratus act on
    prev = ""  # kind of the previous word
    last_scale = 10**15
    j = i
    best: tuple[int, Decimal] | None = None
    while j < len(lows):
        w = lows[j]
        if j > i and breaks[j]:
            break
        if w in _ID_UNITS and prev in ("", "puluh", "ratus", "scale"):
            if prev == "puluh" and group % 10:
                break
            last = _ID_UNITS[w]
            group += last
            kind = "unit"
        elif w in ("sepuluh", "sebelas") and prev in ("", "ratus", "scale"):
            group += _ID_SE[w]
            kind = "teen"
        elif w == "seratus" and prev in ("", "scale"):
            group += 100
            kind = "ratus"
        elif w == "belas" and prev == "unit" and group % 100 < 10:
            group += 10
            kind = "teen"
        elif w == "puluh" and prev == "unit" and group % 100 < 10:
            group += last * 9
            kind = "puluh"
        elif w == "ratus" and prev == "unit" and group < 10:
            group += last * 99
            kind = "ratus"
        elif (
            w in _ID_SCALES
            and prev in ("unit", "teen", "puluh", "ratus", "half")
            and group
            and _ID_SCALES[w] < last_scale
        ):
            total += int(group * _ID_SCALES[w])
            last_scale = _ID_SCALES[w]
            group = Decimal(0)
            kind = "scale"
        elif w in _ID_SE_SCALES and prev in ("", "scale") and _ID_SE_SCALES[w] < last_scale:
            total += _ID_SE_SCALES[w]
            last_scale = _ID_SE_SCALES[w]
            kind = "scale"
        elif w == "setengah" and prev in ("", "unit") and group < 10:
            group += Decimal("0.5")
            kind = "half"
        else:
            break
        prev = kind
        j += 1
        if not (kind == "half" and j - i == 1):  # "setengah" alone (half of…) is no count
            best = (j, total + group)
    return best


def _en_words(lows: Sequence[str], i: int, breaks: list[bool]) -> tuple[int, Decimal] | None:
    """English number words from toks[i] ("two hundred and five thousand", "twenty-five")."""
    total = Decimal(0)
    group = Decimal(0)
    prev = ""
    j = i
    best: tuple[int, Decimal] | None = None
    while j < len(lows):
        w = lows[j]
        if j > i and breaks[j]:
            break
        if w == "half" and prev == "" and j + 2 < len(lows) and lows[j + 1] == "a":
            if lows[j + 2] not in ("dozen", "hundred", "thousand", "million", "billion"):
                break
            group = Decimal("0.5")  # half a million
            kind = "half"
        elif "-" in w:  # twenty-five
            a, _, b = w.partition("-")
            if a in _EN_TENS and b in _EN_UNITS and 1 <= _EN_UNITS[b] <= 9 and prev != "unit":
                if prev == "tens":
                    break
                group += _EN_TENS[a] + _EN_UNITS[b]
                kind = "unit"
            else:
                break
        elif w in _EN_UNITS and prev in ("", "hundred", "scale", "and", "tens"):
            if prev == "tens" and not 1 <= _EN_UNITS[w] <= 9:
                break
            group += _EN_UNITS[w]
            kind = "unit"
        elif w in _EN_TENS and prev in ("", "hundred", "scale", "and"):
            group += _EN_TENS[w]
            kind = "tens"
        elif w == "hundred" and prev in ("unit", "a") and 1 <= group <= 9:
            group *= 100
            kind = "hundred"
        elif (
            w in _EN_SCALES
            and w not in ("k", "mn", "mln", "bn")
            and prev
            in (
                "unit",
                "tens",
                "hundred",
                "a",
            )
        ):
            total += group * _EN_SCALES[w]
            group = Decimal(0)
            kind = "scale"
        elif w == "and" and prev in ("hundred", "scale"):
            kind = "and"
        elif w == "a" and prev == "half":
            kind = "a"
        elif w in ("a", "an") and prev == "" and j + 1 < len(lows):
            nxt = lows[j + 1]
            if nxt not in ("dozen", "hundred", "thousand", "million", "billion", "trillion"):
                break
            group = Decimal(1)
            kind = "a"
        else:
            break
        prev = kind
        j += 1
        if kind not in ("and", "a", "half"):
            best = (j, total + group)
    return best


# --------------------------------------------------------------------------- parser

#: Every word a quantity can begin with (digits aside): what the number-word readers, the
#: vague plurals and "antara"/"between" accept first. ``parse`` tries no other token.
_STARTS = frozenset(
    {
        *_ID_UNITS,
        *_ID_SE,
        *_ID_SE_SCALES,
        *_ID_PLURALS,
        *_EN_UNITS,
        *_EN_TENS,
        *_EN_PLURALS,
        "seratus",
        "setengah",
        "antara",
        "between",
        "tens",
        "hundreds",
        "half",
        "a",
        "an",
    }
)
NUMBER_STARTS = _STARTS
#: The words a vague plural (_Parser._plural) can begin with, in either language.
_PLURAL_FIRSTS = frozenset({"tens", "hundreds", *_EN_PLURALS, *_ID_PLURALS})


@functools.cache
def _qualifiers_ending(english: bool) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """A language's qualifiers as words, by their last word, longest first (made once)."""
    quals = _EN_QUALIFIERS if english else _ID_QUALIFIERS
    ordered = sorted(
        ((tuple(_TOKEN.findall(q.lower())), kind) for q, kind in quals),
        key=lambda qk: -len(qk[0]),
    )
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, kind in ordered:
        out.setdefault(words[-1], []).append((words, kind))
    return out


_DIGIT = re.compile(r"\d")
_YEAR_LIKE = re.compile(r"(19|20)\d\d")
_CLOCK = re.compile(r"\d{1,2}[.:]\d\d")
_DAY_NUMBER = re.compile(r"\d{1,2}")
_LETTERS = re.compile(r"[^\W\d_]+")


def _may_hold_a_number(text: str) -> bool:
    """A digit, or a word a number can begin with (two C-level scans and a set test)."""
    return _DIGIT.search(text) is not None or not _STARTS.isdisjoint(_LETTERS.findall(text.lower()))


class _Parser:
    def __init__(self, text: str, language: str, window: _Window | None = None) -> None:
        self.text = text
        self.english = language.lower().startswith("en")
        self.language = "en" if self.english else "id"
        self.toks: Sequence[_Tok]
        if window is None:
            self.toks = toks = _tokens(text)
            if "\n" in text:
                self.newline_before = [
                    k > 0 and "\n" in text[toks[k - 1].end : toks[k].start]
                    for k in range(len(toks))
                ]
            else:  # most spans' texts (an export reads every claim's): no line to break
                self.newline_before = [False] * len(toks)
            self.dates = [m.span() for m in _DATE.finditer(text)]
        else:  # a window of the text (see _parse_near): its tokens and dates only
            self.toks = window
            self.newline_before = window.newline_before
            self.dates = [m.span() for m in _DATE.finditer(text, window.lo, window.hi)]
        self.n = len(self.toks)
        if window is not None:
            self.texts, self.lows = window.texts, window.lows
            self.starts, self.ends = window.starts, window.ends
        else:
            self.texts = [t.text for t in self.toks]
            self.lows = [t.low for t in self.toks]
            self.starts = [t.start for t in self.toks]
            self.ends = [t.end for t in self.toks]
        self.scales = _EN_SCALES if self.english else _ID_SCALES
        self.qualifiers_ending = _qualifiers_ending(self.english)
        self._currency_at_i = -1  # the token _currency last read, and what it found
        self._currency_of_i: tuple[int, str | None] = (-1, None)

    def on(self, window: _Window) -> _Parser:
        """This parser moved to ``window`` of its text (without ``__init__``'s work for the
        text and the language): the windows are read one after another."""
        self.toks = window
        self.newline_before = window.newline_before
        self.dates = [m.span() for m in _DATE.finditer(self.text, window.lo, window.hi)]
        self.n = len(window)
        self.texts, self.lows = window.texts, window.lows
        self.starts, self.ends = window.starts, window.ends
        self._currency_at_i = -1
        return self

    # -- helpers
    def has(self, k: int) -> bool:
        """Whether there is a toks[k]."""
        return 0 <= k < self.n

    def low(self, k: int) -> str:
        return self.lows[k] if 0 <= k < self.n else ""

    def adjacent(self, k: int) -> bool:
        """toks[k-1] touches toks[k] (no space between)."""
        return 0 < k < self.n and self.ends[k - 1] == self.starts[k]

    def joined(self, k: int) -> bool:
        """toks[k] follows toks[k-1] on the same line."""
        return 0 < k < self.n and not self.newline_before[k]

    # -- atoms
    def numeral(self, i: int) -> tuple[int, Decimal, bool, bool] | None:
        """(end index, value, bare 4-digit year-like, vague) of a numeral at toks[i]."""
        text = self.texts[i]
        if text[0] in _DIGIT_CHARS:
            if not self._digits_free(i):
                return None
            value = _digits_value(text, self.english)
            if value is None:
                return None
            year_like = bool(_YEAR_LIKE.fullmatch(text))
            return i + 1, value, year_like, False
        if not text[0].isalpha():  # (a token that begins with a letter is a word)
            return None
        low = self.lows[i]
        if low == "satu" and self.low(i - 1) == "salah":
            return None  # salah satu: "one of"
        if low == "one" and (
            self.low(i + 1) in ("of", "another") or self.low(i - 1) in ("no", "the", "any")
        ):
            return None  # one of, one another, no one, the one: not a count
        reader = _en_words if self.english else _id_words
        words = reader(self.lows, i, self.newline_before)
        if words is None:
            return None
        return words[0], words[1], False, False

    def _digits_free(self, i: int) -> bool:
        """Whether the digit token toks[i] stands as a number (not in a name, date, time…)."""
        text = self.text
        start, end, digits = self.starts[i], self.ends[i], self.texts[i]
        before = text[start - 1] if start > 0 else ""
        if before.isalpha() and not self._currency_at(i - 1, glued=True):
            return False  # G20, MH17
        if before in ("/", ":"):
            return False
        if before in _DASHES and start > 1 and text[start - 2].isalpha():
            return False  # F-16, ke-80, COVID-19
        if before in (".", ",") and start > 1 and text[start - 2].isdigit():
            return False
        after = text[end] if end < len(text) else ""
        if after in ("/", ":"):
            return False  # 12/8, 11:08
        if after in _DASHES and end + 1 < len(text) and text[end + 1].isalpha():
            return False  # 19-an
        if after.isalpha():
            nxt = self.low(i + 1)
            if nxt not in self.scales and nxt not in _PERCENT_WORDS:
                return False  # 4G, 80th, 3D
        # a numbered list item at the start of a line: "1. Legitimasi"
        if after in (".", ")") and text[end + 1 : end + 2] in (" ", "\t"):
            line_start = text.rfind("\n", 0, start) + 1
            if not text[line_start:start].strip():
                return False
        prev, nxt = self.low(i - 1), self.low(i + 1)
        if prev in _LABEL_OR_TIME_BEFORE and self.joined(i):
            return False  # Pasal 27, pukul 10
        if nxt in _TIME_AFTER and self.joined(i + 1) and _CLOCK.fullmatch(digits):
            return False  # 10.00 WIB
        # dates: 15 Agustus, August 15, 15 Aug.
        if (
            (nxt in _MONTHS and self.joined(i + 1)) or (prev in _MONTHS and self.joined(i))
        ) and _DAY_NUMBER.fullmatch(digits):
            return False
        return not (self.dates and any(s <= start < e for s, e in self.dates))

    def _currency_at(self, k: int, glued: bool = False) -> str | None:
        if not self.has(k):
            return None
        low = self.lows[k]
        if low in ("rp", "idr"):
            return "IDR"
        if low in ("usd",):
            return "USD"
        if low == "$" and not glued:  # (the lower case of "$" is itself)
            return "USD"
        return None

    def atom(self, i: int) -> _Atom | None:
        """A number at toks[i]: numeral, multipliers, percent; or a vague plural."""
        lows, n, breaks = self.lows, self.n, self.newline_before
        if lows[i] in _PLURAL_FIRSTS:
            plural = self._plural(i)
            if plural is not None:
                return plural
        num = self.numeral(i)
        if num is None:
            return None
        j, raw, year_like, _ = num
        scale = 1
        if self.texts[i][0] in _DIGIT_CHARS:
            # multipliers after digits: "2 ratus ribu", "1,5 juta", "10k", "5rb", "3 hundred"
            hundred = "hundred" if self.english else "ratus"
            while j < n and not breaks[j]:  # (as has(j) and joined(j): j > i >= 0)
                w = lows[j]
                if w in self.scales:
                    factor = self.scales[w]
                    if w == "k" and not self.adjacent(j):
                        break  # "10 k" is more likely a list or a unit than 10.000
                elif w == hundred and scale == 1:
                    factor = 100
                else:
                    break
                if factor <= scale:
                    break
                scale *= factor
                j += 1
        value = raw * scale
        unit = None
        k = j
        if k < n and not breaks[k]:
            if self.texts[k] == "%" or lows[k] in _PERCENT_WORDS:
                unit = "%"
                j = k + 1
            elif lows[k] == "per" and self.low(k + 1) == "cent":
                unit = "%"
                j = k + 2
        if unit is None:
            unit = self._currency_before(i)
        return _Atom(i, j, value, value, raw, scale, unit, year_like and scale == 1, False)

    def _currency_before(self, i: int) -> str | None:
        return self._currency(i)[1]

    def currency_start(self, i: int) -> int:
        """Index of the currency sign before the number at toks[i] (i when there is none)."""
        return self._currency(i)[0]

    def _currency(self, i: int) -> tuple[int, str | None]:
        if i == self._currency_at_i:  # atom and _parse_at both ask, one after the other
            return self._currency_of_i
        found = self._currency_sign(i)
        self._currency_at_i, self._currency_of_i = i, found
        return found

    def _currency_sign(self, i: int) -> tuple[int, str | None]:
        if not self.joined(i):  # (so 0 < i < n)
            return i, None
        prev = self.lows[i - 1]  # (the lower case of "." and "$" is themselves)
        if prev == "." and self.low(i - 2) == "rp" and self.adjacent(i - 1):
            return i - 2, "IDR"
        if prev == "$" and self.low(i - 2) == "us" and self.adjacent(i - 1):
            return i - 2, "USD"
        if prev in ("rp", "idr"):  # as _currency_at(i - 1) reads them
            return i - 1, "IDR"
        if prev in ("usd", "$"):
            return i - 1, "USD"
        return i, None

    def _plural(self, i: int) -> _Atom | None:
        w = self.low(i)
        if self.english:
            if w in ("tens", "hundreds") and self.low(i + 1) == "of":
                base = {"tens": (20, 99), "hundreds": (200, 999)}[w]
                nxt = self.low(i + 2)
                if nxt in ("thousands", "millions", "billions") and self.joined(i + 2):
                    factor = _EN_SCALES[nxt[:-1]]
                    lo = Decimal(base[0] * factor)
                    hi = Decimal((base[1] + 1) * factor - 1)
                    return _Atom(i, i + 3, lo, hi, lo, 1, None, False, True)
            if w in _EN_PLURALS:
                lo_n, hi_n, factor = _EN_PLURALS[w]
                lo = Decimal(lo_n * factor)
                hi = Decimal((hi_n + 1) * factor - 1)
                return _Atom(i, i + 1, lo, hi, lo, 1, None, False, True)
            return None
        if w not in _ID_PLURALS:
            return None
        lo_n, hi_n, factor = _ID_PLURALS[w]
        j = i + 1
        nxt = self.low(j)
        if nxt in _ID_SCALES and self.joined(j) and _ID_SCALES[nxt] > factor:
            factor *= _ID_SCALES[nxt]
            j += 1
        lo = Decimal(lo_n * factor)
        hi = Decimal((hi_n + 1) * factor - 1)
        return _Atom(i, j, lo, hi, lo, 1, None, False, True)

    # -- qualifiers and ranges
    def qualifier_before(self, i: int) -> tuple[int, str] | None:
        """(start index, kind) of a qualifier ending right before toks[i]."""
        if not self.has(i - 1) or not self.joined(i):
            return None
        before = self.texts[i - 1]
        if before in _SYMBOL_QUALIFIERS:
            return i - 1, _SYMBOL_QUALIFIERS[before]
        for words, kind in self.qualifiers_ending.get(self.lows[i - 1], ()):
            n = len(words)
            if i - n < 0:
                continue
            if tuple(self.lows[i - n : i]) == words and all(
                self.joined(k) for k in range(i - n + 1, i + 1)
            ):
                return i - n, kind
        return None

    def range_after(self, a: _Atom) -> _Atom | None:
        """A second number joined to ``a`` by a range word or dash."""
        j = a.j
        if not self.has(j) or not self.joined(j):
            return None
        c_low = self.lows[j]
        words = _EN_RANGE_WORDS if self.english else _ID_RANGE_WORDS
        k = j + 1
        if c_low in words or self.texts[j] in _DASHES:
            if c_low == "sampai" and self.low(k) == "dengan":
                k += 1
        elif c_low == "s" and (m := _SD.match(self.text, self.starts[j])):  # s/d, s.d.
            k = j
            while k < self.n and self.ends[k] <= m.end():
                k += 1
        else:
            return None
        if not self.has(k) or not self.joined(k):
            return None
        return self.atom(k)

    def between(self, i: int) -> tuple[_Atom, _Atom, int] | None:
        """'antara A dan B' / 'between A and B' starting at toks[i]: (A, B, start index)."""
        w = self.low(i)
        if w not in ("antara", "between") or not self.joined(i + 1):
            return None
        a = self.atom(i + 1)
        if a is None or self.low(a.j) not in ("dan", "and") or not self.joined(a.j):
            return None
        if not self.joined(a.j + 1) or not self.has(a.j + 1):
            return None
        b = self.atom(a.j + 1)
        if b is None:
            return None
        return a, b, i


def _distribute(a: _Atom, b: _Atom) -> _Atom:
    """``a`` with ``b``'s multiplier/unit when ``a`` has none ("20 hingga 30 ribu")."""
    if a.vague:
        return a
    scale, unit = a.scale, a.unit
    low = a.low
    if a.scale == 1 and b.scale > 1 and a.raw <= b.raw:
        scale = b.scale
        low = a.raw * b.scale
    if unit is None and b.unit is not None:
        unit = b.unit
    return _Atom(a.i, a.j, low, low, a.raw, scale, unit, False, False)


def _num(d: Decimal) -> float:
    """Decimal to an int when whole (exact), else a float."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def parse(text: str, language: str = "id", *, near: Iterable[int] | None = None) -> list[Quantity]:
    """Every quantity phrase in ``text``, in order, not overlapping.

    ``near``: the places (code point offsets) where a quantity may begin: at least every
    digit run and every word in :data:`_STARTS` (a superset does no harm). Only windows of
    the text around them are then read, with the same result: the suggestion rules pass
    them for a long article, whose words they have already split."""
    if near is not None:
        return _parse_near(text, language, sorted(set(near)))
    if not _may_hold_a_number(text):
        return []  # no digit and no word a number can begin with: most claims, at once
    return _parse_tokens(_Parser(text, language))


#: A window holds this many tokens before a place a quantity may begin (the furthest any
#: reading looks back: a qualifier of three words before "dari Rp." is six) and after it
#: (the furthest a reading goes past the last place that may begin a number: multipliers,
#: "per cent", a range word; the next number of a range is itself such a place).
_BACK, _AHEAD = 6, 10
_CHARS = (48, 72)  # a first guess of the characters that hold them (words average ~6)
#: Windows closer than this (characters) are read as one: a window's fixed cost is that of
#: a few hundred characters of splitting.
_JOIN = 200


def _parse_near(text: str, language: str, near: list[int]) -> list[Quantity]:
    """``parse`` over windows around ``near``: each window starts and ends at a space (no
    token is cut), holds at least _BACK tokens before and _AHEAD after every place in it
    (or reaches the text's ends), and windows that would overlap are one. A quantity never
    reaches past its window, so the windows are parsed one after another.

    The windows of the first guess of characters are split all at once
    (:func:`_split_windows`); one with too few tokens is made again from its first place,
    wider (split alone). A wider window ends where one of the first guess ends (it joins at
    least the places the first guess joins), and the first guess's windows go on after it
    (were it not so, the window from the next place would be split alone).
    A window made wider may reach back into the one before: each window reads only the
    candidates from the token at its first place on (those before are the places of the
    windows before it, read there)."""
    n = len(text)
    out: list[Quantity] = []
    windows = _split_windows(text, _bounds(text, near, *_CHARS))
    parser = _Parser(text, language, _Window.of(0, 0, [], [], [], [], []))
    w = 0
    k = 0
    while k < len(near):
        while windows[w][2] < k:  # (the last window's last place is the last place)
            w += 1
        window, first, last = windows[w]
        back, ahead = _CHARS
        if first == k:
            if _roomy(window.starts, near[k], near[last], window.lo > 0, window.hi < n):
                out += _parse_tokens(parser.on(window), _from_place(window, near[k]))
                k = last + 1
                continue
            back, ahead = back * 2, ahead * 2  # rare: long tokens; try again, wider
        # (else k would be inside this window, after a wider one: not expected, see above)
        while True:
            ((lo, hi, _, last),) = _bounds(text, near[k:], back, ahead, limit=1)
            last += k
            window = _Window(text, lo, hi)
            if _roomy(window.starts, near[k], near[last], lo > 0, hi < n):
                break
            back, ahead = back * 2, ahead * 2
        out += _parse_tokens(parser.on(window), _from_place(window, near[k]))
        k = last + 1
    return out


def _from_place(window: _Window, place: int) -> list[int]:
    """The window's candidates from the token at ``place`` (or the first after it) on."""
    first = bisect.bisect_right(window.ends, place)
    found = window.candidates()
    return found if not found or found[0] >= first else [c for c in found if c >= first]


def _bounds(
    text: str, near: Sequence[int], back: int, ahead: int, limit: int | None = None
) -> list[tuple[int, int, int, int]]:
    """(lo, hi, first, last) of the windows around ``near`` (the indices of the first and
    last place in each), ``back`` and ``ahead`` characters around every place, joined when
    closer than _JOIN; at most ``limit`` of them."""
    out: list[tuple[int, int, int, int]] = []
    k = 0
    while k < len(near) and (limit is None or len(out) < limit):
        lo = _space_before(text, near[k] - back)
        hi = _space_after(text, near[k] + ahead)
        last = k
        while last + 1 < len(near) and near[last + 1] - back <= hi + _JOIN:
            last += 1
            hi = max(hi, _space_after(text, near[last] + ahead))
        out.append((lo, hi, k, last))
        k = last + 1
    return out


def _q_class_of(ch: str) -> int:
    """A code point's class for ``_TOKEN``: 0 white space, 1 a letter (``[^\\W\\d_]``),
    2 an ASCII digit, 3 anything else (a token by itself, but for the joiners below)."""
    if ch.isspace():
        return 0
    if "0" <= ch <= "9":
        return 2
    if ch.isalnum() and not ch.isdecimal():
        return 1
    return 3


_Q_LOW_CLASSES = bytes(_q_class_of(chr(i)) for i in range(256))


def _split_windows(
    text: str, bounds: list[tuple[int, int, int, int]]
) -> list[tuple[_Window, int, int]]:
    """The windows of ``bounds`` as ``_TOKEN`` splits them, each with its first and last
    place: the windows' texts joined (each but the first begins at a space, so no token
    runs from one into the next) and split at once by numpy from the code points' classes.
    A token starts at a code point that is not white space and does not continue the one
    before: a letter after a letter, an ASCII digit after a digit, and a joiner ("-"
    between two letters, "." or "," between two digits) and what follows it continue it.
    The texts and their lower case are the white-space splits of the joined text (and of
    its lower case) with a space after every token: lower-casing a string reads no code
    point past a space (only a final sigma looks around it, and stops at a space)."""
    if not bounds:
        return []
    joined = "".join([text[lo:hi] for lo, hi, _, _ in bounds])
    size = len(joined)
    if size == 0:
        return [(_Window.of(lo, hi, [], [], [], [], []), a, b) for lo, hi, a, b in bounds]
    raw = joined.encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(raw, np.uint32)
    classes = np.frombuffer(raw[::4].translate(_Q_LOW_CLASSES), np.uint8)
    if not joined.isascii():
        at = np.flatnonzero(points >= 128)
        distinct, which = np.unique(points[at], return_inverse=True)
        own = np.array([_q_class_of(chr(c)) for c in distinct.tolist()], np.uint8)
        classes = classes.copy()
        classes[at] = own[which]
    letter = classes == 1
    digit = classes == 2
    joiner = np.zeros(size, bool)
    if size > 2:
        inner = points[1:-1]
        joiner[1:-1] = ((inner == 45) & letter[:-2] & letter[2:]) | (
            ((inner == 46) | (inner == 44)) & digit[:-2] & digit[2:]
        )
    goes_on = np.zeros(size + 1, bool)  # goes_on[i]: code point i continues a token
    goes_on[1:size] = joiner[1:] | (letter[1:] & (letter[:-1] | joiner[:-1]))
    goes_on[1:size] |= digit[1:] & (digit[:-1] | joiner[:-1])
    solid = classes != 0
    first = np.flatnonzero(solid & ~goes_on[:size])
    after = np.flatnonzero(solid & ~goes_on[1:]) + 1
    spaced = np.insert(points, after, 32).tobytes().decode("utf-32-le", "surrogatepass")
    texts = spaced.split()
    lows = spaced.lower().split()
    # each window's place in the joined text, and the shift to the text's offsets
    sizes = [hi - lo for lo, hi, _, _ in bounds]
    begins = np.fromiter(accumulate(sizes, initial=0), np.int64, len(bounds) + 1)
    shifts = np.array([lo for lo, _, _, _ in bounds], np.int64) - begins[:-1]
    which_window = np.searchsorted(begins, first, "right") - 1
    starts = (first + shifts[which_window]).tolist()
    ends = (after + shifts[which_window]).tolist()
    lines = np.zeros(size + 1, np.int64)
    np.cumsum(points == 10, out=lines[1:])  # lines[i]: line breaks before joined[i]
    newline = np.zeros(len(first), bool)
    newline[1:] = lines[first[1:]] > lines[after[:-1]]
    cuts = np.searchsorted(first, begins).tolist()  # each window's first token
    newline[cuts[:-1]] = False  # (a window's first token has no gap before it)
    newlines = newline.tolist()
    # the tokens a quantity may begin at, as _Window.candidates finds them
    found = np.flatnonzero(digit[first]).tolist()
    found += compress(count(), map(_STARTS.__contains__, lows))
    hyphens = np.flatnonzero(joiner & (points == 45))  # in a word: "dua-tiga" counts as "dua"
    if len(hyphens):
        hyphened = np.unique(np.searchsorted(first, hyphens, "right") - 1).tolist()
        found += [k for k in hyphened if lows[k].partition("-")[0] in _STARTS]
    found = sorted(set(found))
    out = []
    c = 0
    for (lo, hi, a, b), i, j in zip(bounds, cuts[:-1], cuts[1:], strict=True):
        window = _Window.of(lo, hi, texts[i:j], lows[i:j], starts[i:j], ends[i:j], newlines[i:j])
        d = bisect.bisect_left(found, j, c)
        window.found = [f - i for f in found[c:d]]
        c = d
        out.append((window, a, b))
    return out


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_DIGIT_CHARS = frozenset("0123456789")


class _Window(Sequence[_Tok]):
    """The tokens of ``text[lo:hi]`` (``lo`` and ``hi`` at spaces), split at C speed into
    parallel lists, which the parser reads (a :class:`_Tok` is made only when one is asked
    for by index)."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        parts = _TOKEN_SPLIT.split(text[lo:hi])
        offsets = list(accumulate(map(len, parts), initial=lo))
        self.lo, self.hi = lo, hi
        self.texts: list[str] = parts[1::2]
        self.starts: list[int] = offsets[1:-1:2]
        self.ends: list[int] = offsets[2::2]
        self.lows: list[str] = list(map(str.lower, self.texts))
        n = len(self.texts)
        self.newline_before = [False, *map(contains, parts[2 : 2 * n : 2], repeat("\n"))][:n]
        self.found: list[int] | None = None

    @classmethod
    def of(
        cls,
        lo: int,
        hi: int,
        texts: list[str],
        lows: list[str],
        starts: list[int],
        ends: list[int],
        newline_before: list[bool],
    ) -> _Window:
        """The window of ``text[lo:hi]`` from its lists, split elsewhere."""
        w = cls.__new__(cls)
        w.lo, w.hi = lo, hi
        w.texts, w.lows, w.starts, w.ends = texts, lows, starts, ends
        w.newline_before = newline_before
        w.found = None
        return w

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, k: int) -> _Tok:  # type: ignore[override] # nothing slices it
        return _Tok(self.starts[k], self.ends[k], self.texts[k], self.lows[k])

    def candidates(self) -> list[int]:
        """The tokens a quantity may begin at (digits, or a word of _STARTS before any
        hyphen), as parse's loop tests them (``found`` when the split found them)."""
        if self.found is not None:
            return self.found
        lows = self.lows
        digits = map(_DIGIT_CHARS.__contains__, map(itemgetter(0), self.texts))
        found = list(compress(count(), map(or_, digits, map(_STARTS.__contains__, lows))))
        hyphened = list(compress(count(), map(contains, lows, repeat("-"))))
        if not hyphened:
            return found
        # a hyphenated word counts by its first part ("dua-tiga"): a few, sorted in
        return sorted({*found, *(k for k in hyphened if lows[k].partition("-")[0] in _STARTS)})


def _space_before(text: str, p: int) -> int:
    if p <= 0:
        return 0
    k = text.rfind(" ", 0, p)
    return max(k, 0)


def _space_after(text: str, p: int) -> int:
    k = text.find(" ", p)
    return len(text) if k < 0 else k


def _roomy(starts: list[int], first: int, last: int, cut_lo: bool, cut_hi: bool) -> bool:
    """Whether the window has _BACK tokens before the token at ``first`` (when it does not
    begin the text) and _AHEAD after the token at ``last`` (when it does not end it)."""
    if cut_lo and bisect.bisect_right(starts, first) - 1 < _BACK:
        return False
    return not (cut_hi and len(starts) - bisect.bisect_right(starts, last) < _AHEAD)


def _parse_tokens(p: _Parser, candidates: Iterable[int] | None = None) -> list[Quantity]:
    """Quantities from the parser's tokens; ``candidates``: the indices parse's test below
    lets through, when the caller has them."""
    toks = p.toks
    out: list[Quantity] = []
    if candidates is None:
        starts = _STARTS
        candidates = (
            k for k, t in enumerate(toks) if t.is_digits or t.low.partition("-")[0] in starts
        )  # no numeral, plural or "antara"/"between" can begin elsewhere
    after = 0
    for i in candidates:
        if i < after:
            continue
        found = None
        try:
            found = _parse_at(p, i)
        except (InvalidOperation, ArithmeticError):  # pragma: no cover - defensive
            found = None
        if found is None:
            continue
        q, after = found
        out.append(q)
    return out


def _parse_at(p: _Parser, i: int) -> tuple[Quantity, int] | None:
    """The quantity whose number starts at toks[i] ("antara" counts as its start)."""
    low_strict = high_strict = approx = False
    lo: Decimal | None
    hi: Decimal | None
    pair = p.between(i) if p.lows[i] in ("antara", "between") else None
    if pair is not None:
        a, b, _ = pair
        a = _distribute(a, b)
        if a.low > b.high:
            return None
        lo, hi, end_i, first = a.low, b.high, b.j, i
        unit = a.unit or b.unit
        scale = b.scale if a.scale == b.scale else 1
    else:
        atom = p.atom(i)
        if atom is None:
            return None
        a = atom
        lo, hi, end_i, unit, scale = a.low, a.high, a.j, a.unit, a.scale
        first = p.currency_start(i)
        ranged = False
        rng = p.range_after(a)
        if rng is not None:
            b = rng
            if a.year_like and b.year_like:
                return None  # 2019-2024: a span of years
            a2 = _distribute(a, b)
            if a2.low <= b.high:
                ranged = True
                lo, hi, end_i = a2.low, b.high, b.j
                unit = a2.unit or b.unit
                scale = b.scale if a2.scale == b.scale else 1
                if p.low(first - 1) in ("dari", "from") and p.joined(first):
                    first -= 1
        qual = p.qualifier_before(first)
        if not ranged and a.year_like and unit is None and qual is None:
            return None  # a year standing alone
        if qual is not None:
            q_start, kind = qual
            if kind == "approx":
                approx = True
                first = q_start
            elif not ranged:
                first = q_start
                if kind in ("gt", "ge"):
                    hi = None
                    low_strict = kind == "gt"
                else:
                    lo = None
                    high_strict = kind == "lt"
    start = p.starts[first]
    end = p.ends[end_i - 1]
    q = _quantity(
        start=start,
        end=end,
        text=p.text[start:end],
        low=None if lo is None else _num(lo),
        high=None if hi is None else _num(hi),
        approx=approx,
        unit=unit,
        low_strict=low_strict,
        high_strict=high_strict,
        scale=scale,
        language=p.language,
    )
    return q, end_i


def _quantity(**fields: object) -> Quantity:
    """``Quantity(**fields)``, every field given, made without the frozen dataclass's
    ``__init__``: its eleven ``object.__setattr__`` calls cost more than the rest of reading
    a plain number. The instance's ``__dict__`` is the one ``__init__`` would fill (the
    fields in their order), so it is equal, hashes and prints the same."""
    q = object.__new__(Quantity)
    q.__dict__.update(fields)
    return q


# --------------------------------------------------------------------------- compare


def _widened(q: Quantity, tolerance: float) -> tuple[Fraction | None, bool, Fraction | None, bool]:
    """The interval of ``q`` in exact arithmetic, widened by ``tolerance`` if hedged."""
    lo = None if q.low is None else Fraction(q.low)
    hi = None if q.high is None else Fraction(q.high)
    if q.approx:
        tol = Fraction(str(tolerance))
        if lo is not None:
            lo = lo - abs(lo) * tol
        if hi is not None:
            hi = hi + abs(hi) * tol
    return lo, q.low_strict, hi, q.high_strict


def compatible(a: Quantity, b: Quantity, tolerance: float = APPROX_TOLERANCE) -> bool:
    """Whether ``a`` and ``b`` can both be true of one quantity.

    Their intervals must intersect; a hedged (``approx``) quantity is first widened by
    ``tolerance`` of each bound (±10%: "sekitar 11 ribu" is 9.900–12.100). Quantities in
    different units (a percentage and a count, rupiah and dollars) are never compatible.
    """
    if a.unit != b.unit:
        return False
    alo, alo_s, ahi, ahi_s = _widened(a, tolerance)
    blo, blo_s, bhi, bhi_s = _widened(b, tolerance)
    # the larger of the lows against the smaller of the highs
    if alo is None:
        lo, lo_s = blo, blo_s
    elif blo is None or alo > blo:
        lo, lo_s = alo, alo_s
    elif blo > alo:
        lo, lo_s = blo, blo_s
    else:
        lo, lo_s = alo, alo_s or blo_s
    if ahi is None:
        hi, hi_s = bhi, bhi_s
    elif bhi is None or ahi < bhi:
        hi, hi_s = ahi, ahi_s
    elif bhi < ahi:
        hi, hi_s = bhi, bhi_s
    else:
        hi, hi_s = ahi, ahi_s or bhi_s
    if lo is None or hi is None:
        return True
    if lo < hi:
        return True
    return lo == hi and not lo_s and not hi_s


# --------------------------------------------------------------------------- describe

_SCALE_NAMES = {
    "id": {100: "ratus", 1000: "ribu", 10**6: "juta", 10**9: "miliar", 10**12: "triliun"},
    "en": {100: "hundred", 1000: "thousand", 10**6: "million", 10**9: "billion",
           10**12: "trillion"},
}  # fmt: skip


def _format_number(v: float, language: str, scale: int) -> str:
    english = language == "en"
    group, decimal = (",", ".") if english else (".", ",")
    d = Decimal(str(v)) / scale if scale > 1 else Decimal(str(v))
    if d == d.to_integral_value():
        s = f"{int(d):,}".replace(",", group)
    else:
        s = format(d.normalize(), "f")
        whole, _, frac = s.partition(".")
        s = f"{int(whole):,}".replace(",", group) + decimal + frac
    return s


def describe(q: Quantity) -> str:
    """A short form for a conflict line: "11 ribu", "≈ 11 ribu", "20–30 ribu", "> 10.000"."""
    lang = q.language
    scale = q.scale
    name = _SCALE_NAMES[lang].get(scale, "")
    if not name:  # no word for it in this language (a dozen): write the number out
        scale = 1

    def fmt(v: float) -> str:
        return _format_number(v, lang, scale)

    if q.low is not None and q.high is not None:
        core = fmt(q.low) if q.low == q.high else f"{fmt(q.low)}–{fmt(q.high)}"
    elif q.low is not None:
        core = ("> " if q.low_strict else "≥ ") + fmt(q.low)
    elif q.high is not None:
        core = ("< " if q.high_strict else "≤ ") + fmt(q.high)
    else:  # pragma: no cover - parse never makes one
        core = "?"
    if name:
        core = f"{core} {name}"
    if q.unit == "%":
        core += "%"
    elif q.unit == "IDR":
        core = "Rp " + core
    elif q.unit == "USD":
        core = "US$ " + core
    if q.approx:
        core = "≈ " + core
    return core


def values_of(text: str, language: str | None = "id") -> list[dict[str, object]]:
    """``text``'s quantities as exports carry them: ``low``, ``high`` (``None`` for an open
    end; equal for an exact value), ``approx``, ``text``, and ``unit`` ("%", "IDR", "USD" or
    ``None`` for a count). Whole values are ints, so "11 ribu" is ``11000``, not ``11000.0``."""
    return [
        {
            "low": _plain(q.low),
            "high": _plain(q.high),
            "approx": q.approx,
            "text": q.text,
            "unit": q.unit,
        }
        for q in parse(text, language or "id")
    ]


def _plain(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v
