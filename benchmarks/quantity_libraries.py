"""Measure quantity-parsing libraries on the phrase table of tests/unit/test_quantities.py.

Not part of the app or the test run: the libraries are not dependencies. Run it in a
throwaway venv (see the ADR on quantities)::

    python3 -m venv /tmp/qv
    /tmp/qv/bin/pip install quantulum3 number-parser text2num recognizers-text-number "emoji<1"
    PYTHONPATH=. /tmp/qv/bin/python benchmarks/quantity_libraries.py

A phrase counts as right ("strict") when the library yields exactly the expected list of
(low, high) intervals: values, ranges and open bounds, and nothing for dates and years.
"values" is lenient: the numbers it yields equal the expected bounds flattened (a range read
as its two numbers, "more than 10.000" read as 10000, both count), order kept.
Libraries that only turn number words into digits (text2num, number-parser) are given the
most favourable reading of their output: every digit group in it, English separators.
None of the four has Indonesian, so they run in English mode on every phrase.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "tests" / "unit" / "test_quantities.py"

Interval = tuple[float | None, float | None]


def load_phrases() -> list[tuple[str, str, list[Interval]]]:
    tree = ast.parse(TABLE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PHRASES":
            assert node.value is not None
            rows = ast.literal_eval(node.value)
            return [(lang, text, [(r[1], r[2]) for r in exp]) for lang, text, exp in rows]
    raise SystemExit("PHRASES not found")


_EN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _digits(text: str) -> list[Interval]:
    out: list[Interval] = []
    for m in _EN_NUMBER.finditer(text):
        v = float(m.group().replace(",", ""))
        out.append((v, v))
    return out


def ours(text: str, language: str) -> list[Interval]:
    from annotator.core.quantities import parse

    return [(q.low, q.high) for q in parse(text, language)]


def quantulum3(text: str, language: str) -> list[Interval]:
    from quantulum3 import parser

    out: list[Interval] = []
    for q in parser.parse(text):
        u = q.uncertainty or 0
        out.append((q.value - u, q.value + u))
    return out


def text2num(text: str, language: str) -> list[Interval]:
    from text_to_num import alpha2digit

    return _digits(alpha2digit(text, "en"))


def number_parser(text: str, language: str) -> list[Interval]:
    from number_parser import parse

    return _digits(parse(text, language="en"))


def recognizers(text: str, language: str) -> list[Interval]:
    import recognizers_number as rn
    from recognizers_text import Culture

    found = rn.recognize_number(text, Culture.English) + rn.recognize_percentage(
        text, Culture.English
    )
    out: list[tuple[int, Interval]] = []
    taken: set[int] = set()
    for r in sorted(found, key=lambda r: (r.start, -r.end)):
        if r.start in taken:
            continue
        taken.update(range(r.start, r.end + 1))
        value = (r.resolution or {}).get("value", "")
        try:
            v = float(str(value).rstrip("%"))
        except ValueError:
            continue
        out.append((r.start, (v, v)))
    return [iv for _, iv in out]


def _flat(ivs: list[Interval]) -> list[float]:
    vals: list[float] = []
    for lo, hi in ivs:
        for v in (lo, hi) if lo != hi else (lo,):
            if v is not None:
                vals.append(float(v))
    return vals


def _same(a: list[Interval], b: list[Interval]) -> bool:
    def norm(ivs: list[Interval]) -> list[tuple[float | None, float | None]]:
        return [
            (None if lo is None else float(lo), None if hi is None else float(hi)) for lo, hi in ivs
        ]

    return norm(a) == norm(b)


def main() -> None:
    phrases = load_phrases()
    libs: dict[str, Callable[[str, str], list[Interval]]] = {
        "ours (annotator.core.quantities)": ours,
        "quantulum3": quantulum3,
        "text2num (alpha2digit)": text2num,
        "number-parser": number_parser,
        "recognizers-text-number": recognizers,
    }
    n_id = sum(1 for lang, _, _ in phrases if lang == "id")
    n_en = len(phrases) - n_id
    print(f"{len(phrases)} phrases: {n_id} Indonesian, {n_en} English")
    print(f"{'library':34} {'strict id':>10} {'strict en':>10} {'values id':>10} {'values en':>10}")
    for name, fn in libs.items():
        score = {"sid": 0, "sen": 0, "vid": 0, "ven": 0}
        for lang, text, expected in phrases:
            try:
                got = fn(text, lang)
            except Exception as exc:  # a library that crashes on a phrase gets it wrong
                print(f"  {name} raised on {text!r}: {exc!r}", file=sys.stderr)
                got = [(float("nan"), float("nan"))]
            key = "id" if lang == "id" else "en"
            score["s" + key] += _same(got, expected)
            score["v" + key] += _flat(got) == _flat(expected)
        print(
            f"{name:34} {score['sid']:>6}/{n_id:<3} {score['sen']:>6}/{n_en:<3}"
            f" {score['vid']:>6}/{n_id:<3} {score['ven']:>6}/{n_en:<3}"
        )


if __name__ == "__main__":
    main()
