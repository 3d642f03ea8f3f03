"""core.quantities: quantity phrases read into values, ranges and bounds (issue 16).

PHRASES is a table of real phrases from the demo corpus (seeds/*.txt) and our own, Indonesian
and English. Each row: language, text, and the quantities expected in it as
(matched text, low, high, approx) or (matched text, low, high, approx, unit); the expected
offsets are where the matched text first occurs in the text, in code points (rows with an
emoji before the number check that they are code points, not UTF-16 units or bytes).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.quantities import Quantity, compatible, describe, parse

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

Row = (
    tuple[str, float | None, float | None, bool]
    | tuple[str, float | None, float | None, bool, str | None]
)

PHRASES: list[tuple[str, str, list[Row]]] = [
    # ---- the demo corpus (seeds/*.txt), as written there
    ("id", "yang mengirimkan sekitar 11 ribu tentaranya ke Oblast Kursk",
     [("sekitar 11 ribu", 11000, 11000, True)]),
    ("id", "Korea Utara telah mengerahkan 20 ribu hingga 30 ribu prajuritnya ke Rusia",
     [("20 ribu hingga 30 ribu", 20000, 30000, False)]),
    ("id", "Pyongyang mengirimkan lebih dari 10.000 tentara ke wilayah Kursk Rusia pada tahun 2024",
     [("lebih dari 10.000", 10000, None, False)]),
    ("id", "atas peringatan 80 tahun kemerdekaan Korea dari Jepang", [("80", 80, 80, False)]),
    ("id", "Baca Juga:  Bupati Pati Sudewo Kembalikan Uang Korupsi 720 Juta",
     [("720 Juta", 720_000_000, 720_000_000, False)]),
    ("id", "timing yang sangat strategis, hanya 3 hari sebelum pertemuan",
     [("3", 3, 3, False)]),
    ("id", "Kim Jong Un pada Selasa (12/8/2025), hanya beberapa hari sebelum", []),
    ("id", "menelepon Kim Jong Un pada Selasa siang (12/8) waktu setempat", []),
    ("id", "dijadwalkan pada Jumat, 15 Agustus 2025, di Alaska", []),
    ("id", "Rabu, 13 Agu 2025 11:08 WIB", []),
    ("id", "Rabu, 13 Agustus 2025 | 07:56", []),
    ("id", "pertemuan Putin dan Kim Jong Un pada 2019 lalu. Foto: AFP", []),
    ("id", "Hari Kemerdekaan Korea ke-80 dari penjajahan Jepang", []),
    ("id", "bandara di Pyongyang, Korea Utara, 19 Juni 2024. /Reuters/KCNA", []),
    ("id", "ke Korea Utara dalam 24 tahun — menghasilkan kesepakatan", [("24", 24, 24, False)]),
    ("id", "yang telah berlangsung selama nyaris tiga setengah tahun tersebut.",
     [("nyaris tiga setengah", 3.5, 3.5, True)]),
    ("id", "perang yang telah berlangsung selama lebih dari tiga tahun.",
     [("lebih dari tiga", 3, None, False)]),
    ("id", "Trump telah bertemu dengan Kim Jong Un sebanyak tiga kali",
     [("tiga", 3, 3, False)]),
    ("id", "Kim telah menjelma menjadi salah satu sekutu utama Putin", []),
    ("id", "  1. Legitimasi Internasional – Menunjukkan", []),
    # ---- Indonesian, our own
    ("id", "sebanyak 2.500 personel", [("2.500", 2500, 2500, False)]),
    ("id", "inflasi 1,5 persen", [("1,5 persen", 1.5, 1.5, False, "%")]),
    ("id", "naik 2,5%", [("2,5%", 2.5, 2.5, False, "%")]),
    ("id", "anggaran Rp 1,5 triliun", [("Rp 1,5 triliun", 1.5e12, 1.5e12, False, "IDR")]),
    ("id", "denda Rp720.000.000,50",
     [("Rp720.000.000,50", 720000000.5, 720000000.5, False, "IDR")]),
    ("id", "gaji 5 jt sebulan", [("5 jt", 5_000_000, 5_000_000, False)]),
    ("id", "harga 10rb per kilo", [("10rb", 10_000, 10_000, False)]),
    ("id", "sebanyak 3 miliar dolar", [("3 miliar", 3e9, 3e9, False)]),
    ("id", "dua ribu orang", [("dua ribu", 2000, 2000, False)]),
    ("id", "sebelas ribu tentara", [("sebelas ribu", 11000, 11000, False)]),
    ("id", "seratus orang", [("seratus", 100, 100, False)]),
    ("id", "seribu lima ratus", [("seribu lima ratus", 1500, 1500, False)]),
    ("id", "dua ratus lima puluh tiga ribu",
     [("dua ratus lima puluh tiga ribu", 253000, 253000, False)]),
    ("id", "seratus dua belas korban", [("seratus dua belas", 112, 112, False)]),
    ("id", "satu setengah juta warga", [("satu setengah juta", 1.5e6, 1.5e6, False)]),
    ("id", "puluhan ribu warga", [("puluhan ribu", 20_000, 99_999, False)]),
    ("id", "ratusan orang", [("ratusan", 200, 999, False)]),
    ("id", "ribuan demonstran", [("ribuan", 2000, 9999, False)]),
    ("id", "belasan rumah", [("belasan", 11, 19, False)]),
    ("id", "20 hingga 30 ribu tentara", [("20 hingga 30 ribu", 20_000, 30_000, False)]),
    ("id", "500 hingga 2 ribu orang", [("500 hingga 2 ribu", 500, 2000, False)]),
    ("id", "antara 20 dan 30 ribu tentara", [("antara 20 dan 30 ribu", 20_000, 30_000, False)]),
    ("id", "20-30 ribu tentara", [("20-30 ribu", 20_000, 30_000, False)]),
    ("id", "20–30 ribu tentara", [("20–30 ribu", 20_000, 30_000, False)]),
    ("id", "dari 5 sampai 10 orang", [("dari 5 sampai 10", 5, 10, False)]),
    ("id", "20 s/d 30 orang", [("20 s/d 30", 20, 30, False)]),
    ("id", "sekitar 20-30 ribu tentara", [("sekitar 20-30 ribu", 20_000, 30_000, True)]),
    ("id", "naik 10-20%", [("10-20%", 10, 20, False, "%")]),
    ("id", "kira-kira 2,5 persen", [("kira-kira 2,5 persen", 2.5, 2.5, True, "%")]),
    ("id", "kurang lebih 40 orang", [("kurang lebih 40", 40, 40, True)]),
    ("id", "hampir 1.000 korban", [("hampir 1.000", 1000, 1000, True)]),
    ("id", "setidaknya 50 orang", [("setidaknya 50", 50, None, False)]),
    ("id", "paling sedikit 7 korban", [("paling sedikit 7", 7, None, False)]),
    ("id", "sedikitnya 12 orang tewas", [("sedikitnya 12", 12, None, False)]),
    ("id", "kurang dari 10 jt", [("kurang dari 10 jt", None, 10_000_000, False)]),
    ("id", "hingga 300 orang", [("hingga 300", None, 300, False)]),
    ("id", "sampai 5 tahun penjara", [("sampai 5", None, 5, False)]),
    ("id", "di atas 1.000 orang", [("di atas 1.000", 1000, None, False)]),
    ("id", "di bawah 5%", [("di bawah 5%", None, 5, False, "%")]),
    ("id", "pukul 10.00 WIB", []),
    ("id", "tanggal 12.08.2025 dan 12-8-2025", []),
    ("id", "jet F-16 dan KTT G20 serta COVID-19 di era 4G", []),
    ("id", "periode 2019-2024", []),
    ("id", "Pasal 27 ayat 3 UU ITE, kecelakaan di KM 57", []),
    ("id", "🎉 sekitar 11 ribu tentara", [("sekitar 11 ribu", 11000, 11000, True)]),
    ("id", "👨‍👩‍👧 lebih dari 10.000", [("lebih dari 10.000", 10000, None, False)]),
    ("id", "120 orang\n30 ribu", [("120", 120, 120, False), ("30 ribu", 30000, 30000, False)]),
    ("id", "lebih dari 2000 tentara", [("lebih dari 2000", 2000, None, False)]),
    # ---- English
    ("en", "more than 10,000 troops", [("more than 10,000", 10000, None, False)]),
    ("en", "about 11,000 soldiers", [("about 11,000", 11000, 11000, True)]),
    ("en", "between 20,000 and 30,000 troops",
     [("between 20,000 and 30,000", 20000, 30000, False)]),
    ("en", "20 to 30 thousand", [("20 to 30 thousand", 20000, 30000, False)]),
    ("en", "at least 2,000 people", [("at least 2,000", 2000, None, False)]),
    ("en", "up to 1.5 million", [("up to 1.5 million", None, 1.5e6, False)]),
    ("en", "fewer than 500 people", [("fewer than 500", None, 500, False)]),
    ("en", "tens of thousands of protesters", [("tens of thousands", 20000, 99999, False)]),
    ("en", "hundreds of thousands", [("hundreds of thousands", 200_000, 999_999, False)]),
    ("en", "thousands of people", [("thousands", 2000, 9999, False)]),
    ("en", "two hundred and five", [("two hundred and five", 205, 205, False)]),
    ("en", "twenty-five thousand", [("twenty-five thousand", 25000, 25000, False)]),
    ("en", "a thousand people", [("a thousand", 1000, 1000, False)]),
    ("en", "nearly 3.5 billion", [("nearly 3.5 billion", 3.5e9, 3.5e9, True)]),
    ("en", "roughly 40 dead", [("roughly 40", 40, 40, True)]),
    ("en", "some 10,000 troops", [("some 10,000", 10000, 10000, True)]),
    ("en", "US$ 2.4 billion", [("US$ 2.4 billion", 2.4e9, 2.4e9, False, "USD")]),
    ("en", "15% of voters", [("15%", 15, 15, False, "%")]),
    ("en", "12 percent", [("12 percent", 12, 12, False, "%")]),
    ("en", "On August 15, 2025 at 11:08", []),
    ("en", "the 80th anniversary", []),
    ("en", "Article 5 of the treaty, page 3", []),
    ("en", "in 2019 the summit", []),
    ("en", "from 2019 to 2024", []),
    ("en", "over 500 killed", [("over 500", 500, None, False)]),
    ("en", "no fewer than 30 dead", [("no fewer than 30", 30, None, False)]),
    ("en", "10k views", [("10k", 10000, 10000, False)]),
    ("en", "🚀 up to 20 rockets", [("up to 20", None, 20, False)]),
    ("en", "nearly half a million people", [("nearly half a million", 500_000, 500_000, True)]),
    ("en", "fewer than two dozen", [("fewer than two dozen", None, 24, False)]),
    ("en", "half of them", []),
    ("en", "one soldier, not one of the generals, no one else", [("one", 1, 1, False)]),
]  # fmt: skip


Got = tuple[int, int, str, float | None, float | None, bool, str | None]


def _expected(text: str, row: Row) -> Got:
    matched, low, high, approx = row[:4]
    unit = row[4] if len(row) == 5 else None  # type: ignore[misc]
    start = text.index(matched)
    return start, start + len(matched), matched, low, high, approx, unit


def _got(q: Quantity) -> Got:
    return q.start, q.end, q.text, q.low, q.high, q.approx, q.unit


@pytest.mark.parametrize(("language", "text", "rows"), PHRASES, ids=[p[1][:40] for p in PHRASES])
def test_phrase(language: str, text: str, rows: list[Row]) -> None:
    got = [_got(q) for q in parse(text, language)]
    assert got == [_expected(text, row) for row in rows]


def test_the_table_is_large_enough() -> None:
    assert len(PHRASES) >= 60
    assert sum(1 for p in PHRASES if p[0] == "en") >= 20


def test_offsets_are_code_points_after_an_emoji() -> None:
    # 🎉 is one code point (two UTF-16 units, four UTF-8 bytes); the family is five.
    [q] = parse("🎉 sekitar 11 ribu", "id")
    assert (q.start, q.end) == (2, 17)
    [q] = parse("👨‍👩‍👧 lebih dari 10.000", "id")
    assert (q.start, q.end) == (6, 23)


def test_bounds_are_strict_or_not() -> None:
    [more] = parse("lebih dari 10.000", "id")
    [least] = parse("setidaknya 10.000", "id")
    [fewer] = parse("fewer than 10", "en")
    [upto] = parse("up to 10", "en")
    assert (more.low_strict, least.low_strict) == (True, False)
    assert (fewer.high_strict, upto.high_strict) == (True, False)


def test_language_decides_the_separators() -> None:
    assert [q.low for q in parse("10.000 dan 1,5", "id")] == [10000, 1.5]
    assert [q.low for q in parse("10,000 and 1.5", "en")] == [10000, 1.5]
    # any other language (or unknown) is read the Indonesian way, like the corpus
    assert [q.low for q in parse("10.000", "unknown")] == [10000]
    # the other convention's decimal mark when the language's cannot apply
    assert [q.low for q in parse("1.5 juta", "id")] == [1_500_000]


# ---- the demo corpus, whole files


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_troop_numbers_and_nothing_from_its_dates() -> None:
    text = _seed("000")
    got = [(q.start, q.text, q.low, q.high, q.approx) for q in parse(text, "id")]
    at = text.index
    assert got == [
        (at("dua negara"), "dua", 2, 2, False),
        (at("20 ribu hingga"), "20 ribu hingga 30 ribu", 20000, 30000, False),
        (at("sekitar 11 ribu"), "sekitar 11 ribu", 11000, 11000, True),
        (at("satu pihak"), "satu", 1, 1, False),
    ]
    assert "(12/8)" in text and "15 Agustus" in text and "(8/8)" in text


def test_seed_004_more_than_ten_thousand() -> None:
    text = _seed("004")
    quantities = parse(text, "id")
    [q] = [q for q in quantities if q.text == "lebih dari 10.000"]
    assert q.start == text.index("lebih dari 10.000") and q.end == q.start + 17
    assert (q.low, q.high, q.low_strict) == (10000, None, True)
    assert not any(q.text in ("2024", "2019", "2021") for q in quantities)


def test_seed_conflict_lines() -> None:
    """The issue's example: the outlets' troop numbers, pairwise."""
    [kursk] = [q for q in parse(_seed("000"), "id") if q.text == "sekitar 11 ribu"]
    [ukraine] = [q for q in parse(_seed("000"), "id") if q.text.startswith("20 ribu")]
    [more] = [q for q in parse(_seed("004"), "id") if q.text == "lebih dari 10.000"]
    assert compatible(more, kursk)
    assert compatible(more, ukraine)
    assert not compatible(kursk, ukraine)
    assert [describe(kursk), describe(ukraine), describe(more)] == [
        "≈ 11 ribu",
        "20–30 ribu",
        "> 10.000",
    ]


# ---- compatible()


def one(text: str, language: str = "id") -> Quantity:
    [q] = parse(text, language)
    return q


COMPATIBLE = [
    ("lebih dari 10.000", "11 ribu", True),
    ("11 ribu", "20–30 ribu", False),
    ("sekitar 11 ribu", "20 ribu hingga 30 ribu", False),
    ("lebih dari 10.000", "20 ribu hingga 30 ribu", True),
    ("10.000", "lebih dari 10.000", False),  # "more than" excludes the bound
    ("10.000", "setidaknya 10.000", True),
    ("10.000", "hingga 10.000", True),
    ("10.000", "kurang dari 10.000", False),
    ("sekitar 10.000", "11 ribu", True),  # ±10%: 9.000–11.000
    ("sekitar 10.000", "11.001", False),
    ("10.000", "11 ribu", False),  # exact values: equal or not
    ("hampir 1.000", "900", True),
    ("puluhan ribu", "lebih dari 10.000", True),
    ("puluhan ribu", "ratusan", False),
    ("ribuan", "sekitar 11 ribu", True),  # 2.000–9.999 meets 9.900–12.100
    ("kurang dari 5", "lebih dari 5", False),
    ("setidaknya 5", "hingga 5", True),
    ("10%", "10", False),  # a percentage is not a count
    ("Rp 5 juta", "5 juta", False),
    ("lebih dari tiga", "nyaris tiga setengah", True),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPATIBLE)
def test_compatible(a: str, b: str, expected: bool) -> None:
    qa, qb = one(a), one(b)
    assert compatible(qa, qb) is expected
    assert compatible(qb, qa) is expected


def test_compatible_tolerance_is_a_parameter() -> None:
    assert not compatible(one("sekitar 10.000"), one("11.500"))
    assert compatible(one("sekitar 10.000"), one("11.500"), tolerance=0.2)
    assert not compatible(one("sekitar 10.000"), one("11 ribu"), tolerance=0.0)


# ---- describe()

DESCRIBE = [
    ("id", "11 ribu", "11 ribu"),
    ("id", "sekitar 11 ribu", "≈ 11 ribu"),
    ("id", "20 ribu hingga 30 ribu", "20–30 ribu"),
    ("id", "20 hingga 30 ribu", "20–30 ribu"),
    ("id", "lebih dari 10.000", "> 10.000"),
    ("id", "setidaknya 10.000", "≥ 10.000"),
    ("id", "kurang dari 5", "< 5"),
    ("id", "hingga 300", "≤ 300"),
    ("id", "1,5 juta", "1,5 juta"),
    ("id", "2,5 persen", "2,5%"),
    ("id", "Rp 720 juta", "Rp 720 juta"),
    ("id", "puluhan ribu", "20.000–99.999"),
    ("id", "dua ribu", "2.000"),
    ("en", "more than 10,000", "> 10,000"),
    ("en", "1.5 million", "1.5 million"),
    ("en", "between 20,000 and 30,000", "20,000–30,000"),
]


@pytest.mark.parametrize(("language", "text", "expected"), DESCRIBE)
def test_describe(language: str, text: str, expected: str) -> None:
    assert describe(one(text, language)) == expected


# ---- properties

PIECES = st.sampled_from(
    [*"0123456789.,-–/:%$ \n()🎉",
     "ribu", "juta", "hingga", "antara", "dan", "lebih dari", "sekitar", "Rp", "US", "dua",
       "puluh", "belas", "ratus", "setengah", "puluhan", "between", "and", "to", "thousand",
       "a", "hundred", "k", "s/d", "ke-", "Agustus", "pukul", "salah satu", "seratus",
       "sebelas", "tens of", "thousands", "at least", "persen", "WIB"]
)  # fmt: skip
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=60))
LANGUAGES = st.sampled_from(["id", "en", "unknown"])


@settings(max_examples=400, deadline=None)
@given(TEXTS, LANGUAGES)
def test_parse_never_raises_and_spans_are_the_text(text: str, language: str) -> None:
    quantities = parse(text, language)
    for q in quantities:
        assert q.text == text[q.start : q.end]
        assert q.low is not None or q.high is not None
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        describe(q)
    for a, b in itertools.pairwise(quantities):
        assert a.end <= b.start


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, LANGUAGES)
def test_compatible_is_symmetric_and_reflexive(t1: str, t2: str, language: str) -> None:
    qs = parse(t1, language) + parse(t2, language)
    for a in qs:
        assert compatible(a, a)
        for b in qs:
            assert compatible(a, b) == compatible(b, a)
