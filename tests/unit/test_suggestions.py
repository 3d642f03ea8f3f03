"""Suggestions from memory, gazetteers and rules (core/suggestions.py), on known answers."""

from __future__ import annotations

import signal
from typing import Any

from annotator.core.suggestions import (
    Lexicon,
    claim_candidates,
    date_spans,
    rule_suggestions,
)

TEXT = (
    "Putin menghubungi Kim Jong Un pada Selasa (12/8). Kim menerima telepon dari Putin. "
    "Presiden Putin-nya? Tidak: putin kecil bukan nama. Kim Jong Un kembali ke Pyongyang."
)


def _found(
    text: str, lexicon: Lexicon, skip: list[tuple[int, int]] | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[s.start : s.end], s.labels) for s in lexicon.match(text, skip=skip or [])]


def test_memory_matches_whole_words_longest_first_case_sensitive() -> None:
    memory = Lexicon()
    memory.update([("Putin", "PERSON"), ("Kim", "PERSON"), ("Kim Jong Un", "PERSON")])
    found = _found(TEXT, memory)
    assert found == [
        ("Putin", ("PERSON",)),
        ("Kim Jong Un", ("PERSON",)),  # not "Kim" inside it
        ("Kim", ("PERSON",)),
        ("Putin", ("PERSON",)),
        ("Putin", ("PERSON",)),  # "Putin-nya": a word boundary at the hyphen
        ("Kim Jong Un", ("PERSON",)),
    ]  # "putin" (lower case) is not the name
    assert all(s.origin == "memory" for s in memory.match(TEXT))


def test_a_form_labelled_two_ways_is_offered_with_both_ranked_by_count() -> None:
    memory = Lexicon()
    memory.update([("Kremlin", "ORG"), ("Kremlin", "LOC"), ("Kremlin", "ORG")])
    (s,) = memory.match("Kata Kremlin.")
    assert s.labels == ("ORG", "LOC") and s.counts == (2, 1) and s.label == "ORG"
    memory.remove("Kremlin", "ORG", 2)
    (s,) = memory.match("Kata Kremlin.")
    assert s.labels == ("LOC",)
    memory.remove("Kremlin", "LOC")
    assert memory.match("Kata Kremlin.") == [] and len(memory) == 0


def test_a_form_labelled_again_after_a_match_is_ranked_anew() -> None:
    """A form's ranking is kept between matches: labelling the form again must drop it."""
    memory = Lexicon()
    memory.add("Kremlin", "LOC", 2)
    assert memory.match("Kata Kremlin.")[0].labels == ("LOC",)
    memory.add("Kremlin", "ORG", 3)
    (s,) = memory.match("Kata Kremlin.")
    assert s.labels == ("ORG", "LOC") and s.counts == (3, 2)
    memory.remove("Kremlin", "ORG", 2)
    assert memory.match("Kata Kremlin.")[0].counts == (2, 1)


def test_places_the_annotator_already_labelled_are_skipped() -> None:
    memory = Lexicon()
    memory.update([("Putin", "PERSON"), ("Kim Jong Un", "PERSON")])
    first = TEXT.index("Kim Jong Un")
    found = _found(TEXT, memory, skip=[(0, 5), (first + 4, first + 8)])  # "Putin", "Jong"
    # the first Putin and the first Kim Jong Un (its "Jong" is labelled) are not offered
    assert [f for f, _ in found] == ["Putin", "Putin", "Kim Jong Un"]
    assert memory.match(TEXT, skip=[(0, 5)])[0].start == TEXT.index("Kim")


def test_a_gazetteer_can_ignore_case() -> None:
    gazetteer = Lexicon(origin="gazetteer", fold=True)
    gazetteer.add("korea utara", "GPE")
    assert _found("Pasukan KOREA Utara tiba.", gazetteer) == [("KOREA Utara", ("GPE",))]


def test_dates_in_indonesian_and_english() -> None:
    text = (
        "Pada Selasa (12/8/2025) dan 15 Agustus 2025, lalu August 15, 2025, Agustus 2025, "
        "dan 12/8; bukan 11 ribu."
    )
    assert [text[s:e] for s, e in date_spans(text)] == [
        "Selasa (12/8/2025)",
        "15 Agustus 2025",
        "August 15, 2025",
        "Agustus 2025",
        "12/8",
    ]


def test_claim_candidates_name_the_cited_speaker() -> None:
    cases = {
        "”Setiap masalah wilayah tidak dapat dipisahkan,” kata Zelenskyy.": (
            "Setiap masalah wilayah tidak dapat dipisahkan",
            "Zelenskyy",
        ),
        "Menurut pejabat Andriy Yermak, Korea Utara mengirim 11 ribu tentara.": (
            "Korea Utara mengirim 11 ribu tentara",
            "Andriy Yermak",
        ),
        "Sedangkan Volodymyr Zelenskyy menegaskan bahwa Ukraina tidak akan menyerah.": (
            "Ukraina tidak akan menyerah",
            "Volodymyr Zelenskyy",
        ),
        "”Ini adalah sinyal pertama dari mereka,” tukasnya.": (
            "Ini adalah sinyal pertama dari mereka",
            None,
        ),
        '"We will not give up land," Zelensky said.': ("We will not give up land", "Zelensky"),
        "According to the Kremlin, the call lasted an hour.": (
            "the call lasted an hour",
            "Kremlin",
        ),
    }
    for text, (claim, speaker) in cases.items():
        (c,) = claim_candidates(text)
        assert text[c.start : c.end] == claim, text
        assert (text[c.speaker[0] : c.speaker[1]] if c.speaker else None) == speaker, text


def test_a_quotation_of_several_sentences_is_one_claim() -> None:
    text = (
        "”Pertama, dia akan bertemu. Kedua, dia keluar dari isolasi,” kata Zelenskyy. Lalu pergi."
    )
    (c,) = claim_candidates(text)
    assert text[c.start : c.end] == "Pertama, dia akan bertemu. Kedua, dia keluar dari isolasi"


def test_rules_offer_quantities_dates_and_claims() -> None:
    text = "Korea Utara mengirim sekitar 11 ribu tentara pada Selasa (12/8), kata Zelenskyy."
    found = [(text[s.start : s.end], s.label, s.origin) for s in rule_suggestions(text)]
    assert ("sekitar 11 ribu", "QUANTITY", "rule") in found
    assert ("Selasa (12/8)", "DATE", "rule") in found
    assert ("Korea Utara mengirim sekitar 11 ribu tentara pada Selasa (12/8)", "CLAIM", "rule") in (
        found
    )


def _within(seconds: int) -> Any:
    """Run the test body under an alarm: a loop that never ends fails instead of hanging."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    return expired


def test_an_opener_repeated_before_a_cue_ends_and_is_left_out() -> None:
    """'Namun Namun mengatakan …' and 'DIA DI mengatakan …': the openers are left out of the speaker
    one after another; the loop once found the opener itself again and never ended."""
    old = signal.signal(signal.SIGALRM, _within(10))
    signal.alarm(10)
    try:
        _openers_left_out()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _openers_left_out() -> None:
    text = "Namun Namun mengatakan bahwa harga naik tiga kali lipat tahun ini."
    (cand,) = claim_candidates(text)
    assert cand.speaker is None  # two openers, nobody named
    loud = "lalu DIA DI mengatakan bahwa pasukan sudah tiba di perbatasan kemarin sore."
    (cand,) = claim_candidates(loud)
    assert cand.speaker is not None
    assert loud[cand.speaker[0] : cand.speaker[1]] == "DI"
