"""The fast paths of the suggestion sources give what the straightforward readings gave.

``tests/unit/reference`` holds the quantity reader and the rules as they were before the
speed work (every word read, every sentence searched). Here both read the demo corpus's
articles, generated articles in Indonesian and English, and texts made to sit on the fast
paths' edges (numbers at window edges, lines with one word, underscores, a dotted capital I and a
dotless i, a cue at a sentence's end); the suggestions must be the same, field for field.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from pathlib import Path

import pytest

from annotator.core import offers, quantities
from annotator.core import suggestions as fast
from annotator.paths import seeds_dir
from benchmarks.generate import Generator
from tests.unit.reference import quantities_before as old_quantities
from tests.unit.reference import suggestions_before as old


def _texts() -> list[tuple[str, str]]:
    out = [(p.read_text(encoding="utf-8"), "id") for p in sorted(Path(seeds_dir()).glob("*.txt"))]
    gen = Generator(11)
    for k in range(6):
        lang = "en" if k % 3 == 2 else "id"
        text, _ = gen.article(lang, 20_000 if k < 4 else 60_000, 3)
        out.append((text, lang))
    return out


_EDGES = [
    "salah\nsatu orang, no\none said, the\n\none of them; tens\nof thousands; 20 s\n/d 30 orang",
    "Harga Rp. 5.000 hingga Rp 7.500, kata Budi. Sekitar 11 ribu hingga 12 ribu orang.",
    "_12/8 dan _Agustus 2025, lalu dua_ratus dan 3٣ orang; antara 5 dan 7 persen.",
    "İstanbul, 12 Agustus: ı said. according to Siti, more than 2,000 people came.",
    "x " * 40 + "tidak kurang dari Rp. 5 juta" + " y" * 40 + " 12 ribu\n" + "z " * 3 + "9",
    "Menurut Joko Widodo, setidaknya dua ratus lima puluh tiga ribu orang hadir.\n\n"
    "Sebanyak 1. 000 orang; 1. Legitimasi\n2) Dua puluh persen; 10-20%; 2019-2024 ujar dia",
    "a" * 300 + " 7 " + "b" * 300 + " sekitar 8" + " kata" * 3,
    # wide gaps: a qualifier and multipliers further than a window's first guess of
    # characters, so only its count of words before and after keeps them in
    (" " * 45).join(["tidak", "kurang", "dari", "5"]) + (" " * 70).join(["", "ratus", "ribu"]),
    (" " * 45).join(["at", "least", "Rp", "5"]) + (" " * 70).join(["", "hundred", "per", "cent"]),
    # the windows' split by code point classes: joiners, digits glued to letters, other
    # scripts' digits, "_", white space other than a space, astral characters, capitals
    # whose lower case is longer or depends on what follows (a final sigma)
    # a window made wider (long words before its place) reaches back into the one before
    "x " * 5 + "dua orang" + " y" * 60 + " " + "b" * 120 + " " + "c" * 120 + " 7 ribu",
    # dates whose day is one digit, after a word, a bracket, a line break
    "pada 5 Agustus 2025, 3/8 dan (4/8/2025); 7 Aug. 9 August 2024\n1 Mei\n5/6; 7 x 8 z",
    # a line break in the gap between two windows
    "5 ribu" + " x" * 300 + " \n" + "b" * 60 + " 7 ribu" + " y" * 300 + "\n\n" + "c" * 50 + " 9",
    "Rp5.000-an ke-80 F-16 dua-tiga-empat 1.000,5 1..2 1,,2 1.2.3 a--b -dua- x-5 5-x 7-",
    "G20 4G 5rb 10k 3٣ ٣3 _5 5_ dua_ratus 𝟙𝟚 ²5 5² ½ lima½ 5½ juta",
    "\u00a0sekitar\u00a05\u00a0ribu 10\u00a0persen\u2003dua\u2009ratus\x1cribu\x855 %",
    "😀5 ribu 𝐀 dua 😀 puluh 🇮🇩 12 ribu😀 orang; ΣΑΣ-ΟΣ 5 ΣΣ Σ5 ΑΣ.Β; İKİ 5 RİBU; ẞ 3 ribu",
]


def _cases() -> list[tuple[str, str]]:
    cases = _texts() + [(t, lang) for t in _EDGES for lang in ("id", "en")]
    rnd = random.Random(17)
    pieces = [w for t in _EDGES for w in t.replace("\n", " \n ").split(" ")]
    for _ in range(60):  # edge pieces shuffled: numbers meeting window edges in new ways
        cases.append((" ".join(rnd.choice(pieces) for _ in range(rnd.randint(5, 400))), "id"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("text", "language"), CASES, ids=range(len(CASES)))
def test_rules_are_those_of_the_straightforward_reading(text: str, language: str) -> None:
    expected = [fast.Suggestion(**vars(s)) for s in old.rule_suggestions(text, language)]
    assert fast.rule_suggestions(text, language) == expected
    assert fast.rule_suggestions(text, language, tokens=fast.Words(text)) == expected


@pytest.mark.parametrize(("text", "language"), CASES, ids=range(len(CASES)))
def test_quantities_read_in_windows_are_those_of_the_whole_text(text: str, language: str) -> None:
    expected = old_quantities.parse(text, language)
    near = [m.start() for m in fast._DIGITS.finditer(text)]
    words = fast.Words(text)
    near += words.starts_where(words.lowered, quantities.NUMBER_STARTS)
    near += [s for s, w in zip(words.starts, words.texts, strict=True) if "_" in w]
    got = quantities.parse(text, language, near=near)
    assert [vars(q) for q in got] == [vars(q) for q in expected]
    assert [vars(q) for q in quantities.parse(text, language)] == [vars(q) for q in expected]


#: Texts on the edges of the numpy split of the words: every kind of character at a text's
#: start and end, NBSP and other white space, astral letters and digits (𝟙 is a decimal
#: digit), combining marks, digits of other scripts, "_", a lone surrogate.
_WORD_EDGES = [
    "",
    " ",
    "a",
    ",",
    "5",
    "_",
    "\u00a0x\u00a0,\u00a0",
    ",a,",
    "a,,b  c\n\n\td",
    "😀a😀 𝟙𝟚x 𝐀𝐁 e\u0301 ٣4 _12_ ²½ Ⅻ \u2028\u3000\x1c\x85.",
    "x\ud800y \udfff",
    "Rusia-Korut 1.000, (12/8) “kata” — 10%.",
]


def _both_splits(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[fast.Words, fast.Words]:
    """``text``'s words split by ``re`` and by numpy (whatever its length)."""
    monkeypatch.setattr(fast, "_NUMPY_FROM", 10**9)
    by_re = fast.Words(text)
    monkeypatch.setattr(fast, "_NUMPY_FROM", 1)
    by_numpy = fast.Words(text)
    return by_re, by_numpy


@pytest.mark.parametrize("text", _WORD_EDGES + [t for t, _ in CASES[:12]])
def test_words_split_by_numpy_are_those_of_the_regex(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_re, by_numpy = _both_splits(text, monkeypatch)
    assert by_re.texts == [text[s:e] for s, e in fast.words(text)]
    assert (by_numpy.texts, by_numpy.starts, by_numpy.ends) == (
        by_re.texts,
        by_re.starts,
        by_re.ends,
    )
    assert by_numpy.digit_starts == by_re.digit_starts


def test_every_code_point_is_classed_as_the_regex_classes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each code point between "a" and "5": one word if it is a word character, three
    tokens if it stands alone, two if it is white space; the digit run starts at it if it
    is a decimal digit, else at the 5."""
    for plane in range(0, 0x110000, 0x10000):
        text = "".join(f"a{chr(c)}5 " for c in range(plane, plane + 0x10000))
        by_re, by_numpy = _both_splits(text, monkeypatch)
        assert by_numpy.starts == by_re.starts
        assert by_numpy.ends == by_re.ends
        assert by_numpy.texts == by_re.texts
        assert by_numpy.digit_starts == by_re.digit_starts


@pytest.mark.parametrize(("text", "language"), CASES, ids=range(len(CASES)))
def test_windows_split_at_once_are_those_split_one_by_one(text: str, language: str) -> None:
    """The windows' tokens split all at once by code point classes: the texts, lower
    case, offsets, line breaks and candidates of ``_TOKEN`` splitting each window."""
    digits = [m.start() for m in fast._DIGITS.finditer(text)]
    for near in (digits, sorted({*digits, *range(0, len(text), 97)})):
        bounds = quantities._bounds(text, near, *quantities._CHARS)
        got = quantities._split_windows(text, bounds)
        assert [(a, b) for _, a, b in got] == [(a, b) for _, _, a, b in bounds]
        for (window, _, _), (lo, hi, _, _) in zip(got, bounds, strict=True):
            one = quantities._Window(text, lo, hi)
            assert (window.lo, window.hi) == (lo, hi)
            assert window.texts == one.texts
            assert window.lows == one.lows
            assert window.starts == one.starts
            assert window.ends == one.ends
            assert window.newline_before == one.newline_before
            assert window.candidates() == one.candidates()


def test_lexicon_matches_are_those_of_the_straightforward_walk() -> None:
    gen = Generator(5)
    text, _ = gen.article("id", 30_000, 3)
    drawn = Counter(gen._entity("id") for _ in range(3000))
    for fold in (False, True):
        new, ref = fast.Lexicon(fold=fold), old.Lexicon(fold=fold)
        for (form, label), count in drawn.items():
            new.add(form if not fold else form.lower(), label, count)
            ref.add(form if not fold else form.lower(), label, count)
        skip = [(s, s + 40) for s in range(0, len(text), 997)]
        for kw in ({}, {"skip": skip}):
            expected = [fast.Suggestion(**vars(s)) for s in ref.match(text, **kw)]
            assert expected, "the fixture must give matches"
            assert new.match(text, **kw) == expected
            assert new.match(text, tokens=fast.Words(text), **kw) == expected
            assert new.match(text, tokens=fast.words(text), **kw) == expected


def test_sentences_are_those_of_the_quotation_walk() -> None:
    """Sentences cut by splits (the quotation state walked only at quote marks) are those of
    the walk over every break: random texts of words, ends, every quote mark and kinds of
    white space, blank lines and blank last pieces among them."""
    rnd = random.Random(29)
    alphabet = ["kata", "x", " ", " ", " ", ".", "!", "?", "\n", "\t", "\u00a0", "\r", *'"“”«»’']
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50))) for _ in range(5000)]
    texts += [t for t, _ in CASES]
    for text in texts:
        assert fast._sentences(text) == old._sentences(text), text


def test_the_sentence_at_a_place_is_the_one_of_all_sentences() -> None:
    """``_sentences_at`` (only the places' paragraphs read, the ends of a paragraph
    without quote marks found by one scan of the text) gives, at every character that is
    not white space, the sentence of ``_sentences`` it lies in."""
    rnd = random.Random(37)
    alphabet = ["kata", "x", " ", " ", ".", "!", "?", "\n", "\t", "\u00a0", "’", *'"“”«»']
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(3000)]
    texts += [t for t, _ in CASES[:12]]
    for text in texts:
        sentences = fast._sentences(text)
        starts = [s for s, _ in sentences]
        places = [p for p, ch in enumerate(text) if not ch.isspace()]
        expected = [sentences[bisect_right(starts, p) - 1] for p in places]
        assert fast._sentences_at(text, places) == expected, text


def test_claims_are_those_of_the_straightforward_reading_on_random_texts() -> None:
    """Claim candidates (their sentences, cues, speakers and trimmed ends) on random texts
    of cues, names, "bahwa", commas, ends, quote marks and kinds of white space."""
    rnd = random.Random(31)
    pieces = ["kata", "Menurut", "mengatakan", "said", "katanya", "Budi", "Joko Widodo", "bahwa"]
    pieces += ["harga", "naik", ",", ".", ";", "!", " ", " ", "\n", "\t", "\u00a0", *'"“”«»']
    pieces += ["Ahmad bin", "binti", "van", "dr.", "Dr.", "O’Brien", "de-Gaulle", "ÉLYSÉE"]
    for _ in range(3000):
        text = "".join(
            rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(1, 30))
        )
        expected = [(c.start, c.end, c.cue, c.speaker) for c in old.claim_candidates(text)]
        words = fast.Words(text)
        near = words.starts_where(words.folded, fast._CUE_FIRSTS)
        for got in (fast.claim_candidates(text), fast.claim_candidates(text, near=near)):
            assert [tuple(c) for c in got] == expected, text


def test_a_quantity_read_fast_is_a_quantity_like_any_other() -> None:
    """Quantities are made without the dataclass's __init__: they must equal, hash and
    print as one made by it."""
    for q in quantities.parse("sekitar 11 ribu hingga 12 ribu orang, lebih dari 5 persen"):
        made = quantities.Quantity(**vars(q))
        assert q == made and hash(q) == hash(made) and repr(q) == repr(made)
        assert list(vars(q)) == list(vars(made))


def test_an_offer_made_fast_is_an_offer_like_any_other() -> None:
    """Offers from suggestions are made without the dataclass's __init__: they must equal,
    hash and print as one made by it."""
    memory = fast.Lexicon()
    memory.update([("Putin", "PERSON"), ("Putin", "ORG"), ("Putin", "PERSON")])
    (o,) = offers.from_suggestions(memory.match("Kata Putin."))
    made = offers.Offer(5, 10, "PERSON", "memory", "Putin", others=("ORG",))
    assert o == made and hash(o) == hash(made) and repr(o) == repr(made)
    assert list(vars(o)) == list(vars(made)) and o.key == (5, 10, "PERSON")


def test_a_cue_written_with_a_dotted_capital_i_is_read() -> None:
    """ "SAİD" matches the cue "said" ignoring case (as ``re`` does) without case-folding to
    it: the straightforward reading raised KeyError here."""
    (c,) = fast.claim_candidates("Harga naik 5 persen, Budi SAİD.")
    assert (c.start, c.end) == (0, 19)
